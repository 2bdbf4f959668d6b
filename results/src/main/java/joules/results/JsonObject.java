package joules.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed access to a parsed JSON object; a missing or mistyped field is reported with its path. */
public final class JsonObject {
    private final Map<String, Object> map;
    private final String where;

    public JsonObject(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) throw new IllegalArgumentException(where + ": expected a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value;
        this.map = m;
        this.where = where;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public String string(String key) {
        if (get(key) instanceof String s) return s;
        throw mistyped(key, "a string");
    }

    public double number(String key) {
        if (get(key) instanceof Double d) return d;
        throw mistyped(key, "a number");
    }

    public boolean bool(String key) {
        if (get(key) instanceof Boolean b) return b;
        throw mistyped(key, "true or false");
    }

    public JsonObject object(String key) {
        return new JsonObject(get(key), where + "." + key);
    }

    public double[] numbers(String key) {
        return toNumbers(get(key), key);
    }

    public double[][] matrix(String key) {
        List<?> rows = list(key);
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = toNumbers(rows.get(i), key + "[" + i + "]");
        return out;
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(key)) {
            if (!(o instanceof String s)) throw mistyped(key, "a list of strings");
            out.add(s);
        }
        return out;
    }

    private List<?> list(String key) {
        if (get(key) instanceof List<?> l) return l;
        throw mistyped(key, "a list");
    }

    private double[] toNumbers(Object value, String key) {
        if (!(value instanceof List<?> l)) throw mistyped(key, "a list of numbers");
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Double d)) throw mistyped(key, "a list of numbers");
            out[i] = d;
        }
        return out;
    }

    private Object get(String key) {
        if (!map.containsKey(key)) throw new IllegalArgumentException(where + ": field '" + key + "' is missing");
        return map.get(key);
    }

    private IllegalArgumentException mistyped(String key, String expected) {
        return new IllegalArgumentException(where + ": field '" + key + "' should be " + expected);
    }
}
