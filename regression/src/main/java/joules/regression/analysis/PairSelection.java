package joules.regression.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Which ordered pairs (X, Y) an analysis covers: all of them (n (n - 1) for n hardware), the ones named after
 * --pairs ("T4:A40,A40:T4"), or every X towards one reference hardware (--reference A40). Hardware go by their
 * full or short name ({@link HardwareNames}).
 */
public final class PairSelection {
    /** X's and Y's full hardware names. */
    public record OrderedPair(String x, String y) {}

    private PairSelection() {}

    /** The pairs in order: for --pairs as written, otherwise for each X each other Y in the files' order. */
    public static List<OrderedPair> select(List<String> hardware, HardwareNames names, String pairs, String reference) {
        boolean byPairs = pairs != null && !pairs.isBlank();
        boolean byReference = reference != null && !reference.isBlank();
        if (byPairs && byReference) throw new IllegalArgumentException("give --pairs or --reference, not both");
        List<OrderedPair> out = new ArrayList<>();
        if (byPairs) {
            for (String part : pairs.split(",")) {
                String p = part.trim();
                String[] xy = p.split(":", -1);
                if (xy.length != 2 || xy[0].isBlank() || xy[1].isBlank()) {
                    throw new IllegalArgumentException("--pairs " + pairs + ": '" + p + "' is not X:Y (e.g. T4:A40)");
                }
                OrderedPair pair = new OrderedPair(find("--pairs " + pairs, xy[0], hardware, names),
                        find("--pairs " + pairs, xy[1], hardware, names));
                if (pair.x().equals(pair.y())) throw new IllegalArgumentException("--pairs " + pairs + ": '" + p + "' pairs a hardware with itself");
                if (out.contains(pair)) throw new IllegalArgumentException("--pairs " + pairs + ": '" + p + "' is given twice");
                out.add(pair);
            }
            return out;
        }
        String y0 = byReference ? find("--reference " + reference, reference, hardware, names) : null;
        for (String x : hardware) {
            for (String y : hardware) {
                if (!x.equals(y) && (y0 == null || y.equals(y0))) out.add(new OrderedPair(x, y));
            }
        }
        return out;
    }

    private static String find(String option, String name, List<String> hardware, HardwareNames names) {
        return names.resolve(name).filter(hardware::contains).orElseThrow(() -> new IllegalArgumentException(
                option + ": no hardware '" + name.trim() + "'; known: " + names.known(hardware)));
    }
}
