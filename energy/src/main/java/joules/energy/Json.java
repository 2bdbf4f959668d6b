package joules.energy;

import java.util.List;
import java.util.Map;

/** Just enough JSON writing for the measurement record: objects with ordered keys, NaN written as null. */
final class Json {
    private final StringBuilder out = new StringBuilder("{");

    Json put(String key, double value) {
        return raw(key, number(value));
    }

    Json put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    Json put(String key, String value) {
        return raw(key, value == null ? "null" : quote(value));
    }

    Json put(String key, Json object) {
        return raw(key, object.toString());
    }

    Json put(String key, Map<String, Double> numbers) {
        Json o = new Json();
        numbers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        return put(key, o);
    }

    Json putStrings(String key, List<String> values) {
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) a.append(i > 0 ? ", " : "").append(quote(values.get(i)));
        return raw(key, a.append(']').toString());
    }

    /** {@code value} must already be JSON. */
    Json raw(String key, String value) {
        if (out.length() > 1) out.append(", ");
        out.append(quote(key)).append(": ").append(value);
        return this;
    }

    @Override
    public String toString() {
        return out + "}";
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "null";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);  // shortest form that reads back exactly; "1.0E-5" is valid JSON
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20) q.append(String.format("\\u%04x", (int) c));
                    else q.append(c);
                }
            }
        }
        return q.append('"').toString();
    }
}
