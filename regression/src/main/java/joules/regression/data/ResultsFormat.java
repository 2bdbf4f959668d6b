package joules.regression.data;

import java.util.List;
import joules.results.CsvTable;

/**
 * One kind of result file. {@link ResultsReader} asks each known format, in order, whether it
 * recognises a file's header, and lets the first that does read it. Another format (CodeCarbon's
 * emissions.csv, say) is one more implementation added to {@link ResultsReader#FORMATS}.
 */
public interface ResultsFormat {
    /** A short name for messages ("joules results"). */
    String name();

    /** Whether this header belongs to this format. */
    boolean recognises(List<String> header);

    /**
     * The rows of the file, grouped by hardware in order of first appearance. Rows skipped on purpose
     * (a failed run) add a line to {@code notices}; bad input throws IllegalArgumentException naming file,
     * line and column.
     */
    List<HardwareResults> read(CsvTable table, List<String> notices);
}
