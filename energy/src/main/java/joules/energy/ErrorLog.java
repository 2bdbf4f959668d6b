package joules.energy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sensor failures seen during a measurement: each distinct message once, with how often and when it
 * first happened, so a read failing on every tick does not flood the record. Thread-safe.
 */
final class ErrorLog {
    static final int MAX_DISTINCT = 50;

    private record Entry(double firstAtSeconds, int count) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private int dropped;

    /** Records {@code message} from {@code component} ("gpu", "cpu", "ram") seen at {@code atSeconds} into the run. */
    synchronized void record(String component, String message, double atSeconds) {
        String key = component + ": " + message;
        Entry e = entries.get(key);
        if (e != null) {
            entries.put(key, new Entry(e.firstAtSeconds, e.count + 1));
        } else if (entries.size() < MAX_DISTINCT) {
            entries.put(key, new Entry(atSeconds, 1));
        } else {
            dropped++;
        }
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** One line per distinct error: "gpu: nvmlDeviceGetPowerUsage: GPU is lost (15) [x3, first at 2.300 s]". */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        entries.forEach((key, e) -> out.add(String.format(java.util.Locale.ROOT,
                "%s [x%d, first at %.3f s]", key, e.count, e.firstAtSeconds)));
        if (dropped > 0) out.add(dropped + " more errors of other kinds not kept");
        return out;
    }
}
