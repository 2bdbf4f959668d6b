package joules.tensor.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.HashMap;
import java.util.Map;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Pool2dGeometry;

/**
 * Convolution and max pooling on cuDNN. One plan per geometry holds the descriptors and, found once on
 * first use, the fastest algorithm of each direction with its workspace size. Finding runs the candidate
 * algorithms (cudnnFind*), so it happens in the first, uncaptured training step; a captured step only
 * replays the chosen algorithms.
 *
 * <p>FP32 throughout. Without TF32 ({@code -Djoules.cuda.tf32=true} allows it) the convolution descriptors
 * use CUDNN_FMA_MATH and algorithms that report tensor-op math are skipped. With TF32 each direction's
 * chosen algorithm may want another math type, and the math type is a property of the convolution
 * descriptor: so each direction has a descriptor of its own (one shared descriptor would keep the math
 * type chosen last, and the other directions would run with a math type their workspace was not sized for).
 */
final class CudnnConv implements AutoCloseable {
    /** The largest workspace an algorithm may ask for; slower algorithms that need less are taken instead. */
    private static final long MAX_WORKSPACE = 1L << 30;

    private final Cudnn dnn;
    private final Pointer handle;
    private final boolean tf32;
    private final Map<Conv2dGeometry, ConvPlan> convPlans = new HashMap<>();
    private final Map<Pool2dGeometry, PoolPlan> poolPlans = new HashMap<>();

    CudnnConv(Cudnn dnn, Pointer handle, boolean tf32) {
        this.dnn = dnn;
        this.handle = handle;
        this.tf32 = tf32;
    }

    /** An algorithm, the workspace bytes it needs, and the convolution descriptor (with its math type) to call it with. */
    record Algo(int algo, long workspace, Pointer conv) {}

    final class ConvPlan {
        final Pointer x, w, y;
        /** One convolution descriptor per direction: forward, backward data, backward filter. */
        final Pointer forwardConv, dataConv, filterConv;
        Algo forward, backwardData, backwardFilter;

        ConvPlan(Conv2dGeometry g) {
            x = tensor4d(g.n(), g.inC(), g.inH(), g.inW());
            y = tensor4d(g.n(), g.outC(), g.outH(), g.outW());
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreateFilterDescriptor(ref), "cudnnCreateFilterDescriptor");
            w = CudaException.value(ref, "cudnnCreateFilterDescriptor");
            check(dnn.cudnnSetFilter4dDescriptor(w, Cudnn.CUDNN_DATA_FLOAT, Cudnn.CUDNN_TENSOR_NCHW, g.outC(), g.inC(), g.kH(), g.kW()),
                    "cudnnSetFilter4dDescriptor");
            forwardConv = convolution(g);
            dataConv = convolution(g);
            filterConv = convolution(g);
        }

        private Pointer convolution(Conv2dGeometry g) {
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreateConvolutionDescriptor(ref), "cudnnCreateConvolutionDescriptor");
            Pointer conv = CudaException.value(ref, "cudnnCreateConvolutionDescriptor");
            check(dnn.cudnnSetConvolution2dDescriptor(conv, g.padH(), g.padW(), g.strideH(), g.strideW(), 1, 1,
                    Cudnn.CUDNN_CROSS_CORRELATION, Cudnn.CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor");
            check(dnn.cudnnSetConvolutionMathType(conv, tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH),
                    "cudnnSetConvolutionMathType");
            return conv;
        }

        void close() {
            dnn.cudnnDestroyTensorDescriptor(x);
            dnn.cudnnDestroyTensorDescriptor(y);
            dnn.cudnnDestroyFilterDescriptor(w);
            dnn.cudnnDestroyConvolutionDescriptor(forwardConv);
            dnn.cudnnDestroyConvolutionDescriptor(dataConv);
            dnn.cudnnDestroyConvolutionDescriptor(filterConv);
        }
    }

    final class PoolPlan {
        final Pointer x, y, pool;

        PoolPlan(Pool2dGeometry g) {
            x = tensor4d(g.n(), g.c(), g.inH(), g.inW());
            y = tensor4d(g.n(), g.c(), g.outH(), g.outW());
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreatePoolingDescriptor(ref), "cudnnCreatePoolingDescriptor");
            pool = CudaException.value(ref, "cudnnCreatePoolingDescriptor");
            check(dnn.cudnnSetPooling2dDescriptor(pool, Cudnn.CUDNN_POOLING_MAX_DETERMINISTIC, Cudnn.CUDNN_NOT_PROPAGATE_NAN,
                    g.kH(), g.kW(), 0, 0, g.strideH(), g.strideW()), "cudnnSetPooling2dDescriptor");
        }

        void close() {
            dnn.cudnnDestroyTensorDescriptor(x);
            dnn.cudnnDestroyTensorDescriptor(y);
            dnn.cudnnDestroyPoolingDescriptor(pool);
        }
    }

    ConvPlan conv(Conv2dGeometry g) { return convPlans.computeIfAbsent(g, ConvPlan::new); }

    PoolPlan pool(Pool2dGeometry g) { return poolPlans.computeIfAbsent(g, PoolPlan::new); }

    /** The fastest forward algorithm for the plan, found once. */
    Algo forward(ConvPlan p) {
        if (p.forward == null) {
            IntByReference max = new IntByReference();
            check(dnn.cudnnGetConvolutionForwardAlgorithmMaxCount(handle, max), "cudnnGetConvolutionForwardAlgorithmMaxCount");
            Memory perf = perfBuffer(max.getValue());
            IntByReference returned = new IntByReference();
            check(dnn.cudnnFindConvolutionForwardAlgorithm(handle, p.x, p.w, p.forwardConv, p.y, max.getValue(), returned, perf),
                    "cudnnFindConvolutionForwardAlgorithm");
            Algo a = choose(p.forwardConv, perf, returned.getValue(), "forward");
            LongByReference bytes = new LongByReference();       // asked after the math type is set: what the call will need
            check(dnn.cudnnGetConvolutionForwardWorkspaceSize(handle, p.x, p.w, p.forwardConv, p.y, a.algo(), bytes),
                    "cudnnGetConvolutionForwardWorkspaceSize");
            p.forward = new Algo(a.algo(), Math.max(a.workspace(), bytes.getValue()), p.forwardConv);
        }
        return p.forward;
    }

    Algo backwardData(ConvPlan p) {
        if (p.backwardData == null) {
            IntByReference max = new IntByReference();
            check(dnn.cudnnGetConvolutionBackwardDataAlgorithmMaxCount(handle, max), "cudnnGetConvolutionBackwardDataAlgorithmMaxCount");
            Memory perf = perfBuffer(max.getValue());
            IntByReference returned = new IntByReference();
            check(dnn.cudnnFindConvolutionBackwardDataAlgorithm(handle, p.w, p.y, p.dataConv, p.x, max.getValue(), returned, perf),
                    "cudnnFindConvolutionBackwardDataAlgorithm");
            Algo a = choose(p.dataConv, perf, returned.getValue(), "backward data");
            LongByReference bytes = new LongByReference();
            check(dnn.cudnnGetConvolutionBackwardDataWorkspaceSize(handle, p.w, p.y, p.dataConv, p.x, a.algo(), bytes),
                    "cudnnGetConvolutionBackwardDataWorkspaceSize");
            p.backwardData = new Algo(a.algo(), Math.max(a.workspace(), bytes.getValue()), p.dataConv);
        }
        return p.backwardData;
    }

    Algo backwardFilter(ConvPlan p) {
        if (p.backwardFilter == null) {
            IntByReference max = new IntByReference();
            check(dnn.cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(handle, max), "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount");
            Memory perf = perfBuffer(max.getValue());
            IntByReference returned = new IntByReference();
            check(dnn.cudnnFindConvolutionBackwardFilterAlgorithm(handle, p.x, p.y, p.filterConv, p.w, max.getValue(), returned, perf),
                    "cudnnFindConvolutionBackwardFilterAlgorithm");
            Algo a = choose(p.filterConv, perf, returned.getValue(), "backward filter");
            LongByReference bytes = new LongByReference();
            check(dnn.cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, p.x, p.y, p.filterConv, p.w, a.algo(), bytes),
                    "cudnnGetConvolutionBackwardFilterWorkspaceSize");
            p.backwardFilter = new Algo(a.algo(), Math.max(a.workspace(), bytes.getValue()), p.filterConv);
        }
        return p.backwardFilter;
    }

    /**
     * The first (fastest) result that succeeded, fits {@link #MAX_WORKSPACE} and, without TF32, does not use
     * tensor-op math. With TF32 the direction's descriptor takes the chosen algorithm's math type, as PyTorch does.
     */
    private Algo choose(Pointer conv, Memory perf, int count, String direction) {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < count; i++) {
            long at = (long) i * Cudnn.PERF_BYTES;
            int algo = perf.getInt(at + Cudnn.PERF_ALGO);
            int status = perf.getInt(at + Cudnn.PERF_STATUS);
            long memory = perf.getLong(at + Cudnn.PERF_MEMORY);
            int math = perf.getInt(at + Cudnn.PERF_MATH_TYPE);
            seen.append(" algo ").append(algo).append(" status ").append(status).append(" math ").append(math).append(';');
            if (status != Cudnn.CUDNN_STATUS_SUCCESS || memory > MAX_WORKSPACE) continue;
            boolean tensorOps = math == Cudnn.CUDNN_TENSOR_OP_MATH || math == 2;
            if (!tf32 && tensorOps) continue;
            if (tf32) check(dnn.cudnnSetConvolutionMathType(conv, math), "cudnnSetConvolutionMathType");
            return new Algo(algo, memory, conv);
        }
        throw new CudaException("cuDNN found no usable convolution " + direction + " algorithm:" + seen, 0);
    }

    private static Memory perfBuffer(int count) {
        Memory m = new Memory((long) Math.max(1, count) * Cudnn.PERF_BYTES);
        m.clear();
        return m;
    }

    Pointer tensor4d(int n, int c, int h, int w) {
        PointerByReference ref = new PointerByReference();
        check(dnn.cudnnCreateTensorDescriptor(ref), "cudnnCreateTensorDescriptor");
        Pointer d = CudaException.value(ref, "cudnnCreateTensorDescriptor");
        check(dnn.cudnnSetTensor4dDescriptor(d, Cudnn.CUDNN_TENSOR_NCHW, Cudnn.CUDNN_DATA_FLOAT, n, c, h, w),
                "cudnnSetTensor4dDescriptor(" + n + ", " + c + ", " + h + ", " + w + ")");
        return d;
    }

    private void check(int status, String function) { CudaException.checkCudnn(dnn, status, function); }

    @Override
    public void close() {
        convPlans.values().forEach(ConvPlan::close);
        poolPlans.values().forEach(PoolPlan::close);
        convPlans.clear();
        poolPlans.clear();
    }
}
