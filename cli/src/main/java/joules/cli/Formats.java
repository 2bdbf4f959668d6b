package joules.cli;

import java.io.PrintStream;
import java.util.List;

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
            out.println(s);
        }
    }

    /** A JSON string literal. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
