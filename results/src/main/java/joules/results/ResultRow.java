package joules.results;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One line of a results file: a value (as its CSV text) per {@link Column}; unset cells are empty. */
public final class ResultRow {
    private final EnumMap<Column, String> cells = new EnumMap<>(Column.class);

    public ResultRow set(Column c, String value) {
        cells.put(c, value == null ? "" : value);
        return this;
    }

    public ResultRow set(Column c, long value) { return set(c, Long.toString(value)); }

    /** Sets a measured quantity with {@code decimals} digits after the point (not finite: empty, "not available"). */
    public ResultRow set(Column c, double value, int decimals) { return set(c, Csv.decimal(value, decimals)); }

    public String get(Column c) { return cells.getOrDefault(c, ""); }

    public String id() { return get(Column.ID); }
    public String hardware() { return get(Column.HARDWARE); }
    public RunStatus status() { return RunStatus.parse(get(Column.STATUS)); }

    /** What identifies a result for resuming: the same configuration on the same hardware. */
    public String key() { return get(Column.ID) + "\u0000" + get(Column.HARDWARE); }

    /** The training settings of this row, as (column, text) in column order. */
    public Map<Column, String> settings() {
        Map<Column, String> s = new EnumMap<>(Column.class);
        for (Column c : Column.SETTINGS) s.put(c, get(c));
        return s;
    }

    /** The row's line in the file, without the line break. */
    public String toLine() {
        List<String> out = new ArrayList<>();
        for (Column c : Column.values()) out.add(get(c));
        return Csv.line(out);
    }

    /**
     * The first cell that breaks the rules of the results file ({@link ResultsFile#problem}), as
     * "column: problem", or null: a row is checked before it is written, so that no reader refuses it.
     */
    public String problem() {
        for (Column c : Column.values()) {
            String p = ResultsFile.problem(c, Csv.clean(get(c)), get(Column.STATUS));
            if (p != null) return c.header + " " + p;
        }
        return null;
    }

    /** The row of a line whose cells are {@code cells}, under a header of {@code columns} (an earlier version lacks some). */
    static ResultRow of(List<Column> columns, List<String> cells) {
        ResultRow r = new ResultRow();
        for (int i = 0; i < columns.size(); i++) r.set(columns.get(i), cells.get(i));
        return r;
    }
}
