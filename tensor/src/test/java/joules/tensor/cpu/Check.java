package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** Test helpers: random inputs, NaN-poisoned outputs, and comparison against float64 references. */
final class Check {
    private Check() {}

    static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** Uniform in [-1, 1), or integers in [-range, range] when range > 0 (windows with equal maxima). */
    static float[] values(SplittableRandom rng, int n, int range) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = range > 0 ? rng.nextInt(-range, range + 1) : (float) (rng.nextDouble() * 2 - 1);
        return v;
    }

    /**
     * Equal as floats (0 equals -0: a zero gradient's sign is not kept the same way by a fused and an unfused path),
     * a NaN where a NaN is expected (whatever its sign and payload).
     */
    static void sameFloats(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            boolean same = expected[i] == actual[i] || (Float.isNaN(expected[i]) && Float.isNaN(actual[i]));
            if (!same) fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** A tensor filled with NaN, so that any element an operation forgets to write fails the comparison. */
    static Tensor poisoned(Backend b, int... shape) {
        Tensor t = b.zeros(shape);
        b.fill(t, Float.NaN);
        return t;
    }

    /**
     * Every element within rtol of the reference, relative to the larger of |expected| and the reference's
     * root-mean-square (so values that cancel to near zero are judged against the scale of the result).
     */
    static void close(String what, double[] expected, float[] actual, double rtol) {
        close(what, expected, toDouble(actual), rtol);
    }

    static void close(String what, double[] expected, double[] actual, double rtol) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        double sq = 0;
        for (double e : expected) sq += e * e;
        double rms = Math.sqrt(sq / Math.max(1, expected.length));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= rtol * Math.max(Math.abs(expected[i]), rms) + 1e-30)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (error " + err + ", scale " + Math.max(Math.abs(expected[i]), rms) + ")");
            }
        }
    }

    static void close(String what, double[] expected, Tensor actual, double rtol) {
        close(what, expected, actual.toArray(), rtol);
    }

    static void exact(String what, float[] expected, float[] actual) {
        if (!Arrays.equals(expected, actual)) {
            for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
                if (Float.compare(expected[i], actual[i]) != 0) {
                    fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
                }
            }
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
    }

    /** A scalar function of a double vector, for finite differences. */
    interface Scalar {
        double at(double[] v);
    }

    /** Central differences (f(v + h e_i) - f(v - h e_i)) / 2h at every index in {@code which}. */
    static double[] numericGradient(Scalar f, double[] v, int[] which) {
        double[] g = new double[which.length];
        for (int j = 0; j < which.length; j++) {
            int i = which[j];
            double keep = v[i], h = 1e-6 * Math.max(1, Math.abs(keep));
            v[i] = keep + h;
            double up = f.at(v);
            v[i] = keep - h;
            double down = f.at(v);
            v[i] = keep;
            g[j] = (up - down) / (2 * h);
        }
        return g;
    }

    /** Up to {@code count} distinct indices below n, always including the first and the last. */
    static int[] sample(SplittableRandom rng, int n, int count) {
        if (n <= count) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] s = rng.ints(count, 0, n).distinct().toArray();
        s[0] = 0;
        s[s.length - 1] = n - 1;
        return s;
    }

    static float[] pick(float[] a, int[] which) {
        float[] p = new float[which.length];
        for (int j = 0; j < which.length; j++) p[j] = a[which[j]];
        return p;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
