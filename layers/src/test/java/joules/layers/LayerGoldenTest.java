package joules.layers;

import java.util.HashMap;
import java.util.Map;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static joules.layers.Golden.TOLERANCE;
import static joules.layers.Golden.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every layer against PyTorch 1.13 (scripts/golden/make_golden.py): output, input gradient and every
 * parameter gradient for a random upstream gradient. Each layer's buffers are allocated for one sample
 * more than the fixture's batch, so the fixture runs on prefix views as an epoch's last batch does.
 */
class LayerGoldenTest {
    private static Backend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }
    @AfterAll static void close() { backend.close(); }

    /** Runs one fixture through {@code m}; {@code batchDim} is 1 for sequences (T, N, F). */
    private static void check(String fixture, Module m, int batchDim) {
        Map<String, TensorFile.Entry> g = Golden.read("/golden/layer_" + fixture + ".bin");
        ParameterBuffers.allocate(m.parameters(), backend);
        Map<String, TensorFile.Entry> named = new HashMap<>();
        for (Parameter p : m.parameters()) named.put(p.name(), g.get(p.name().substring(m.name().length() + 1)));
        ParameterBuffers.load(m.parameters(), named);

        Tensor x = Golden.upload(backend, g.get("x"));
        int[] maxShape = x.shape();
        maxShape[batchDim] += 1;
        m.setInputGradNeeded(true);
        m.allocate(backend, maxShape);

        Tensor y = m.forward(x);
        assertClose(fixture + " y", g.get("y"), y, TOLERANCE);
        Tensor dx = m.backward(Golden.upload(backend, g.get("dy")));
        assertClose(fixture + " dx", g.get("dx"), dx, TOLERANCE);
        for (Parameter p : m.parameters()) {
            String local = p.name().substring(m.name().length() + 1);
            assertClose(fixture + " grad " + local, g.get("grad." + local), p.grad(), TOLERANCE);
        }
    }

    @Test void linear() { check("linear", new Linear("fc", 12, 7), 0); }

    @Test void conv3x3Stride1Pad1() { check("conv_k3s1p1", new Conv2d("conv", 3, 4, 3, 1, 1), 0); }
    @Test void conv3x3Stride2() { check("conv_k3s2p0", new Conv2d("conv", 3, 5, 3, 2, 0), 0); }
    @Test void convRectangular() { check("conv_k2x3s2x1p1x0", new Conv2d("conv", 2, 3, 2, 3, 2, 1, 1, 0), 0); }
    @Test void conv5x5Stride3Pad2() { check("conv_k5s3p2", new Conv2d("conv", 1, 2, 5, 3, 2), 0); }

    @Test void maxPool2() { check("maxpool_k2", new MaxPool2d("pool", 2), 0); }
    @Test void maxPool3Stride2() { check("maxpool_k3s2", new MaxPool2d("pool", 3, 3, 2, 2), 0); }
    @Test void maxPoolTiesGoToTheFirstMaximum() { check("maxpool_ties", new MaxPool2d("pool", 2), 0); }

    @Test void relu() { check("relu", new ReLU("relu"), 0); }
    @Test void sigmoid() { check("sigmoid", new Sigmoid("sigmoid"), 0); }

    @Test void gruOneLayer() { check("gru1", new Gru("gru", 6, 4, 1), 1); }
    @Test void gruTwoLayers() { check("gru2", new Gru("gru", 6, 4, 2), 1); }

    @Test
    void sigmoidBceLoss() {
        Map<String, TensorFile.Entry> g = Golden.read("/golden/layer_bce.bin");
        SigmoidBceLoss loss = new SigmoidBceLoss(backend, 5, 10);
        Tensor value = loss.compute(Golden.upload(backend, g.get("logits")), Golden.upload(backend, g.get("targets")));
        assertEquals(g.get("loss").values()[0], value.toArray()[0], 1e-6 * Math.abs(g.get("loss").values()[0]));
        assertClose("dlogits", g.get("dlogits"), loss.dlogits(), TOLERANCE);
    }
}
