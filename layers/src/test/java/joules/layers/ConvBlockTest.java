package joules.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import joules.layers.cost.Convention;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A ConvBlock trains as its three layers: the same output and parameter gradients whether the backend fuses it
 * (the CPU's first layer) or the layers run one after another (any block that needs its input's gradient),
 * and the cost tables still list conv, relu and pool with their own counts.
 */
class ConvBlockTest {
    private static final Backend CPU = new CpuBackend(2);

    @AfterAll static void close() { CPU.close(); }

    private static ConvBlock block() {
        return new ConvBlock("block0", new Conv2d("conv0", 1, 8, 3, 1, 1), new ReLU("relu0"), new MaxPool2d("pool0", 2));
    }

    /** Output and the two parameter gradients after one forward and backward of a block on the same data. */
    private static float[][] run(ConvBlock b, boolean inputGradNeeded, float[] params, Tensor x, Tensor dy) {
        ParameterBuffers.allocate(b.parameters(), CPU);
        int offset = 0;
        for (Parameter p : b.parameters()) {                 // parameter by parameter: the flat buffer has alignment gaps
            CPU.copyFromHost(params, offset, p.value());
            offset += (int) p.numel();
        }
        b.setInputGradNeeded(inputGradNeeded);
        b.allocate(CPU, x.shape());
        float[] y = b.forward(x).toArray();
        Tensor dx = b.backward(dy);
        if (!inputGradNeeded) assertNull(dx, "a fused first block returns no input gradient");
        return new float[][] {y, b.parameters().get(0).grad().toArray(), b.parameters().get(1).grad().toArray()};
    }

    @Test
    void fusedOrNotTheBlockGivesTheSameOutputAndGradients() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[3 * 32 * 40], params = new float[8 * 9 + 8], dy = new float[3 * 8 * 16 * 20];
        for (float[] a : List.of(x, params, dy)) for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        Tensor tx = CPU.fromArray(x, 3, 1, 32, 40), tdy = CPU.fromArray(dy, 3, 8, 16, 20);
        float[][] fused = run(block(), false, params, tx, tdy), layers = run(block(), true, params, tx, tdy);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < fused[i].length; j++) assertEquals(layers[i][j], fused[i][j], 0f, "output " + i + " element " + j);
        }
    }

    @Test
    void costTablesListTheThreeLayers() {
        ConvBlock b = block();
        assertEquals(List.of("conv0", "relu0", "pool0"), b.leaves().stream().map(Module::name).toList());
        int[] in = {8, 1, 128, 64};
        Sequential three = new Sequential("s", new Conv2d("conv0", 1, 8, 3, 1, 1), new ReLU("relu0"), new MaxPool2d("pool0", 2));
        assertEquals(three.counts(in).in(Convention.TRAINING), b.counts(in).in(Convention.TRAINING));
        assertArrayEquals(new int[] {8, 8, 64, 32}, b.outputShape(in));
        assertEquals(List.of("conv0.weight", "conv0.bias"), b.parameters().stream().map(Parameter::name).toList());
    }
}
