package joules.train.sweep;

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

    /** Sets a measured quantity with {@code decimals} digits after the point (NaN: empty). */
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

    /** Parses a line of a file whose header is {@link Column#headers()}; null when its cell count is wrong. */
    public static ResultRow parse(String line) { return parse(List.of(Column.values()), line); }

    /**
     * Parses a line of a file whose header holds {@code columns}, in this order (an earlier version's file
     * lacks some of {@link Column#ADDED_LATER}: those cells stay empty); null when its cell count is wrong.
     */
    public static ResultRow parse(List<Column> columns, String line) {
        List<String> parts = Csv.cells(line);
        if (parts.size() != columns.size()) return null;
        ResultRow r = new ResultRow();
        for (int i = 0; i < columns.size(); i++) r.set(columns.get(i), parts.get(i));
        return r;
    }
}
