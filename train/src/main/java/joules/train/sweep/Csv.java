package joules.train.sweep;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The comma-separated format of the results files, as spreadsheets and pandas read it: one record per
 * line, ',' between cells, '.' for decimals, a cell quoted with '"' when it holds a comma or a quote
 * (a quote inside is doubled, RFC 4180). Line breaks inside a cell are replaced by spaces, so every
 * record is exactly one line: that is what lets a reader spot a torn last line.
 */
public final class Csv {
    private Csv() {}

    /** The cells joined into one line, without its line break. */
    public static String line(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(quote(cells.get(i)));
        }
        return sb.toString();
    }

    static String quote(String cell) {
        String s = cell == null ? "" : cell.replace('\r', ' ').replace('\n', ' ');
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Splits one line into its cells, undoing the quoting of {@link #line}. */
    public static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** x with at most {@code decimals} digits after the point, never in scientific notation; NaN is an empty cell. */
    public static String decimal(double x, int decimals) {
        if (Double.isNaN(x)) return "";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        BigDecimal d = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** A short decimal such as a learning rate, written as Java would print it but without an exponent ("0.0001"). */
    public static String plain(double x) {
        if (Double.isNaN(x)) return "";
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** Reads a cell written by {@link #decimal}: empty is NaN. */
    public static double parseDouble(String cell) {
        if (cell.isEmpty()) return Double.NaN;
        if (cell.equals("inf")) return Double.POSITIVE_INFINITY;
        if (cell.equals("-inf")) return Double.NEGATIVE_INFINITY;
        return Double.parseDouble(cell);
    }
}
