package joules.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers in CSV cells, written so that they read back as exactly the same number: the shortest decimal
 * that {@link Double#parseDouble} (pandas, a spreadsheet) turns into the same double, or the same float for
 * {@link #format(float)}. Every CSV the project writes goes through here.
 *
 * <p>The layout is JavaScript's (ECMAScript Number::toString): plain digits for 1e-7 &lt;= |x| &lt; 1e21
 * ("1303373840", "0.000123", "-42.5"), otherwise one digit, a point and an exponent ("1.5e+21", "5e-324").
 * Whole numbers have no ".0"; -0.0 is "-0". NaN is an empty cell and the infinities are "inf" and "-inf",
 * which pandas reads as NaN, inf and -inf.
 */
public final class CsvNumber {
    private static final BigDecimal PLAIN_LOW = new BigDecimal("1e-7");
    private static final BigDecimal PLAIN_HIGH = new BigDecimal("1e21");

    private CsvNumber() {}

    /** The shortest cell that reads back as x. */
    public static String format(double x) {
        if (Double.isNaN(x)) return "";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return 1 / x < 0 ? "-0" : "0";
        // Double.toString reads back as x (JDK 17 sometimes writes a digit more than needed: drop digits while x survives)
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        while (d.precision() > 1) {
            BigDecimal shorter = d.round(new MathContext(d.precision() - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != x) break;
            d = shorter.stripTrailingZeros();
        }
        return layout(d);
    }

    /** The shortest cell that reads back as the float x (a float32 feature, say: "0.1", not "0.10000000149011612"). */
    public static String format(float x) {
        if (Float.isNaN(x)) return "";
        if (Float.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return 1 / x < 0 ? "-0" : "0";
        BigDecimal d = new BigDecimal(Float.toString(x)).stripTrailingZeros();
        while (d.precision() > 1) {
            BigDecimal shorter = d.round(new MathContext(d.precision() - 1, RoundingMode.HALF_EVEN));
            if (shorter.floatValue() != x) break;
            d = shorter.stripTrailingZeros();
        }
        return layout(d);
    }

    /** Reads a cell written by {@link #format}: empty is NaN, "inf" and "-inf" the infinities. */
    public static double parse(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) return Double.NaN;
        if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("+inf")) return Double.POSITIVE_INFINITY;
        if (s.equalsIgnoreCase("-inf")) return Double.NEGATIVE_INFINITY;
        return Double.parseDouble(s);
    }

    /** Plain digits inside [1e-7, 1e21), else d.ddd e±n. */
    private static String layout(BigDecimal d) {
        BigDecimal magnitude = d.abs();
        if (magnitude.compareTo(PLAIN_LOW) >= 0 && magnitude.compareTo(PLAIN_HIGH) < 0) return d.toPlainString();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        StringBuilder s = new StringBuilder(digits.length() + 8);
        if (d.signum() < 0) s.append('-');
        s.append(digits.charAt(0));
        if (digits.length() > 1) s.append('.').append(digits, 1, digits.length());
        return s.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
    }
}
