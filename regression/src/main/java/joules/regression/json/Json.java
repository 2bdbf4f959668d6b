package joules.regression.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON writer and reader for normalisation models.
 *
 * <p>Values map to Java as: object = {@code Map<String, Object>} (insertion ordered), array = {@code List<Object>}
 * (the writer also takes {@code double[]} and {@code double[][]}), number = {@code Double}, string, boolean, null.
 * Numbers are written with {@link Double#toString}, which reads back to the same double.
 */
public final class Json {
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

    /** Recursive-descent parser; errors name the source, line and column. */
    private static final class Parser {
        final String text;
        final String source;
        int pos;

        Parser(String text, String source) {
            this.text = text;
            this.source = source;
        }

        Object value() {
            if (pos >= text.length()) throw error("unexpected end of JSON");
            char c = text.charAt(pos);
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
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') throw error("expected a quoted key");
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                map.put(key, value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
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
                    case 'u' -> {
                        if (pos + 4 > text.length()) throw error("short \\u escape");
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
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
            try {
                return Double.valueOf(text.substring(start, pos));
            } catch (NumberFormatException ex) {
                pos = start;
                throw error("bad number '" + text.substring(start, Math.min(text.length(), start + 20)) + "'");
            }
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
