package joules.results;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A comma-separated file read whole, under the rules every reader of joules applies:
 * <ul>
 *   <li>the file is UTF-8 text ({@link InputFiles#readText}: a byte-order mark is dropped, other encodings are
 *       refused naming the line), of at most {@link InputFiles#MAX_TEXT_BYTES};</li>
 *   <li>the first record is the header; each later record has the header's number of fields, with the line
 *       it starts on (fields may be quoted: "a, b" and "say ""hi""", quoted line breaks included); blank lines
 *       are skipped; spaces and tabs around an unquoted field are dropped; lines may end in \n or \r\n;</li>
 *   <li>a torn last line, what a power cut or a full disk leaves (no line break at its end, and fewer fields
 *       than the header or a quote never closed), is left out and reported in {@link #torn}: the caller warns;</li>
 *   <li>any other record of the wrong length, and any bad cell ({@link #text}, {@link #number}), is an
 *       {@link IllegalArgumentException} naming file, line and column.</li>
 * </ul>
 */
public final class CsvTable {

    /** One data row: its first line number (1-based, the header is line 1) and its fields. */
    public record Row(int line, List<String> fields) {}

    /** A last line cut short by an interrupted write: the line it started on and its length in bytes. */
    public record Torn(int line, int bytes) {}

    private final Path file;
    private final List<String> header;
    private final List<Row> rows;
    private final Torn torn;

    public CsvTable(Path file, List<String> header, List<Row> rows, Torn torn) {
        this.file = file;
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
        this.torn = torn;
    }

    public Path file() { return file; }
    public List<String> header() { return header; }
    public List<Row> rows() { return rows; }
    /** The torn last line that was left out, or null. */
    public Torn torn() { return torn; }

    /** Reads a CSV file the user named (a pipe works too). */
    public static CsvTable read(Path file) {
        return parse(file, InputFiles.readText(file, "file"));
    }

    /** Parses the text of {@code file} (named in messages). */
    public static CsvTable parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<Row> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int line = 1;
        int recordLine = 1;
        int recordStart = 0;
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
                recordStart = i + 1;
            } else {
                field.append(c);
            }
        }
        Torn torn = null;
        String rest = text.substring(recordStart);             // the last record, when it has no line break
        boolean unfinished = quoted || !rest.isBlank();
        if (unfinished) {
            fields.add(finish(field, fieldWasQuoted));
            int expected = records.isEmpty() ? -1 : records.get(0).fields().size();
            boolean oneLine = rest.indexOf('\n') < 0 && rest.indexOf('\r') < 0;
            if (!records.isEmpty() && oneLine && (quoted || fields.size() < expected)) {
                torn = new Torn(recordLine, rest.getBytes(StandardCharsets.UTF_8).length);
            } else if (quoted) {
                throw new IllegalArgumentException(file + ": line " + recordLine + ": a quoted field is never closed");
            } else {
                records.add(new Row(recordLine, List.copyOf(fields)));
            }
        }
        if (records.isEmpty()) throw new IllegalArgumentException(file + ": line 1: the file is empty (expected a header row)");
        List<String> header = records.get(0).fields();
        List<Row> rows = new ArrayList<>(records.subList(1, records.size()));
        for (Row r : rows) {
            if (r.fields().size() != header.size()) {
                throw new IllegalArgumentException(file + ": line " + r.line() + ": " + r.fields().size()
                        + " fields but the header has " + header.size() + "; the line was edited or the file is damaged");
            }
        }
        return new CsvTable(file, header, rows, torn);
    }

    /** The field's text: unquoted, without the spaces and tabs around it (not other control characters: a rule refuses those). */
    private static String finish(StringBuilder field, boolean wasQuoted) {
        int from = 0, to = field.length();
        if (!wasQuoted) {
            while (from < to && (field.charAt(from) == ' ' || field.charAt(from) == '\t')) from++;
            while (to > from && (field.charAt(to - 1) == ' ' || field.charAt(to - 1) == '\t')) to--;
        }
        String s = field.substring(from, to);
        field.setLength(0);
        return s;
    }

    /** Index of a column by name (case-insensitive), or -1. */
    public int column(String name) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).trim().equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** "FILE: line L, column C (name)", the start of an error message about one cell. */
    public String where(Row row, int column, String name) {
        return file + ": line " + row.line() + ", column " + (column + 1) + " (" + name + ")";
    }

    /** The warning a reader gives for the torn last line it left out, or null when there is none. */
    public String tornWarning() {
        return torn == null ? null : file + ": line " + torn.line() + ": left out a torn last line of " + torn.bytes()
                + " bytes (an interrupted write)";
    }

    // ---- one cell, with errors that name file, line and column ----

    /** The cell's text; an empty cell is an error. */
    public String text(Row row, int column, String name) {
        String v = row.fields().get(column);
        if (v.isEmpty()) throw new IllegalArgumentException(where(row, column, name) + ": empty");
        return v;
    }

    /** The cell as a finite, non-negative number ({@link Csv#number}); anything else, an empty cell included, is an error. */
    public double number(Row row, int column, String name) {
        String v = row.fields().get(column);
        if (v.isEmpty()) throw new IllegalArgumentException(where(row, column, name) + ": empty, expected a number");
        double d;
        try {
            d = Csv.number(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(row, column, name) + ": " + e.getMessage());
        }
        if (d < 0) throw new IllegalArgumentException(where(row, column, name) + ": " + v + " is negative");
        return d;
    }
}
