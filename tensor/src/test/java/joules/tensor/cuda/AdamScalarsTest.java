package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import joules.tensor.AdamConfig;
import joules.tensor.AdamScalars;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** The host side of the CUDA Adam step, without a GPU: the kernel's scalars are the CPU backend's. */
class AdamScalarsTest {

    @Test
    void scalarsComeFromTheDecimalTheFloatStandsFor() {
        AdamScalars s = AdamScalars.of(AdamConfig.defaults(), 1);
        assertEquals(0.9f, s.b1());
        assertEquals(0.999f, s.b2());
        assertEquals((float) (1 - 0.9), s.oneMinusB1());
        assertEquals((float) (1 - 0.999), s.oneMinusB2());
        assertEquals(1e-8f, s.eps());
        assertEquals((float) (-1e-3 / (1 - 0.9)), s.negStepSize());
        assertEquals((float) Math.sqrt(1 - 0.999), s.bc2Sqrt());
        // what the kernel computed before, from the float 0.999f = 0.99900001287...: not the same numbers
        assertNotEquals(1.0f - 0.999f, s.oneMinusB2());
        assertNotEquals((float) Math.sqrt(1.0 - Math.pow((double) 0.999f, 1)), s.bc2Sqrt());
        AdamScalars s100 = AdamScalars.of(AdamConfig.defaults(), 100);
        assertEquals((float) (-1e-3 / (1 - Math.pow(0.9, 100))), s100.negStepSize());
        assertEquals((float) Math.sqrt(1 - Math.pow(0.999, 100)), s100.bc2Sqrt());
        assertThrows(IllegalArgumentException.class, () -> AdamScalars.of(AdamConfig.defaults(), 0));
    }

    /** adam.cu's loop, operation for operation (each __f*_rn intrinsic is one IEEE float operation). */
    private static void kernel(float[] p, float[] g, float[] m, float[] v, AdamScalars s) {
        for (int i = 0; i < p.length; i++) {
            float grad = g[i];
            float mi = Math.fma(grad, s.oneMinusB1(), m[i] * s.b1());
            float vi = v[i] * s.b2() + (s.oneMinusB2() * grad) * grad;
            float denom = (float) Math.sqrt(vi) / s.bc2Sqrt() + s.eps();
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] + (s.negStepSize() * mi) / denom;
        }
    }

    @Test
    void theKernelsArithmeticOnTheseScalarsIsTheCpuBackendsBitForBit() {
        int n = 4099;
        for (AdamConfig cfg : new AdamConfig[] {AdamConfig.defaults(), new AdamConfig(0.05f, 0.8f, 0.99f, 1e-6f)}) {
            float[] p = GpuCheck.random(n, 1), m = new float[n], v = new float[n];
            try (CpuBackend cpu = new CpuBackend(2)) {
                Tensor tp = cpu.fromArray(p, n), tm = cpu.zeros(n), tv = cpu.zeros(n);
                for (int step = 1; step <= 30; step++) {
                    float[] g = GpuCheck.random(n, 100 + step);
                    cpu.adamStep(tp, cpu.fromArray(g, n), tm, tv, cfg, step);
                    kernel(p, g, m, v, AdamScalars.of(cfg, step));
                }
                assertArrayEquals(tp.toArray(), p, cfg + ": parameters");
                assertArrayEquals(tm.toArray(), m, cfg + ": first moment");
                assertArrayEquals(tv.toArray(), v, cfg + ": second moment");
            }
        }
    }
}
