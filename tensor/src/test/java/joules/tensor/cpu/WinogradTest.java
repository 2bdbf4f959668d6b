package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * sizes (tiles cut at the edges). F(2x2) stays within 2e-5 of the result's scale, F(4x4) within 1e-4.
 */
class WinogradTest {
    private static final Parallel two = new Parallel(2), one = new Parallel(1);

    @AfterAll static void close() { two.close(); one.close(); }

    @ParameterizedTest(name = "n={0} inC={1} {2}x{3} outC={4} threads={5} F({6}x{6})")
    @CsvSource({
            "1, 1, 4, 4, 1, 1, 2",     // one tile
            "1, 1, 6, 6, 1, 1, 4",
            "2, 3, 7, 5, 4, 2, 2",     // odd height and width: tiles cut at the edge
            "2, 3, 7, 5, 4, 2, 4",
            "8, 16, 8, 4, 24, 2, 4",   // batch 8, more output than input channels
            "3, 20, 9, 40, 6, 2, 2",   // rows of more tiles than a block holds
            "3, 20, 9, 40, 6, 2, 4",
            "8, 32, 16, 8, 32, 1, 4",  // several blocks on one thread
            "1, 5, 1, 3, 2, 2, 4",     // a single row
            "1, 128, 16, 8, 128, 2, 2", // the study's channel count: the sums the transforms' rounding adds up over
            "1, 128, 16, 8, 128, 2, 4"
    })
    void allThreePassesMatchTheDirectConvolution(int n, int inC, int h, int w, int outC, int threads, int tile) {
        Parallel par = threads == 1 ? one : two;
        Winograd.Transform f = tile == 2 ? Winograd.F2 : Winograd.F4;
        double rtol = tile == 2 ? 2e-5 : 1e-4;
        Conv2dGeometry g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(n * 7919L + inC * 31 + h * 7 + w + outC);
        float[] x = Check.random(rng, n * inC * h * w, 1), wt = Check.random(rng, outC * inC * 9, 0.5);
        float[] dy = Check.random(rng, n * outC * h * w, 1);
        float[] scratch = new float[(int) Winograd.scratch(f, g, threads)];

        float[] y = poisoned(n * outC * h * w + 3);
        Winograd.forward(f, par, g, x, 0, wt, 0, y, 3, scratch);
        Check.close("forward", Reference.conv2d(g, Check.toDouble(x), Check.toDouble(wt)), java.util.Arrays.copyOfRange(y, 3, y.length), rtol);

        float[] dx = poisoned(n * inC * h * w);
        Winograd.backwardData(f, par, g, dy, 0, wt, 0, dx, 0, scratch);
        Check.close("backward data", Reference.conv2dBackwardData(g, Check.toDouble(dy), Check.toDouble(wt)), dx, rtol);

        float[] dw = poisoned(outC * inC * 9);
        Winograd.backwardFilter(f, par, g, x, 0, dy, 0, dw, 0, scratch);
        Check.close("backward filter", Reference.conv2dBackwardFilter(g, Check.toDouble(x), Check.toDouble(dy)), dw, rtol);
    }

    /**
     * F(2x2)'s Vector API transforms (VectorWinograd, taken for Winograd.F2 itself) against the generic ones (taken
     * for an equal transform that is another object): the same sums in the same order, so the same floats.
     */
    @ParameterizedTest(name = "n={0} inC={1} {2}x{3} outC={4}")
    @CsvSource({"2, 3, 7, 5, 4", "3, 20, 9, 40, 6", "1, 5, 1, 3, 2", "2, 16, 32, 64, 16", "1, 4, 6, 33, 3"})
    void vectorTransformsGiveTheGenericFloats(int n, int inC, int h, int w, int outC) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        Winograd.Transform generic = Winograd.Transform.of(2, Winograd.F2.bt(), Winograd.F2.g(), Winograd.F2.at());
        Conv2dGeometry g = new Conv2dGeometry(n, inC, h, w, outC, 3, 3, 1, 1, 1, 1);
        SplittableRandom rng = new SplittableRandom(h * 131L + w);
        float[] x = Check.random(rng, n * inC * h * w, 1), wt = Check.random(rng, outC * inC * 9, 0.5);
        float[] dy = Check.random(rng, n * outC * h * w, 1);
        float[] scratch = new float[(int) Winograd.scratch(Winograd.F2, g, 2)];
        float[][] results = new float[6][];
        for (int run = 0; run < 2; run++) {
            Winograd.Transform f = run == 0 ? Winograd.F2 : generic;
            results[3 * run] = new float[n * outC * h * w];
            Winograd.forward(f, two, g, x, 0, wt, 0, results[3 * run], 0, scratch);
            results[3 * run + 1] = new float[n * inC * h * w];
            Winograd.backwardData(f, two, g, dy, 0, wt, 0, results[3 * run + 1], 0, scratch);
            results[3 * run + 2] = new float[outC * inC * 9];
            Winograd.backwardFilter(f, two, g, x, 0, dy, 0, results[3 * run + 2], 0, scratch);
        }
        String[] pass = {"forward", "backward data", "backward filter"};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < results[i].length; j++) {
                if (results[i][j] != results[3 + i][j]) {
                    throw new AssertionError(pass[i] + ": element " + j + " is " + results[i][j] + " with the vector transforms, "
                            + results[3 + i][j] + " with the generic ones");
                }
            }
        }
    }

    @Test
    void coversOnly3x3Stride1Pad1AndPaysFrom16Channels() {
        assertTrue(Winograd.pays(new Conv2dGeometry(8, 128, 64, 32, 128, 3, 3, 1, 1, 1, 1)));
        assertFalse(Winograd.pays(new Conv2dGeometry(8, 1, 128, 64, 128, 3, 3, 1, 1, 1, 1)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 3, 3, 2, 2, 1, 1)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 3, 3, 1, 1, 0, 0)));
        assertFalse(Winograd.applies(new Conv2dGeometry(8, 32, 64, 32, 32, 5, 5, 1, 1, 1, 1)));
    }

    private static float[] poisoned(int length) {
        float[] a = new float[length];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
