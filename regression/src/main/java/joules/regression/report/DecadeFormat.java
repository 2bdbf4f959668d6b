package joules.regression.report;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Labels of whole decades on a log axis: with the unit "J", SI prefixes ("100 J", "1 kJ", "10 MJ"); without a
 * unit, powers of ten ("10⁹"). Not meant for other values.
 */
final class DecadeFormat extends NumberFormat {
    private static final String PREFIXES = "afpnµm kMGTPE"; // 10^-18 .. 10^18 in steps of 1000; ' ' is none
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private final String unit;

    DecadeFormat(String unit) {
        this.unit = unit;
    }

    /** "1 kJ", "100 J", "10⁹" for 10^exponent. */
    static String label(int exponent, String unit) {
        if (!unit.isEmpty()) {
            int group = Math.floorDiv(exponent, 3);
            int prefix = group + 6;
            if (prefix >= 0 && prefix < PREFIXES.length()) {
                char p = PREFIXES.charAt(prefix);
                return "1" + "0".repeat(exponent - 3 * group) + " " + (p == ' ' ? "" : String.valueOf(p)) + unit;
            }
            return power(exponent) + " " + unit;
        }
        return power(exponent);
    }

    /** "10⁻³" */
    static String power(int exponent) {
        StringBuilder s = new StringBuilder("10");
        if (exponent < 0) s.append('⁻');
        for (char c : Integer.toString(Math.abs(exponent)).toCharArray()) s.append(SUPERSCRIPTS.charAt(c - '0'));
        return s.toString();
    }

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(label((int) Math.round(Math.log10(number)), unit));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return format((double) number, toAppendTo, pos);
    }

    @Override
    public Number parse(String source, ParsePosition parsePosition) {
        throw new UnsupportedOperationException("axis labels are not read back");
    }
}
