package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Reference;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    static Stream<Arguments> geometries() {
        return Stream.of(
                // n, inC, inH, inW, outC, kH, kW, stride, pad
                new Conv2dGeometry(1, 1, 12, 8, 4, 3, 3, 1, 1, 1, 1),     // the study's first layer, small
                new Conv2dGeometry(3, 1, 9, 37, 20, 3, 3, 1, 1, 1, 1),    // first layer: vectors and a tail, 2 channel blocks
                new Conv2dGeometry(2, 1, 16, 64, 17, 3, 3, 1, 1, 1, 1),   // first layer: whole vectors per row
                new Conv2dGeometry(8, 3, 9, 7, 5, 3, 3, 1, 1, 1, 1),      // batch 8, odd sizes
                new Conv2dGeometry(2, 4, 11, 13, 3, 3, 3, 2, 2, 0, 0),    // stride 2, no padding
                new Conv2dGeometry(3, 2, 10, 9, 6, 5, 5, 2, 2, 2, 2),     // kernel 5, stride 2, pad 2
                new Conv2dGeometry(2, 5, 7, 6, 7, 1, 1, 1, 1, 0, 0),      // kernel 1
                new Conv2dGeometry(1, 3, 6, 5, 2, 1, 1, 2, 2, 1, 1),      // kernel 1 with padding and stride
                new Conv2dGeometry(8, 16, 8, 4, 24, 3, 3, 1, 1, 1, 1),    // many channels
                new Conv2dGeometry(2, 3, 8, 9, 4, 3, 5, 1, 2, 2, 1),      // rectangular kernel, mixed stride/pad
                new Conv2dGeometry(1, 2, 5, 5, 3, 5, 5, 1, 1, 0, 0),      // kernel as large as the input
                // small maps with many channels: the batch in one product (Conv2d.batchPays)
                new Conv2dGeometry(2, 256, 8, 4, 256, 3, 3, 1, 1, 1, 1),  // cnn-L6's fifth layer, batch 2
                new Conv2dGeometry(3, 260, 4, 5, 257, 3, 3, 1, 1, 1, 1),  // odd sizes
                new Conv2dGeometry(2, 256, 9, 9, 256, 3, 3, 2, 2, 1, 1)   // stride 2: 5 x 5 outputs
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void forwardAndBothBackwardsMatchReference(Conv2dGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.hashCode());
        float[] x = Check.random(rng, g.n() * g.inC() * g.inH() * g.inW(), 1);
        float[] w = Check.random(rng, g.outC() * g.inC() * g.kH() * g.kW(), 0.5);
        float[] dy = Check.random(rng, g.n() * g.outC() * g.outH() * g.outW(), 1);
        Tensor tx = cpu.fromArray(x, g.inputShape()), tw = cpu.fromArray(w, g.weightShape());
        Tensor tdy = cpu.fromArray(dy, g.outputShape());

        // im2col sums like a dot product; Winograd F(4x4, 3x3) (3x3, stride 1, pad 1, 16 channels and more) adds
        // transforms with coefficients up to 8 and 1/24: a few elements 1e-5 of the result's scale off (WinogradTest)
        double rtol = Winograd.pays(g) ? 1e-4 : 1e-5;
        Tensor y = Check.poisoned(cpu, g.outputShape());
        cpu.conv2dForward(tx, tw, y, g);
        Check.close("forward", Reference.conv2d(g, Check.toDouble(x), Check.toDouble(w)), y, rtol);

        Tensor dx = Check.poisoned(cpu, g.inputShape());
        cpu.conv2dBackwardData(tdy, tw, dx, g);
        Check.close("backward data", Reference.conv2dBackwardData(g, Check.toDouble(dy), Check.toDouble(w)), dx, rtol);

        Tensor dw = Check.poisoned(cpu, g.weightShape());
        cpu.conv2dBackwardFilter(tx, tdy, dw, g);
        Check.close("backward filter", Reference.conv2dBackwardFilter(g, Check.toDouble(x), Check.toDouble(dy)), dw, rtol);
    }

    @Test
    void smallMapsWithManyChannelsRunAsOneBatchedProduct() {
        assertTrue(Conv2d.batchPays(new Conv2dGeometry(8, 384, 8, 4, 384, 3, 3, 1, 1, 1, 1)));     // cnn-L6-H384, conv4
        assertTrue(Conv2d.batchPays(new Conv2dGeometry(8, 768, 4, 2, 768, 3, 3, 1, 1, 1, 1)));     // cnn-L6-H768, conv5
        assertFalse(Conv2d.batchPays(new Conv2dGeometry(8, 384, 16, 8, 384, 3, 3, 1, 1, 1, 1)));   // Winograd's
        assertFalse(Conv2d.batchPays(new Conv2dGeometry(8, 128, 8, 4, 128, 3, 3, 1, 1, 1, 1)));   // level: Winograd's
        assertFalse(Conv2d.batchPays(new Conv2dGeometry(8, 16, 8, 4, 24, 3, 3, 1, 1, 1, 1)));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Conv2dGeometry g = new Conv2dGeometry(2, 3, 7, 6, 4, 3, 3, 2, 1, 1, 2);
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = Check.random(rng, g.n() * g.inC() * g.inH() * g.inW(), 1);
        float[] w = Check.random(rng, g.outC() * g.inC() * g.kH() * g.kW(), 0.5);
        float[] dy = Check.random(rng, g.n() * g.outC() * g.outH() * g.outW(), 1);
        double[] dyd = Check.toDouble(dy), xd = Check.toDouble(x), wd = Check.toDouble(w);
        // L = sum(dy * conv(x, w)), so dL/dx and dL/dw are exactly the two backward passes
        Tensor dx = Check.poisoned(cpu, g.inputShape()), dw = Check.poisoned(cpu, g.weightShape());
        cpu.conv2dBackwardData(cpu.fromArray(dy, g.outputShape()), cpu.fromArray(w, g.weightShape()), dx, g);
        cpu.conv2dBackwardFilter(cpu.fromArray(x, g.inputShape()), cpu.fromArray(dy, g.outputShape()), dw, g);
        int[] ix = Check.sample(rng, x.length, 40), iw = Check.sample(rng, w.length, 40);
        Check.close("dL/dx", Check.numericGradient(v -> Check.dot(dyd, Reference.conv2d(g, v, wd)), xd.clone(), ix),
                Check.pick(dx.toArray(), ix), 1e-4);
        Check.close("dL/dw", Check.numericGradient(v -> Check.dot(dyd, Reference.conv2d(g, xd, v)), wd.clone(), iw),
                Check.pick(dw.toArray(), iw), 1e-4);
    }

    @Test
    void acceptsTheFirstRowsOfABiggerBatch() {
        Conv2dGeometry full = new Conv2dGeometry(8, 2, 6, 5, 3, 3, 3, 1, 1, 1, 1), g = full.withBatch(3);
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = Check.random(rng, 8 * 2 * 6 * 5, 1), w = Check.random(rng, 3 * 2 * 9, 1);
        Tensor y = Check.poisoned(cpu, full.outputShape());
        cpu.conv2dForward(cpu.fromArray(x, full.inputShape()).narrowBatch(3), cpu.fromArray(w, g.weightShape()),
                y.narrowBatch(3), g);
        float[] got = java.util.Arrays.copyOf(y.toArray(), 3 * 3 * 6 * 5);
        Check.close("narrowed batch", Reference.conv2d(g, Check.toDouble(java.util.Arrays.copyOf(x, 3 * 60)),
                Check.toDouble(w)), got, 1e-5);
    }

    @Test
    void wrongShapesAreNamed() {
        Conv2dGeometry g = new Conv2dGeometry(2, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> cpu.conv2dForward(cpu.zeros(2, 3, 8, 8), cpu.zeros(4, 3, 5, 5), cpu.zeros(2, 4, 8, 8), g));
        assertTrue(e.getMessage().contains("[4, 3, 5, 5]") && e.getMessage().contains("[4, 3, 3, 3]"), e.getMessage());
    }

    /** The fused convolution + bias calls against the two separate calls, on every geometry above. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void biasFusedCallsMatchTheSeparateOnes(Conv2dGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.hashCode() + 1L);
        Tensor x = cpu.fromArray(Check.random(rng, g.n() * g.inC() * g.inH() * g.inW(), 1), g.inputShape());
        Tensor w = cpu.fromArray(Check.random(rng, g.outC() * g.inC() * g.kH() * g.kW(), 0.5), g.weightShape());
        Tensor b = cpu.fromArray(Check.random(rng, g.outC(), 1), g.outC());
        Tensor dy = cpu.fromArray(Check.random(rng, g.n() * g.outC() * g.outH() * g.outW(), 1), g.outputShape());

        Tensor fused = Check.poisoned(cpu, g.outputShape()), separate = Check.poisoned(cpu, g.outputShape());
        cpu.conv2dForwardBias(x, w, b, fused, g);
        cpu.conv2dForward(x, w, separate, g);
        cpu.addBias(separate, b);
        Check.exact("forward + bias", separate.toArray(), fused.toArray());     // the same floats

        Tensor dw = Check.poisoned(cpu, g.weightShape()), db = Check.poisoned(cpu, g.outC());
        Tensor dw2 = Check.poisoned(cpu, g.weightShape()), db2 = Check.poisoned(cpu, g.outC());
        cpu.conv2dBackwardFilterBias(x, dy, dw, db, g);
        cpu.conv2dBackwardFilter(x, dy, dw2, g);
        cpu.biasGrad(dy, db2);
        Check.close("filter gradient", Check.toDouble(dw2.toArray()), dw, 1e-5);
        Check.close("bias gradient", Check.toDouble(db2.toArray()), db, 1e-5);   // summed in another order
    }

    /**
     * The whole backward in one call (conv2dBackward: Winograd lays dy out once for both gradients) against the
     * calls apart, on every geometry above: the same floats.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void theOneCallBackwardMatchesTheSeparateCalls(Conv2dGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.hashCode() + 2L);
        Tensor x = cpu.fromArray(Check.random(rng, g.n() * g.inC() * g.inH() * g.inW(), 1), g.inputShape());
        Tensor w = cpu.fromArray(Check.random(rng, g.outC() * g.inC() * g.kH() * g.kW(), 0.5), g.weightShape());
        Tensor dy = cpu.fromArray(Check.random(rng, g.n() * g.outC() * g.outH() * g.outW(), 1), g.outputShape());

        Tensor dw = Check.poisoned(cpu, g.weightShape()), db = Check.poisoned(cpu, g.outC()), dx = Check.poisoned(cpu, g.inputShape());
        cpu.conv2dBackward(x, w, dy, dw, db, dx, g);
        Tensor dw2 = Check.poisoned(cpu, g.weightShape()), db2 = Check.poisoned(cpu, g.outC()), dx2 = Check.poisoned(cpu, g.inputShape());
        cpu.conv2dBackwardFilterBias(x, dy, dw2, db2, g);
        cpu.conv2dBackwardData(dy, w, dx2, g);
        Check.exact("filter gradient", dw2.toArray(), dw.toArray());
        Check.exact("bias gradient", db2.toArray(), db.toArray());
        Check.exact("data gradient", dx2.toArray(), dx.toArray());
    }
}
