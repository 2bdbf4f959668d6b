package joules.energy.estimate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thermal design power of a few CPU models (resource cpu-tdp.tsv), looked up by a substring of the
 * model name in /proc/cpuinfo. The estimate turns an entry into watts per busy hardware thread.
 */
public final class CpuTdpTable {
    /** Used when the model is not in the table: watts per busy hardware thread (see energy/README.md). */
    public static final double DEFAULT_WATTS_PER_THREAD = 5.0;

    public record Entry(String modelSubstring, double tdpWatts, int threads) {
        public double wattsPerThread() {
            return tdpWatts / threads;
        }
    }

    private static final List<Entry> ENTRIES = load();

    private CpuTdpTable() {
    }

    /** The entry whose substring occurs in {@code model}; the longest one when several do. */
    public static Optional<Entry> lookup(String model) {
        Entry best = null;
        for (Entry e : ENTRIES) {
            if (model.contains(e.modelSubstring())
                    && (best == null || e.modelSubstring().length() > best.modelSubstring().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    private static List<Entry> load() {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = CpuTdpTable.class.getResourceAsStream("cpu-tdp.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.startsWith("#") && !l.startsWith("model_substring") && !l.isBlank())
                    .forEach(l -> {
                        String[] f = l.split("\t");
                        out.add(new Entry(f[0], Double.parseDouble(f[1]), Integer.parseInt(f[2])));
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
