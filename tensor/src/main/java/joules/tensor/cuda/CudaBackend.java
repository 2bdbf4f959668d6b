package joules.tensor.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Arrays;
import joules.tensor.AdamConfig;
import joules.tensor.AdamScalars;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.ShapeCheck;
import joules.tensor.StepCapture;
import joules.tensor.StepGraph;
import joules.tensor.Storage;
import joules.tensor.Tensor;

/**
 * The GPU backend: the operations of {@link Backend} on one CUDA device. Dense products run on cuBLAS,
 * convolution, pooling and the GRU on cuDNN, everything else on the engine's own kernels
 * ({@code joules/kernels/*.cu}, see {@link Kernels}). The device itself (context, stream, memory, cuDNN
 * workspace, the step slots and CUDA graph capture) is {@link CudaRuntime}.
 *
 * <p>Operations only queue work; {@link #copyToHost} and {@link #synchronize} wait for it. Nothing on the
 * hot path allocates after the first training step (cuDNN plans and workspaces are sized then), so a whole
 * step can be recorded as a CUDA graph and replayed: see {@link #stepCapture()} and {@link StepGraph}.
 *
 * <p>A backend is used by one thread at a time (the CUDA context is made current on the calling thread).
 * FP32 throughout; TF32 tensor cores only with {@code -Djoules.cuda.tf32=true}.
 */
public final class CudaBackend implements Backend {
    private static final long CUBLAS_WORKSPACE = 32L << 20;   // cuBLAS asks for 32 MiB on Hopper; set so graphs need no cudaMalloc

    private final CudaLibraries libs;
    private final CudaRuntime gpu;
    private final boolean tf32;
    private final Pointer cublas;
    private final Pointer cudnn;
    private final Kernels kernels;
    private final Launcher launcher;
    private final CudnnConv conv;
    private final CudnnGru gru;

    /**
     * Opens {@code cuda:index}.
     *
     * @throws IllegalArgumentException one line naming what is missing (driver, library, device) and where it looked
     */
    public static CudaBackend open(int index) {
        String device = "cuda:" + index;
        CudaLibraries libs;
        try {
            libs = CudaLibraries.load();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("device '" + device + "': the CUDA backend is not available: " + e.getMessage());
        }
        int rc = libs.cu.cuInit(0);
        if (rc != 0) {
            throw new IllegalArgumentException("device '" + device + "': the CUDA backend is not available: cuInit failed with "
                    + CudaException.errorName(libs.cu, rc));
        }
        IntByReference count = new IntByReference();
        CudaException.check(libs.cu, libs.cu.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (index < 0 || index >= count.getValue()) {
            throw new IllegalArgumentException("device '" + device + "' does not exist: this machine has " + count.getValue()
                    + " CUDA device(s)" + (count.getValue() > 0 ? ", cuda:0 to cuda:" + (count.getValue() - 1) : ""));
        }
        return new CudaBackend(libs, index);
    }

    private CudaBackend(CudaLibraries libs, int ordinal) {
        this.libs = libs;
        this.tf32 = Boolean.getBoolean("joules.cuda.tf32");
        this.gpu = new CudaRuntime(libs.cu, ordinal);

        PointerByReference handle = new PointerByReference();
        Cublas blas = libs.cublas;
        CudaException.checkCublas(blas.cublasCreate_v2(handle), "cublasCreate_v2");
        this.cublas = CudaException.value(handle, "cublasCreate_v2");
        CudaException.checkCublas(blas.cublasSetStream_v2(cublas, gpu.stream), "cublasSetStream_v2");
        CudaException.checkCublas(blas.cublasSetPointerMode_v2(cublas, Cublas.CUBLAS_POINTER_MODE_HOST), "cublasSetPointerMode_v2");
        CudaException.checkCublas(blas.cublasSetMathMode(cublas, tf32 ? Cublas.CUBLAS_TF32_TENSOR_OP_MATH : Cublas.CUBLAS_DEFAULT_MATH),
                "cublasSetMathMode");
        long cublasWorkspace = gpu.memory.allocate(CUBLAS_WORKSPACE, "cuBLAS workspace");
        CudaException.checkCublas(blas.cublasSetWorkspace_v2(cublas, new Pointer(cublasWorkspace), CUBLAS_WORKSPACE),
                "cublasSetWorkspace_v2");

        CudaException.checkCudnn(libs.cudnn, libs.cudnn.cudnnCreate(handle), "cudnnCreate");
        this.cudnn = CudaException.value(handle, "cudnnCreate");
        CudaException.checkCudnn(libs.cudnn, libs.cudnn.cudnnSetStream(cudnn, gpu.stream), "cudnnSetStream");

        this.kernels = new Kernels(libs, gpu.ccMajor, gpu.ccMinor);
        this.launcher = new Launcher(libs.cu, gpu.stream, gpu.multiprocessors);
        this.conv = new CudnnConv(libs.cudnn, cudnn, tf32);
        this.gru = new CudnnGru(gpu, libs.cudnn, cudnn, tf32);
    }

    // ---- identity ------------------------------------------------------------------------------

    @Override public String name() { return gpu.name; }
    @Override public String hardware() { return gpu.hardware; }

    /** "NVIDIA H100 80GB HBM3, sm_90, 132 SMs, driver CUDA 13.0, cuBLAS libcublas.so.13, cuDNN 9.13.0, FP32". */
    public String describe() {
        long v = libs.cudnn.cudnnGetVersion();
        return gpu.hardware + ", sm_" + gpu.ccMajor + gpu.ccMinor + ", " + gpu.multiprocessors + " SMs, driver CUDA " + libs.driverVersion / 1000
                + "." + libs.driverVersion % 1000 / 10 + ", " + libs.found.get(2).file().getFileName() + ", cuDNN " + v / 10000
                + "." + v % 10000 / 100 + "." + v % 100 + ", " + (tf32 ? "TF32 allowed" : "FP32 (no TF32)") + ", " + kernels.summary();
    }

    public int computeCapabilityMajor() { return gpu.ccMajor; }
    public int computeCapabilityMinor() { return gpu.ccMinor; }

    // ---- memory --------------------------------------------------------------------------------

    @Override
    public Storage allocate(long length) {
        gpu.notCapturing("allocate");
        gpu.makeCurrent();
        long address = gpu.memory.allocate(4 * length, "a tensor of " + length + " floats");
        gpu.memsetInts(address, 0, length);
        return new DeviceStorage(this, address, length);
    }

    @Override
    public void copyFromHost(float[] src, int srcOffset, Tensor dst) {
        gpu.notCapturing("copyFromHost");
        gpu.makeCurrent();
        long n = dst.numel();
        if (srcOffset < 0 || srcOffset + n > src.length) {
            throw new IllegalArgumentException("copyFromHost: " + n + " floats from offset " + srcOffset + " of an array of " + src.length);
        }
        if (n == 0) return;
        Memory staging = new Memory(4 * n);
        staging.write(0, src, srcOffset, (int) n);
        gpu.check(libs.cu.cuMemcpyHtoDAsync_v2(address(dst), staging, 4 * n, gpu.stream), "cuMemcpyHtoDAsync_v2");
        gpu.drain();                 // the staging buffer must outlive the copy
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        gpu.notCapturing("copyToHost");
        gpu.makeCurrent();
        long n = src.numel();
        if (dstOffset < 0 || dstOffset + n > dst.length) {
            throw new IllegalArgumentException("copyToHost: " + n + " floats to offset " + dstOffset + " of an array of " + dst.length);
        }
        if (n == 0) return;
        Memory staging = new Memory(4 * n);
        gpu.check(libs.cu.cuMemcpyDtoHAsync_v2(staging, address(src), 4 * n, gpu.stream), "cuMemcpyDtoHAsync_v2");
        gpu.drain();
        staging.read(0, dst, dstOffset, (int) n);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (src.numel() != dst.numel()) throw ShapeCheck.mismatch("copy", src.numel() + " floats into " + dst.numel());
        gpu.makeCurrent();
        gpu.copyDevice(address(dst), address(src), 4 * src.numel());
    }

    @Override
    public void fill(Tensor t, float value) {
        gpu.makeCurrent();
        gpu.memsetInts(address(t), Float.floatToRawIntBits(value), t.numel());
    }

    @Override
    public void synchronize() {
        gpu.notCapturing("synchronize");
        gpu.makeCurrent();
        gpu.drain();
    }

    @Override
    public long peakMemoryBytes() { return gpu.memory.peak(); }

    /** Bytes of device memory this backend holds now. */
    public long heldMemoryBytes() { return gpu.memory.held(); }

    // ---- dense algebra -------------------------------------------------------------------------

    /**
     * C = alpha op(A) op(B) + beta C, row-major. cuBLAS is column-major, and a row-major matrix is the
     * column-major storage of its transpose, so the product is computed as C^T = op(B)^T op(A)^T: cuBLAS is
     * called with the operands swapped (B first), m and n swapped, and each leading dimension being the
     * row length of the stored row-major matrix.
     */
    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int k = ShapeCheck.gemm(transA, transB, a, b, c), m = c.dim(0), n = c.dim(1);
        gpu.makeCurrent();
        CudaException.checkCublas(libs.cublas.cublasSgemm_v2(cublas,
                transB ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N, transA ? Cublas.CUBLAS_OP_T : Cublas.CUBLAS_OP_N,
                n, m, k, new float[] {alpha}, pointer(b), b.dim(1), pointer(a), a.dim(1), new float[] {beta}, pointer(c), n),
                "cublasSgemm_v2(m=" + m + ", n=" + n + ", k=" + k + ")");
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        if (y.rank() < 2 || bias.numel() != y.dim(1)) {
            throw ShapeCheck.mismatch("addBias", "bias of " + bias.numel() + " for " + Arrays.toString(y.shape()));
        }
        gpu.makeCurrent();
        long inner = y.numel() / ((long) y.dim(0) * y.dim(1));
        launch("bias", "add_bias", launcher.blocksFor(y.numel()), address(y), address(bias), y.numel(), y.dim(1), inner);
    }

    @Override
    public void biasGrad(Tensor dy, Tensor dbias) {
        if (dy.rank() < 2 || dbias.numel() != dy.dim(1)) {
            throw ShapeCheck.mismatch("biasGrad", "dbias of " + dbias.numel() + " for " + Arrays.toString(dy.shape()));
        }
        gpu.makeCurrent();
        long inner = dy.numel() / ((long) dy.dim(0) * dy.dim(1));
        launch("bias", "bias_grad", dy.dim(1), address(dy), address(dbias), (long) dy.dim(0), dy.dim(1), inner);
    }

    // ---- convolution and pooling ---------------------------------------------------------------

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor y, Conv2dGeometry g) {
        ShapeCheck.shape("conv2dForward", "x", x, g.inputShape());
        ShapeCheck.shape("conv2dForward", "w", w, g.weightShape());
        ShapeCheck.shape("conv2dForward", "y", y, g.outputShape());
        gpu.makeCurrent();
        CudnnConv.ConvPlan p = conv.conv(g);
        CudnnConv.Algo algo = conv.forward(p);
        long ws = gpu.workspace(algo.workspace());
        checkDnn(libs.cudnn.cudnnConvolutionForward(cudnn, ONE, p.x, pointer(x), p.w, pointer(w), algo.conv(), algo.algo(),
                nullable(ws), algo.workspace(), ZERO, p.y, pointer(y)), "cudnnConvolutionForward");
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g) {
        ShapeCheck.shape("conv2dBackwardData", "dy", dy, g.outputShape());
        ShapeCheck.shape("conv2dBackwardData", "w", w, g.weightShape());
        ShapeCheck.shape("conv2dBackwardData", "dx", dx, g.inputShape());
        gpu.makeCurrent();
        CudnnConv.ConvPlan p = conv.conv(g);
        CudnnConv.Algo algo = conv.backwardData(p);
        long ws = gpu.workspace(algo.workspace());
        checkDnn(libs.cudnn.cudnnConvolutionBackwardData(cudnn, ONE, p.w, pointer(w), p.y, pointer(dy), algo.conv(), algo.algo(),
                nullable(ws), algo.workspace(), ZERO, p.x, pointer(dx)), "cudnnConvolutionBackwardData");
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g) {
        ShapeCheck.shape("conv2dBackwardFilter", "x", x, g.inputShape());
        ShapeCheck.shape("conv2dBackwardFilter", "dy", dy, g.outputShape());
        ShapeCheck.shape("conv2dBackwardFilter", "dw", dw, g.weightShape());
        gpu.makeCurrent();
        CudnnConv.ConvPlan p = conv.conv(g);
        CudnnConv.Algo algo = conv.backwardFilter(p);
        long ws = gpu.workspace(algo.workspace());
        checkDnn(libs.cudnn.cudnnConvolutionBackwardFilter(cudnn, ONE, p.x, pointer(x), p.y, pointer(dy), algo.conv(), algo.algo(),
                nullable(ws), algo.workspace(), ZERO, p.w, pointer(dw)), "cudnnConvolutionBackwardFilter");
    }

    @Override
    public void maxPool2dForward(Tensor x, Tensor y, Pool2dGeometry g) {
        ShapeCheck.shape("maxPool2dForward", "x", x, g.inputShape());
        ShapeCheck.shape("maxPool2dForward", "y", y, g.outputShape());
        gpu.makeCurrent();
        CudnnConv.PoolPlan p = conv.pool(g);
        checkDnn(libs.cudnn.cudnnPoolingForward(cudnn, p.pool, ONE, p.x, pointer(x), ZERO, p.y, pointer(y)), "cudnnPoolingForward");
    }

    /**
     * cuDNN routes each window's gradient to its maximum. On exact ties (a window of equal values) it may
     * pick another position than PyTorch's first-in-row-major; in the models a pool follows a ReLU, whose
     * backward zeroes the tied zeros anyway, so training is unaffected.
     */
    @Override
    public void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, Pool2dGeometry g) {
        ShapeCheck.shape("maxPool2dBackward", "x", x, g.inputShape());
        ShapeCheck.shape("maxPool2dBackward", "y", y, g.outputShape());
        ShapeCheck.shape("maxPool2dBackward", "dy", dy, g.outputShape());
        ShapeCheck.shape("maxPool2dBackward", "dx", dx, g.inputShape());
        gpu.makeCurrent();
        CudnnConv.PoolPlan p = conv.pool(g);
        checkDnn(libs.cudnn.cudnnPoolingBackward(cudnn, p.pool, ONE, p.y, pointer(y), p.y, pointer(dy), p.x, pointer(x), ZERO,
                p.x, pointer(dx)), "cudnnPoolingBackward");
    }

    // ---- activations and loss ------------------------------------------------------------------

    @Override
    public void reluForward(Tensor x, Tensor y) {
        if (x.numel() != y.numel()) throw ShapeCheck.mismatch("reluForward", x.numel() + " vs " + y.numel() + " elements");
        gpu.makeCurrent();
        launch("elementwise", "relu_forward", launcher.blocksFor(x.numel()), address(x), address(y), x.numel());
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        ShapeCheck.require(y.numel() == dy.numel() && dy.numel() == dx.numel(), "reluBackward", "element counts differ");
        gpu.makeCurrent();
        launch("elementwise", "relu_backward", launcher.blocksFor(y.numel()), address(y), address(dy), address(dx), y.numel());
    }

    @Override
    public void sigmoidForward(Tensor x, Tensor y) {
        if (x.numel() != y.numel()) throw ShapeCheck.mismatch("sigmoidForward", x.numel() + " vs " + y.numel() + " elements");
        gpu.makeCurrent();
        launch("elementwise", "sigmoid_forward", launcher.blocksFor(x.numel()), address(x), address(y), x.numel());
    }

    @Override
    public void sigmoidBceLoss(Tensor logits, Tensor targets, Tensor dlogits, Tensor loss) {
        ShapeCheck.same("sigmoidBceLoss", logits, targets);
        ShapeCheck.same("sigmoidBceLoss", logits, dlogits);
        if (loss.numel() != 1) throw ShapeCheck.mismatch("sigmoidBceLoss", "loss must hold one element, has " + loss.numel());
        gpu.makeCurrent();
        launch("loss", "sigmoid_bce", 1, address(logits), address(targets), address(dlogits), address(loss), logits.numel());
    }

    // ---- recurrent -----------------------------------------------------------------------------

    @Override
    public long gruReserveSize(GruGeometry g) {
        gpu.makeCurrent();
        return (gru.plan(g).reserveBytes + 3) / 4;
    }

    @Override
    public void gruForward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                           Tensor y, Tensor reserve) {
        checkGru("gruForward", g, x, h0, wIh, wHh, bIh, bHh, y);
        gpu.makeCurrent();
        CudnnGru.Plan p = gru.plan(g);
        checkReserve("gruForward", p, reserve);
        gru.pack(p, new long[] {address(wIh), address(wHh), address(bIh), address(bHh)});
        gru.forward(p, address(x), h0 == null ? 0 : address(h0), address(y), address(reserve), gpu.workspace(p.workBytes));
    }

    @Override
    public void gruBackward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                            Tensor y, Tensor reserve, Tensor dy,
                            Tensor dx, Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh) {
        checkGru("gruBackward", g, x, h0, wIh, wHh, bIh, bHh, y);
        ShapeCheck.shape("gruBackward", "dy", dy, g.outputShape());
        if (dx != null) ShapeCheck.shape("gruBackward", "dx", dx, g.inputShape());
        ShapeCheck.same("gruBackward", wIh, dwIh);
        ShapeCheck.same("gruBackward", wHh, dwHh);
        ShapeCheck.same("gruBackward", bIh, dbIh);
        ShapeCheck.same("gruBackward", bHh, dbHh);
        gpu.makeCurrent();
        CudnnGru.Plan p = gru.plan(g);
        checkReserve("gruBackward", p, reserve);
        gru.pack(p, new long[] {address(wIh), address(wHh), address(bIh), address(bHh)});
        gru.backward(p, address(x), h0 == null ? 0 : address(h0), address(y), address(dy), dx == null ? 0 : address(dx),
                address(reserve), gpu.workspace(p.workBytes));
        gru.unpackGradients(p, new long[] {address(dwIh), address(dwHh), address(dbIh), address(dbHh)});
    }

    private void checkGru(String where, GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor y) {
        ShapeCheck.shape(where, "x", x, g.inputShape());
        ShapeCheck.shape(where, "y", y, g.outputShape());
        ShapeCheck.shape(where, "weight_ih", wIh, g.gates(), g.inputSize());
        ShapeCheck.shape(where, "weight_hh", wHh, g.gates(), g.hidden());
        ShapeCheck.shape(where, "bias_ih", bIh, g.gates());
        ShapeCheck.shape(where, "bias_hh", bHh, g.gates());
        if (h0 != null && h0.numel() != (long) g.batch() * g.hidden()) {
            throw ShapeCheck.mismatch(where, "h0 has " + h0.numel() + " elements, expected " + g.batch() + " x " + g.hidden());
        }
    }

    private void checkReserve(String where, CudnnGru.Plan p, Tensor reserve) {
        if (4 * reserve.numel() < p.reserveBytes) {
            throw ShapeCheck.mismatch(where, "reserve holds " + reserve.numel() + " floats, cuDNN needs "
                    + (p.reserveBytes + 3) / 4 + " (ask gruReserveSize)");
        }
        if (address(reserve) % 16 != 0) {
            throw new IllegalArgumentException(where + ": the reserve tensor must start on a 16-byte boundary (a tensor of its own)");
        }
    }

    // ---- layout --------------------------------------------------------------------------------

    @Override
    public void nchwToSequence(Tensor x, Tensor y) {
        if (x.rank() != 4) throw ShapeCheck.mismatch("nchwToSequence", "x must be (N, C, H, W), is " + Arrays.toString(x.shape()));
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        ShapeCheck.shape("nchwToSequence", "y", y, h * w, n, c);
        gpu.makeCurrent();
        launch("layout", "nchw_to_sequence", launcher.blocksFor(x.numel()), address(x), address(y), n, c, h, w);
    }

    @Override
    public void sequenceToNchw(Tensor dy, Tensor dx) {
        if (dx.rank() != 4) throw ShapeCheck.mismatch("sequenceToNchw", "dx must be (N, C, H, W), is " + Arrays.toString(dx.shape()));
        int n = dx.dim(0), c = dx.dim(1), h = dx.dim(2), w = dx.dim(3);
        ShapeCheck.shape("sequenceToNchw", "dy", dy, h * w, n, c);
        gpu.makeCurrent();
        launch("layout", "sequence_to_nchw", launcher.blocksFor(dx.numel()), address(dy), address(dx), n, c, h, w);
    }

    /** The start goes through the runtime's step slots (written now, or by each replay of a captured step). */
    @Override
    public void gatherRows(Tensor src, Tensor indices, int start, Tensor dst) {
        int rows = dst.dim(0);
        long rowLength = rows == 0 ? 0 : dst.numel() / rows;
        if (rowLength <= 0 || src.numel() % rowLength != 0) {
            throw ShapeCheck.mismatch("gatherRows", "rows of " + rowLength + " floats do not divide the source "
                    + Arrays.toString(src.shape()));
        }
        if (start < 0 || start + rows > indices.numel()) {
            throw ShapeCheck.mismatch("gatherRows", "indices [" + start + ", " + (start + rows) + ") outside the "
                    + indices.numel() + " indices");
        }
        gpu.makeCurrent();
        gpu.batchStart(start);
        launch("layout", "gather_rows", launcher.blocksFor(dst.numel()), address(src), address(indices), gpu.batchStartSlot(),
                address(dst), rows, rowLength);
    }

    // ---- optimiser -----------------------------------------------------------------------------

    @Override
    public void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, AdamConfig cfg, int step) {
        long n = params.numel();
        ShapeCheck.require(grads.numel() == n && m.numel() == n && v.numel() == n, "adamStep",
                "params, grads, m and v must have equal element counts");
        if (step < 1) throw ShapeCheck.mismatch("adamStep", "step counts from 1, got " + step);
        gpu.makeCurrent();
        AdamScalars s = AdamScalars.of(cfg, step);
        gpu.adamStep(cfg, step, s);         // -step_size and sqrt(1 - b2^t) through the step slots
        // the scalars that do not change with the step are kernel arguments (frozen into a captured graph)
        launch("adam", "adam_step", launcher.blocksFor(n), address(params), address(grads), address(m), address(v), n,
                s.b1(), s.oneMinusB1(), s.b2(), s.oneMinusB2(), s.eps(), gpu.adamSlots());
    }

    // ---- whole steps ---------------------------------------------------------------------------

    /** Records and replays training steps as CUDA graphs (the runtime's stream capture). */
    @Override
    public StepCapture stepCapture() { return gpu; }

    // ---- helpers -------------------------------------------------------------------------------

    /** The runtime under this backend, for the package's tests. */
    CudaRuntime runtime() { return gpu; }

    private void launch(String file, String kernel, int blocks, Object... args) {
        launcher.launch(kernels.function(file, kernel), kernel, kernels.signature(file, kernel), blocks, args);
    }

    private long address(Tensor t) {
        if (!(t.storage() instanceof DeviceStorage s) || s.backend() != this) {
            throw new IllegalArgumentException("tensor " + t + " does not live on " + gpu.name);
        }
        return s.address(t.offset());
    }

    private Pointer pointer(Tensor t) { return new Pointer(address(t)); }

    private static Pointer nullable(long address) { return address == 0 ? null : new Pointer(address); }

    private static final float[] ONE = {1f};
    private static final float[] ZERO = {0f};

    private void checkDnn(int status, String function) { CudaException.checkCudnn(libs.cudnn, status, function); }

    /** Free memory and total memory of the card, in bytes. */
    public long[] cardMemory() { return gpu.cardMemory(); }

    @Override
    public void close() {
        if (gpu.closed()) return;
        gpu.makeCurrent();
        gpu.abort();
        gpu.drain();
        conv.close();
        gru.close();
        kernels.close();
        libs.cudnn.cudnnDestroy(cudnn);
        libs.cublas.cublasDestroy_v2(cublas);
        gpu.close();
    }
}
