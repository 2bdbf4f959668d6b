package joules.regression.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All result rows of one hardware, as read from one file, in file order. */
public record HardwareResults(String hardware, Path file, List<ConfigResult> rows) {
    /** Rows by configuration id, in file order. */
    public Map<String, ConfigResult> byId() {
        Map<String, ConfigResult> m = new LinkedHashMap<>();
        for (ConfigResult r : rows) m.put(r.id(), r);
        return m;
    }
}
