package joules.regression.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Power over time of one training run: the side file {@code <results>.power/<id>.csv} with columns
 * t_s, power_w that {@code joules run} writes next to its results file.
 */
public record PowerTrace(String id, double[] seconds, double[] watts) {

    /** The folder of power traces for a results file: "a.csv.power", or "a.power"; null when neither exists. */
    public static Path folderFor(Path resultsFile) {
        Path withExtension = resultsFile.resolveSibling(resultsFile.getFileName() + ".power");
        if (Files.isDirectory(withExtension)) return withExtension;
        String name = resultsFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Path without = resultsFile.resolveSibling(name.substring(0, dot) + ".power");
            if (Files.isDirectory(without)) return without;
        }
        return null;
    }

    /**
     * The traces found for these ids, in their order. Missing or unreadable trace files are not errors
     * (the figure just leaves them out); an unreadable one adds a line to notices.
     */
    public static Map<String, PowerTrace> readAll(Path resultsFile, List<String> ids, List<String> notices) {
        Map<String, PowerTrace> out = new LinkedHashMap<>();
        Path folder = folderFor(resultsFile);
        if (folder == null) return out;
        for (String id : ids) {
            Path file = folder.resolve(id + ".csv");
            if (!Files.isRegularFile(file)) continue;
            try {
                out.put(id, read(id, file));
            } catch (IllegalArgumentException e) {
                notices.add("power trace left out: " + e.getMessage());
            }
        }
        return out;
    }

    static PowerTrace read(String id, Path file) {
        CsvTable table = CsvTable.read(file);
        int t = table.column("t_s");
        int w = table.column("power_w");
        if (t < 0 || w < 0) throw new IllegalArgumentException(file + ": line 1: needs the columns t_s, power_w");
        double[] seconds = new double[table.rows().size()];
        double[] watts = new double[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            CsvTable.Row row = table.rows().get(i);
            try {
                seconds[i] = Double.parseDouble(row.fields().get(t));
                watts[i] = Double.parseDouble(row.fields().get(w));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + row.line() + ": not a number");
            }
        }
        return new PowerTrace(id, seconds, watts);
    }
}
