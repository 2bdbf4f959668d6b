package joules.tensor.cpu;

import java.util.SplittableRandom;
import joules.tensor.Reference;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The CPU backend against {@link Reference} for the operations whose own tests check them against inline
 * formulas (bias, activations, layout, gather) and for a Linear layer's backward, which is two more
 * products: the backend's floats within float32 rounding of the float64 definitions. Gemm, convolution,
 * pooling, the loss, the GRU and Adam are checked against the reference in their own tests.
 */
class CpuMatchesReferenceTest {
    private static final CpuBackend cpu = new CpuBackend(2);
    private final SplittableRandom rng = new SplittableRandom(23);

    @AfterAll static void close() { cpu.close(); }

    @Test
    void linearBackwardIsTheGemmGradients() {
        int n = 8, in = 300, out = 20;                     // y = x W^T: m = n, k = in, "n" = out
        float[] x = Check.random(rng, n * in, 1), w = Check.random(rng, out * in, 1), dy = Check.random(rng, n * out, 1);
        Tensor dw = Check.poisoned(cpu, out, in), dx = Check.poisoned(cpu, n, in);
        cpu.gemm(true, false, 1f, cpu.fromArray(dy, n, out), cpu.fromArray(x, n, in), 0f, dw);    // dW = dy^T x
        cpu.gemm(false, false, 1f, cpu.fromArray(dy, n, out), cpu.fromArray(w, out, in), 0f, dx);  // dx = dy W
        Check.close("dW", Reference.gemmGradB(false, true, n, out, in, 1, Check.toDouble(x), Check.toDouble(dy)), dw, 1e-5);
        Check.close("dx", Reference.gemmGradA(false, true, n, out, in, 1, Check.toDouble(w), Check.toDouble(dy)), dx, 1e-5);
    }

    @Test
    void biasAddAndGradient() {
        int n = 3, c = 5, h = 4, w = 6;
        float[] y = Check.random(rng, n * c * h * w, 1), bias = Check.random(rng, c, 1);
        Tensor ty = cpu.fromArray(y, n, c, h, w), db = Check.poisoned(cpu, c);
        cpu.addBias(ty, cpu.fromArray(bias, c));
        Check.close("addBias", Reference.addBias(Check.toDouble(y), Check.toDouble(bias), n, c, h * w), ty, 1e-7);
        cpu.biasGrad(cpu.fromArray(y, n, c, h, w), db);
        Check.close("biasGrad", Reference.biasGrad(Check.toDouble(y), n, c, h * w), db, 1e-6);
    }

    @Test
    void reluAndSigmoid() {
        int n = 1000;
        float[] x = Check.random(rng, n, 8), dy = Check.random(rng, n, 1);
        double[] xd = Check.toDouble(x);
        Tensor y = Check.poisoned(cpu, n), dx = Check.poisoned(cpu, n), s = Check.poisoned(cpu, n);
        cpu.reluForward(cpu.fromArray(x, n), y);
        Check.close("relu", Reference.relu(xd), y, 0);
        cpu.reluBackward(y, cpu.fromArray(dy, n), dx);
        Check.close("relu backward", Reference.reluBackward(Reference.relu(xd), Check.toDouble(dy)), dx, 0);
        cpu.sigmoidForward(cpu.fromArray(x, n), s);
        Check.close("sigmoid", Reference.sigmoid(xd), s, 1e-6);
    }

    @Test
    void sequenceLayoutAndGather() {
        int n = 3, c = 4, h = 2, w = 5;
        float[] x = Check.random(rng, n * c * h * w, 1);
        Tensor seq = Check.poisoned(cpu, h * w, n, c), back = Check.poisoned(cpu, n, c, h, w);
        cpu.nchwToSequence(cpu.fromArray(x, n, c, h, w), seq);
        Check.close("nchwToSequence", Reference.nchwToSequence(Check.toDouble(x), n, c, h, w), seq, 0);
        cpu.sequenceToNchw(seq, back);
        Check.close("sequenceToNchw", Reference.sequenceToNchw(Check.toDouble(seq.toArray()), n, c, h, w), back, 0);

        float[] idx = {4, 1, 1, 0, 5, 2};                   // x seen as 6 rows of c w values
        Tensor rows = Check.poisoned(cpu, 4, c * w);
        cpu.gatherRows(cpu.fromArray(x, 6, c * w), cpu.fromArray(idx, idx.length), 1, rows);
        Check.close("gatherRows", Reference.gatherRows(Check.toDouble(x), c * w, Check.toDouble(idx), 1, 4), rows, 0);
    }
}
