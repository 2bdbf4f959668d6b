package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.tensor.Reference;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    @Test
    void reluForwardBackwardAndInPlace() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 100_003;
        float[] x = Check.random(rng, n, 2), dy = Check.random(rng, n, 1);
        Tensor tx = cpu.fromArray(java.util.Arrays.copyOf(x, n - n % 7), n / 7, 7);
        Tensor y = Check.poisoned(cpu, n / 7, 7);
        cpu.reluForward(tx, y);
        double[] ey = new double[n - n % 7], edx = new double[ey.length];
        for (int i = 0; i < ey.length; i++) {
            ey[i] = Math.max(x[i], 0);
            edx[i] = x[i] > 0 ? dy[i] : 0;
        }
        Check.close("relu", ey, y, 0);
        Tensor dx = Check.poisoned(cpu, n / 7, 7);
        cpu.reluBackward(y, cpu.fromArray(java.util.Arrays.copyOf(dy, ey.length), n / 7, 7), dx);
        Check.close("relu backward", edx, dx, 0);
        cpu.reluForward(tx, tx);
        Check.close("relu in place", ey, tx, 0);
    }

    /**
     * The Vector API ReLU and the scalar one give the same floats, bit for bit (the sign of a zero included),
     * for lengths with and without a scalar tail, at offsets, with NaN, infinities, zeros of both signs and
     * subnormals in x and in dy.
     */
    @Test
    void reluVectorAndScalarPathsGiveTheSameFloats() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        SplittableRandom rng = new SplittableRandom(5);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE};
        try (Parallel par = new Parallel(3)) {
            for (int n : new int[] {1, 13, 16, 100_003}) {
                float[] x = Check.random(rng, n + 2, 2), dy = Check.random(rng, n + 3, 1);
                for (int i = 0; i < x.length; i++) if (rng.nextInt(8) == 0) x[i] = specials[rng.nextInt(9)];
                for (int i = 0; i < dy.length; i++) if (rng.nextInt(8) == 0) dy[i] = specials[rng.nextInt(9)];
                float[] yScalar = new float[n + 1], yVector = new float[n + 1];
                Activations.reluForwardScalar(par, x, 2, yScalar, 1, n);
                VectorActivations.reluForward(par, x, 2, yVector, 1, n);
                Check.exact("relu forward, n = " + n, yScalar, yVector);
                float[] y = x.clone();          // the backward's y: any float, negative ones too, as a stress
                float[] dxScalar = new float[n + 4], dxVector = new float[n + 4];
                Activations.reluBackwardScalar(par, y, 2, dy, 3, dxScalar, 4, n);
                VectorActivations.reluBackward(par, y, 2, dy, 3, dxVector, 4, n);
                Check.exact("relu backward, n = " + n, dxScalar, dxVector);
            }
        }
    }

    @Test
    void sigmoidIsAccurateAndFiniteEverywhere() {
        float[] x = {-100f, -30f, -5f, -1e-3f, 0f, 1e-3f, 2.5f, 30f, 100f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        Tensor t = cpu.fromArray(x, x.length), y = Check.poisoned(cpu, x.length);
        cpu.sigmoidForward(t, y);
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) e[i] = Reference.sigmoid(x[i]);
        float[] got = y.toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(e[i], got[i], 1e-6 * Math.max(e[i], 1e-38) + 1e-45, "sigmoid(" + x[i] + ")");
        }
        cpu.sigmoidForward(t, t);
        Check.exact("sigmoid in place", got, t.toArray());
    }

    @Test
    void lossMatchesReferenceAndStaysFiniteForLargeLogits() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = Check.random(rng, 80, 6);
        x[0] = 200f;
        x[1] = -200f;
        x[2] = 90f;
        float[] t = new float[80];
        for (int i = 0; i < t.length; i++) t[i] = rng.nextInt(2);
        t[0] = 0f;
        t[1] = 1f;
        Tensor dx = Check.poisoned(cpu, 8, 10), loss = Check.poisoned(cpu, 1);
        cpu.sigmoidBceLoss(cpu.fromArray(x, 8, 10), cpu.fromArray(t, 8, 10), dx, loss);
        double[] xd = Check.toDouble(x), td = Check.toDouble(t);
        double expected = Reference.sigmoidBce(xd, td);
        assertEquals(expected, loss.toArray()[0], 1e-6 * expected, "mean BCE");
        assertTrue(expected > 400.0 / 80, "the two saturated wrong logits dominate: " + expected);
        double[] edx = new double[80];
        for (int i = 0; i < 80; i++) edx[i] = (Reference.sigmoid(x[i]) - t[i]) / 80;
        Check.close("dlogits", edx, dx, 1e-6);
        int[] all = Check.sample(rng, 80, 80);
        Check.close("dlogits vs finite differences", Check.numericGradient(v -> Reference.sigmoidBce(v, td), xd, all),
                dx.toArray(), 1e-5);
    }

    @Test
    void biasGradientOfLongPlanesSumsInLanesToFloatAccuracy() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 3, c = 4, inner = 2 * 256 + 88;      // two whole blocks of lanes and a remainder per plane
        float[] y = Check.random(rng, n * c * inner, 1);
        double[] edb = new double[c];
        for (int i = 0; i < y.length; i++) edb[(i / inner) % c] += y[i];
        Tensor db = Check.poisoned(cpu, c);
        cpu.biasGrad(cpu.fromArray(y, n, c, 20, 30), db);
        Check.close("biasGrad of 20 x 30 planes", edb, db, 1e-6);
    }

    @Test
    void biasAddAndGradientOverBatchAndSpatialDims() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 3, c = 5, h = 4, w = 7;
        float[] y = Check.random(rng, n * c * h * w, 1), bias = Check.random(rng, c, 1);
        Tensor ty = cpu.fromArray(y, n, c, h, w);
        cpu.addBias(ty, cpu.fromArray(bias, c));
        double[] ey = new double[y.length], edb = new double[c];
        for (int i = 0; i < y.length; i++) {
            int ch = (i / (h * w)) % c;
            ey[i] = y[i] + bias[ch];
            edb[ch] += y[i];
        }
        Check.close("addBias 4-D", ey, ty, 1e-7);
        Tensor db = Check.poisoned(cpu, c);
        cpu.biasGrad(cpu.fromArray(y, n, c, h, w), db);
        Check.close("biasGrad 4-D", edb, db, 1e-6);

        Tensor lin = cpu.fromArray(java.util.Arrays.copyOf(y, 8 * 5), 8, 5);
        cpu.addBias(lin, cpu.fromArray(bias, 5));
        double[] el = new double[40];
        for (int i = 0; i < 40; i++) el[i] = y[i] + bias[i % 5];
        Check.close("addBias 2-D", el, lin, 1e-7);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> cpu.addBias(lin, cpu.zeros(8)));
        assertTrue(e.getMessage().contains("[8]") && e.getMessage().contains("[8, 5]"), e.getMessage());
    }
}
