package joules.energy;

/**
 * Energy from power samples taken at uneven times: the trapezoid rule on the actual timestamps.
 *
 * <pre>
 *   E = sum over consecutive valid samples i-1, i of  (P[i-1] + P[i]) / 2 * (t[i] - t[i-1])
 * </pre>
 * A NaN sample (a failed read) is skipped: the straight line between its valid neighbours bridges the gap.
 * Never the last sample times the duration, never the mean of samples ignoring their spacing.
 */
public final class Trapezoid {
    private Trapezoid() {
    }

    /** Joules from {@code n} samples: times in nanoseconds, power in watts. NaN with fewer than 2 valid samples. */
    public static double integrate(long[] tNanos, double[] watts, int n) {
        double joules = 0;
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(watts[i])) continue;
            if (previous >= 0) {
                double dt = (tNanos[i] - tNanos[previous]) * 1e-9;
                joules += 0.5 * (watts[previous] + watts[i]) * dt;
            }
            previous = i;
        }
        return validCount(watts, n) >= 2 ? joules : Double.NaN;
    }

    static int validCount(double[] watts, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) if (!Double.isNaN(watts[i])) count++;
        return count;
    }
}
