package joules.tensor;

/**
 * The operations a training step needs, implemented once per device: {@code cpu} (pure Java, the
 * numerical reference) and {@code cuda} (cuBLAS, cuDNN and the engine's own kernels). What each operation
 * computes, forward and backward, is written out plainly in float64 in {@link Reference}, which the tests
 * hold both backends to.
 *
 * <p>Conventions every implementation follows:
 * <ul>
 *   <li>Outputs are passed in, already allocated, and are overwritten (never accumulated into), unless a
 *       {@code beta} says otherwise. No operation makes a tensor: outputs and the GRU's reserve are the
 *       caller's, made once before the first step. A GPU backend also allocates no device memory inside a
 *       step once the first step has sized its workspaces, so it can capture a whole training step as one
 *       CUDA graph. (CPU kernels may still make Java work arrays on a call; the garbage collector takes them
 *       back, and nothing is captured there.)</li>
 *   <li>Tensors are contiguous, row-major: images NCHW, sequences (steps, batch, features) as PyTorch's
 *       GRU with batch_first = false.</li>
 *   <li>Parameter gradients are written, not accumulated: each parameter is used by exactly one layer, so
 *       a step needs no zeroing pass.</li>
 *   <li>Shapes are checked; a mismatch throws {@link ShapeMismatchException} naming both shapes.</li>
 * </ul>
 */
public interface Backend extends AutoCloseable {

    /** "cpu" or "cuda:N". */
    String name();

    /** A human-readable description of the hardware ("AMD EPYC 7B13, 2 threads", "NVIDIA H100 80GB HBM3"). */
    String hardware();

    // ---- memory -------------------------------------------------------------------------------

    /** New storage of {@code length} floats, zero-filled. */
    Storage allocate(long length);

    /** A new zero-filled tensor of the given shape, in storage of its own. */
    default Tensor zeros(int... shape) {
        return new Tensor(allocate(Tensor.numel(shape)), 0, shape);
    }

    /** A new tensor holding a copy of {@code values}. */
    default Tensor fromArray(float[] values, int... shape) {
        Tensor t = zeros(shape);
        copyFromHost(values, 0, t);
        return t;
    }

    /** dst = src[srcOffset .. srcOffset + dst.numel()). */
    void copyFromHost(float[] src, int srcOffset, Tensor dst);

    /** dst[dstOffset .. dstOffset + src.numel()) = src. */
    void copyToHost(Tensor src, float[] dst, int dstOffset);

    /** dst = src (same element count). */
    void copy(Tensor src, Tensor dst);

    /** t = value everywhere. */
    void fill(Tensor t, float value);

    /** Waits until all queued work is done (a no-op on the CPU). */
    void synchronize();

    /** The most memory this backend has held at once, in bytes, since it was made. */
    long peakMemoryBytes();

    // ---- dense algebra ------------------------------------------------------------------------

    /**
     * C = alpha op(A) op(B) + beta C on 2-D tensors, op(X) = X or its transpose. op(A) is m x k,
     * op(B) k x n, C m x n. FLOPs: 2 m n k (+ m n when beta != 0).
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** y[n, c, ...] += bias[c]: the bias of dimension 1, broadcast over the batch and any spatial dims. */
    void addBias(Tensor y, Tensor bias);

    /** dbias[c] = sum over n and spatial positions of dy[n, c, ...]. */
    void biasGrad(Tensor dy, Tensor dbias);

    // ---- convolution and pooling --------------------------------------------------------------

    /** y = x (*) w: cross-correlation with zero padding; no bias (see {@link #addBias}). */
    void conv2dForward(Tensor x, Tensor w, Tensor y, Conv2dGeometry g);

    /** dx = gradient of the convolution with respect to its input, given dy. */
    void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, Conv2dGeometry g);

    /** dw = gradient of the convolution with respect to its weight, given x and dy. */
    void conv2dBackwardFilter(Tensor x, Tensor dy, Tensor dw, Conv2dGeometry g);

    /**
     * y = x (*) w + bias[c]: {@link #conv2dForward} then {@link #addBias}, the same floats, in one pass over y
     * where the backend has one (the CPU's first-layer convolution).
     */
    default void conv2dForwardBias(Tensor x, Tensor w, Tensor bias, Tensor y, Conv2dGeometry g) {
        conv2dForward(x, w, y, g);
        addBias(y, bias);
    }

    /**
     * dw and dbias given x and dy: {@link #conv2dBackwardFilter} then {@link #biasGrad}, in one pass over dy
     * where the backend has one (the CPU's first-layer convolution).
     */
    default void conv2dBackwardFilterBias(Tensor x, Tensor dy, Tensor dw, Tensor dbias, Conv2dGeometry g) {
        conv2dBackwardFilter(x, dy, dw, g);
        biasGrad(dy, dbias);
    }

    /**
     * dw, dbias and dx given x, w and dy: {@link #conv2dBackwardFilterBias} then {@link #conv2dBackwardData}, with
     * the work the two share done once where the backend can (the CPU's Winograd lays dy out once for both).
     */
    default void conv2dBackward(Tensor x, Tensor w, Tensor dy, Tensor dw, Tensor dbias, Tensor dx, Conv2dGeometry g) {
        conv2dBackwardFilterBias(x, dy, dw, dbias, g);
        conv2dBackwardData(dy, w, dx, g);
    }

    /**
     * Whether this backend runs a convolution block, Conv2d + bias, ReLU and 2 x 2 max pooling, as one operation
     * ({@link #convReluPoolForward}, {@link #convReluPoolBackward}) for these shapes. When it does not, the layers
     * call the three operations one after another.
     */
    default boolean fusesConvReluPool(Conv2dGeometry conv, Pool2dGeometry pool) { return false; }

    /**
     * pooled = maxpool(relu(x (*) w + bias)): the block's three forwards in one pass, with no intermediate map
     * written; where (pooled's shape) = which element of each window the backward sends the gradient to, in the
     * backend's own encoding (only where {@link #fusesConvReluPool}).
     */
    default void convReluPoolForward(Tensor x, Tensor w, Tensor bias, Tensor pooled, Tensor where, Conv2dGeometry conv,
                                     Pool2dGeometry pool) {
        throw new UnsupportedOperationException(name() + " does not fuse a convolution block");
    }

    /**
     * dw and dbias of the block given dpooled, the gradient of its pooled output, and the forward's where (the
     * input gradient is not computed: the fused block is a network's first layer): the three backwards in one
     * pass (only where {@link #fusesConvReluPool}).
     */
    default void convReluPoolBackward(Tensor x, Tensor where, Tensor dpooled, Tensor dw, Tensor dbias,
                                      Conv2dGeometry conv, Pool2dGeometry pool) {
        throw new UnsupportedOperationException(name() + " does not fuse a convolution block");
    }

    /**
     * Whether this backend runs a ReLU followed by this max pooling as one operation ({@link #reluPoolForward},
     * {@link #reluPoolBackward}): a convolution block whose convolution runs on its own. When it does not, the
     * layers call the two operations one after another.
     */
    default boolean fusesReluPool(Pool2dGeometry pool) { return false; }

    /**
     * pooled = maxpool(relu(x)), and where (pooled's shape) = which element of each window the backward sends the
     * gradient to, in the backend's own encoding (only where {@link #fusesReluPool}).
     */
    default void reluPoolForward(Tensor x, Tensor pooled, Tensor where, Pool2dGeometry pool) {
        throw new UnsupportedOperationException(name() + " does not fuse a ReLU and a pooling");
    }

    /** dx = dpooled at the element of each window that {@link #reluPoolForward} recorded, 0 elsewhere. */
    default void reluPoolBackward(Tensor where, Tensor dpooled, Tensor dx, Pool2dGeometry pool) {
        throw new UnsupportedOperationException(name() + " does not fuse a ReLU and a pooling");
    }

    /** y = the maximum of each window. */
    void maxPool2dForward(Tensor x, Tensor y, Pool2dGeometry g);

    /**
     * dx = dy routed to the position of each window's maximum (the first one in row-major order on ties,
     * as PyTorch), zero elsewhere.
     */
    void maxPool2dBackward(Tensor x, Tensor y, Tensor dy, Tensor dx, Pool2dGeometry g);

    // ---- activations and loss -----------------------------------------------------------------

    /** y = max(x, 0); y may be x. */
    void reluForward(Tensor x, Tensor y);

    /** dx = dy where y > 0, else 0; dx may be dy. */
    void reluBackward(Tensor y, Tensor dy, Tensor dx);

    /** y = 1 / (1 + exp(-x)); y may be x. */
    void sigmoidForward(Tensor x, Tensor y);

    /**
     * The mean binary cross-entropy of sigmoid(logits) against targets over every element, computed
     * stably as max(x, 0) - x t + log(1 + exp(-|x|)), written to {@code loss} (one element); and its
     * gradient dlogits = (sigmoid(x) - t) / numel.
     */
    void sigmoidBceLoss(Tensor logits, Tensor targets, Tensor dlogits, Tensor loss);

    // ---- recurrent ----------------------------------------------------------------------------

    /** Floats of reserve space that {@link #gruForward} keeps for {@link #gruBackward}. */
    long gruReserveSize(GruGeometry g);

    /**
     * One GRU layer over the whole sequence, PyTorch's equations:
     * r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(W_iz x + b_iz + W_hz h + b_hz),
     * n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h.
     * {@code h0} may be null (zeros). y holds h for every step.
     */
    void gruForward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                    Tensor y, Tensor reserve);

    /**
     * Backpropagation through time for {@link #gruForward} with the same tensors and its reserve: given
     * dy (the gradient of every step's output), writes dx (may be null when not needed) and the four
     * parameter gradients. A reserve serves one backward: the backward may overwrite it (cuDNN's
     * backward-data does), so a second backward needs a new {@link #gruForward} first.
     */
    void gruBackward(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
                     Tensor y, Tensor reserve, Tensor dy,
                     Tensor dx, Tensor dwIh, Tensor dwHh, Tensor dbIh, Tensor dbHh);

    // ---- layout -------------------------------------------------------------------------------

    /** y[h * W + w, n, c] = x[n, c, h, w]: a feature map read as a sequence of h*w steps of c features. */
    void nchwToSequence(Tensor x, Tensor y);

    /** The inverse of {@link #nchwToSequence}: dx[n, c, h, w] = dy[h * W + w, n, c]. */
    void sequenceToNchw(Tensor dy, Tensor dx);

    /**
     * dst[i] = src[indices[start + i]] for each i below dst.dim(0): a batch gathered from a data set
     * that stays on the device. Indices are stored as floats (exact below 2^24).
     */
    void gatherRows(Tensor src, Tensor indices, int start, Tensor dst);

    // ---- optimiser ----------------------------------------------------------------------------

    /**
     * One Adam step over a flat buffer, PyTorch's update with bias correction, {@code step} counted
     * from 1: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     */
    void adamStep(Tensor params, Tensor grads, Tensor m, Tensor v, AdamConfig cfg, int step);

    // ---- whole steps --------------------------------------------------------------------------

    /** How this backend records and replays a training step ({@link StepGraph}); null when it cannot. */
    default StepCapture stepCapture() { return null; }

    @Override
    void close();
}
