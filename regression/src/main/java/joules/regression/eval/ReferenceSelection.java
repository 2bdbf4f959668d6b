package joules.regression.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/** How reference points are picked from the training points: at random, or min-max on the source hardware's energy. */
public enum ReferenceSelection {
    RANDOM("random"),
    MIN_MAX("min-max");

    private final String id;

    ReferenceSelection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Picks {@code count} of the candidate indices. Random: a seeded sample without replacement. Min-max: the
     * count - count/2 lowest and the count/2 highest energies on the source hardware ({@code energyX}); ties
     * keep the candidates' order. The result is sorted by index.
     */
    public int[] pick(int[] candidates, double[] energyX, int count, SplittableRandom random) {
        if (count > candidates.length || count < 1) {
            throw new IllegalStateException("cannot pick " + count + " references from " + candidates.length + " points");
        }
        int[] picked;
        if (this == RANDOM) {
            int[] order = Split.shuffled(candidates.length, random);
            picked = new int[count];
            for (int i = 0; i < count; i++) picked[i] = candidates[order[i]];
        } else {
            Integer[] byEnergy = Arrays.stream(candidates).boxed().toArray(Integer[]::new);
            Arrays.sort(byEnergy, Comparator.comparingDouble(i -> energyX[i])); // stable
            int high = count / 2;
            int low = count - high;
            picked = new int[count];
            for (int i = 0; i < low; i++) picked[i] = byEnergy[i];
            for (int i = 0; i < high; i++) picked[low + i] = byEnergy[byEnergy.length - high + i];
        }
        Arrays.sort(picked);
        return picked;
    }

    /**
     * Number of references for a share of n training points: floor(share n) rounded down to an even count
     * (half low, half high for min-max), at least 2; all n for 100 %. With n = 34 this gives the paper's
     * 2, 4, 6, 16 for 10, 15, 20, 50 % (and 34 for 100 %, where the paper reports 32).
     */
    public static int count(double percent, int n) {
        if (percent >= 100) return n;
        int k = (int) Math.floor(percent / 100.0 * n + 1e-9);
        k -= k % 2;
        return Math.min(n, Math.max(2, k));
    }

    public static ReferenceSelection parse(String s) {
        for (ReferenceSelection r : values()) if (r.id.equalsIgnoreCase(s)) return r;
        throw new IllegalArgumentException("unknown reference selection '" + s + "'; valid: random, min-max");
    }
}
