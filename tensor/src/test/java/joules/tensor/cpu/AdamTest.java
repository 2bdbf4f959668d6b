package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import joules.tensor.AdamConfig;
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
            double bc1 = 1 - Math.pow(0.9, step), bc2 = 1 - Math.pow(0.999, step);
            for (int i = 0; i < n; i++) {
                em[i] = 0.9 * em[i] + 0.1 * g[i];
                ev[i] = 0.999 * ev[i] + 0.001 * g[i] * g[i];
                ep[i] -= 3e-3 / bc1 * em[i] / (Math.sqrt(ev[i]) / Math.sqrt(bc2) + 1e-8);
            }
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
}
