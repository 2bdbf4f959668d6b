package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ReLU and 2 x 2 max pooling as one operation (a convolution block after the first) against the two run one after
 * another: the same pooled floats and the same input gradient, on random inputs and on small integers (windows
 * with equal maxima, and windows whose maximum is 0 or negative, where the ReLU passes no gradient).
 */
class ReluPoolTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    @ParameterizedTest(name = "n={0} c={1} {2}x{3} integers={4}")
    @CsvSource({"8, 16, 64, 32, false", "8, 16, 64, 32, true", "2, 5, 6, 40, false", "2, 5, 6, 40, true",
            "1, 3, 4, 34, true"})
    void theFusedPassesGiveTheFloatsOfReluThenPooling(int n, int c, int h, int w, boolean integers) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused passes run with the Vector API");
        Pool2dGeometry p = new Pool2dGeometry(n, c, h, w, 2, 2, 2, 2);
        assertTrue(cpu.fusesReluPool(p));
        SplittableRandom rng = new SplittableRandom(n * 31L + c + h + w);
        Tensor x = cpu.fromArray(Check.values(rng, n * c * h * w, integers ? 2 : 0), p.inputShape());
        Tensor dp = cpu.fromArray(Check.values(rng, p.n() * p.c() * p.outH() * p.outW(), 0), p.outputShape());

        Tensor relu = cpu.zeros(p.inputShape()), pooled = cpu.zeros(p.outputShape()), dx = cpu.zeros(p.inputShape());
        cpu.reluForward(x, relu);
        cpu.maxPool2dForward(relu, pooled, p);
        cpu.maxPool2dBackward(relu, pooled, dp, dx, p);
        cpu.reluBackward(relu, dx, dx);

        Tensor fused = Check.poisoned(cpu, p.outputShape()), where = Check.poisoned(cpu, p.outputShape());
        Tensor fusedDx = Check.poisoned(cpu, p.inputShape());
        cpu.reluPoolForward(x, fused, where, p);
        cpu.reluPoolBackward(where, dp, fusedDx, p);
        Check.sameFloats("pooled", pooled.toArray(), fused.toArray());
        Check.sameFloats("input gradient", dx.toArray(), fusedDx.toArray());
    }

    /**
     * A NaN wins its window, with its sign bit set or not (x86 makes NaNs with it set: 0 times infinity), as
     * Math.max and PyTorch give; infinities are values like any other. The fused forward takes the maximum on the
     * floats' bits as ints, where a NaN with its sign bit set is a negative int.
     */
    @Test
    void aNaNWinsItsWindowWhateverItsSign() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused passes run with the Vector API");
        Pool2dGeometry p = new Pool2dGeometry(1, 2, 4, 40, 2, 2, 2, 2);
        float[] v = Check.values(new SplittableRandom(5), 2 * 4 * 40, 0);
        float negativeNaN = Float.intBitsToFloat(0xFFC0_0000), positiveNaN = Float.intBitsToFloat(0x7FC0_0000);
        v[0] = positiveNaN;                                 // window (0, 0, 0), top left
        v[40 + 3] = negativeNaN;                            // window (0, 0, 1), bottom right, beside positive values
        for (int i : new int[] {4, 5, 44, 45}) v[i] = -Math.abs(v[i]) - 1;   // window (0, 0, 2): negatives and a NaN
        v[45] = negativeNaN;
        v[160 + 2 * 40 + 6] = Float.POSITIVE_INFINITY;      // channel 1, window (1, 3)
        v[160 + 2 * 40 + 8] = Float.NEGATIVE_INFINITY;      // channel 1, window (1, 4)
        v[160 + 3 * 40 + 38] = negativeNaN;                 // channel 1, the last window of the last row
        Tensor x = cpu.fromArray(v, p.inputShape());
        Tensor relu = cpu.zeros(p.inputShape()), pooled = cpu.zeros(p.outputShape());
        cpu.reluForward(x, relu);
        cpu.maxPool2dForward(relu, pooled, p);
        Tensor fused = Check.poisoned(cpu, p.outputShape()), where = Check.poisoned(cpu, p.outputShape());
        cpu.reluPoolForward(x, fused, where, p);
        float[] y = fused.toArray();
        for (int window : new int[] {0, 1, 2, 40 + 20 + 19}) assertTrue(Float.isNaN(y[window]), "window " + window + ": " + y[window]);
        org.junit.jupiter.api.Assertions.assertEquals(Float.POSITIVE_INFINITY, y[40 + 20 + 3]);
        Check.sameFloats("pooled", pooled.toArray(), y);
    }

    @Test
    void takesWholeTwoByTwoWindowsInRowsOfAVectorOrMore() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "the fused passes run with the Vector API");
        assertTrue(cpu.fusesReluPool(new Pool2dGeometry(8, 128, 64, 32, 2, 2, 2, 2)));
        assertFalse(cpu.fusesReluPool(new Pool2dGeometry(8, 128, 64, 33, 2, 2, 2, 2)));   // a column no window covers
        assertFalse(cpu.fusesReluPool(new Pool2dGeometry(8, 128, 63, 32, 2, 2, 2, 2)));   // a row no window covers
        assertFalse(cpu.fusesReluPool(new Pool2dGeometry(8, 128, 8, 4, 2, 2, 2, 2)));     // 2 windows a row
        assertFalse(cpu.fusesReluPool(new Pool2dGeometry(8, 128, 64, 32, 3, 3, 2, 2)));   // a 3 x 3 window
    }
}
