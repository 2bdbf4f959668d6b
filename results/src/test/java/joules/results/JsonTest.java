package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader takes RFC 8259 JSON within bounds, and says where it is not. */
class JsonTest {
    private static String refused(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Json.parse(text, "m.json")).getMessage();
    }

    @Test
    void writesAndReadsBackEveryValueExactly() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\there \"quoted\" \u0001");
        m.put("numbers", new double[] {0.1 + 0.2, -1e-300, 12345678901234.5, 3});
        m.put("nested", List.of(Map.of("ok", true), List.of()));
        m.put("nothing", null);
        Map<?, ?> back = (Map<?, ?>) Json.parse(Json.write(m), "m.json");
        assertEquals(m.get("name"), back.get("name"));
        assertEquals(List.of(0.1 + 0.2, -1e-300, 12345678901234.5, 3.0), back.get("numbers"));
        assertEquals(List.of(Map.of("ok", true), List.of()), back.get("nested"));
        assertEquals(true, back.containsKey("nothing") && back.get("nothing") == null);
    }

    @Test
    void aDeeplyNestedFileIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        assertEquals("m.json: line 1, column 65: nested deeper than 64 levels", refused(deep));
        Json.parse("[".repeat(64) + "]".repeat(64), "m.json");                 // 64 is fine
    }

    @Test
    void badTextIsRefusedNamingLineAndColumn() {
        assertEquals("m.json: line 2, column 9: bad escape '\\uZZZZ': \\u takes four hexadecimal digits",
                refused("{\n  \"a\": \"\\uZZZZ\"\n}"));
        assertEquals("m.json: line 1, column 8: bad escape '\\q'; JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", refused("{\"a\": \"\\q\"}"));
        assertEquals("m.json: line 1, column 11: the number 1e999 is beyond the range of a double", refused("{\"slope\": 1e999}"));
        assertEquals("m.json: line 1, column 7: bad number '01'", refused("{\"a\": 01}"));
        assertEquals("m.json: line 1, column 7: bad number '+1'", refused("{\"a\": +1}"));
        assertEquals("m.json: line 1, column 10: the key \"a\" appears twice in one object", refused("{\"a\": 1, \"a\": 2}"));
        assertEquals("m.json: line 1, column 9: a raw control character (U+000A) inside a string; write it as an escape",
                refused("{\"a\": \"x\ny\"}"));
        assertEquals("m.json: line 1, column 10: unexpected text after the JSON value", refused("{\"a\": 1} x"));
        assertEquals("m.json: line 1, column 1: unexpected end of JSON", refused(""));
    }
}
