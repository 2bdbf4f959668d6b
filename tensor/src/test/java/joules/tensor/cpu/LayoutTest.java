package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    /**
     * Small odd shapes (one float at a time) and shapes with whole blocks of 16 positions and 16 channels, which
     * the Vector API path transposes in registers, with channels and positions left over (a CRNN's 64 channels).
     */
    @ParameterizedTest(name = "n={0} c={1} h={2} w={3}")
    @CsvSource({"3, 5, 4, 7", "2, 40, 6, 8", "3, 64, 5, 7", "1, 16, 4, 4"})
    void nchwToSequenceAndBack(int n, int c, int h, int w) {
        SplittableRandom rng = new SplittableRandom(6);
        float[] x = Check.random(rng, n * c * h * w, 1);
        Tensor seq = Check.poisoned(cpu, h * w, n, c);
        cpu.nchwToSequence(cpu.fromArray(x, n, c, h, w), seq);
        float[] expected = new float[x.length];
        for (int ni = 0; ni < n; ni++)
            for (int ci = 0; ci < c; ci++)
                for (int hi = 0; hi < h; hi++)
                    for (int wi = 0; wi < w; wi++)
                        expected[((hi * w + wi) * n + ni) * c + ci] = x[((ni * c + ci) * h + hi) * w + wi];
        Check.exact("sequence", expected, seq.toArray());
        Tensor back = Check.poisoned(cpu, n, c, h, w);
        cpu.sequenceToNchw(seq, back);
        Check.exact("round trip", x, back.toArray());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> cpu.nchwToSequence(cpu.zeros(n, c, h, w), cpu.zeros(h * w, c, n)));
        assertTrue(e.getMessage().contains("[" + h * w + ", " + c + ", " + n + "]")
                && e.getMessage().contains("[" + h * w + ", " + n + ", " + c + "]"), e.getMessage());
    }

    @Test
    void gatherRowsFollowsTheIndices() {
        float[] src = new float[6 * 4];
        for (int i = 0; i < src.length; i++) src[i] = i;
        Tensor data = cpu.fromArray(src, 6, 2, 2);
        Tensor idx = cpu.fromArray(new float[] {9, 9, 5, 0, 3, 3}, 6);
        Tensor dst = Check.poisoned(cpu, 4, 2, 2);
        cpu.gatherRows(data, idx, 2, dst);
        Check.exact("rows 5, 0, 3, 3", new float[] {20, 21, 22, 23, 0, 1, 2, 3, 12, 13, 14, 15, 12, 13, 14, 15}, dst.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> cpu.gatherRows(data, idx, 0, cpu.zeros(1, 2, 2)));
        assertThrows(ShapeMismatchException.class, () -> cpu.gatherRows(data, idx, 0, cpu.zeros(1, 3, 2)));
    }
}
