package joules.energy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Power samples of a few sensors at shared timestamps, in growable arrays (one column per sensor). */
final class PowerTrace {
    private long[] times = new long[1024];
    private final double[][] watts;
    private int size;

    PowerTrace(int columns) {
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

    long firstTime() {
        return times[0];
    }

    /** Joules of column {@code c} by the trapezoid rule; NaN with fewer than two valid samples. */
    double integrate(int c) {
        return Trapezoid.integrate(times, watts[c], size);
    }

    /** Samples of column {@code c} that hold a value. */
    int validCount(int c) {
        return Trapezoid.validCount(watts[c], size);
    }

    /** The samples as records, time in seconds from the first sample; columns 0..2 are gpu, cpu, ram. */
    List<PowerSample> samples() {
        List<PowerSample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new PowerSample((times[i] - times[0]) * 1e-9, watts[0][i], watts[1][i], watts[2][i]));
        }
        return out;
    }
}
