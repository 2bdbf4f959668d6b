package joules.tensor.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import joules.tensor.GruGeometry;

/**
 * One GRU layer on cuDNN's RNN v8 API, with the weights kept in PyTorch's layout by the engine.
 *
 * <p>cuDNN's CUDNN_GRU cell is PyTorch's GRU (PyTorch runs its CUDA GRU on cuDNN): with DOUBLE_BIAS,
 * r = s(W_r x + b_Wr + R_r h + b_Rr), z = s(W_z x + b_Wz + R_z h + b_Rz),
 * h~ = tanh(W_h x + b_Wh + r (R_h h + b_Rh)), h' = (1 - z) h~ + z h: the reset gate multiplies the recurrent
 * product after its bias ("linear before reset"), exactly PyTorch's n = tanh(W_in x + b_in + r (W_hn h + b_hn)).
 *
 * <p>cuDNN keeps the weights in its own "weight space". cudnnGetRNNWeightParams gives the address of each
 * matrix and bias by linLayerID; for CUDNN_GRU, IDs 0, 1, 2 are the input matrices of r, z, h (PyTorch's
 * weight_ih blocks r, z, n, each hidden x input, row-major) and IDs 3, 4, 5 the recurrent ones (weight_hh
 * blocks), with the matching biases (bias_ih, bias_hh blocks). Before each forward and backward call the
 * twelve pieces are copied from the model's flat buffer into the weight space (device-to-device copies of
 * a few hundred KB), and after the backward call the weight gradients are copied back out: the model
 * keeps one layout on every backend, so the same seed gives the same model on CPU and GPU.
 *
 * <p>A plan per geometry holds the descriptors, the device array of sequence lengths (every sequence has
 * all the steps), the sizes cuDNN asks for, and where each piece lives in the weight space. Layers of equal
 * input and hidden size (and the last, smaller batch) share one weight space: it is re-packed on every
 * call, never assumed to persist.
 */
final class CudnnGru implements AutoCloseable {
    private final CudaRuntime gpu;
    private final Cudnn dnn;
    private final Pointer handle;
    private final boolean tf32;
    private final Map<GruGeometry, Plan> plans = new HashMap<>();
    /** Weight space and its gradient per (input size, hidden size): their size does not depend on the batch. */
    private final Map<List<Integer>, long[]> spaces = new HashMap<>();
    private Pointer dropout;

    CudnnGru(CudaRuntime gpu, Cudnn dnn, Pointer handle, boolean tf32) {
        this.gpu = gpu;
        this.dnn = dnn;
        this.handle = handle;
        this.tf32 = tf32;
    }

    /** One of the twelve pieces: floats [srcOffset, srcOffset + count) of PyTorch tensor {@code source} at byte {@code spaceOffset}. */
    record Piece(int source, long srcOffset, long count, long spaceOffset) {}

    /** Sources of the pieces, in the order of {@link CudaBackend#gruForward}'s weight tensors. */
    static final int W_IH = 0, W_HH = 1, B_IH = 2, B_HH = 3;

    final class Plan {
        final GruGeometry g;
        final Pointer rnn, x, y, h;
        final long seqLengths;      // device int32[batch], every entry = steps
        final long weightBytes, workBytes, reserveBytes;
        final long weights, dweights;   // device weight space and its gradient
        final List<Piece> pieces = new ArrayList<>();
        long dxScratch;             // for a backward call that does not want dx

        Plan(GruGeometry g) {
            this.g = g;
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreateRNNDescriptor(ref), "cudnnCreateRNNDescriptor");
            rnn = CudaException.value(ref, "cudnnCreateRNNDescriptor");
            check(dnn.cudnnSetRNNDescriptor_v8(rnn, Cudnn.CUDNN_RNN_ALGO_STANDARD, Cudnn.CUDNN_GRU, Cudnn.CUDNN_RNN_DOUBLE_BIAS,
                    Cudnn.CUDNN_UNIDIRECTIONAL, Cudnn.CUDNN_LINEAR_INPUT, Cudnn.CUDNN_DATA_FLOAT, Cudnn.CUDNN_DATA_FLOAT,
                    tf32 ? Cudnn.CUDNN_DEFAULT_MATH : Cudnn.CUDNN_FMA_MATH, g.inputSize(), g.hidden(), g.hidden(), 1,
                    dropout(), Cudnn.CUDNN_RNN_PADDED_IO_DISABLED), "cudnnSetRNNDescriptor_v8");
            x = dataDescriptor(g.inputSize());
            y = dataDescriptor(g.hidden());
            check(dnn.cudnnCreateTensorDescriptor(ref), "cudnnCreateTensorDescriptor");
            h = CudaException.value(ref, "cudnnCreateTensorDescriptor");
            check(dnn.cudnnSetTensorNdDescriptor(h, Cudnn.CUDNN_DATA_FLOAT, 3, new int[] {1, g.batch(), g.hidden()},
                    new int[] {g.batch() * g.hidden(), g.hidden(), 1}), "cudnnSetTensorNdDescriptor(h)");

            seqLengths = gpu.memory.allocate(4L * g.batch(), "GRU sequence lengths");
            gpu.memsetInts(seqLengths, g.steps(), g.batch());

            LongByReference bytes = new LongByReference();
            check(dnn.cudnnGetRNNWeightSpaceSize(handle, rnn, bytes), "cudnnGetRNNWeightSpaceSize");
            weightBytes = bytes.getValue();
            LongByReference work = new LongByReference();
            LongByReference reserve = new LongByReference();
            check(dnn.cudnnGetRNNTempSpaceSizes(handle, rnn, Cudnn.CUDNN_FWD_MODE_TRAINING, x, work, reserve),
                    "cudnnGetRNNTempSpaceSizes");
            workBytes = work.getValue();
            reserveBytes = reserve.getValue();
            long[] space = spaces.computeIfAbsent(List.of(g.inputSize(), g.hidden()), k -> new long[] {
                    gpu.memory.allocate(weightBytes, "GRU weight space"),
                    gpu.memory.allocate(weightBytes, "GRU weight-gradient space")});
            weights = space[0];
            dweights = space[1];
            locatePieces();
        }

        /** Asks cuDNN where each matrix and bias lives and checks its shape against PyTorch's blocks. */
        private void locatePieces() {
            int hidden = g.hidden();
            Pointer mDesc = newTensorDescriptor();
            Pointer bDesc = newTensorDescriptor();
            try {
                for (int id = 0; id < 6; id++) {
                    PointerByReference mAddr = new PointerByReference();
                    PointerByReference bAddr = new PointerByReference();
                    check(dnn.cudnnGetRNNWeightParams(handle, rnn, 0, weightBytes, new Pointer(weights), id, mDesc, mAddr,
                            bDesc, bAddr), "cudnnGetRNNWeightParams(linLayerID " + id + ")");
                    boolean input = id < 3;
                    int gate = id % 3;                               // r, z, n in both libraries
                    long cols = input ? g.inputSize() : hidden;
                    requireElements(mDesc, (long) hidden * cols, "matrix", id);
                    requireElements(bDesc, hidden, "bias", id);
                    pieces.add(new Piece(input ? W_IH : W_HH, (long) gate * hidden * cols, (long) hidden * cols,
                            Pointer.nativeValue(mAddr.getValue()) - weights));
                    pieces.add(new Piece(input ? B_IH : B_HH, (long) gate * hidden, hidden,
                            Pointer.nativeValue(bAddr.getValue()) - weights));
                }
            } finally {
                dnn.cudnnDestroyTensorDescriptor(mDesc);
                dnn.cudnnDestroyTensorDescriptor(bDesc);
            }
        }

        private void requireElements(Pointer desc, long expected, String what, int id) {
            IntByReference type = new IntByReference();
            IntByReference rank = new IntByReference();
            int[] dims = new int[8];
            int[] strides = new int[8];
            check(dnn.cudnnGetTensorNdDescriptor(desc, 8, type, rank, dims, strides), "cudnnGetTensorNdDescriptor");
            long n = 1;
            for (int i = 0; i < rank.getValue(); i++) n *= dims[i];
            if (n != expected) {
                throw new CudaException("cuDNN GRU " + what + " of linLayerID " + id + " has dims "
                        + Arrays.toString(Arrays.copyOf(dims, rank.getValue())) + ", expected " + expected
                        + " elements (" + g + ")", 0);
            }
        }

        private Pointer dataDescriptor(int vectorSize) {
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreateRNNDataDescriptor(ref), "cudnnCreateRNNDataDescriptor");
            Pointer d = CudaException.value(ref, "cudnnCreateRNNDataDescriptor");
            int[] lengths = new int[g.batch()];
            Arrays.fill(lengths, g.steps());
            check(dnn.cudnnSetRNNDataDescriptor(d, Cudnn.CUDNN_DATA_FLOAT, Cudnn.CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_PACKED,
                    g.steps(), g.batch(), vectorSize, lengths, null), "cudnnSetRNNDataDescriptor");
            return d;
        }

        void close() {
            dnn.cudnnDestroyRNNDataDescriptor(x);
            dnn.cudnnDestroyRNNDataDescriptor(y);
            dnn.cudnnDestroyTensorDescriptor(h);
            dnn.cudnnDestroyRNNDescriptor(rnn);
        }
    }

    Plan plan(GruGeometry g) { return plans.computeIfAbsent(g, Plan::new); }

    /** Copies the four PyTorch tensors (device addresses) into the plan's weight space. */
    void pack(Plan p, long[] sources) {
        for (Piece piece : p.pieces) {
            gpu.copyDevice(p.weights + piece.spaceOffset(), sources[piece.source()] + 4 * piece.srcOffset(), 4 * piece.count());
        }
    }

    /** Copies the weight-gradient space out into the four PyTorch gradient tensors (device addresses). */
    void unpackGradients(Plan p, long[] targets) {
        for (Piece piece : p.pieces) {
            gpu.copyDevice(targets[piece.source()] + 4 * piece.srcOffset(), p.dweights + piece.spaceOffset(), 4 * piece.count());
        }
    }

    void forward(Plan p, long x, long h0, long y, long reserve, long work) {
        check(dnn.cudnnRNNForward(handle, p.rnn, Cudnn.CUDNN_FWD_MODE_TRAINING, new Pointer(p.seqLengths), p.x, new Pointer(x),
                p.y, new Pointer(y), p.h, pointer(h0), null, p.h, null, null, p.weightBytes, new Pointer(p.weights),
                p.workBytes, pointer(work), p.reserveBytes, new Pointer(reserve)), "cudnnRNNForward");
    }

    /** Backpropagation through time: dx (or a scratch buffer) and, zeroed first since cuDNN adds, the weight gradients. */
    void backward(Plan p, long x, long h0, long y, long dy, long dx, long reserve, long work) {
        long dxOut = dx;
        if (dxOut == 0) {
            if (p.dxScratch == 0) {
                p.dxScratch = gpu.memory.allocate(4L * p.g.steps() * p.g.batch() * p.g.inputSize(), "GRU dx scratch");
            }
            dxOut = p.dxScratch;
        }
        check(dnn.cudnnRNNBackwardData_v8(handle, p.rnn, new Pointer(p.seqLengths), p.y, new Pointer(y), new Pointer(dy),
                p.x, new Pointer(dxOut), p.h, pointer(h0), null, null, p.h, null, null, null, p.weightBytes,
                new Pointer(p.weights), p.workBytes, pointer(work), p.reserveBytes, new Pointer(reserve)),
                "cudnnRNNBackwardData_v8");
        gpu.memsetInts(p.dweights, 0, p.weightBytes / 4);
        check(dnn.cudnnRNNBackwardWeights_v8(handle, p.rnn, Cudnn.CUDNN_WGRAD_MODE_ADD, new Pointer(p.seqLengths), p.x,
                new Pointer(x), p.h, pointer(h0), p.y, new Pointer(y), p.weightBytes, new Pointer(p.dweights),
                p.workBytes, pointer(work), p.reserveBytes, new Pointer(reserve)), "cudnnRNNBackwardWeights_v8");
    }

    /** A dropout descriptor with no dropout, which the RNN descriptor requires; no random states are needed. */
    private Pointer dropout() {
        if (dropout == null) {
            PointerByReference ref = new PointerByReference();
            check(dnn.cudnnCreateDropoutDescriptor(ref), "cudnnCreateDropoutDescriptor");
            dropout = CudaException.value(ref, "cudnnCreateDropoutDescriptor");
            check(dnn.cudnnSetDropoutDescriptor(dropout, handle, 0f, null, 0, 0), "cudnnSetDropoutDescriptor");
        }
        return dropout;
    }

    private Pointer newTensorDescriptor() {
        PointerByReference ref = new PointerByReference();
        check(dnn.cudnnCreateTensorDescriptor(ref), "cudnnCreateTensorDescriptor");
        return CudaException.value(ref, "cudnnCreateTensorDescriptor");
    }

    private static Pointer pointer(long address) { return address == 0 ? null : new Pointer(address); }

    private void check(int status, String function) { CudaException.checkCudnn(dnn, status, function); }

    @Override
    public void close() {
        plans.values().forEach(Plan::close);
        plans.clear();
        if (dropout != null) dnn.cudnnDestroyDropoutDescriptor(dropout);
        dropout = null;
    }
}
