package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import joules.tensor.AdamConfig;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference's backward passes are the derivatives of its forward passes: for a forward y = f(x) and a
 * random dy, each gradient the reference's backward returns equals the finite differences of
 * L(x) = sum(dy * f(x)), in double, to 1e-6. The backends are then checked against these definitions.
 */
class ReferenceTest {
    private final SplittableRandom rng = new SplittableRandom(17);

    private double[] random(int n) { return Check.toDouble(Check.random(rng, n, 1)); }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** The finite differences of {@code loss} at v in every coordinate against {@code grad}. */
    private static void check(String what, Check.Scalar loss, double[] v, double[] grad) {
        Check.close(what, Check.numericGradient(loss, v.clone(), all(v.length)), grad, 1e-6);
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void gemmGradientsInAAndB(boolean transA, boolean transB) {
        int m = 4, n = 5, k = 3;
        double alpha = -0.75;
        double[] a = random(m * k), b = random(k * n), dc = random(m * n);
        check("dA", v -> Check.dot(dc, Reference.gemm(transA, transB, m, n, k, alpha, v, b, 0, null)), a,
                Reference.gemmGradA(transA, transB, m, n, k, alpha, b, dc));
        check("dB", v -> Check.dot(dc, Reference.gemm(transA, transB, m, n, k, alpha, a, v, 0, null)), b,
                Reference.gemmGradB(transA, transB, m, n, k, alpha, a, dc));
    }

    @Test
    void biasGradientIsTheSumOverBatchAndPositions() {
        int outer = 3, channels = 4, inner = 6;
        double[] x = random(outer * channels * inner), bias = random(channels), dy = random(x.length);
        check("dbias", v -> Check.dot(dy, Reference.addBias(x, v, outer, channels, inner)), bias,
                Reference.biasGrad(dy, outer, channels, inner));
    }

    @Test
    void convolutionGradientsInInputAndWeight() {
        Conv2dGeometry g = new Conv2dGeometry(2, 3, 5, 4, 2, 3, 3, 2, 1, 1, 1);
        double[] x = random(g.n() * g.inC() * g.inH() * g.inW()), w = random(g.outC() * g.inC() * g.kH() * g.kW());
        double[] dy = random(g.n() * g.outC() * g.outH() * g.outW());
        check("dx", v -> Check.dot(dy, Reference.conv2d(g, v, w)), x, Reference.conv2dBackwardData(g, dy, w));
        check("dw", v -> Check.dot(dy, Reference.conv2d(g, x, v)), w, Reference.conv2dBackwardFilter(g, x, dy));
    }

    @Test
    void maxPoolGradientGoesToEachWindowsMaximum() {
        Pool2dGeometry g = new Pool2dGeometry(2, 3, 6, 5, 2, 2, 2, 2);
        double[] x = random(g.n() * g.c() * g.inH() * g.inW()), dy = random(g.n() * g.c() * g.outH() * g.outW());
        check("dx", v -> Check.dot(dy, Reference.maxPool(g, v)), x, Reference.maxPoolBackward(g, x, dy));
    }

    @Test
    void activationGradients() {
        double[] x = random(40), dy = random(40);
        for (int i = 0; i < x.length; i++) if (Math.abs(x[i]) < 1e-3) x[i] = 0.5;     // away from relu's kink
        check("relu", v -> Check.dot(dy, Reference.relu(v)), x, Reference.reluBackward(Reference.relu(x), dy));
        double[] x8 = x.clone();
        for (int i = 0; i < x8.length; i++) x8[i] *= 8;
        check("sigmoid", v -> Check.dot(dy, Reference.sigmoid(v)), x8, Reference.sigmoidBackward(Reference.sigmoid(x8), dy));
        double[] t = new double[x.length];
        for (int i = 0; i < t.length; i += 3) t[i] = 1;
        check("sigmoid + BCE", v -> Reference.sigmoidBce(v, t), x8, Reference.sigmoidBceGrad(x8, t));
        assertEquals(Math.log(2), Reference.sigmoidBce(new double[10], t), 1e-15);     // every logit 0: ln 2
    }

    @ParameterizedTest(name = "steps={0} batch={1} input={2} hidden={3} h0={4}")
    @CsvSource({"1, 2, 3, 4, false", "4, 3, 2, 5, true"})
    void gruBackpropagationThroughTime(int steps, int batch, int in, int hid, boolean hasH0) {
        GruGeometry g = new GruGeometry(steps, batch, in, hid);
        double[] x = random(steps * batch * in), h0 = hasH0 ? random(batch * hid) : null, dy = random(steps * batch * hid);
        Reference.GruWeights w = new Reference.GruWeights(random(g.gates() * in), random(g.gates() * hid),
                random(g.gates()), random(g.gates()));
        Reference.GruGradients d = Reference.gruBackward(g, x, h0, w, dy);
        check("dx", v -> Check.dot(dy, Reference.gru(g, v, h0, w)), x, d.dx());
        check("dW_ih", v -> Check.dot(dy, Reference.gru(g, x, h0, new Reference.GruWeights(v, w.wHh(), w.bIh(), w.bHh()))),
                w.wIh(), d.dwIh());
        check("dW_hh", v -> Check.dot(dy, Reference.gru(g, x, h0, new Reference.GruWeights(w.wIh(), v, w.bIh(), w.bHh()))),
                w.wHh(), d.dwHh());
        check("db_ih", v -> Check.dot(dy, Reference.gru(g, x, h0, new Reference.GruWeights(w.wIh(), w.wHh(), v, w.bHh()))),
                w.bIh(), d.dbIh());
        check("db_hh", v -> Check.dot(dy, Reference.gru(g, x, h0, new Reference.GruWeights(w.wIh(), w.wHh(), w.bIh(), v))),
                w.bHh(), d.dbHh());
    }

    @Test
    void sequenceLayoutBackwardIsTheInversePermutation() {
        int n = 2, c = 3, h = 4, w = 5;
        double[] x = random(n * c * h * w), dy = random(x.length);
        check("dx", v -> Check.dot(dy, Reference.nchwToSequence(v, n, c, h, w)), x, Reference.sequenceToNchw(dy, n, c, h, w));
        Check.close("round trip", x, Reference.sequenceToNchw(Reference.nchwToSequence(x, n, c, h, w), n, c, h, w), 0);
    }

    @Test
    void adamsFirstStepMovesEachParameterByLrAgainstItsGradient() {
        double[] p = random(50), g = random(50), m = new double[50], v = new double[50], before = p.clone();
        Reference.adamStep(p, g, m, v, AdamConfig.withLr(0.01f), 1);
        // t = 1: m / (1 - b1) = g and sqrt(v / (1 - b2)) = |g|, so the step is lr g / (|g| + eps)
        for (int i = 0; i < p.length; i++) assertEquals(before[i] - 0.01 * g[i] / (Math.abs(g[i]) + 1e-8), p[i], 1e-12);
    }
}
