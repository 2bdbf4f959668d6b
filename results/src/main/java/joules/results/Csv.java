package joules.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writing the comma-separated format of every file joules writes, as spreadsheets and pandas read it: one
 * record per line, ',' between cells, '.' for decimals, a cell quoted with '"' when it holds a comma or a
 * quote (a quote inside is doubled, RFC 4180). Line breaks and other control characters inside a cell are
 * replaced by spaces ({@link #clean}), so every record is exactly one line: that is what lets a reader spot a
 * torn last line. {@link CsvTable} reads it.
 *
 * <p>Numbers. A measured quantity is written with the decimals its measurement has ({@link #decimal}); an
 * exact value (a setting, a fitted coefficient) with the shortest text that reads back to the same double
 * ({@link CsvNumber}). Neither ever writes an exponent, NaN or infinity: a value that is not finite is an empty
 * cell, "not available". {@link #number} reads a cell back, under the rules every reader applies.
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

    /** One cell as written: {@link #clean}ed, and quoted when it holds a comma, a quote or surrounding spaces (RFC 4180). */
    public static String quote(String cell) {
        String s = clean(cell);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && (s.isEmpty() || s.strip().equals(s))) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * A cell as it is written: control characters (line breaks, tabs, ESC) become spaces, so that a record is one
     * line and a file holds printable text only.
     */
    public static String clean(String cell) {
        if (cell == null) return "";
        StringBuilder out = null;
        for (int i = 0; i < cell.length(); i++) {
            if (!Character.isISOControl(cell.charAt(i))) continue;
            if (out == null) out = new StringBuilder(cell);
            out.setCharAt(i, ' ');
        }
        return out == null ? cell : out.toString();
    }

    /** x with at most {@code decimals} digits after the point, never in scientific notation; not finite: an empty cell. */
    public static String decimal(double x, int decimals) {
        if (!Double.isFinite(x)) return "";
        BigDecimal d = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }

    /** Decimal notation with an optional exponent: "12", "-0.5", ".5", "1.2e-3". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
    /** A number followed by a unit, as a person types it: "4721 kWh", "12.5W". */
    private static final Pattern WITH_UNIT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*[A-Za-z%µ°][A-Za-z0-9/%µ°²]*");

    /**
     * A non-empty cell as a finite number. Refused, with the reason in the message: text ("abc"), a number with
     * a unit ("4721 kWh"), NaN, infinities, Java's and C's extras (hexadecimal, "1d", "1f") and numbers beyond
     * the range of a double.
     *
     * @throws IllegalArgumentException "'abc' is not a number", "'4721 kWh' is a number with a unit", ...
     */
    public static double number(String cell) {
        if (NUMBER.matcher(cell).matches()) {
            double d = Double.parseDouble(cell);
            if (Double.isInfinite(d)) throw new IllegalArgumentException("'" + cell + "' is beyond the range of a number");
            return d;
        }
        String lower = cell.toLowerCase(java.util.Locale.ROOT).replace("+", "").replace("-", "");
        if (lower.equals("nan") || lower.equals("inf") || lower.equals("infinity")) {
            throw new IllegalArgumentException("'" + cell + "' is not a finite number");
        }
        if (WITH_UNIT.matcher(cell).matches() && !cell.matches("[+-]?0[xX].*")) throw new IllegalArgumentException("'" + cell + "' is a number with a unit");
        throw new IllegalArgumentException("'" + cell + "' is not a number");
    }
}
