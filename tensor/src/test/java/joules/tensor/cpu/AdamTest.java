package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import joules.tensor.AdamConfig;
import joules.tensor.Reference;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AdamTest {
    private static final CpuBackend cpu = new CpuBackend(3);

    @AfterAll static void close() { cpu.close(); }

    @Test
    void threeStepsMatchTheFormulaInDouble() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 200_001;
        AdamConfig cfg = AdamConfig.withLr(3e-3f);
        float[] p = Check.random(rng, n, 1);
        Tensor tp = cpu.fromArray(p, n), m = cpu.zeros(n), v = cpu.zeros(n);
        double[] ep = Check.toDouble(p), em = new double[n], ev = new double[n];
        for (int step = 1; step <= 3; step++) {
            float[] g = Check.random(rng, n, step == 2 ? 1e-6 : 0.5);    // tiny gradients: eps matters
            cpu.adamStep(tp, cpu.fromArray(g, n), m, v, cfg, step);
            Reference.adamStep(ep, Check.toDouble(g), em, ev, cfg, step);
            Check.close("m after step " + step, em, m, 1e-5);
            Check.close("v after step " + step, ev, v, 1e-5);
            Check.close("p after step " + step, ep, tp, 1e-6);
        }
    }

    @Test
    void firstStepMovesEveryParameterByLrTimesTheSign() {
        // step 1: m / sqrt(v) corrected = g / |g|, so p moves by lr (up to eps)
        Tensor p = cpu.fromArray(new float[] {1f, 1f, 1f}, 3);
        cpu.adamStep(p, cpu.fromArray(new float[] {0.5f, -2f, 1e-3f}, 3), cpu.zeros(3), cpu.zeros(3), AdamConfig.defaults(), 1);
        Check.close("p", new double[] {0.999, 1.001, 0.999}, p, 1e-6);
    }

    @Test
    void worksOnViewsAndRejectsMismatchedSizes() {
        Tensor flat = cpu.zeros(10);
        assertThrows(IllegalArgumentException.class,
                () -> cpu.adamStep(flat.view(0, 5), flat.view(5, 4), cpu.zeros(5), cpu.zeros(5), AdamConfig.defaults(), 1));
        assertThrows(IllegalArgumentException.class,
                () -> cpu.adamStep(cpu.zeros(2), cpu.zeros(2), cpu.zeros(2), cpu.zeros(2), AdamConfig.defaults(), 0));
    }

    @Test
    void vectorAndScalarStepsGiveTheSameFloats() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        SplittableRandom rng = new SplittableRandom(9);
        int n = 50_003;                                      // not a multiple of the vector length: a scalar tail
        float[][] a = {Check.random(rng, n + 5, 1), Check.random(rng, n + 5, 1), Check.random(rng, n + 5, 1), Check.random(rng, n + 5, 1)};
        for (int i = 0; i < n + 5; i++) a[3][i] = Math.abs(a[3][i]);    // v >= 0
        float[][] b = {a[0].clone(), a[1].clone(), a[2].clone(), a[3].clone()};
        float b1 = 0.9f, omb1 = 0.1f, b2 = 0.999f, omb2 = 1e-3f, bc2 = 0.3f, eps = 1e-8f, step = -2e-3f;
        try (Parallel par = new Parallel(3)) {
            VectorAdam.step(par, a[0], 1, a[1], 2, a[2], 3, a[3], 4, n, b1, omb1, b2, omb2, bc2, eps, step);
            Adam.stepScalar(par, b[0], 1, b[1], 2, b[2], 3, b[3], 4, n, b1, omb1, b2, omb2, bc2, eps, step);
        }
        String[] names = {"p", "g", "m", "v"};
        for (int k = 0; k < 4; k++) Check.exact(names[k], b[k], a[k]);
    }
}
