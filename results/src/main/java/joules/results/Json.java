package joules.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON writer and reader of joules (normalisation models, listings).
 *
 * <p>Values map to Java as: object = {@code Map<String, Object>} (insertion ordered), array = {@code List<Object>}
 * (the writer also takes {@code double[]} and {@code double[][]}), number = {@code Double}, string, boolean, null.
 * Numbers are written with {@link Double#toString}, which reads back to the same double.
 *
 * <p>The reader takes RFC 8259 JSON and nothing else, within bounds: nesting at most {@link #MAX_DEPTH} deep
 * (a deeper file is refused, not a stack overflow), numbers within the range of a double (1e999 is refused, not
 * read as infinity), escapes of four hex digits, no raw control characters in strings, no key twice in an
 * object. Errors name the source, line and column.
 */
public final class Json {
    /** The deepest nesting of arrays and objects the reader takes; a normalisation model nests 3 deep. */
    public static final int MAX_DEPTH = 64;

    private Json() {}

    /** Writes a value as indented JSON text. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /** Parses JSON text; {@code source} names the text in error messages (a file name). */
    public static Object parse(String text, String source) {
        Parser p = new Parser(text, source);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.pos < text.length()) throw p.error("unexpected text after the JSON value");
        return value;
    }

    private static void write(Object v, StringBuilder out, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            writeString(s, out);
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof Number n) {
            writeNumber(n.doubleValue(), out);
        } else if (v instanceof double[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) out.append(", ");
                writeNumber(a[i], out);
            }
            out.append(']');
        } else if (v instanceof double[][] rows) {
            List<Object> list = new ArrayList<>(List.of((Object[]) rows));
            write(list, out, depth);
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i > 0 ? ",\n" : "\n").append("  ".repeat(depth + 1));
                write(list.get(i), out, depth + 1);
            }
            out.append(list.isEmpty() ? "]" : "\n" + "  ".repeat(depth) + "]");
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                writeString(e.getKey().toString(), out);
                out.append(": ");
                write(e.getValue(), out, depth + 1);
                first = false;
            }
            out.append(map.isEmpty() ? "}" : "\n" + "  ".repeat(depth) + "}");
        } else {
            throw new IllegalStateException("cannot write " + v.getClass() + " as JSON");
        }
    }

    /** A JSON string literal: {@code s} in quotes, with quotes, backslashes and control characters escaped. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder();
        writeString(s, out);
        return out.toString();
    }

    private static void writeNumber(double d, StringBuilder out) {
        if (!Double.isFinite(d)) throw new IllegalStateException("JSON has no number for " + d);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) out.append((long) d);
        else out.append(d);
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** JSON's number grammar (RFC 8259, section 6). */
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** Recursive-descent parser; errors name the source, line and column. */
    private static final class Parser {
        final String text;
        final String source;
        int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        int depth;

        Object value() {
            if (pos >= text.length()) throw error("unexpected end of JSON");
            char c = text.charAt(pos);
            if ((c == '{' || c == '[') && ++depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') throw error("expected a quoted key");
                int keyAt = pos;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value();
                if (map.containsKey(key)) {
                    pos = keyAt;
                    throw error("the key \"" + key + "\" appears twice in one object");
                }
                map.put(key, v);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    depth--;
                    return map;
                }
            }
        }

        List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    depth--;
                    return list;
                }
            }
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c < 0x20) {
                    pos--;
                    throw error(String.format("a raw control character (U+%04X) inside a string; write it as an escape", (int) c));
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) break;
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '"', '\\', '/' -> sb.append(e);
                    case 'u' -> {
                        String hex = text.substring(pos, Math.min(text.length(), pos + 4));
                        if (!hex.matches("[0-9A-Fa-f]{4}")) {
                            pos -= 2;
                            throw error("bad escape '\\u" + hex + "': \\u takes four hexadecimal digits");
                        }
                        sb.append((char) Integer.parseInt(hex, 16));
                        pos += 4;
                    }
                    default -> {
                        pos -= 2;
                        throw error("bad escape '\\" + e + "'; JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
                    }
                }
            }
            throw error("unterminated string");
        }

        Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) throw error("unexpected character '" + text.charAt(pos) + "'");
            pos += word.length();
            return value;
        }

        Double number() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) pos++;
            if (start == pos) throw error("unexpected character '" + text.charAt(pos) + "'");
            String n = text.substring(start, pos);
            pos = start;
            if (!NUMBER.matcher(n).matches()) throw error("bad number '" + n.substring(0, Math.min(n.length(), 20)) + "'");
            double d = Double.parseDouble(n);
            if (Double.isInfinite(d)) throw error("the number " + n + " is beyond the range of a double");
            pos += n.length();
            return d;
        }

        char peek() {
            if (pos >= text.length()) throw error("unexpected end of JSON");
            return text.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        IllegalArgumentException error(String what) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(pos, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new IllegalArgumentException(source + ": line " + line + ", column " + column + ": " + what);
        }
    }
}
