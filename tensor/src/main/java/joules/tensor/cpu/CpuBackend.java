package joules.tensor.cpu;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.ShapeCheck;
import joules.tensor.Storage;
import joules.tensor.Tensor;

/**
 * The pure-Java backend: every tensor is a window into a {@code float[]}, every operation a loop nest in
 * this package (one class per kind of operation), run on a fixed number of threads. It is the numerical
 * reference that the GPU backend is tested against. Calls are not meant to be made from several threads
 * at once (the scratch buffers are shared).
 */
public final class CpuBackend implements Backend {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Parallel par;
    private final AtomicLong liveBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();
    private final float[][] scratch = new float[Scratch.values().length][];

    /**
     * The scratch buffers the operations keep between calls, grown on demand: im2col's columns, and Winograd's
     * channels-last input, transformed weights (or the threads' weight-gradient accumulators) and
     * channels-last output gradient.
     */
    private enum Scratch { CONV_COLUMNS, CONV_PRODUCT, WINOGRAD_INPUT, WINOGRAD_WEIGHTS, WINOGRAD_GRADIENT }

    /** A backend on all the machine's cores. */
    public CpuBackend() { this(Runtime.getRuntime().availableProcessors()); }

    public CpuBackend(int threads) { this.par = new Parallel(threads); }

    public int threads() { return par.threads(); }

    @Override public String name() { return "cpu"; }

    @Override
    public String hardware() {
        return cpuModel() + ", " + par.threads() + (par.threads() == 1 ? " thread" : " threads");
    }

    /**
     * Which kernels this process runs: the Vector API ones (started with {@code --add-modules
     * jdk.incubator.vector}, as the {@code joules} launcher does for training) or the auto-vectorised one.
     */
    public static String kernels() {
        return vectorKernels() ? "Vector API kernels, " + VectorGemm.lanes() + " floats per register"
                : "auto-vectorised kernels (start java with --add-modules jdk.incubator.vector for the Vector API ones)";
    }

    /** Whether this process runs the Vector API kernels (see {@link #kernels}). */
    public static boolean vectorKernels() {
        return Simd.VECTOR;
    }

    /** The "model name" line of /proc/cpuinfo, or the architecture where there is none. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " CPU";
    }

    // ---- memory -------------------------------------------------------------------------------

    @Override
    public CpuStorage allocate(long length) {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the CPU backend holds at most " + (Integer.MAX_VALUE - 8)
                    + " floats in one storage, asked for " + length);
        }
        CpuStorage s = new CpuStorage(this, new float[(int) length]);
        track(s, 4L * length);
        return s;
    }

    /**
     * A new zero-filled tensor, its element 0 at {@link CacheLines#START} of its array: on a cache line when the
     * JVM places objects on 64-byte boundaries (the launcher's {@code -XX:ObjectAlignmentInBytes=64}), so that
     * the kernels' vectors from element 0, 16, 32 ... each lie in one line.
     */
    @Override
    public Tensor zeros(int... shape) {
        return new Tensor(allocate(CacheLines.START + Tensor.numel(shape)), CacheLines.START, shape);
    }

    /** Counts bytes as live until the garbage collector frees the owner, and keeps the high-water mark. */
    private void track(Object owner, long bytes) {
        long live = liveBytes.addAndGet(bytes);
        peakBytes.accumulateAndGet(live, Math::max);
        AtomicLong counter = liveBytes;
        CLEANER.register(owner, () -> counter.addAndGet(-bytes));
    }

    /**
     * The scratch buffer {@code which}, holding at least {@code length} floats from {@link CacheLines#START}
     * (Winograd's buffers start there, on a cache line; im2col's at 0).
     */
    private float[] scratch(Scratch which, long length) {
        float[] s = scratch[which.ordinal()];
        if (s == null || s.length < CacheLines.START + length) {
            s = CacheLines.floats(length);
            scratch[which.ordinal()] = s;
            track(s, 4L * s.length);
        }
        return s;
    }

    @Override public long peakMemoryBytes() { return peakBytes.get(); }

    @Override
    public void copyFromHost(float[] src, int srcOffset, Tensor dst) {
        System.arraycopy(src, srcOffset, data(dst), off(dst), n(dst));
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        System.arraycopy(data(src), off(src), dst, dstOffset, n(src));
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!(src.numel() == dst.numel())) {
            throw ShapeCheck.mismatch("copy", "element counts differ, " + shapeOf(src) + " vs " + shapeOf(dst));
        }
        System.arraycopy(data(src), off(src), data(dst), off(dst), n(src));
    }

    @Override
    public void fill(Tensor t, float value) {
        java.util.Arrays.fill(data(t), off(t), off(t) + n(t), value);
    }

    @Override public void synchronize() {}

    // ---- dense algebra ------------------------------------------------------------------------

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int k = ShapeCheck.gemm(transA, transB, a, b, c), m = c.dim(0), n = c.dim(1);
        Gemm.gemm(par, transA, transB, m, n, k, alpha, data(a), off(a), a.dim(1), data(b), off(b), b.dim(1),
                beta, data(c), off(c), n);
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        if (!(y.rank() >= 2 && bias.rank() == 1 && bias.dim(0) == y.dim(1))) {
            throw ShapeCheck.mismatch("addBias", "bias " + shapeOf(bias) + " does not match dimension 1 of "
                    + shapeOf(y));
        }
        Bias.add(par, data(y), off(y), data(bias), off(bias), y.dim(0), y.dim(1), inner(y));
    }

    @Override
    public void biasGrad(Tensor dy, Tensor dbias) {
        if (!(dy.rank() >= 2 && dbias.rank() == 1 && dbias.dim(0) == dy.dim(1))) {
            throw ShapeCheck.mismatch("biasGrad", "dbias " + shapeOf(dbias) + " does not match dimension 1 of "
                    + shapeOf(dy));
        }
        Bias.grad(par, data(dy), off(dy), data(dbias), off(dbias), dy.dim(0), dy.dim(1), inner(dy));
    }

    private static int inner(Tensor t) { return (int) (t.numel() / ((long) t.dim(0) * t.dim(1))); }

    // ---- convolution and pooling --------------------------------------------------------------

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor y, Conv2dGeometry g) {
        checkConv("conv2dForward", x, w, y, g);
        if (Conv2d.batchPays(g)) {
            Conv2d.forwardBatched(par, g, data(x), off(x), data(w), off(w), data(y), off(y), batchedColumns(g), batchedProduct(g));
        } else if (Winograd.pays(g)) {
            winogradForward(x, w, null, y, g);
        } else {
            Conv2d.forward(par, g, data(x), off(x), data(w), off(w), data(y), off(y), convColumns(g));
        }
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g) {
        checkConv("conv2dBackwardData", dx, w, dy, g);
        if (Conv2d.batchPays(g)) {
            Conv2d.backwardDataBatched(par, g, data(dy), off(dy), data(w), off(w), data(dx), off(dx), batchedColumns(g),
                    batchedProduct(g));
        } else if (Winograd.pays(g)) {
            Winograd.Plan p = Winograd.dataPlan(g, par.threads());
            Winograd.convolve(par, p, data(dy), off(dy), data(w), off(w), true, null, 0, data(dx), off(dx),
                    scratch(Scratch.WINOGRAD_INPUT, p.paddedFloats()), scratch(Scratch.WINOGRAD_WEIGHTS, p.weightFloats()));
        } else {
            Conv2d.backwardData(par, g, data(dy), off(dy), data(w), off(w), data(dx), off(dx), convColumns(g));
        }
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g) {
        checkConv("conv2dBackwardFilter", x, dw, dy, g);
        if (Conv2d.batchPays(g)) {
            Conv2d.backwardFilterBatched(par, g, data(x), off(x), data(dy), off(dy), data(dw), off(dw), batchedColumns(g),
                    batchedProduct(g));
        } else if (Winograd.pays(g)) {
            winogradBackward(x, null, dy, dw, null, null, g);
        } else {
            Conv2d.backwardFilter(par, g, data(x), off(x), data(dy), off(dy), data(dw), off(dw), convColumns(g));
        }
    }

    @Override
    public void conv2dForwardBias(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dGeometry g) {
        if (Winograd.pays(g)) {                 // the bias added in the output transform
            checkConv("conv2dForwardBias", x, w, y, g);
            ShapeCheck.shape("conv2dForwardBias", "bias", bias, g.outC());
            winogradForward(x, w, bias, y, g);
            return;
        }
        if (!(Simd.VECTOR && VectorSingleChannelConv.applies(g))) {
            Backend.super.conv2dForwardBias(x, w, bias, y, g);
            return;
        }
        checkConv("conv2dForwardBias", x, w, y, g);
        ShapeCheck.shape("conv2dForwardBias", "bias", bias, g.outC());
        VectorSingleChannelConv.forward(par, g, data(x), off(x), data(w), off(w), data(bias), off(bias), data(y), off(y));
    }

    @Override
    public void conv2dBackwardFilterBias(Tensor x, Tensor dy, Tensor dw, Tensor dbias, Conv2dGeometry g) {
        if (Winograd.pays(g)) {                 // the bias gradient summed while dy is laid out channels last
            checkConv("conv2dBackwardFilterBias", x, dw, dy, g);
            ShapeCheck.shape("conv2dBackwardFilterBias", "dbias", dbias, g.outC());
            winogradBackward(x, null, dy, dw, dbias, null, g);
            return;
        }
        if (!(Simd.VECTOR && VectorSingleChannelConv.applies(g))) {
            Backend.super.conv2dBackwardFilterBias(x, dy, dw, dbias, g);
            return;
        }
        checkConv("conv2dBackwardFilterBias", x, dw, dy, g);
        ShapeCheck.shape("conv2dBackwardFilterBias", "dbias", dbias, g.outC());
        VectorSingleChannelConv.backwardFilter(par, g, data(x), off(x), data(dy), off(dy), data(dw), off(dw),
                data(dbias), off(dbias));
    }

    @Override
    public void conv2dBackward(Tensor x, Tensor w, Tensor dy, Tensor dw, Tensor dbias, Tensor dx, Conv2dGeometry g) {
        if (!Winograd.pays(g)) {
            Backend.super.conv2dBackward(x, w, dy, dw, dbias, dx, g);
            return;
        }
        checkConv("conv2dBackward", x, dw, dy, g);
        checkConv("conv2dBackward", dx, w, dy, g);
        ShapeCheck.shape("conv2dBackward", "dbias", dbias, g.outC());
        winogradBackward(x, w, dy, dw, dbias, dx, g);
    }

    /** The first layer of the study's CNNs and CRNNs (one input channel), with the Vector API. */
    @Override
    public boolean fusesConvReluPool(Conv2dGeometry conv, Pool2dGeometry pool) {
        return Simd.VECTOR && VectorSingleChannelConv.fusesReluPool(conv, pool);
    }

    @Override
    public void convReluPoolForward(Tensor x, Tensor w, Tensor bias, Tensor pooled, Tensor where, Conv2dGeometry g,
                                    Pool2dGeometry p) {
        String op = "convReluPoolForward";
        checkConvReluPool(op, x, pooled, where, g, p);
        ShapeCheck.shape(op, "weight", w, g.weightShape());
        ShapeCheck.shape(op, "bias", bias, g.outC());
        VectorSingleChannelConv.forwardReluPool(par, g, data(x), off(x), data(w), off(w), data(bias), off(bias),
                data(pooled), off(pooled), data(where), off(where));
    }

    @Override
    public void convReluPoolBackward(Tensor x, Tensor where, Tensor dpooled, Tensor dw, Tensor dbias, Conv2dGeometry g,
                                     Pool2dGeometry p) {
        String op = "convReluPoolBackward";
        checkConvReluPool(op, x, dpooled, where, g, p);
        ShapeCheck.shape(op, "dw", dw, g.weightShape());
        ShapeCheck.shape(op, "dbias", dbias, g.outC());
        VectorSingleChannelConv.backwardReluPool(par, g, data(x), off(x), data(where), off(where), data(dpooled),
                off(dpooled), data(dw), off(dw), data(dbias), off(dbias));
    }

    /** 2 x 2 windows moved by 2 that tile the map, with the Vector API. */
    @Override
    public boolean fusesReluPool(Pool2dGeometry p) {
        return Simd.VECTOR && VectorPool.fusesReluPool(p);
    }

    @Override
    public void reluPoolForward(Tensor x, Tensor pooled, Tensor where, Pool2dGeometry p) {
        checkReluPool("reluPoolForward", x, pooled, where, p);
        VectorPool.reluPoolForward(par, p, data(x), off(x), data(pooled), off(pooled), data(where), off(where));
    }

    @Override
    public void reluPoolBackward(Tensor where, Tensor dpooled, Tensor dx, Pool2dGeometry p) {
        checkReluPool("reluPoolBackward", dx, dpooled, where, p);
        VectorPool.reluPoolBackward(par, p, data(where), off(where), data(dpooled), off(dpooled), data(dx), off(dx));
    }

    private void checkReluPool(String op, Tensor x, Tensor pooled, Tensor where, Pool2dGeometry p) {
        if (!fusesReluPool(p)) throw ShapeCheck.mismatch(op, "this backend does not fuse a ReLU with " + p);
        ShapeCheck.shape(op, "input", x, p.inputShape());
        ShapeCheck.shape(op, "pooled", pooled, p.outputShape());
        ShapeCheck.shape(op, "where", where, p.outputShape());
    }

    private void checkConvReluPool(String op, Tensor x, Tensor pooled, Tensor where, Conv2dGeometry g, Pool2dGeometry p) {
        if (!fusesConvReluPool(g, p)) throw ShapeCheck.mismatch(op, "this backend does not fuse " + g + " with " + p);
        ShapeCheck.shape(op, "input", x, g.inputShape());
        ShapeCheck.shape(op, "pooled", pooled, p.outputShape());
        ShapeCheck.shape(op, "where", where, p.outputShape());
    }

    private void winogradForward(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dGeometry g) {
        Winograd.Plan p = Winograd.forwardPlan(g, par.threads());
        Winograd.convolve(par, p, data(x), off(x), data(w), off(w), false, bias == null ? null : data(bias),
                bias == null ? 0 : off(bias), data(y), off(y),
                scratch(Scratch.WINOGRAD_INPUT, p.paddedFloats()), scratch(Scratch.WINOGRAD_WEIGHTS, p.weightFloats()));
    }

    /**
     * dw (and dbias, dx where not null) by Winograd: dy is laid out channels last once, for the data gradient
     * (its input) and the filter gradient. The data gradient runs first: the filter gradient's accumulators then
     * take the scratch that held its transformed weights.
     */
    private void winogradBackward(Tensor x, Tensor w, Tensor dy, Tensor dw, Tensor dbias, Tensor dx, Conv2dGeometry g) {
        Winograd.Plan filter = Winograd.filterPlan(g, par.threads());
        float[] gradient = scratch(Scratch.WINOGRAD_GRADIENT, filter.paddedGradientFloats());
        Winograd.padGradient(par, filter, data(dy), off(dy), gradient, dbias == null ? null : data(dbias),
                dbias == null ? 0 : off(dbias));
        if (dx != null) {
            Winograd.Plan p = Winograd.dataPlan(g, par.threads());
            Winograd.convolvePadded(par, p, gradient, data(w), off(w), true, null, 0, data(dx), off(dx),
                    scratch(Scratch.WINOGRAD_WEIGHTS, p.weightFloats()));
        }
        Winograd.backwardFilter(par, filter, data(x), off(x), gradient, data(dw), off(dw),
                scratch(Scratch.WINOGRAD_INPUT, filter.paddedFloats()),
                scratch(Scratch.WINOGRAD_WEIGHTS, Winograd.filterAccumulatorFloats(filter, par.threads())));
    }

    private float[] convColumns(Conv2dGeometry g) {
        return scratch(Scratch.CONV_COLUMNS, (long) Conv2d.colRows(g) * Conv2d.colCols(g));
    }

    private float[] batchedColumns(Conv2dGeometry g) { return scratch(Scratch.CONV_COLUMNS, Conv2d.batchedColFloats(g)); }

    private float[] batchedProduct(Conv2dGeometry g) { return scratch(Scratch.CONV_PRODUCT, Conv2d.batchedProductFloats(g)); }

    private static void checkConv(String op, Tensor x, Tensor w, Tensor y, Conv2dGeometry g) {
        ShapeCheck.shape(op, "input", x, g.inputShape());
        ShapeCheck.shape(op, "weight", w, g.weightShape());
        ShapeCheck.shape(op, "output", y, g.outputShape());
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, Pool2dGeometry g) {
        ShapeCheck.shape("maxPool2dForward", "input", x, g.inputShape());
        ShapeCheck.shape("maxPool2dForward", "output", y, g.outputShape());
        MaxPool2d.forward(par, g, data(x), off(x), data(y), off(y));
    }

    @Override
    public void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, Pool2dGeometry g) {
        ShapeCheck.shape("maxPool2dBackward", "input", x, g.inputShape());
        ShapeCheck.shape("maxPool2dBackward", "output", y, g.outputShape());
        ShapeCheck.shape("maxPool2dBackward", "dy", dy, g.outputShape());
        ShapeCheck.shape("maxPool2dBackward", "dx", dx, g.inputShape());
        MaxPool2d.backward(par, g, data(x), off(x), data(dy), off(dy), data(dx), off(dx));
    }

    // ---- activations and loss -----------------------------------------------------------------

    @Override
    public void reluForward(Tensor x, Tensor y) {
        ShapeCheck.same("reluForward", x, y);
        Activations.reluForward(par, data(x), off(x), data(y), off(y), n(x));
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        ShapeCheck.same("reluBackward", y, dy);
        ShapeCheck.same("reluBackward", dy, dx);
        Activations.reluBackward(par, data(y), off(y), data(dy), off(dy), data(dx), off(dx), n(y));
    }

    @Override
    public void sigmoidForward(Tensor x, Tensor y) {
        ShapeCheck.same("sigmoidForward", x, y);
        Activations.sigmoidForward(par, data(x), off(x), data(y), off(y), n(x));
    }

    @Override
    public void sigmoidBceLoss(Tensor logits, Tensor targets, Tensor dlogits, Tensor loss) {
        ShapeCheck.same("sigmoidBceLoss", logits, targets);
        ShapeCheck.same("sigmoidBceLoss", logits, dlogits);
        if (!(loss.numel() == 1)) {
            throw ShapeCheck.mismatch("sigmoidBceLoss", "loss must hold one element, has shape " + shapeOf(loss));
        }
        data(loss)[off(loss)] = Activations.sigmoidBce(data(logits), off(logits), data(targets), off(targets),
                data(dlogits), off(dlogits), n(logits));
    }

    // ---- recurrent ----------------------------------------------------------------------------

    @Override public long gruReserveSize(GruGeometry g) { return Gru.reserveSize(g); }

    @Override
    public void gruForward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                           Tensor y, Tensor reserve) {
        checkGru("gruForward", g, x, h0, wIh, wHh, bIh, bHh, y, reserve);
        Gru.forward(par, g, data(x), off(x), h0 == null ? null : data(h0), h0 == null ? 0 : off(h0),
                data(wIh), off(wIh), data(wHh), off(wHh), data(bIh), off(bIh), data(bHh), off(bHh),
                data(y), off(y), data(reserve), off(reserve));
    }

    @Override
    public void gruBackward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                            Tensor y, Tensor reserve, Tensor dy,
                            Tensor dx, Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh) {
        String op = "gruBackward";
        checkGru(op, g, x, h0, wIh, wHh, bIh, bHh, y, reserve);
        ShapeCheck.shape(op, "dy", dy, g.outputShape());
        if (dx != null) ShapeCheck.shape(op, "dx", dx, g.inputShape());
        ShapeCheck.same(op, wIh, dwIh);
        ShapeCheck.same(op, wHh, dwHh);
        ShapeCheck.same(op, bIh, dbIh);
        ShapeCheck.same(op, bHh, dbHh);
        Gru.backward(par, g, data(x), off(x), h0 == null ? null : data(h0), h0 == null ? 0 : off(h0),
                data(wIh), off(wIh), data(wHh), off(wHh), data(y), off(y), data(reserve), off(reserve),
                data(dy), off(dy), dx == null ? null : data(dx), dx == null ? 0 : off(dx),
                data(dwIh), off(dwIh), data(dwHh), off(dwHh), data(dbIh), off(dbIh), data(dbHh), off(dbHh));
    }

    private void checkGru(String op, GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh,
                          Tensor bHh, Tensor y, Tensor reserve) {
        ShapeCheck.shape(op, "x", x, g.inputShape());
        if (h0 != null) ShapeCheck.shape(op, "h0", h0, g.batch(), g.hidden());
        ShapeCheck.shape(op, "weight_ih", wIh, g.gates(), g.inputSize());
        ShapeCheck.shape(op, "weight_hh", wHh, g.gates(), g.hidden());
        ShapeCheck.shape(op, "bias_ih", bIh, g.gates());
        ShapeCheck.shape(op, "bias_hh", bHh, g.gates());
        ShapeCheck.shape(op, "y", y, g.outputShape());
        if (!(reserve.numel() >= gruReserveSize(g))) {
            throw ShapeCheck.mismatch(op, "reserve " + shapeOf(reserve) + " holds fewer than the "
                    + gruReserveSize(g) + " floats of " + g);
        }
    }

    // ---- layout -------------------------------------------------------------------------------

    @Override
    public void nchwToSequence(Tensor x, Tensor y) {
        if (!(x.rank() == 4)) throw ShapeCheck.mismatch("nchwToSequence", "x must be (n, c, h, w), got " + shapeOf(x));
        ShapeCheck.shape("nchwToSequence", "y", y, x.dim(2) * x.dim(3), x.dim(0), x.dim(1));
        Layout.nchwToSequence(par, data(x), off(x), data(y), off(y), x.dim(0), x.dim(1), x.dim(2), x.dim(3));
    }

    @Override
    public void sequenceToNchw(Tensor dy, Tensor dx) {
        if (!(dx.rank() == 4)) {
            throw ShapeCheck.mismatch("sequenceToNchw", "dx must be (n, c, h, w), got " + shapeOf(dx));
        }
        ShapeCheck.shape("sequenceToNchw", "dy", dy, dx.dim(2) * dx.dim(3), dx.dim(0), dx.dim(1));
        Layout.sequenceToNchw(par, data(dy), off(dy), data(dx), off(dx), dx.dim(0), dx.dim(1), dx.dim(2), dx.dim(3));
    }

    @Override
    public void gatherRows(Tensor src, Tensor indices, int start, Tensor dst) {
        int rows = dst.dim(0);
        if (!(src.rank() == dst.rank() && src.numel() / src.dim(0) == dst.numel() / rows)) {
            throw ShapeCheck.mismatch("gatherRows", "rows of src " + shapeOf(src) + " and dst " + shapeOf(dst)
                    + " differ");
        }
        if (!(start >= 0 && start + rows <= indices.numel())) {
            throw ShapeCheck.mismatch("gatherRows", "indices [" + start + ", " + (start + rows) + ") outside "
                    + shapeOf(indices));
        }
        int rowSize = (int) (dst.numel() / rows);
        float[] idx = data(indices), s = data(src), d = data(dst);
        for (int i = 0; i < rows; i++) {
            int r = (int) idx[off(indices) + start + i];
            if (r < 0 || r >= src.dim(0) || r != idx[off(indices) + start + i]) {
                throw new IndexOutOfBoundsException("gatherRows: index " + idx[off(indices) + start + i]
                        + " outside the " + src.dim(0) + " rows of " + shapeOf(src));
            }
            System.arraycopy(s, off(src) + r * rowSize, d, off(dst) + i * rowSize, rowSize);
        }
    }

    // ---- optimiser ----------------------------------------------------------------------------

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, AdamConfig cfg, int step) {
        if (!(params.numel() == grads.numel() && params.numel() == m.numel() && params.numel() == v.numel())) {
            throw ShapeCheck.mismatch("adamStep", "params " + shapeOf(params) + ", grads " + shapeOf(grads)
                    + ", m " + shapeOf(m) + ", v " + shapeOf(v) + " differ in size");
        }
        Adam.step(par, data(params), off(params), data(grads), off(grads), data(m), off(m), data(v), off(v),
                n(params), cfg, step);
    }

    @Override
    public void close() { par.close(); }

    // ---- helpers ------------------------------------------------------------------------------

    private float[] data(Tensor t) {
        Storage s = t.storage();
        if (!(s instanceof CpuStorage cpu) || s.backend() != this) {
            throw new IllegalArgumentException("tensor " + t + " does not live on this CPU backend");
        }
        return cpu.data();
    }

    private static int off(Tensor t) { return (int) t.offset(); }

    private static int n(Tensor t) { return (int) t.numel(); }

    private static String shapeOf(Tensor t) { return java.util.Arrays.toString(t.shape()); }
}
