package joules.energy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Power samples of a few sensors at shared timestamps, in growable arrays (one column per sensor).
 * The readers take {@code n}: they look at the first n samples only (a result that ends before the
 * samples taken since).
 */
final class SampleLog {
    private long[] times = new long[1024];
    private final double[][] watts;
    private int size;

    SampleLog(int columns) {
        watts = new double[columns][times.length];
    }

    void add(long tNanos, double[] row) {
        if (size == times.length) {
            int capacity = 2 * size;
            times = Arrays.copyOf(times, capacity);
            for (int c = 0; c < watts.length; c++) watts[c] = Arrays.copyOf(watts[c], capacity);
        }
        times[size] = tNanos;
        for (int c = 0; c < watts.length; c++) watts[c][size] = row[c];
        size++;
    }

    int size() {
        return size;
    }

    /** Time of the newest sample (there must be one). */
    long lastTime() {
        return times[size - 1];
    }

    /** Joules of column {@code c} (instantaneous power) by the trapezoid rule; NaN with fewer than two valid samples. */
    double integrate(int c, int n) {
        return Trapezoid.integrate(times, watts[c], n);
    }

    /** Joules of column {@code c} (mean power since the previous valid sample); see {@link MeanPowerSum}. */
    double integrateMeans(int c, int n) {
        return MeanPowerSum.integrate(times, watts[c], n);
    }

    /** Samples of column {@code c} that hold a value. */
    int validCount(int c, int n) {
        return Trapezoid.validCount(watts[c], n);
    }

    /** Seconds from the first sample to the last one of column {@code c} that holds a value; NaN without one. */
    double lastValidSeconds(int c, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (!Double.isNaN(watts[c][i])) return (times[i] - times[0]) * 1e-9;
        }
        return Double.NaN;
    }

    /** The first n samples as records, time in seconds from the first sample; columns 0..2 are gpu, cpu, ram. */
    List<PowerSample> samples(int n) {
        List<PowerSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new PowerSample((times[i] - times[0]) * 1e-9, watts[0][i], watts[1][i], watts[2][i]));
        }
        return out;
    }
}
