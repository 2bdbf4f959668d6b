package joules.regression.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short names of hardware for figures and tables: "RTX 2080 Ti" for "NVIDIA GeForce RTX 2080 Ti", "T4" for
 * "Tesla T4", "A100" for "NVIDIA A100-SXM4-80GB". Derived by dropping trademarks, vendor and brand words, clock
 * speeds and memory or form-factor suffixes; a name that would become empty or shared keeps its full form.
 * Any of them can be set by hand ("NVIDIA A40=A40-lab"). The files and CSVs keep the full names.
 */
public final class HardwareNames {
    private static final Pattern TRADEMARKS = Pattern.compile("\\((R|TM|C)\\)|[®™]", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORDS = Pattern.compile(
            "\\b(NVIDIA|GeForce|Tesla|AMD|Radeon|Intel|Core|CPU|Processor|Graphics|\\d+-Core)\\b|@\\s*[\\d.]+\\s*GHz",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUFFIX = Pattern.compile("([- ](SXM\\d?|PCIe|NVL|\\d+\\s?GB|HBM\\d?e?))+$", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> shortByFull;

    private HardwareNames(Map<String, String> shortByFull) {
        this.shortByFull = shortByFull;
    }

    /**
     * Names for the hardware, in order. {@code overrides} are "HARDWARE=SHORT" texts, HARDWARE being the full or
     * the derived name; an unknown hardware or two hardware sharing a short name is an error.
     */
    public static HardwareNames of(List<String> hardware, List<String> overrides) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (String h : hardware) uses.merge(shorten(h).toLowerCase(Locale.ROOT), 1, Integer::sum);
        for (String h : hardware) {
            String s = shorten(h);
            names.put(h, uses.get(s.toLowerCase(Locale.ROOT)) > 1 ? h : s);
        }
        HardwareNames derived = new HardwareNames(Map.copyOf(names));
        for (String o : overrides) {
            int eq = o.lastIndexOf('=');
            if (eq <= 0 || eq == o.length() - 1 || o.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("--short-name " + o + ": give HARDWARE=SHORT, e.g. \"NVIDIA A40=A40\"");
            }
            String full = derived.resolve(o.substring(0, eq).trim()).orElseThrow(() -> new IllegalArgumentException(
                    "--short-name " + o + ": no hardware '" + o.substring(0, eq).trim() + "'; known: " + derived.known(hardware)));
            names.put(full, o.substring(eq + 1).trim());
        }
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String other = seen.put(e.getValue().toLowerCase(Locale.ROOT), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException("--short-name: '" + other + "' and '" + e.getKey() + "' would both be called '"
                        + e.getValue() + "'; give them different names");
            }
        }
        return new HardwareNames(names);
    }

    /** The derived short form of one name ("NVIDIA GeForce RTX 2080 Ti" -> "RTX 2080 Ti"), or the name itself. */
    static String shorten(String full) {
        String s = TRADEMARKS.matcher(full).replaceAll(" ");
        s = WORDS.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\s+", " ").trim();
        s = SUFFIX.matcher(s).replaceAll("").trim();
        return s.isEmpty() ? full : s;
    }

    /** The short name of a hardware (its full name when unknown here). */
    public String of(String full) {
        return shortByFull.getOrDefault(full, full);
    }

    /** "T4 → A40" */
    public String pair(String x, String y) {
        return of(x) + " → " + of(y);
    }

    /** The full name of a hardware given by its full or short name, case-insensitively. */
    public Optional<String> resolve(String name) {
        String n = name.trim();
        for (String full : shortByFull.keySet()) if (full.equalsIgnoreCase(n)) return Optional.of(full);
        for (Map.Entry<String, String> e : shortByFull.entrySet()) if (e.getValue().equalsIgnoreCase(n)) return Optional.of(e.getKey());
        return Optional.empty();
    }

    /** "T4 (Tesla T4), A40 (NVIDIA A40)" for messages. */
    String known(List<String> hardware) {
        List<String> parts = new ArrayList<>();
        for (String h : hardware) parts.add(of(h).equals(h) ? "'" + h + "'" : of(h) + " (" + h + ")");
        return String.join(", ", parts);
    }
}
