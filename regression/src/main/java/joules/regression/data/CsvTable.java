package joules.regression.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated file read whole: the header row and the data rows, each with the line it starts on.
 * Fields may be quoted ("a, b" and "say ""hi""", quoted line breaks included); blank lines are skipped;
 * fields are trimmed.
 */
public record CsvTable(Path file, List<String> header, List<Row> rows) {

    /** One data row: its first line number (1-based, the header is line 1) and its fields. */
    public record Row(int line, List<String> fields) {}

    public static CsvTable read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {   // a folder, no permission: the user named the wrong thing
            throw new IllegalArgumentException(file + ": cannot read (" + (Files.isDirectory(file) ? "a folder, not a file"
                    : e.getMessage()) + ")");
        }
        return parse(file, text);
    }

    public static CsvTable parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Row> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                fieldWasQuoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(finish(field, fieldWasQuoted));
                fieldWasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                fields.add(finish(field, fieldWasQuoted));
                fieldWasQuoted = false;
                if (!(fields.size() == 1 && fields.get(0).isEmpty())) records.add(new Row(recordLine, List.copyOf(fields)));
                fields.clear();
                line++;
                recordLine = line;
            } else {
                field.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException(file + ": line " + recordLine + ": a quoted field is never closed");
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(finish(field, fieldWasQuoted));
            if (!(fields.size() == 1 && fields.get(0).isEmpty())) records.add(new Row(recordLine, List.copyOf(fields)));
        }
        if (records.isEmpty()) throw new IllegalArgumentException(file + ": line 1: the file is empty (expected a header row)");
        List<String> header = records.get(0).fields();
        List<Row> rows = new ArrayList<>(records.subList(1, records.size()));
        for (Row r : rows) {
            if (r.fields().size() != header.size()) {
                throw new IllegalArgumentException(file + ": line " + r.line() + ": " + r.fields().size()
                        + " fields but the header has " + header.size());
            }
        }
        return new CsvTable(file, header, rows);
    }

    private static String finish(StringBuilder field, boolean wasQuoted) {
        String s = wasQuoted ? field.toString() : field.toString().trim();
        field.setLength(0);
        return s;
    }

    /** Index of a column by name (case-insensitive), or -1. */
    public int column(String name) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equalsIgnoreCase(name)) return i;
        return -1;
    }

    // ---- one cell, with errors that name file, line and column ----

    /** "FILE: line L, column C (name)", the start of an error message about one cell. */
    public String where(Row row, int column, String name) {
        return file + ": line " + row.line() + ", column " + (column + 1) + " (" + name + ")";
    }

    /** The cell's text; an empty cell is an error. */
    public String text(Row row, int column, String name) {
        String v = row.fields().get(column);
        if (v.isEmpty()) throw new IllegalArgumentException(where(row, column, name) + ": empty");
        return v;
    }

    /** The cell as a finite, non-negative number; anything else (an empty cell: "'' is not a number") is an error. */
    public double number(Row row, int column, String name) {
        String v = row.fields().get(column);
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where(row, column, name) + ": '" + v + "' is not a number");
        }
        if (!Double.isFinite(d)) throw new IllegalArgumentException(where(row, column, name) + ": " + v + " is not a finite number");
        if (d < 0) throw new IllegalArgumentException(where(row, column, name) + ": " + v + " is negative");
        return d;
    }
}
