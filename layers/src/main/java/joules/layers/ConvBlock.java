package joules.layers;

import java.util.List;
import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;

/**
 * A block of the study's CNNs and CRNNs: Conv2d, ReLU and MaxPool2d, one after another.
 * <pre>
 *   forward    y = maxpool(relu(W (*) x + b))
 *   backward   dW, db (and dx) through the pooling's first maxima, the ReLU's mask and the convolution
 * </pre>
 * Where the backend runs the block as one operation ({@link Backend#fusesConvReluPool}: the CPU's first layer,
 * one input channel) and no input gradient is wanted, forward and backward are one backend call each: the
 * convolution's and the ReLU's outputs, the largest maps of these networks (33 MB each at 128 channels), are
 * neither written nor read: the forward records which element of each window gets the gradient instead.
 * Elsewhere, where the backend runs the ReLU and the pooling as one ({@link Backend#fusesReluPool}: the CPU's 2 x 2
 * windows), the convolution runs on its own and the other two as one call each way (the convolution's output
 * read once, its gradient written once, with the same record of corners); otherwise the three layers run as
 * three. Either way the three layers are what the cost tables list ({@link #leaves}), with their own FLOPs, and
 * what {@code joules bench --layers} times one by one (unfused).
 */
public final class ConvBlock extends Module {
    private final Conv2d conv;
    private final MaxPool2d pool;
    private final Sequential layers;
    private Backend backend;
    private boolean fusable;
    /** Where the whole block is not one call: the backend runs the ReLU and the pooling as one. */
    private boolean reluPoolFused;
    /** The convolution's output gradient, written by the ReLU and pooling's backward in one pass. */
    private Tensor dconv;
    private Tensor x;
    /** The fused forward's record of each window's element that gets the gradient (pooled's shape). */
    private Tensor where;
    private Conv2dGeometry convGeometry;
    private Pool2dGeometry poolGeometry;

    /** The block of conv, relu and pool (named as the three layers: conv0, relu0, pool0). */
    public ConvBlock(String name, Conv2d conv, ReLU relu, MaxPool2d pool) {
        super(name);
        this.conv = conv;
        this.pool = pool;
        this.layers = new Sequential(name, conv, relu, pool);
    }

    @Override public String type() { return "ConvBlock"; }
    @Override public List<Parameter> parameters() { return conv.parameters(); }
    @Override public List<Module> leaves() { return layers.leaves(); }
    @Override public int[] outputShape(int[] s) { return layers.outputShape(s); }
    @Override public LayerCounts counts(int[] s) { return layers.counts(s); }

    @Override
    public void setInputGradNeeded(boolean needed) {
        super.setInputGradNeeded(needed);
        layers.setInputGradNeeded(needed);
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        layers.allocate(backend, maxIn);
        this.backend = backend;
        int[] convOut = conv.outputShape(maxIn);
        Pool2dGeometry p = pool.geometry(convOut);
        fusable = backend.fusesConvReluPool(conv.geometry(maxIn), p);
        reluPoolFused = backend.fusesReluPool(p);
        if (fusable || reluPoolFused) where = backend.zeros(p.outputShape());
        if (reluPoolFused) dconv = backend.zeros(convOut);
    }

    private boolean fused() { return fusable && !inputGradNeeded(); }

    @Override
    public Tensor forward(Tensor x) {
        if (!fused()) return reluPoolFused ? forwardReluPoolFused(x) : layers.forward(x);
        int n = checkInput(x);
        this.x = x;
        int[] s = x.shape();
        convGeometry = conv.geometry(s);
        poolGeometry = pool.geometry(conv.outputShape(s));
        Tensor y = pool.output(n);
        List<Parameter> p = conv.parameters();
        // y = maxpool(relu(W (*) x + b)): the three layers' FLOPs (leaves), one pass over x and y
        backend.convReluPoolForward(x, p.get(0).value(), p.get(1).value(), y, where.narrowBatch(n), convGeometry, poolGeometry);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!fused()) return reluPoolFused ? backwardReluPoolFused(dy) : layers.backward(dy);
        List<Parameter> p = conv.parameters();
        // dW, db through the pooling's first maxima and the ReLU's mask (the forward's where)
        backend.convReluPoolBackward(x, where.narrowBatch(dy.dim(0)), dy, p.get(0).grad(), p.get(1).grad(),
                convGeometry, poolGeometry);
        return null;
    }

    /** The convolution, then the ReLU and the pooling as one backend call. */
    private Tensor forwardReluPoolFused(Tensor x) {
        int n = checkInput(x);
        Tensor c = conv.forward(x);
        poolGeometry = pool.geometry(c.shape());
        Tensor y = pool.output(n);
        // y = maxpool(relu(c)): the ReLU's and the pooling's FLOPs (leaves), one pass over c
        backend.reluPoolForward(c, y, where.narrowBatch(n), poolGeometry);
        return y;
    }

    private Tensor backwardReluPoolFused(Tensor dy) {
        int n = dy.dim(0);
        Tensor dc = dconv.narrowBatch(n);
        // dc = dy at each window's first maximum where that is positive, 0 elsewhere
        backend.reluPoolBackward(where.narrowBatch(n), dy, dc, poolGeometry);
        return conv.backward(dc);
    }
}
