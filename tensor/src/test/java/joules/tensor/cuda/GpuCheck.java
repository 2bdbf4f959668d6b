package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** Helpers for comparing the GPU with the CPU: random inputs, poisoned outputs, norm-relative errors. */
final class GpuCheck {
    private GpuCheck() {}

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    static int size(int... shape) {
        return Math.toIntExact(Tensor.numel(shape));
    }

    /** A tensor on {@code b} holding {@code values}. */
    static Tensor put(Backend b, float[] values, int... shape) { return b.fromArray(values, shape); }

    /** A tensor on {@code b} filled with NaN, so that an operation that forgets an element is caught. */
    static Tensor poisoned(Backend b, int... shape) {
        Tensor t = b.zeros(shape);
        b.fill(t, Float.NaN);
        return t;
    }

    /** ||actual - expected|| / ||expected|| below {@code tolerance}, and no NaN anywhere. */
    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        if (expected.length != actual.length) fail(what + ": " + actual.length + " values, expected " + expected.length);
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(actual[i])) fail(what + ": NaN at " + i + " (an element was not written)");
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
        assertTrue(rel < tolerance, what + ": norm-relative error " + rel + " >= " + tolerance);
    }

    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertClose(expected.toArray(), actual.toArray(), tolerance, what);
    }
}
