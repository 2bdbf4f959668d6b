package joules.regression.eval;

import java.util.SplittableRandom;

/**
 * A train/test split of n points (indices), and the study's seeded 80/20 splits.
 */
public record Split(int index, int[] train, int[] test) {
    /** Share of the points kept for testing. */
    public static final double TEST_FRACTION = 0.2;

    /**
     * {@code repeats} random splits of n points: a seeded shuffle, then round(0.2 n) points for testing
     * (43 points give 34 train / 9 test, as in the paper). Split s uses the random stream (seed, s), so
     * one split does not change when more are asked for.
     */
    public static Split[] random(int n, int repeats, long seed) {
        int testCount = (int) Math.round(n * TEST_FRACTION);
        if (n < 3 || testCount < 1 || n - testCount < 2) {
            throw new IllegalStateException("cannot split " + n + " points 80/20");
        }
        Split[] splits = new Split[repeats];
        for (int s = 0; s < repeats; s++) {
            int[] order = shuffled(n, new SplittableRandom(seed * 1_000_003L + s));
            int[] test = java.util.Arrays.copyOfRange(order, 0, testCount);
            int[] train = java.util.Arrays.copyOfRange(order, testCount, n);
            java.util.Arrays.sort(test);
            java.util.Arrays.sort(train);
            splits[s] = new Split(s, train, test);
        }
        return splits;
    }

    /** Fisher-Yates shuffle of 0..n-1. */
    public static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
