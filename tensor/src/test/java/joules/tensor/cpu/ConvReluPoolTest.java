package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused first block (convolution with bias, ReLU, 2 x 2 max pooling) gives the floats of the three
 * operations run one after another in the forward, and their weight and bias gradients to float rounding, on
 * random inputs and on small integers, whose windows hold equal maxima (the gradient goes to the first, as
 * PyTorch's), on rows of whole vectors of windows and on rows with a tail.
 */
class ConvReluPoolTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    @ParameterizedTest(name = "n={0} {1}x{2} outC={3} integers={4}")
    @CsvSource({"8, 128, 64, 16, false", "3, 10, 34, 7, false", "2, 12, 32, 5, true", "8, 128, 64, 16, true",
            "2, 6, 100, 3, false", "2, 6, 100, 3, true"})
    void theFusedBlockGivesTheFloatsOfItsThreeLayers(int n, int h, int w, int outC, boolean integers) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused block runs with the Vector API");
        Conv2dGeometry g = new Conv2dGeometry(n, 1, h, w, outC, 3, 3, 1, 1, 1, 1);
        Pool2dGeometry p = new Pool2dGeometry(n, outC, h, w, 2, 2, 2, 2);
        assertTrue(cpu.fusesConvReluPool(g, p));
        SplittableRandom rng = new SplittableRandom(n * 31L + h + w + outC);
        Tensor x = cpu.fromArray(Check.values(rng, n * h * w, integers ? 3 : 0), g.inputShape());
        Tensor wt = cpu.fromArray(Check.values(rng, outC * 9, integers ? 2 : 0), g.weightShape());
        Tensor b = cpu.fromArray(Check.values(rng, outC, integers ? 2 : 0), outC);
        Tensor dp = cpu.fromArray(Check.values(rng, p.n() * p.c() * p.outH() * p.outW(), 0), p.outputShape());

        // the three layers, one after another
        Tensor conv = cpu.zeros(g.outputShape()), relu = cpu.zeros(g.outputShape()), pooled = cpu.zeros(p.outputShape());
        cpu.conv2dForwardBias(x, wt, b, conv, g);
        cpu.reluForward(conv, relu);
        cpu.maxPool2dForward(relu, pooled, p);
        Tensor dRelu = cpu.zeros(g.outputShape()), dw = cpu.zeros(g.weightShape()), db = cpu.zeros(outC);
        cpu.maxPool2dBackward(relu, pooled, dp, dRelu, p);
        cpu.reluBackward(relu, dRelu, dRelu);
        cpu.conv2dBackwardFilterBias(x, dRelu, dw, db, g);

        Tensor fused = Check.poisoned(cpu, p.outputShape()), where = Check.poisoned(cpu, p.outputShape());
        Tensor fusedDw = Check.poisoned(cpu, g.weightShape()), fusedDb = Check.poisoned(cpu, outC);
        cpu.convReluPoolForward(x, wt, b, fused, where, g, p);
        cpu.convReluPoolBackward(x, where, dp, fusedDw, fusedDb, g, p);
        Check.sameFloats("pooled", pooled.toArray(), fused.toArray());
        // the fused backward sums each tap over a window row's even and odd columns apart: the same products,
        // added in another order
        Check.close("weight gradient", Check.toDouble(dw.toArray()), fusedDw, 1e-5);
        Check.close("bias gradient", Check.toDouble(db.toArray()), fusedDb, 1e-5);
    }

    /**
     * A NaN pixel (with its sign bit set, as x86 makes them) makes NaN every window whose convolution reads it, as
     * the three layers do: the fused pooling takes its maximum on the floats' bits as ints, where such a NaN is a
     * negative int.
     */
    @Test
    void aNaNPixelGivesTheNaNWindowsOfTheThreeLayers() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused block runs with the Vector API");
        Conv2dGeometry g = new Conv2dGeometry(2, 1, 8, 40, 6, 3, 3, 1, 1, 1, 1);
        Pool2dGeometry p = new Pool2dGeometry(2, 6, 8, 40, 2, 2, 2, 2);
        SplittableRandom rng = new SplittableRandom(9);
        float[] pixels = Check.values(rng, 2 * 8 * 40, 0);
        pixels[3 * 40 + 17] = Float.intBitsToFloat(0xFFC0_0000);      // image 0
        pixels[320 + 7 * 40 + 39] = Float.intBitsToFloat(0x7FC0_0000); // image 1, its last pixel
        Tensor x = cpu.fromArray(pixels, g.inputShape());
        Tensor wt = cpu.fromArray(Check.values(rng, 6 * 9, 0), g.weightShape()), b = cpu.fromArray(Check.values(rng, 6, 0), 6);
        Tensor conv = cpu.zeros(g.outputShape()), relu = cpu.zeros(g.outputShape()), pooled = cpu.zeros(p.outputShape());
        cpu.conv2dForwardBias(x, wt, b, conv, g);
        cpu.reluForward(conv, relu);
        cpu.maxPool2dForward(relu, pooled, p);
        Tensor fused = Check.poisoned(cpu, p.outputShape()), where = Check.poisoned(cpu, p.outputShape());
        cpu.convReluPoolForward(x, wt, b, fused, where, g, p);
        float[] expected = pooled.toArray();
        int nans = 0;
        for (float e : expected) nans += Float.isNaN(e) ? 1 : 0;
        assertTrue(nans >= 2 * 6, "the NaN pixels reach at least one window a channel: " + nans);
        Check.sameFloats("pooled", expected, fused.toArray());
    }

    @Test
    void takesOnlyTheFirstLayersShapeWithWideEnoughRows() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused block runs with the Vector API");
        assertTrue(cpu.fusesConvReluPool(new Conv2dGeometry(8, 1, 128, 64, 128, 3, 3, 1, 1, 1, 1),
                new Pool2dGeometry(8, 128, 128, 64, 2, 2, 2, 2)));
        assertFalse(cpu.fusesConvReluPool(new Conv2dGeometry(8, 128, 64, 32, 128, 3, 3, 1, 1, 1, 1),
                new Pool2dGeometry(8, 128, 64, 32, 2, 2, 2, 2)));                  // two input channels and more
        assertFalse(cpu.fusesConvReluPool(new Conv2dGeometry(8, 1, 16, 8, 4, 3, 3, 1, 1, 1, 1),
                new Pool2dGeometry(8, 4, 16, 8, 2, 2, 2, 2)));                     // 4 windows a row
        assertFalse(cpu.fusesConvReluPool(new Conv2dGeometry(8, 1, 128, 64, 4, 3, 3, 1, 1, 1, 1),
                new Pool2dGeometry(8, 4, 128, 64, 3, 3, 2, 2)));                   // a 3 x 3 window
    }
}
