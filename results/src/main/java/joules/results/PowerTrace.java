package joules.results;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The power time series of one configuration's training run, the side file {@code <results>.power/<id>.csv}
 * that {@code joules run} writes beside its results file:
 * <pre>
 *   t_s,power_w,gpu_w,cpu_w,ram_w
 *   0,,61.5,,
 *   0.1,40,250.25,40,3.5
 * </pre>
 * t_s is seconds from the start of the measured run; the others are watts. power_w is the component that
 * {@code energy_j} reports (the GPU on a GPU, the CPU on the CPU). Every sampler tick is a line; a cell is empty
 * where its component has no value at that tick (no sensor, a failed read, or a counter's first tick, which has
 * no mean power yet). Read back, a trace holds the ticks where power_w has a value.
 *
 * @param id      the configuration
 * @param seconds t_s of the ticks with a power_w
 * @param watts   their power_w
 */
public record PowerTrace(String id, double[] seconds, double[] watts) {
    /** The header of a trace file. */
    public static final List<String> COLUMNS = List.of("t_s", "power_w", "gpu_w", "cpu_w", "ram_w");
    /** What the trace folder's name adds to the results file's. */
    static final String SUFFIX = ".power";

    /** One sampler tick: seconds from the start, and each component's watts (NaN: no value). */
    public record Tick(double seconds, double gpuWatts, double cpuWatts, double ramWatts) {}

    /**
     * The folder of traces for a results file: "results.csv" -> "results.csv.power", beside the real file
     * ("results.power" where the name is too long for the file system: {@link OutputFiles#beside}).
     */
    public static Path folderFor(Path results) {
        return OutputFiles.beside("the results file", results, OutputFiles.target("the results file", results), SUFFIX);
    }

    /**
     * Writes the trace whole ({@link OutputFiles#writeAtomically}), replacing an older one.
     *
     * @param gpuHeadline whether power_w is the GPU's (a GPU run) or the CPU's
     * @return the trace file
     * @throws OutputException when it cannot be written (a full disk): no temporary file is left
     */
    public static Path write(Path results, String id, List<Tick> ticks, boolean gpuHeadline) {
        if (!Column.isId(id)) throw new IllegalArgumentException("'" + id + "' is not a configuration id; it cannot name a trace file");
        Path dir = folderFor(results);
        Path file = dir.resolve(id + ".csv");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new OutputException("the power trace", file, e);
        }
        StringBuilder sb = new StringBuilder(Csv.line(COLUMNS)).append('\n');
        for (Tick t : ticks) {
            double headline = gpuHeadline ? t.gpuWatts() : t.cpuWatts();
            sb.append(Csv.decimal(t.seconds(), 4)).append(',')
              .append(Csv.decimal(headline, 3)).append(',')
              .append(Csv.decimal(t.gpuWatts(), 3)).append(',')
              .append(Csv.decimal(t.cpuWatts(), 3)).append(',')
              .append(Csv.decimal(t.ramWatts(), 3)).append('\n');
        }
        OutputFiles.writeAtomically("the power trace", file, sb.toString().getBytes(StandardCharsets.UTF_8));
        OutputFiles.syncFolder(dir.getParent());
        return file;
    }

    /**
     * The folder of power traces of a results file, to read: "a.csv.power", or "a.power", beside the file or beside
     * the real file its links lead to; null when there is none.
     */
    public static Path find(Path resultsFile) {
        List<Path> places = new ArrayList<>(List.of(resultsFile));
        try {
            places.add(resultsFile.toRealPath());
        } catch (java.io.IOException e) {
            // not there: only the path as named
        }
        for (Path f : places) {
            Path withExtension = f.resolveSibling(f.getFileName() + SUFFIX);
            if (Files.isDirectory(withExtension)) return withExtension;
            String name = f.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                Path without = f.resolveSibling(name.substring(0, dot) + SUFFIX);
                if (Files.isDirectory(without)) return without;
            }
        }
        return null;
    }

    /**
     * The traces found for these ids, in their order. Missing trace files are not errors (a figure just leaves
     * them out); a malformed one, or an id that is not a configuration id (it cannot name a file), adds a line to
     * notices.
     */
    public static Map<String, PowerTrace> readAll(Path resultsFile, List<String> ids, List<String> notices) {
        Map<String, PowerTrace> out = new LinkedHashMap<>();
        Path folder = find(resultsFile);
        if (folder == null) return out;
        for (String id : ids) {
            if (!Column.isId(id)) {
                notices.add("power trace left out: '" + id + "' of " + resultsFile + " is not a configuration id, so it names no trace file");
                continue;
            }
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

    /** Reads one trace file under the rules of {@link CsvTable}: t_s and power_w, numbers of 0 or more. */
    static PowerTrace read(String id, Path file) {
        CsvTable table = CsvTable.read(file);
        int t = table.column("t_s");
        int w = table.column("power_w");
        if (t < 0 || w < 0) throw new IllegalArgumentException(file + ": line 1: needs the columns t_s, power_w");
        List<double[]> ticks = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            if (row.fields().get(w).isEmpty()) continue;
            ticks.add(new double[] {table.number(row, t, "t_s"), table.number(row, w, "power_w")});
        }
        double[] seconds = new double[ticks.size()];
        double[] watts = new double[ticks.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = ticks.get(i)[0];
            watts[i] = ticks.get(i)[1];
        }
        return new PowerTrace(id, seconds, watts);
    }
}
