package joules.train.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.layers.Model;
import joules.layers.Parameter;
import joules.tensor.AdamConfig;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** A real configuration of the study at its real size learns a fixed batch: shapes, gradients, the loss falls. */
class ZooTrainingTest {

    @Test
    void aStudyCrnnFitsOneBatch() {
        try (CpuBackend backend = new CpuBackend(2)) {
            ModelConfig c = Zoo.config("crnn-C2R1-H64x64");   // 512 GRU steps over a 64-channel map
            Model model = Zoo.build(c, backend, 5, 2);
            assertEquals(Zoo.parameterCount(c), model.parameterCount());
            SplittableRandom r = new SplittableRandom(3);
            float[] x = new float[2 * 128 * 64];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            Tensor input = backend.fromArray(x, 2, 1, 128, 64);
            float[] t = new float[20];
            t[1] = t[4] = t[8] = t[13] = t[19] = 1;
            Tensor targets = backend.fromArray(t, 2, 10);

            Tensor m = backend.zeros(model.parameters().shape());
            Tensor v = backend.zeros(model.parameters().shape());
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 1; step <= 4; step++) {
                Tensor logits = model.forward(input);
                assertArrayEquals(new int[] {2, 10}, logits.shape());
                last = model.loss(logits, targets);
                assertTrue(Float.isFinite(last));
                if (step == 1) {
                    first = last;
                    model.backward();
                    for (Parameter p : model.namedParameters()) {
                        double norm = 0;
                        for (float g : p.grad().toArray()) norm += g * g;
                        assertTrue(norm > 0, p.name() + " got no gradient");
                    }
                } else {
                    model.backward();
                }
                backend.adamStep(model.parameters(), model.gradients(), m, v, AdamConfig.withLr(1e-2f), step);
            }
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
        }
    }
}
