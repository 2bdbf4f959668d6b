package joules.results;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

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
        String special = special(x);
        if (special != null) return special;
        return shortest(Double.toString(x), d -> d.doubleValue() == x);
    }

    /** The shortest cell that reads back as the float x (a float32 feature, say: "0.1", not "0.10000000149011612"). */
    public static String format(float x) {
        String special = special(x);
        if (special != null) return special;
        return shortest(Float.toString(x), d -> d.floatValue() == x);
    }

    /** "", "inf", "-inf", "0" or "-0"; null for every other number. */
    private static String special(double x) {
        if (Double.isNaN(x)) return "";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return 1 / x < 0 ? "-0" : "0";
        return null;
    }

    /**
     * Java's text of a number reads back as that number, but JDK 17 sometimes writes a digit more than needed:
     * drop digits (rounding half-even) while the number survives, then lay it out.
     */
    private static String shortest(String javaText, Predicate<BigDecimal> readsBack) {
        BigDecimal d = new BigDecimal(javaText).stripTrailingZeros();
        while (d.precision() > 1) {
            BigDecimal shorter = d.round(new MathContext(d.precision() - 1, RoundingMode.HALF_EVEN));
            if (!readsBack.test(shorter)) break;
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
