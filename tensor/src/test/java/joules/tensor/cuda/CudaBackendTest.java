package joules.tensor.cuda;

import static joules.tensor.cuda.GpuCheck.assertClose;
import static joules.tensor.cuda.GpuCheck.poisoned;
import static joules.tensor.cuda.GpuCheck.put;
import static joules.tensor.cuda.GpuCheck.random;
import static joules.tensor.cuda.GpuCheck.size;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the CUDA backend against the CPU backend (the reference) on fresh random inputs of
 * several shapes, outputs poisoned with NaN before each run. Norm-relative tolerances: 1e-5 for the
 * engine's kernels, 1e-4 for cuBLAS products, 1e-3 for cuDNN convolution, pooling and GRU. Skipped
 * without a GPU.
 */
@Tag("gpu")
class CudaBackendTest {
    static CudaBackend gpu;
    static CpuBackend cpu;

    @BeforeAll
    static void open() {
        gpu = CudaTestSupport.backend();
        cpu = new CpuBackend(2);
        System.out.println("[gpu] " + gpu.describe());
    }

    @AfterAll
    static void closeCpu() {
        if (cpu != null) cpu.close();
    }

    private static Tensor[] both(float[] v, int... shape) { return new Tensor[] {put(cpu, v, shape), put(gpu, v, shape)}; }

    // ---- memory

    @Test
    void copiesFillsAndViewsAtOffsets() {
        float[] v = random(100, 1);
        Tensor t = gpu.fromArray(v, 10, 10);
        assertArrayEquals(v, t.toArray());
        Tensor row3 = t.select(3);
        float[] back = row3.toArray();
        for (int i = 0; i < 10; i++) assertTrue(back[i] == v[30 + i]);
        Tensor dst = poisoned(gpu, 10);
        gpu.copy(row3, dst);
        assertArrayEquals(back, dst.toArray());
        gpu.fill(dst, 2.5f);
        for (float f : dst.toArray()) assertTrue(f == 2.5f);
        float[] zeros = gpu.zeros(7, 3).toArray();
        for (float f : zeros) assertTrue(f == 0f);
        assertTrue(gpu.peakMemoryBytes() >= 400, "peak " + gpu.peakMemoryBytes());
    }

    @Test
    void aTensorTooLargeForTheCardFailsWithTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.allocate(1L << 38));
        assertTrue(e.getMessage().contains("out of GPU memory on cuda:0") && e.getMessage().contains("free of"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    // ---- dense algebra

    @Test
    void gemmMatchesTheCpuForEveryTransposeAndShape() {
        int[][] mnk = {{1, 1, 1}, {7, 13, 5}, {8, 64, 8192}, {64, 32, 128}, {8, 10, 300}};
        long seed = 10;
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int[] aShape = ta ? new int[] {k, m} : new int[] {m, k};
                    int[] bShape = tb ? new int[] {n, k} : new int[] {k, n};
                    Tensor[] a = both(random(m * k, seed++), aShape);
                    Tensor[] b = both(random(k * n, seed++), bShape);
                    Tensor cc = cpu.zeros(m, n);
                    Tensor cg = poisoned(gpu, m, n);
                    cpu.gemm(ta, tb, 0.7f, a[0], b[0], 0f, cc);
                    gpu.gemm(ta, tb, 0.7f, a[1], b[1], 0f, cg);
                    assertClose(cc, cg, 1e-4, "gemm " + m + "x" + n + "x" + k + " tA=" + ta + " tB=" + tb);
                    Tensor[] acc = both(random(m * n, seed++), m, n);   // beta != 0 adds to what C holds
                    cpu.gemm(ta, tb, 1f, a[0], b[0], 0.5f, acc[0]);
                    gpu.gemm(ta, tb, 1f, a[1], b[1], 0.5f, acc[1]);
                    assertClose(acc[0], acc[1], 1e-4, "gemm beta=0.5 " + m + "x" + n + "x" + k + " tA=" + ta + " tB=" + tb);
                }
            }
        }
    }

    @Test
    void biasAddAndGradientForLinearAndConvolutionShapes() {
        int[][] shapes = {{8, 10}, {3, 5, 4, 6}, {8, 16, 64, 32}, {1, 1}};
        long seed = 100;
        for (int[] shape : shapes) {
            int channels = shape[1];
            float[] y0 = random(size(shape), seed++);
            Tensor[] y = both(y0, shape);
            Tensor[] bias = both(random(channels, seed++), channels);
            cpu.addBias(y[0], bias[0]);
            gpu.addBias(y[1], bias[1]);
            assertClose(y[0], y[1], 1e-5, "addBias " + java.util.Arrays.toString(shape));
            Tensor dbCpu = cpu.zeros(channels);
            cpu.biasGrad(y[0], dbCpu);
            Tensor dbGpu = poisoned(gpu, channels);
            gpu.biasGrad(y[1], dbGpu);
            assertClose(dbCpu, dbGpu, 1e-5, "biasGrad " + java.util.Arrays.toString(shape));
        }
    }

    // ---- activations and loss

    @Test
    void reluAndSigmoidForwardAndBackward() {
        long seed = 200;
        for (int n : new int[] {1, 257, 100_000}) {
            float[] x0 = random(n, seed++);
            for (int i = 0; i < n; i++) x0[i] *= 8;               // reach sigmoid's flat tails
            Tensor[] x = both(x0, n);
            Tensor yc = cpu.zeros(n);
            Tensor yg = poisoned(gpu, n);
            cpu.reluForward(x[0], yc);
            gpu.reluForward(x[1], yg);
            assertClose(yc, yg, 1e-5, "relu forward " + n);
            Tensor[] dy = both(random(n, seed++), n);
            Tensor dxc = cpu.zeros(n);
            Tensor dxg = poisoned(gpu, n);
            cpu.reluBackward(yc, dy[0], dxc);
            gpu.reluBackward(yg, dy[1], dxg);
            assertClose(dxc, dxg, 1e-5, "relu backward " + n);
            cpu.sigmoidForward(x[0], yc);
            gpu.sigmoidForward(x[1], yg);
            assertClose(yc, yg, 1e-5, "sigmoid " + n);
            gpu.reluForward(x[1], x[1]);                          // in place
            cpu.reluForward(x[0], x[0]);
            assertClose(x[0], x[1], 1e-5, "relu in place " + n);
        }
    }

    @Test
    void sigmoidBceLossAndGradient() {
        long seed = 300;
        for (int[] shape : new int[][] {{8, 10}, {1, 10}, {3, 7}, {64, 10}}) {
            int n = size(shape);
            float[] logits = random(n, seed++);
            for (int i = 0; i < n; i++) logits[i] *= 12;
            float[] targets = random(n, seed++);
            for (int i = 0; i < n; i++) targets[i] = targets[i] > 0.3f ? 1f : 0f;
            Tensor[] x = both(logits, shape);
            Tensor[] t = both(targets, shape);
            Tensor dc = cpu.zeros(shape), lc = cpu.zeros(1);
            Tensor dg = poisoned(gpu, shape), lg = poisoned(gpu, 1);
            cpu.sigmoidBceLoss(x[0], t[0], dc, lc);
            gpu.sigmoidBceLoss(x[1], t[1], dg, lg);
            assertClose(lc, lg, 1e-5, "BCE loss " + n);
            assertClose(dc, dg, 1e-5, "BCE gradient " + n);
        }
    }

    // ---- convolution and pooling

    static final List<Conv2dGeometry> CONVS = List.of(
            new Conv2dGeometry(2, 1, 16, 8, 4, 3, 3, 1, 1, 1, 1),
            new Conv2dGeometry(3, 4, 9, 7, 5, 3, 3, 1, 1, 1, 1),
            new Conv2dGeometry(1, 3, 8, 8, 2, 3, 3, 2, 2, 0, 0),
            new Conv2dGeometry(8, 1, 128, 64, 16, 3, 3, 1, 1, 1, 1),
            new Conv2dGeometry(8, 32, 32, 16, 32, 3, 3, 1, 1, 1, 1));

    @Test
    void convolutionForwardAndBothBackwardsOnCudnn() {
        long seed = 400;
        for (Conv2dGeometry g : CONVS) {
            Tensor[] x = both(random(size(g.inputShape()), seed++), g.inputShape());
            Tensor[] w = both(random(size(g.weightShape()), seed++), g.weightShape());
            Tensor[] dy = both(random(size(g.outputShape()), seed++), g.outputShape());
            Tensor yc = cpu.zeros(g.outputShape());
            Tensor yg = poisoned(gpu, g.outputShape());
            cpu.conv2dForward(x[0], w[0], yc, g);
            gpu.conv2dForward(x[1], w[1], yg, g);
            assertClose(yc, yg, 1e-3, "conv forward " + g);
            Tensor dxc = cpu.zeros(g.inputShape());
            Tensor dxg = poisoned(gpu, g.inputShape());
            cpu.conv2dBackwardData(dy[0], w[0], dxc, g);
            gpu.conv2dBackwardData(dy[1], w[1], dxg, g);
            assertClose(dxc, dxg, 1e-3, "conv backward data " + g);
            Tensor dwc = cpu.zeros(g.weightShape());
            Tensor dwg = poisoned(gpu, g.weightShape());
            cpu.conv2dBackwardFilter(x[0], dy[0], dwc, g);
            gpu.conv2dBackwardFilter(x[1], dy[1], dwg, g);
            assertClose(dwc, dwg, 1e-3, "conv backward filter " + g);
        }
    }

    @Test
    void maxPoolForwardAndBackwardOnCudnn() {
        long seed = 500;
        for (Pool2dGeometry g : List.of(new Pool2dGeometry(2, 3, 8, 6, 2, 2, 2, 2), new Pool2dGeometry(8, 16, 128, 64, 2, 2, 2, 2),
                new Pool2dGeometry(1, 2, 7, 5, 2, 2, 2, 2), new Pool2dGeometry(2, 2, 9, 9, 3, 3, 2, 2))) {
            Tensor[] x = both(random(size(g.inputShape()), seed++), g.inputShape());   // random: no ties
            Tensor yc = cpu.zeros(g.outputShape());
            Tensor yg = poisoned(gpu, g.outputShape());
            cpu.maxPool2dForward(x[0], yc, g);
            gpu.maxPool2dForward(x[1], yg, g);
            assertClose(yc, yg, 1e-5, "max pool forward " + g);
            Tensor[] dy = both(random(size(g.outputShape()), seed++), g.outputShape());
            Tensor dxc = cpu.zeros(g.inputShape());
            Tensor dxg = poisoned(gpu, g.inputShape());
            cpu.maxPool2dBackward(x[0], yc, dy[0], dxc, g);
            gpu.maxPool2dBackward(x[1], yg, dy[1], dxg, g);
            assertClose(dxc, dxg, 1e-3, "max pool backward " + g);
        }
    }

    // ---- recurrent

    @Test
    void gruForwardAndBackwardOnCudnnMatchPyTorchsEquationsOnTheCpu() {
        long seed = 600;
        for (GruGeometry g : List.of(new GruGeometry(1, 8, 64, 16), new GruGeometry(12, 3, 5, 7), new GruGeometry(4, 2, 16, 16),
                new GruGeometry(32, 8, 16, 32))) {
            for (boolean withH0 : new boolean[] {false, true}) {
                int gates = g.gates();
                Tensor[] x = both(random(size(g.inputShape()), seed++), g.inputShape());
                Tensor[] h0 = withH0 ? both(random(g.batch() * g.hidden(), seed++), g.batch(), g.hidden()) : new Tensor[2];
                Tensor[] wIh = both(random(gates * g.inputSize(), seed++), gates, g.inputSize());
                Tensor[] wHh = both(random(gates * g.hidden(), seed++), gates, g.hidden());
                Tensor[] bIh = both(random(gates, seed++), gates);
                Tensor[] bHh = both(random(gates, seed++), gates);
                Tensor[] dy = both(random(size(g.outputShape()), seed++), g.outputShape());
                Tensor yc = cpu.zeros(g.outputShape());
                Tensor yg = poisoned(gpu, g.outputShape());
                Tensor rc = cpu.zeros((int) Math.max(1, cpu.gruReserveSize(g)));
                Tensor rg = gpu.zeros((int) gpu.gruReserveSize(g));
                cpu.gruForward(g, x[0], h0[0], wIh[0], wHh[0], bIh[0], bHh[0], yc, rc);
                gpu.gruForward(g, x[1], h0[1], wIh[1], wHh[1], bIh[1], bHh[1], yg, rg);
                String what = g + (withH0 ? " with h0" : "");
                assertClose(yc, yg, 1e-3, "GRU forward " + what);
                Tensor dxc = cpu.zeros(g.inputShape()), dwIhc = cpu.zeros(gates, g.inputSize()), dwHhc = cpu.zeros(gates, g.hidden());
                Tensor dbIhc = cpu.zeros(gates), dbHhc = cpu.zeros(gates);
                Tensor dxg = poisoned(gpu, g.inputShape()), dwIhg = poisoned(gpu, gates, g.inputSize());
                Tensor dwHhg = poisoned(gpu, gates, g.hidden()), dbIhg = poisoned(gpu, gates), dbHhg = poisoned(gpu, gates);
                cpu.gruBackward(g, x[0], h0[0], wIh[0], wHh[0], bIh[0], bHh[0], yc, rc, dy[0], dxc, dwIhc, dwHhc, dbIhc, dbHhc);
                gpu.gruBackward(g, x[1], h0[1], wIh[1], wHh[1], bIh[1], bHh[1], yg, rg, dy[1], dxg, dwIhg, dwHhg, dbIhg, dbHhg);
                assertClose(dxc, dxg, 1e-3, "GRU dx " + what);
                assertClose(dwIhc, dwIhg, 1e-3, "GRU dweight_ih " + what);
                assertClose(dwHhc, dwHhg, 1e-3, "GRU dweight_hh " + what);
                assertClose(dbIhc, dbIhg, 1e-3, "GRU dbias_ih " + what);
                assertClose(dbHhc, dbHhg, 1e-3, "GRU dbias_hh " + what);
                // a reserve serves one backward (cuDNN's backward-data writes it): forward again before the next
                gpu.gruForward(g, x[1], h0[1], wIh[1], wHh[1], bIh[1], bHh[1], yg, rg);
                gpu.fill(dwIhg, Float.NaN);
                gpu.gruBackward(g, x[1], h0[1], wIh[1], wHh[1], bIh[1], bHh[1], yg, rg, dy[1], null, dwIhg, dwHhg, dbIhg, dbHhg);
                assertClose(dwIhc, dwIhg, 1e-3, "GRU dweight_ih without dx " + what);
            }
        }
    }

    // ---- layout, gather, optimiser

    @Test
    void sequenceLayoutRoundTrip() {
        long seed = 700;
        for (int[] s : new int[][] {{2, 3, 4, 5}, {8, 16, 8, 4}, {1, 1, 1, 1}}) {
            int n = s[0], c = s[1], h = s[2], w = s[3];
            Tensor[] x = both(random(size(s), seed++), s);
            Tensor yc = cpu.zeros(h * w, n, c);
            Tensor yg = poisoned(gpu, h * w, n, c);
            cpu.nchwToSequence(x[0], yc);
            gpu.nchwToSequence(x[1], yg);
            assertClose(yc, yg, 1e-7, "nchwToSequence");
            Tensor dxc = cpu.zeros(s);
            Tensor dxg = poisoned(gpu, s);
            cpu.sequenceToNchw(yc, dxc);
            gpu.sequenceToNchw(yg, dxg);
            assertClose(dxc, dxg, 1e-7, "sequenceToNchw");
            assertClose(x[0], dxg, 1e-7, "round trip");
        }
    }

    @Test
    void gatherRowsReadsTheShuffledBatch() {
        int rows = 20, width = 6;
        Tensor[] src = both(random(rows * width, 800), rows, width);
        float[] order = new float[rows];
        for (int i = 0; i < rows; i++) order[i] = (i * 7) % rows;
        Tensor[] idx = both(order, rows);
        for (int start : new int[] {0, 5, 16}) {
            int batch = Math.min(4, rows - start);
            Tensor dc = cpu.zeros(batch, width);
            Tensor dg = poisoned(gpu, batch, width);
            cpu.gatherRows(src[0], idx[0], start, dc);
            gpu.gatherRows(src[1], idx[1], start, dg);
            assertClose(dc, dg, 1e-7, "gatherRows from " + start);
        }
    }

    /** The kernel takes the CPU's scalars (AdamScalars) and keeps its operation order: the same bits, not just close. */
    @Test
    void adamMatchesTheCpuBitForBitOverSeveralSteps() {
        int n = 10_001;
        for (AdamConfig cfg : new AdamConfig[] {AdamConfig.defaults(), new AdamConfig(0.05f, 0.8f, 0.99f, 1e-6f)}) {
            Tensor[] p = both(random(n, 900), n);
            Tensor[] m = both(new float[n], n);
            Tensor[] v = both(new float[n], n);
            for (int step = 1; step <= 5; step++) {
                Tensor[] g = both(random(n, 900 + step), n);
                cpu.adamStep(p[0], g[0], m[0], v[0], cfg, step);
                gpu.adamStep(p[1], g[1], m[1], v[1], cfg, step);
            }
            assertArrayEquals(p[0].toArray(), p[1].toArray(), cfg + ": Adam parameters");
            assertArrayEquals(m[0].toArray(), m[1].toArray(), cfg + ": Adam first moment");
            assertArrayEquals(v[0].toArray(), v[1].toArray(), cfg + ": Adam second moment");
        }
    }

    @Test
    void tensorsOfAnotherBackendAreRefused() {
        Tensor onCpu = cpu.zeros(4);
        Tensor onGpu = gpu.zeros(4);
        assertThrows(IllegalArgumentException.class, () -> gpu.reluForward(onCpu, onGpu));
    }

    static Backend cpu() { return cpu; }
}
