package joules.layers;

import java.util.Arrays;
import java.util.List;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;

/**
 * A layer, or a group of layers, with an explicit forward and backward pass.
 *
 * <p>Life cycle: a module is first a description (name, sizes, parameters) that can report its output
 * shape and its costs for any input shape without touching memory; then {@link #allocate} gives it
 * buffers for the largest batch it will see (activations, their gradients, the GRU's reserve), once.
 * A smaller batch (the last one of an epoch) uses prefix views of the same buffers.
 *
 * <p>{@link #forward} keeps what {@link #backward} needs (its input, its output). {@code backward(dy)}
 * writes the gradient of every parameter (never accumulates) and returns the gradient of the input,
 * or {@code null} when no one needs it (the model's first layer, see {@link #setInputGradNeeded}).
 */
public abstract class Module {
    private final String name;
    private boolean inputGradNeeded = true;
    /** The input shape for the largest batch, set by {@link #allocate}. */
    private int[] maxInputShape;

    protected Module(String name) {
        this.name = name;
    }

    /** The name that prefixes this layer's parameter names ({@code conv0}, {@code gru}, {@code fc}). */
    public String name() { return name; }

    /** The layer's kind as shown in cost tables: "Linear", "Conv2d", ... */
    public abstract String type();

    /** The trainable parameters, in the order of the flat buffers (and of the initialisation). */
    public List<Parameter> parameters() { return List.of(); }

    /**
     * The parameters whose gradient is zero for every input of this shape, by the layer's maths, whatever the data:
     * a GRU over sequences of one step multiplies W_hh only by h0 = 0. Adam may leave them alone (see
     * joules.train.Adam), and no step need move their bytes. Empty unless a layer knows better.
     */
    public List<Parameter> parametersWithoutGradient(int[] inputShape) { return List.of(); }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    /** The output shape for an input shape; throws {@link ShapeMismatchException} when the input does not fit. */
    public abstract int[] outputShape(int[] inputShape);

    /** Parameters, MACs, FLOPs and bytes of this layer for an input shape, in every convention (docs/flops.md). */
    public abstract LayerCounts counts(int[] inputShape);

    /** Parameters, MACs, FLOPs and bytes of this layer for an input shape, in one convention. */
    public final Cost cost(int[] inputShape, Convention convention) { return counts(inputShape).in(convention); }

    /** The layers to list one per row in a cost table: this one, or a container's children. */
    public List<Module> leaves() { return List.of(this); }

    /** Allocates the buffers for inputs of {@code maxInputShape} (the largest batch); call once. */
    public final void allocate(Backend backend, int[] maxInputShape) {
        if (this.maxInputShape != null) throw new IllegalStateException(name + " is already allocated");
        outputShape(maxInputShape); // checks the shape
        this.maxInputShape = maxInputShape.clone();
        allocateBuffers(backend, maxInputShape);
    }

    protected abstract void allocateBuffers(Backend backend, int[] maxInputShape);

    public abstract Tensor forward(Tensor x);

    public abstract Tensor backward(Tensor dy);

    /** Whether {@link #backward} must return the input's gradient (false for the model's first layer). */
    public boolean inputGradNeeded() { return inputGradNeeded; }

    public void setInputGradNeeded(boolean needed) { this.inputGradNeeded = needed; }

    /** Which dimension of the input is the batch: 0 for images and features, 1 for sequences (steps, batch, features). */
    protected int batchDim() { return 0; }

    /**
     * Checks that {@code x} has the allocated input shape with a batch no larger than the allocated one,
     * and returns its batch size.
     */
    protected final int checkInput(Tensor x) {
        if (maxInputShape == null) throw new IllegalStateException(name + " has no buffers: allocate it first");
        int[] s = x.shape();
        int bd = batchDim();
        boolean ok = s.length == maxInputShape.length && s[bd] >= 1 && s[bd] <= maxInputShape[bd];
        for (int i = 0; ok && i < s.length; i++) ok = i == bd || s[i] == maxInputShape[i];
        if (!ok) {
            int[] expected = maxInputShape.clone();
            throw new ShapeMismatchException(type() + " " + name + ": input has shape " + Arrays.toString(s)
                    + ", expected " + Arrays.toString(expected) + " with dimension " + bd + " (the batch) at most "
                    + expected[bd]);
        }
        return s[bd];
    }

    /** A shape error for {@link #outputShape}: names the layer, the input shape and what was expected. */
    protected final ShapeMismatchException mismatch(int[] inputShape, String expected) {
        return new ShapeMismatchException(type() + " " + name + ": input has shape " + Arrays.toString(inputShape)
                + ", expected " + expected);
    }

    @Override
    public String toString() { return type() + " " + name; }
}
