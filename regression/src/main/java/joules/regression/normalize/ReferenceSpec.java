package joules.regression.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import joules.regression.data.PairData;
import joules.regression.eval.ReferenceSelection;

/**
 * Which configurations serve as reference points, as written after --refs: a list of ids
 * ("cnn-L1-H128,mlp-L4-H2048"), "min-max:K" (the K - K/2 lowest and K/2 highest energies on the source
 * hardware) or "all".
 */
public record ReferenceSpec(String text, List<String> ids, int minMax) {
    public static final ReferenceSpec ALL = new ReferenceSpec("all", List.of(), 0);

    public static ReferenceSpec parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("all")) return ALL;
        if (t.toLowerCase().startsWith("min-max:")) {
            String count = t.substring("min-max:".length());
            try {
                int k = Integer.parseInt(count);
                if (k >= 1) return new ReferenceSpec(t, List.of(), k);
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--refs " + t + ": the count after min-max: must be a whole number >= 1");
        }
        List<String> ids = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) throw new IllegalArgumentException("--refs is empty; give ids (a,b,c), min-max:K or all");
        return new ReferenceSpec(t, ids, 0);
    }

    /** Indices of the reference points among the pair's points. */
    public int[] select(PairData d) {
        if (this == ALL || text.equals("all")) return IntStream.range(0, d.size()).toArray();
        if (minMax > 0) {
            if (minMax > d.size()) {
                throw new IllegalArgumentException("--refs " + text + ": only " + d.size() + " configurations are measured on both '"
                        + d.xHardware() + "' and '" + d.yHardware() + "'");
            }
            return ReferenceSelection.MIN_MAX.pick(IntStream.range(0, d.size()).toArray(), d.energyX(), minMax, null);
        }
        List<Integer> picked = new ArrayList<>();
        for (String id : ids) {
            int found = -1;
            for (int i = 0; i < d.size(); i++) if (d.id(i).equals(id)) found = i;
            if (found < 0) {
                throw new IllegalArgumentException("--refs: id '" + id + "' is not among the " + d.size()
                        + " configurations measured on both '" + d.xHardware() + "' and '" + d.yHardware() + "'");
            }
            if (picked.contains(found)) throw new IllegalArgumentException("--refs: id '" + id + "' is given twice");
            picked.add(found);
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }
}
