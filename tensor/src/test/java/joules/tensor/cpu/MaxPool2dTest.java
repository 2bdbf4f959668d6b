package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Reference;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaxPool2dTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    static Stream<Arguments> geometries() {
        return Stream.of(
                new Pool2dGeometry(8, 3, 8, 6, 2, 2, 2, 2),    // the study's pooling
                new Pool2dGeometry(1, 2, 9, 7, 2, 2, 2, 2),    // odd sizes: the last row and column are dropped
                new Pool2dGeometry(2, 3, 6, 101, 2, 2, 2, 2),  // rows of several vectors and a scalar tail
                new Pool2dGeometry(2, 3, 7, 8, 3, 3, 2, 2),    // overlapping windows
                new Pool2dGeometry(3, 1, 5, 9, 3, 2, 1, 3)     // rectangular window, mixed strides
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void forwardAndBackwardMatchReference(Pool2dGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.hashCode());
        float[] x = Check.random(rng, g.n() * g.c() * g.inH() * g.inW(), 1);
        float[] dy = Check.random(rng, g.n() * g.c() * g.outH() * g.outW(), 1);
        Tensor tx = cpu.fromArray(x, g.inputShape());
        Tensor y = Check.poisoned(cpu, g.outputShape());
        cpu.maxPool2dForward(tx, y, g);
        Check.close("forward", Reference.maxPool(g, Check.toDouble(x)), y, 0);
        Tensor dx = Check.poisoned(cpu, g.inputShape());
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(dy, g.outputShape()), dx, g);
        Check.close("backward", Reference.maxPoolBackward(g, Check.toDouble(x), Check.toDouble(dy)), dx, 1e-6);
    }

    /**
     * n, c, h, w of 2 x 2 poolings: rows of whole vectors of windows (8 or 16 floats a vector), rows where the
     * last step overlaps the one before, rows of less than a vector (10, 15 windows), odd sizes.
     */
    static Stream<Arguments> twoByTwoShapes() {
        return Stream.of(Arguments.of(2, 3, 8, 64), Arguments.of(1, 2, 9, 67), Arguments.of(3, 1, 5, 130),
                Arguments.of(1, 2, 4, 20), Arguments.of(2, 2, 7, 33), Arguments.of(1, 3, 3, 40),
                Arguments.of(1, 1, 2, 16), Arguments.of(1, 1, 2, 31));
    }

    /**
     * The Vector API path (where it takes the shape) and the scalar one give the same floats, bit for bit, on
     * inputs full of ties (small integers, +0 and -0) with NaN, infinities, subnormals and huge values among
     * them, at offsets into larger arrays, and leave the elements around their outputs alone.
     */
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3}")
    @MethodSource("twoByTwoShapes")
    void vectorAndScalarPathsGiveTheSameFloats(int n, int c, int h, int w) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        Pool2dGeometry g = new Pool2dGeometry(n, c, h, w, 2, 2, 2, 2);
        SplittableRandom rng = new SplittableRandom(h * 131L + w);
        int in = n * c * h * w, out = n * c * g.outH() * g.outW();
        float[] x = tiesAndSpecials(rng, in + 3), dy = tiesAndSpecials(rng, out + 1);
        for (int i = 0; i < dy.length; i++) if (rng.nextInt(3) > 0) dy[i] = (float) rng.nextGaussian();
        float[] yScalar = filled(out + 4, Float.NaN), yVector = filled(out + 4, 7e7f);
        float[] dxScalar = filled(in + 6, Float.NaN), dxVector = filled(in + 6, 7e7f);
        try (Parallel par = new Parallel(3)) {
            if (VectorPool.forwardFits(g)) {
                MaxPool2d.forward2x2(par, g, x, 3, yScalar, 2);
                VectorPool.forward(par, g, x, 3, yVector, 2);
                Check.exact("forward", Arrays.copyOfRange(yScalar, 2, 2 + out), Arrays.copyOfRange(yVector, 2, 2 + out));
                Check.exact("around y", filled(4, 7e7f),
                        new float[] {yVector[0], yVector[1], yVector[out + 2], yVector[out + 3]});
            } else {
                assertThrows(IllegalArgumentException.class, () -> VectorPool.forward(par, g, x, 3, yVector, 2));
            }
            if (VectorPool.backwardFits(g)) {
                MaxPool2d.backward2x2(par, g, x, 3, dy, 1, dxScalar, 5);
                VectorPool.backward(par, g, x, 3, dy, 1, dxVector, 5);
                Check.exact("backward", Arrays.copyOfRange(dxScalar, 5, 5 + in), Arrays.copyOfRange(dxVector, 5, 5 + in));
                Check.exact("around dx", filled(6, 7e7f),
                        new float[] {dxVector[0], dxVector[1], dxVector[2], dxVector[3], dxVector[4], dxVector[in + 5]});
            } else {
                assertThrows(IllegalArgumentException.class, () -> VectorPool.backward(par, g, x, 3, dy, 1, dxVector, 5));
            }
        }
    }

    /** Mostly -1, 0 (of either sign) and 1, so that windows tie; 1 in 10 a NaN, an infinity, a subnormal or huge. */
    private static float[] tiesAndSpecials(SplittableRandom rng, int n) {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -0f};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(10) == 0 ? specials[rng.nextInt(specials.length)] : rng.nextInt(3) - 1;
            if (a[i] == 0f && rng.nextBoolean()) a[i] = -0f;
        }
        return a;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void tiesGoToTheFirstMaximumInRowMajorOrder() {
        Pool2dGeometry g = new Pool2dGeometry(1, 1, 2, 4, 2, 2, 2, 2);
        float[] x = {1, 3, 5, 2,
                     3, 3, 5, 5};
        Tensor tx = cpu.fromArray(x, 1, 1, 2, 4), y = cpu.zeros(1, 1, 1, 2), dx = Check.poisoned(cpu, 1, 1, 2, 4);
        cpu.maxPool2dForward(tx, y, g);
        Check.exact("max", new float[] {3, 5}, y.toArray());
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(new float[] {10, 20}, 1, 1, 1, 2), dx, g);
        Check.exact("routed to the first maximum", new float[] {0, 10, 20, 0, 0, 0, 0, 0}, dx.toArray());
    }

    @Test
    void nanIsTheMaximumLikePyTorch() {
        Pool2dGeometry g = new Pool2dGeometry(1, 1, 2, 2, 2, 2, 2, 2);
        Tensor y = cpu.zeros(1, 1, 1, 1);
        cpu.maxPool2dForward(cpu.fromArray(new float[] {1, Float.NaN, 7, 2}, 1, 1, 2, 2), y, g);
        assert Float.isNaN(y.toArray()[0]);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Pool2dGeometry g = new Pool2dGeometry(2, 2, 6, 5, 3, 2, 2, 1);
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = Check.random(rng, 2 * 2 * 6 * 5, 1), dy = Check.random(rng, 2 * 2 * g.outH() * g.outW(), 1);
        double[] dyd = Check.toDouble(dy);
        Tensor tx = cpu.fromArray(x, g.inputShape()), y = cpu.zeros(g.outputShape()), dx = Check.poisoned(cpu, g.inputShape());
        cpu.maxPool2dForward(tx, y, g);
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(dy, g.outputShape()), dx, g);
        int[] all = Check.sample(rng, x.length, x.length);
        Check.close("dL/dx", Check.numericGradient(v -> Check.dot(dyd, Reference.maxPool(g, v)), Check.toDouble(x), all),
                dx.toArray(), 1e-5);
    }
}
