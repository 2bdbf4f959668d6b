package joules.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

class AdamTest {
    /** PyTorch's update written out in double for one scalar: the reference the flat-buffer Adam must follow. */
    private static double[] reference(double p, double[] grads, double lr) {
        double m = 0, v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            p -= lr / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
            out[t - 1] = p;
        }
        return out;
    }

    @Test
    void followsPytorchsBiasCorrectedUpdateStepAfterStepAndResetStartsOver() {
        try (Backend cpu = new CpuBackend(1)) {
            double[][] grads = {{0.5, -0.25, 1e-3}, {-2, 3, 0}, {1e-6, 1e-6, 1e-6}};
            float[] p0 = {1f, -0.5f, 0f};
            Tensor params = cpu.fromArray(p0, 3);
            Tensor g = cpu.zeros(3);
            Adam adam = new Adam(params, g, AdamConfig.withLr(0.01f));
            for (int round = 0; round < 2; round++) {
                for (int t = 0; t < 3; t++) {
                    cpu.copyFromHost(new float[] {(float) grads[0][t], (float) grads[1][t], (float) grads[2][t]}, 0, g);
                    adam.step();
                    float[] p = params.toArray();
                    for (int i = 0; i < 3; i++) {
                        double want = reference(p0[i], grads[i], 0.01)[t];
                        assertEquals(want, p[i], 1e-6 + 1e-5 * Math.abs(want), "parameter " + i + ", step " + (t + 1));
                    }
                }
                assertEquals(3, adam.steps());
                adam.reset();
                cpu.copyFromHost(p0, 0, params);
                assertEquals(0, adam.steps());
            }
        }
    }

    /**
     * Spans whose gradient is zero at every step, left out, change no bit of the update: the same parameters as a
     * full update after several steps (the left-out ones still their initial values), with the other spans' updates
     * run as separate calls.
     */
    @Test
    void leavingOutSpansWithoutGradientChangesNoBitOfTheUpdate() {
        try (Backend cpu = new CpuBackend(2)) {
            int n = 5000;
            SplittableRandom r = new SplittableRandom(3);
            float[] p0 = new float[n];
            for (int i = 0; i < n; i++) p0[i] = (float) (2 * r.nextDouble() - 1);
            Tensor full = cpu.fromArray(p0, n);
            Tensor skipping = cpu.fromArray(p0, n);
            Tensor g = cpu.zeros(n);
            Adam all = new Adam(full, g, AdamConfig.defaults());
            // out of order, one at the very start, one a single float, one at the very end
            Adam some = new Adam(skipping, g, AdamConfig.defaults(),
                    List.of(skipping.view(3000, 700), skipping.view(0, 17), skipping.view(1200, 1), skipping.view(4990, 10)));
            assertEquals(n - 728, some.updatedCount());
            assertEquals(n, all.updatedCount());
            for (int t = 0; t < 4; t++) {
                float[] grads = new float[n];
                for (int i = 0; i < n; i++) grads[i] = (float) r.nextGaussian();
                for (int[] span : new int[][] {{3000, 3700}, {0, 17}, {1200, 1201}, {4990, 5000}}) {
                    Arrays.fill(grads, span[0], span[1], 0f);
                }
                cpu.copyFromHost(grads, 0, g);
                all.step();
                some.step();
            }
            float[] want = full.toArray();
            assertArrayEquals(want, skipping.toArray());
            for (int i = 3000; i < 3700; i++) assertEquals(p0[i], want[i], "a zero gradient moves nothing");
            assertEquals(p0[1200], want[1200]);
        }
    }

    @Test
    void leftOutViewsMustLieInsideTheParametersAndNotOverlapAndEpsZeroLeavesNothingOut() {
        try (Backend cpu = new CpuBackend(1)) {
            Tensor p = cpu.zeros(100);
            Tensor g = cpu.zeros(100);
            Tensor other = cpu.zeros(100);
            assertThrows(IllegalArgumentException.class, () -> new Adam(p, g, AdamConfig.defaults(), List.of(other.view(0, 10))));
            assertThrows(IllegalArgumentException.class,
                    () -> new Adam(p.view(10, 50), g.view(10, 50), AdamConfig.defaults(), List.of(p.view(0, 20))));
            assertThrows(IllegalArgumentException.class,
                    () -> new Adam(p, g, AdamConfig.defaults(), List.of(p.view(0, 20), p.view(19, 5))));
            // with eps = 0 a zero gradient's update is 0 / 0 (NaN, as in PyTorch): nothing may be left out
            assertEquals(100, new Adam(p, g, new AdamConfig(1e-3f, 0.9f, 0.999f, 0f), List.of(p.view(0, 20))).updatedCount());
        }
    }
}
