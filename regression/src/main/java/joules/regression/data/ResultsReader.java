package joules.regression.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.results.CsvTable;
import joules.results.InputFiles;

/**
 * The one place that turns result files into {@link HardwareResults}: it reads each file once (a pipe works),
 * under the rules of the results module ({@link InputFiles}, {@link CsvTable}), detects its format from its
 * header, and checks that no hardware comes from two files. A torn last line is left out with a notice.
 */
public final class ResultsReader {
    /** Known formats, asked in this order. */
    static final List<ResultsFormat> FORMATS = List.of(new JoulesResultsFormat(), new CodeCarbonFormat(), new ToolboxFormat());

    private ResultsReader() {}

    /** The hardware held by one file. */
    public static List<HardwareResults> read(Path file, List<String> notices) {
        CsvTable table = table(file, notices);
        for (ResultsFormat format : FORMATS) {
            if (format.recognises(table.header())) return format.read(table, notices);
        }
        throw new IllegalArgumentException(file + ": line 1: not a known results file; expected a joules results file (columns "
                + String.join(", ", JoulesResultsFormat.REQUIRED) + "), a CodeCarbon emissions.csv (" + CodeCarbonFormat.NEEDS
                + ") or a toolbox metadata.txt (" + String.join(";", ToolboxFormat.FIELDS) + ")");
    }

    /** A result file read once, as a table: a toolbox metadata.txt or CSV; a torn last line adds a notice. */
    public static CsvTable table(Path file, List<String> notices) {
        String text = InputFiles.readText(file, "results file");
        CsvTable table = ToolboxFormat.isMetadata(text) ? ToolboxFormat.table(file, text) : CsvTable.parse(file, text);
        if (table.torn() != null) notices.add(table.tornWarning());
        return table;
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
