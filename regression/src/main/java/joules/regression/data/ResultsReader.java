package joules.regression.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns result files into {@link HardwareResults}: it detects each file's format from
 * its header and checks that no hardware comes from two files.
 */
public final class ResultsReader {
    /** Known formats, asked in this order. */
    static final List<ResultsFormat> FORMATS = List.of(new JoulesResultsFormat(), new CodeCarbonFormat(), new ToolboxFormat());

    private ResultsReader() {}

    /** The hardware held by one file. */
    public static List<HardwareResults> read(Path file, List<String> notices) {
        CsvTable table = ToolboxFormat.isMetadataFile(file) ? ToolboxFormat.table(file) : CsvTable.read(file);
        for (ResultsFormat format : FORMATS) {
            if (format.recognises(table.header())) return format.read(table, notices);
        }
        throw new IllegalArgumentException(file + ": line 1: not a known results file; expected a joules results file (columns "
                + String.join(", ", JoulesResultsFormat.REQUIRED) + "), a CodeCarbon emissions.csv (" + CodeCarbonFormat.NEEDS
                + ") or a toolbox metadata.txt (" + String.join(";", ToolboxFormat.FIELDS) + ")");
    }

    /** The hardware of several files, in order; the same hardware in two files is an error. */
    public static List<HardwareResults> readAll(List<Path> files, List<String> notices) {
        Map<String, HardwareResults> byHardware = new LinkedHashMap<>();
        for (Path file : files) {
            for (HardwareResults h : read(file, notices)) {
                HardwareResults earlier = byHardware.putIfAbsent(h.hardware(), h);
                if (earlier != null) {
                    throw new IllegalArgumentException(file + ": line " + h.rows().get(0).line() + ": hardware '" + h.hardware()
                            + "' is also in " + earlier.file() + "; give each hardware once (merge its files first)");
                }
            }
        }
        return new ArrayList<>(byHardware.values());
    }
}
