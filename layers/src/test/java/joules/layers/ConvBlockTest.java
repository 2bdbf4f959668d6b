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
 * A ConvBlock trains as its three layers, whether the backend fuses it whole (the CPU's first layer), runs its
 * ReLU and pooling as one (the CPU's later blocks) or the layers run one after another, and the cost tables
 * still list conv, relu and pool with their own counts.
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

    /**
     * The first block fused (no input gradient) against the convolution on its own with ReLU and pooling after it
     * (an input gradient wanted): the same output; the parameter gradients to float rounding (the fused backward
     * adds the same products in another order: the image's even and odd columns apart).
     */
    @Test
    void fusedOrNotTheBlockGivesTheSameOutputAndGradients() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[3 * 32 * 40], params = new float[8 * 9 + 8], dy = new float[3 * 8 * 16 * 20];
        for (float[] a : List.of(x, params, dy)) for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        Tensor tx = CPU.fromArray(x, 3, 1, 32, 40), tdy = CPU.fromArray(dy, 3, 8, 16, 20);
        float[][] fused = run(block(), false, params, tx, tdy), layers = run(block(), true, params, tx, tdy);
        for (int j = 0; j < fused[0].length; j++) assertEquals(layers[0][j], fused[0][j], 0f, "output element " + j);
        for (int i = 1; i < 3; i++) {
            for (int j = 0; j < fused[i].length; j++) {
                assertEquals(layers[i][j], fused[i][j], 1e-5 * Math.max(1, Math.abs(layers[i][j])), "gradient " + i + " element " + j);
            }
        }
    }

    /**
     * A block after the first (4 input channels): the backend runs its ReLU and pooling as one operation each way;
     * output, parameter gradients and input gradient are the floats of the three layers one after another.
     */
    @Test
    void aLaterBlockGivesTheFloatsOfItsThreeLayers() {
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = new float[2 * 4 * 16 * 40], params = new float[8 * 4 * 9 + 8], dy = new float[2 * 8 * 8 * 20];
        for (float[] a : List.of(x, params, dy)) for (int i = 0; i < a.length; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        Tensor tx = CPU.fromArray(x, 2, 4, 16, 40), tdy = CPU.fromArray(dy, 2, 8, 8, 20);
        ConvBlock b = new ConvBlock("block1", new Conv2d("conv1", 4, 8, 3, 1, 1), new ReLU("relu1"), new MaxPool2d("pool1", 2));
        Sequential three = new Sequential("three", new Conv2d("conv1", 4, 8, 3, 1, 1), new ReLU("relu1"), new MaxPool2d("pool1", 2));
        float[][] got = runModule(b, params, tx, tdy), expected = runModule(three, params, tx, tdy);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got[i], "output, dW, db, dx: " + i);
    }

    /** Output, the two parameter gradients and the input gradient of one forward and backward. */
    private static float[][] runModule(Module m, float[] params, Tensor x, Tensor dy) {
        ParameterBuffers.allocate(m.parameters(), CPU);
        int offset = 0;
        for (Parameter p : m.parameters()) {
            CPU.copyFromHost(params, offset, p.value());
            offset += (int) p.numel();
        }
        m.setInputGradNeeded(true);
        m.allocate(CPU, x.shape());
        float[] y = m.forward(x).toArray();
        float[] dx = m.backward(dy).toArray();
        return new float[][] {y, m.parameters().get(0).grad().toArray(), m.parameters().get(1).grad().toArray(), dx};
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
