package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Winograd F(4x4, 3x3) and F(2x2, 3x3) against the float64 direct convolution, on both thread counts and odd
 * sizes (tiles cut at the edges, channel counts that are not a multiple of the vector width). Each element is
 * within 2e-5 (F(2x2)) or 1e-4 (F(4x4)) of the result's scale, and the norm-relative error, the measure the
 * engine is held to against PyTorch (1e-4), is bounded by what was measured on the study's layer shapes.
 */
class WinogradTest {
    private static final Parallel two = new Parallel(2), one = new Parallel(1);

    @AfterAll static void close() { two.close(); one.close(); }

    /** y, dx, dw and db of one convolution, by Winograd with transform f. */
    private record Result(float[] y, float[] dx, float[] dw, float[] db) {}

    private static Result run(Winograd.Transform f, Parallel par, Conv2dGeometry g, float[] x, float[] wt, float[] bias, float[] dy) {
        int n = g.n(), inC = g.inC(), h = g.inH(), w = g.inW(), outC = g.outC();
        Winograd.Plan fwd = Winograd.Plan.of(f, n, inC, h, w, outC, par.threads());
        Winograd.Plan data = Winograd.Plan.of(f, n, outC, h, w, inC, par.threads());
        // the scratch buffers as the backend holds them (element 0 at CacheLines.START), all NaN: every float
        // read from them must have been written first, and nothing before START read
        int start = CacheLines.START;
        float[] padded = poisoned(start + (int) Math.max(fwd.paddedFloats(), data.paddedFloats()));
        float[] u = poisoned(start + (int) Math.max(Winograd.filterAccumulatorFloats(fwd, par.threads()), data.weightFloats()));
        float[] gradient = poisoned(start + (int) fwd.paddedGradientFloats());

        float[] y = poisoned(n * outC * h * w + 3);
        Winograd.convolve(par, fwd, x, 0, wt, 0, false, bias, 0, y, 3, padded, u);
        // the backward as a training step runs it: dy laid out once, then the data gradient and the filter gradient
        float[] dw = poisoned(outC * inC * 9 + 1), db = poisoned(outC + 2);
        Winograd.padGradient(par, fwd, dy, 0, gradient, db, 2);
        float[] dx = poisoned(n * inC * h * w);
        Winograd.convolvePadded(par, data, gradient, wt, 0, true, null, 0, dx, 0, u);
        Winograd.backwardFilter(par, fwd, x, 0, gradient, dw, 1, padded, u);
        return new Result(java.util.Arrays.copyOfRange(y, 3, y.length), dx, java.util.Arrays.copyOfRange(dw, 1, dw.length),
                java.util.Arrays.copyOfRange(db, 2, db.length));
    }

    @ParameterizedTest(name = "n={0} inC={1} {2}x{3} outC={4} threads={5} F({6}x{6})")
    @CsvSource({
            "1, 1, 4, 4, 1, 1, 2",     // one tile
            "1, 1, 6, 6, 1, 1, 4",
            "2, 3, 7, 5, 4, 2, 2",     // odd height and width: tiles cut at the edge
            "2, 3, 7, 5, 4, 2, 4",
            "8, 16, 8, 4, 24, 2, 4",   // batch 8, more output than input channels; the filter gradient's threads share blocks
            "3, 20, 9, 40, 6, 2, 2",   // more tiles than a block holds; a filter-gradient block and accumulator per thread
            "3, 20, 9, 40, 6, 2, 4",
            "8, 32, 16, 8, 32, 1, 4",  // several blocks on one thread
            "1, 5, 1, 3, 2, 2, 4",     // a single row
            "2, 40, 5, 3, 37, 2, 4",   // channel counts that are not multiples of a vector
            "1, 128, 16, 8, 128, 2, 2", // the study's channel count: the sums the transforms' rounding adds up over
            "1, 128, 16, 8, 128, 2, 4",
            "2, 300, 4, 4, 270, 2, 4"  // more channels than a block's slab holds at 256 tiles
    })
    void allThreePassesMatchTheDirectConvolution(int n, int inC, int h, int w, int outC, int threads, int tile) {
        Parallel par = threads == 1 ? one : two;
        Winograd.Transform f = tile == 2 ? Winograd.F2 : Winograd.F4;
        double rtol = tile == 2 ? 2e-5 : 1e-4;
        Conv2dGeometry g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(n * 7919L + inC * 31 + h * 7 + w + outC);
        float[] x = Check.random(rng, n * inC * h * w, 1), wt = Check.random(rng, outC * inC * 9, 0.5);
        float[] bias = Check.random(rng, outC, 1), dy = Check.random(rng, n * outC * h * w, 1);
        Result r = run(f, par, g, x, wt, bias, dy);

        double[] y = Reference.conv2d(g, Check.toDouble(x), Check.toDouble(wt));
        for (int i = 0; i < y.length; i++) y[i] += bias[i / (h * w) % outC];
        Check.close("forward", y, r.y(), rtol);
        Check.close("backward data", Reference.conv2dBackwardData(g, Check.toDouble(dy), Check.toDouble(wt)), r.dx(), rtol);
        Check.close("backward filter", Reference.conv2dBackwardFilter(g, Check.toDouble(x), Check.toDouble(dy)), r.dw(), rtol);
        double[] db = new double[outC];
        for (int i = 0; i < dy.length; i++) db[i / (h * w) % outC] += dy[i];
        Check.close("bias gradient", db, r.db(), 1e-6);
    }

    /**
     * The error the choice of F(4x4) rests on, at the study's shapes (64 to 1,024 channels; inputs uniform in
     * [-1, 1], weights in PyTorch's initial range): norm-relative, against float64. Measured: F(4x4) 1.7e-6 to 3.4e-6
     * (forward and data gradient) and 1.1e-6 (filter gradient), F(2x2) 5e-7 at most. The bounds are 2.5 times
     * those, and 30 times under the 1e-4 the layers are held to against PyTorch.
     */
    @ParameterizedTest(name = "{0} channels F({1}x{1})")
    @CsvSource({"64, 4", "256, 4", "256, 2"})
    void theNormRelativeErrorAtTheStudysChannelCountsIsFarInsideTheTolerance(int channels, int tile) {
        Winograd.Transform f = tile == 2 ? Winograd.F2 : Winograd.F4;
        Conv2dGeometry g = new Conv2dGeometry(1, channels, 16, 16, channels, 3, 3, 1, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(channels);
        float[] x = Check.random(rng, channels * 256, 1), dy = Check.random(rng, channels * 256, 1);
        float[] wt = Check.random(rng, channels * channels * 9, 1 / Math.sqrt(9.0 * channels));
        Result r = run(f, two, g, x, wt, null, dy);
        double bound = tile == 2 ? 1.25e-6 : 8.5e-6, filterBound = tile == 2 ? 1e-6 : 2.75e-6;
        double ey = normRelative(Reference.conv2d(g, Check.toDouble(x), Check.toDouble(wt)), r.y());
        double edx = normRelative(Reference.conv2dBackwardData(g, Check.toDouble(dy), Check.toDouble(wt)), r.dx());
        double edw = normRelative(Reference.conv2dBackwardFilter(g, Check.toDouble(x), Check.toDouble(dy)), r.dw());
        assertTrue(ey < bound && edx < bound && edw < filterBound,
                "norm-relative errors y " + ey + ", dx " + edx + ", dw " + edw);
    }

    /**
     * The generic transforms (loops over the Transform's matrices, the path without the Vector API; taken here for
     * a transform equal to F(2x2) or F(4x4) that is another object) and VectorWinograd's written-out ones agree
     * to float32 rounding (the same sums grouped differently: F(4x4)'s coefficients up to 8 make that a few 1e-6).
     */
    @ParameterizedTest(name = "n={0} inC={1} {2}x{3} outC={4} F({5}x{5})")
    @CsvSource({"2, 3, 7, 5, 4, 2", "2, 3, 7, 5, 4, 4", "3, 20, 9, 40, 6, 4", "1, 5, 1, 3, 2, 2", "2, 33, 6, 33, 17, 4"})
    void theVectorTransformsAgreeWithTheGenericOnes(int n, int inC, int h, int w, int outC, int tile) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        Winograd.Transform f = tile == 2 ? Winograd.F2 : Winograd.F4;
        Winograd.Transform generic = Winograd.Transform.of(f.m(), f.bt(), f.g(), f.at());
        Conv2dGeometry g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(h * 131L + w);
        float[] x = Check.random(rng, n * inC * h * w, 1), wt = Check.random(rng, outC * inC * 9, 0.5);
        float[] bias = Check.random(rng, outC, 1), dy = Check.random(rng, n * outC * h * w, 1);
        Result vector = run(f, two, g, x, wt, bias, dy), loops = run(generic, two, g, x, wt, bias, dy);
        double rtol = tile == 2 ? 2e-6 : 2e-5;
        Check.close("forward", Check.toDouble(loops.y()), vector.y(), rtol);
        Check.close("backward data", Check.toDouble(loops.dx()), vector.dx(), rtol);
        Check.close("backward filter", Check.toDouble(loops.dw()), vector.dw(), rtol);
        Check.exact("bias gradient", loops.db(), vector.db());
    }

    @Test
    void takesFourByFourTilesWhereTheyDoFewerMultiplications() {
        assertSame(Winograd.F4, Winograd.choose(64, 32));     // 36 x 128 tiles against 16 x 512
        assertSame(Winograd.F4, Winograd.choose(8, 4));
        assertSame(Winograd.F2, Winograd.choose(4, 2));       // one 6 x 6 tile (36) against two 4 x 4 (32)
        assertSame(Winograd.F2, Winograd.choose(2, 2));
        // blocks of 64 tiles at 128 channels, 256 at 512 (each transformed weight used by more tiles), a thread's share at most
        assertEquals(64, Winograd.Plan.of(Winograd.F4, 8, 128, 64, 32, 128, 2).blockTiles());
        assertEquals(256, Winograd.Plan.of(Winograd.F4, 8, 512, 64, 32, 512, 2).blockTiles());
        assertEquals(8, Winograd.Plan.of(Winograd.F4, 8, 512, 8, 4, 512, 2).blockTiles());       // 16 tiles, 8 a thread
        // 384 channels: about 192 a block, evened out to 6 blocks of 176 (the last 144), 3 for each thread
        Winograd.Plan even = Winograd.Plan.of(Winograd.F4, 8, 384, 32, 64, 384, 2);
        assertEquals(176, even.blockTiles());
        assertEquals(6, even.blocks());
        assertEquals(128, Winograd.Plan.of(Winograd.F4, 8, 1024, 16, 32, 1024, 2).blockTiles());  // 256 tiles, 2 threads
        assertEquals(64, Winograd.Plan.of(Winograd.F4, 8, 1024, 16, 32, 1024, 4).blockTiles());   // and 4
    }

    @Test
    void coversOnly3x3Stride1Pad1AndPaysFrom16Channels() {
        assertTrue(Winograd.pays(new Conv2dGeometry(8, 128, 64, 32, 128, 3, 3, 1, 1, 1, 1)));
        assertFalse(Winograd.pays(new Conv2dGeometry(8, 1, 128, 64, 128, 3, 3, 1, 1, 1, 1)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 3, 3, 2, 2, 1, 1)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 5, 5, 1, 1, 1, 1)));
    }

    private static double normRelative(double[] expected, float[] actual) {
        double diff = 0, norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static float[] poisoned(int length) {
        float[] a = new float[length];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
