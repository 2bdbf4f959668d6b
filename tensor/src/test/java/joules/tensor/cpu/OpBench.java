package joules.tensor.cpu;

import java.util.Locale;
import java.util.SplittableRandom;
import joules.tensor.AdamConfig;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;

/**
 * Times the CPU backend's operations at the shapes of the study's models (batch 8), forward and backward,
 * and prints one CSV row per operation: the same table bench/cpu/pytorch_ops.py prints for PyTorch.
 * The first row is a large square SGEMM, the machine's measured peak for this backend.
 *
 * <p>A benchmark, not a test (surefire does not pick it up): it lives with the tests so that the engine's
 * main sources hold only the engine. Run it with the Vector API, as {@code joules bench} runs training:
 * <pre>
 *   mvn -q -pl tensor test-compile
 *   java --add-modules jdk.incubator.vector -cp tensor/target/classes:tensor/target/test-classes \
 *       joules.tensor.cpu.OpBench [threads] [seconds per op]
 * </pre>
 */
public final class OpBench {
    private final CpuBackend cpu;
    private final double seconds;
    private final SplittableRandom rng = new SplittableRandom(1);

    private OpBench(CpuBackend cpu, double seconds) {
        this.cpu = cpu;
        this.seconds = seconds;
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        try (CpuBackend cpu = new CpuBackend(threads)) {
            System.out.println("# joules cpu backend, " + cpu.hardware() + ", java " + System.getProperty("java.version"));
            System.out.println("op,shape,pass,ms,gflops");
            new OpBench(cpu, seconds).run();
        }
    }

    private void run() {
        gemmSquare(2048);
        for (int[] io : new int[][] {{8192, 512}, {8192, 2048}, {2048, 2048}, {8192, 4096}}) linear(8, io[0], io[1]);
        conv(new Conv2dGeometry(8, 1, 128, 64, 128, 3, 3, 1, 1, 1, 1), false);
        conv(new Conv2dGeometry(8, 128, 64, 32, 128, 3, 3, 1, 1, 1, 1), true);
        conv(new Conv2dGeometry(8, 64, 64, 32, 64, 3, 3, 1, 1, 1, 1), true);
        pool(new Pool2dGeometry(8, 128, 128, 64, 2, 2, 2, 2));
        relu(8, 128, 128, 64);
        gru(new GruGeometry(1, 8, 8192, 512));
        gru(new GruGeometry(2048, 8, 64, 64));
        gru(new GruGeometry(2048, 8, 512, 256));
        gru(new GruGeometry(512, 8, 512, 256));
        adam(4_194_304 + 5_120 + 522);
        adam(8192 * 2048 + 3 * 2048 * 2048 + 2048 * 10 + 4 * 2048 + 10);
    }

    private Tensor random(int... shape) {
        Tensor t = cpu.zeros(shape);
        float[] v = new float[(int) t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        cpu.copyFromHost(v, 0, t);
        return t;
    }

    /** Runs the body until {@code seconds} have passed (at least 3 times, after one warm-up) and returns the median ms. */
    private double time(Runnable body) {
        body.run();
        java.util.List<Double> ms = new java.util.ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < 3 || (System.nanoTime() - start < seconds * 1e9 && ms.size() < 1000)) {
            long t0 = System.nanoTime();
            body.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        java.util.Collections.sort(ms);
        return ms.get(ms.size() / 2);
    }

    private void row(String op, String shape, String pass, double ms, double flops) {
        System.out.println(String.format(Locale.ROOT, "%s,%s,%s,%.3f,%.1f", op, shape, pass, ms, flops / ms / 1e6));
    }

    private void gemmSquare(int n) {
        Tensor a = random(n, n), b = random(n, n), c = cpu.zeros(n, n);
        row("sgemm", n + "x" + n + "x" + n, "fwd", time(() -> cpu.gemm(false, false, 1f, a, b, 0f, c)), 2.0 * n * n * n);
    }

    /** y = x W^T (+ b); backward: dx = dy W, dW = dy^T x, db = column sums of dy. */
    private void linear(int batch, int in, int out) {
        Tensor x = random(batch, in), w = random(out, in), b = random(out), y = cpu.zeros(batch, out);
        Tensor dy = random(batch, out), dx = cpu.zeros(batch, in), dw = cpu.zeros(out, in), db = cpu.zeros(out);
        String shape = batch + "x" + in + "->" + out;
        double flops = 2.0 * batch * in * out;
        row("linear", shape, "fwd", time(() -> {
            cpu.gemm(false, true, 1f, x, w, 0f, y);
            cpu.addBias(y, b);
        }), flops);
        row("linear", shape, "bwd", time(() -> {
            cpu.gemm(false, false, 1f, dy, w, 0f, dx);
            cpu.gemm(true, false, 1f, dy, x, 0f, dw);
            cpu.biasGrad(dy, db);
        }), 2 * flops);
    }

    private void conv(Conv2dGeometry g, boolean withDx) {
        Tensor x = random(g.inputShape()), w = random(g.weightShape()), b = random(g.outC()), y = cpu.zeros(g.outputShape());
        Tensor dy = random(g.outputShape()), dx = cpu.zeros(g.inputShape()), dw = cpu.zeros(g.weightShape()), db = cpu.zeros(g.outC());
        String shape = g.n() + "x" + g.inC() + "x" + g.inH() + "x" + g.inW() + "->" + g.outC() + " k" + g.kH();
        double flops = 2.0 * g.n() * g.outC() * g.outH() * g.outW() * g.inC() * g.kH() * g.kW();
        row("conv2d", shape, "fwd", time(() -> {
            cpu.conv2dForward(x, w, y, g);
            cpu.addBias(y, b);
        }), flops);
        if (withDx) row("conv2d", shape, "bwd data", time(() -> cpu.conv2dBackwardData(dy, w, dx, g)), flops);
        row("conv2d", shape, "bwd filter", time(() -> {
            cpu.conv2dBackwardFilter(x, dy, dw, g);
            cpu.biasGrad(dy, db);
        }), flops);
    }

    private void pool(Pool2dGeometry g) {
        Tensor x = random(g.inputShape()), y = cpu.zeros(g.outputShape()), dy = random(g.outputShape()), dx = cpu.zeros(g.inputShape());
        String shape = g.n() + "x" + g.c() + "x" + g.inH() + "x" + g.inW() + " k" + g.kH();
        double flops = (double) x.numel();
        row("maxpool2d", shape, "fwd", time(() -> cpu.maxPool2dForward(x, y, g)), flops);
        row("maxpool2d", shape, "bwd", time(() -> cpu.maxPool2dBackward(x, y, dy, dx, g)), flops);
    }

    private void relu(int... shape) {
        Tensor x = random(shape), y = cpu.zeros(shape), dy = random(shape), dx = cpu.zeros(shape);
        String s = shape[0] + "x" + shape[1] + "x" + shape[2] + "x" + shape[3];
        row("relu", s, "fwd", time(() -> cpu.reluForward(x, y)), x.numel());
        row("relu", s, "bwd", time(() -> cpu.reluBackward(y, dy, dx)), x.numel());
    }

    private void gru(GruGeometry g) {
        Tensor x = random(g.inputShape()), wIh = random(g.gates(), g.inputSize()), wHh = random(g.gates(), g.hidden());
        Tensor bIh = random(g.gates()), bHh = random(g.gates()), y = cpu.zeros(g.outputShape());
        Tensor reserve = cpu.zeros((int) cpu.gruReserveSize(g)), dy = random(g.outputShape());
        Tensor dx = cpu.zeros(g.inputShape()), dwIh = cpu.zeros(g.gates(), g.inputSize()), dwHh = cpu.zeros(g.gates(), g.hidden());
        Tensor dbIh = cpu.zeros(g.gates()), dbHh = cpu.zeros(g.gates());
        String shape = "T" + g.steps() + " B" + g.batch() + " I" + g.inputSize() + " H" + g.hidden();
        double flops = 2.0 * g.steps() * g.batch() * g.gates() * (g.inputSize() + g.hidden());
        row("gru", shape, "fwd", time(() -> cpu.gruForward(g, x, null, wIh, wHh, bIh, bHh, y, reserve)), flops);
        row("gru", shape, "bwd", time(() -> cpu.gruBackward(g, x, null, wIh, wHh, bIh, bHh, y, reserve, dy,
                dx, dwIh, dwHh, dbIh, dbHh)), 2 * flops);
    }

    private void adam(int n) {
        Tensor p = random(n), g = random(n), m = cpu.zeros(n), v = cpu.zeros(n);
        int[] step = {0};
        row("adam", String.valueOf(n), "step", time(() -> cpu.adamStep(p, g, m, v, AdamConfig.defaults(), ++step[0])), 13.0 * n);
    }
}
