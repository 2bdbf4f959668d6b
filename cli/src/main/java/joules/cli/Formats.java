package joules.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import joules.results.Csv;
import joules.results.Json;

/** Output formats of the listing commands (flops, models): an aligned text table, CSV, JSON. */
final class Formats {
    private Formats() {}

    /** "table", "csv" or "json", case-insensitively; anything else is bad input naming the valid ones. */
    static String parse(String format) {
        String f = format.trim().toLowerCase(java.util.Locale.ROOT);
        if (f.equals("table") || f.equals("csv") || f.equals("json")) return f;
        throw new IllegalArgumentException("unknown --format '" + format + "'; valid: table, csv, json");
    }

    /** Columns padded to their widest cell; columns from {@code firstNumeric} on are right-aligned. */
    static void printTable(PrintStream out, List<String[]> rows, int firstNumeric) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) s.append("  ");
                String pad = " ".repeat(width[i] - r[i].length());
                s.append(i >= firstNumeric ? pad + r[i] : r[i] + (i + 1 < r.length ? pad : ""));
            }
            out.println(s.toString().stripTrailing());   // an empty last cell leaves no trailing blanks
        }
    }

    /**
     * Six significant digits, plain where that stays short (1e-4 to 1e9), else with an exponent ("1.06612E-5");
     * NaN as an empty cell. CSV readers (pandas, spreadsheets) read both forms.
     */
    static String significant(double x) {
        if (Double.isNaN(x)) return "";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        BigDecimal d = new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros();
        return x == 0 || Math.abs(x) >= 1e-4 && Math.abs(x) < 1e9 ? d.toPlainString() : d.toString();
    }

    /** Rows under their header as CSV: the header line, then one line a row. */
    static void printCsv(PrintStream out, List<String> header, List<List<String>> rows) {
        out.println(Csv.line(header));
        for (List<String> r : rows) out.println(Csv.line(r));
    }

    /**
     * Rows as a JSON array of objects, one a line, keyed by the header: the cells before {@code firstNumeric}
     * are strings, the others are written as they are (numbers).
     */
    static void printJson(PrintStream out, List<String> header, List<List<String>> rows, int firstNumeric) {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            for (int k = 0; k < r.size(); k++) {
                s.append(k == 0 ? "  {" : ", ").append(Json.quote(header.get(k))).append(": ")
                        .append(k < firstNumeric ? Json.quote(r.get(k)) : r.get(k));
            }
            s.append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        out.println(s.append(']'));
    }
}
