package joules.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
