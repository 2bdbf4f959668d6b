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
