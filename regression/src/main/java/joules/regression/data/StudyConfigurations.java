package joules.regression.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The study's 43 configurations with their FLOPs and parameters, for files that name a configuration but
 * do not give its costs (a CodeCarbon emissions.csv). The table is the resource study-configurations.csv,
 * the output of {@code joules flops --all --format csv} (DeepSpeed convention, one input, forward pass); a
 * test of the cli module checks it against the model zoo, which this module cannot see.
 */
public final class StudyConfigurations {
    /** One configuration and its costs. */
    public record Entry(String id, String family, double params, double macs, double flops) {}

    private static final String RESOURCE = "study-configurations.csv";
    private static Map<String, Entry> byId;

    private StudyConfigurations() {}

    /** All configurations, in the study's order. */
    public static List<Entry> all() {
        return List.copyOf(table().values());
    }

    public static Optional<Entry> find(String id) {
        return Optional.ofNullable(table().get(id));
    }

    /** Up to three ids closest to {@code id} by edit distance, for "did you mean" messages. */
    public static List<String> closest(String id) {
        List<String> ids = new ArrayList<>(table().keySet());
        ids.sort(Comparator.comparingInt((String s) -> editDistance(s.toLowerCase(), id.toLowerCase())).thenComparing(s -> s));
        return ids.subList(0, Math.min(3, ids.size()));
    }

    private static synchronized Map<String, Entry> table() {
        if (byId != null) return byId;
        String text;
        try (InputStream in = StudyConfigurations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Entry> m = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("id,")) continue;
            String[] f = line.split(",");   // id,family,params,macs,flops
            m.put(f[0], new Entry(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        byId = m;
        return m;
    }

    /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
