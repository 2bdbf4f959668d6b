package joules.energy;

/**
 * Energy from mean-power samples, as a counter-difference sensor (RAPL, the /proc CPU estimate) gives
 * them: each valid sample P[i] is the mean power since the previous valid sample, and the first sample
 * (taken at the start) opens the first interval whatever it holds.
 *
 * <pre>
 *   E = sum over valid samples i >= 1 of  P[i] * (t[i] - t[p])     p: the previous valid sample, or 0
 * </pre>
 * A failed read leaves the counter where it was, so the next valid sample's mean covers the gap and no
 * energy is lost up to the last valid sample; after that nothing is known (see the meter's note).
 */
final class MeanPowerSum {
    private MeanPowerSum() {
    }

    /** Joules from {@code n} samples: times in nanoseconds, mean power in watts. NaN without a valid sample after the first. */
    static double integrate(long[] tNanos, double[] watts, int n) {
        double joules = 0;
        int previous = 0;
        boolean any = false;
        for (int i = 1; i < n; i++) {
            if (Double.isNaN(watts[i])) continue;
            joules += watts[i] * (tNanos[i] - tNanos[previous]) * 1e-9;
            previous = i;
            any = true;
        }
        return any ? joules : Double.NaN;
    }
}
