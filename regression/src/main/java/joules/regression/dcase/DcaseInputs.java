package joules.regression.dcase;

import java.nio.file.Path;
import java.util.List;
import joules.regression.data.CodeCarbonFormat;
import joules.regression.data.HardwareResults;
import joules.regression.data.JoulesResultsFormat;
import joules.regression.data.ResultsFormat;
import joules.regression.data.ResultsReader;
import joules.regression.data.ToolboxFormat;
import joules.results.CsvTable;

/**
 * Reads one file of the DCASE report: a joules results file, a CodeCarbon emissions.csv or a toolbox
 * metadata.txt, holding one hardware. Unlike {@code joules analyze}, a CodeCarbon run may be named
 * anything (a challenge system is not a study configuration): the report needs only energies.
 */
public final class DcaseInputs {
    /** The formats, asked in this order. */
    static final List<ResultsFormat> FORMATS = List.of(new JoulesResultsFormat(), new CodeCarbonFormat(false), new ToolboxFormat());

    private DcaseInputs() {}

    public static HardwareResults read(Path file, String role, List<String> notices) {
        CsvTable table = ResultsReader.table(file, notices);
        for (ResultsFormat format : FORMATS) {
            if (!format.recognises(table.header())) continue;
            List<HardwareResults> all = format.read(table, notices);
            if (all.size() != 1) {
                throw new IllegalArgumentException(file + ": the " + role + " file holds " + all.size() + " hardware ("
                        + String.join(", ", all.stream().map(HardwareResults::hardware).toList())
                        + "); give one file per hardware");
            }
            return all.get(0);
        }
        throw new IllegalArgumentException(file + ": line 1: not a results file; expected a joules results file (columns "
                + String.join(", ", JoulesResultsFormat.REQUIRED) + "), a CodeCarbon emissions.csv (" + CodeCarbonFormat.NEEDS
                + ") or a toolbox metadata.txt (" + String.join(";", ToolboxFormat.FIELDS) + ")");
    }
}
