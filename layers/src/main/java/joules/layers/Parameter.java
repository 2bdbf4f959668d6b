package joules.layers;

import java.util.Arrays;
import joules.tensor.Tensor;

/**
 * One named, trainable tensor of a layer, named as PyTorch names it ({@code fc.weight},
 * {@code gru.weight_ih_l0}). Its value and gradient are views into the model's two flat buffers
 * (see {@link Model}); they exist once the model is built.
 */
public final class Parameter {
    private final String name;
    private final int[] shape;
    private final long numel;
    private final double initBound;
    private Tensor value;
    private Tensor grad;

    /**
     * @param initBound PyTorch's default initialisation draws every element from U(-initBound, initBound)
     */
    public Parameter(String name, double initBound, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        this.initBound = initBound;
        this.numel = Tensor.numel(shape);
    }

    public String name() { return name; }
    public int[] shape() { return shape.clone(); }
    public long numel() { return numel; }
    public double initBound() { return initBound; }

    /** The values: a view into {@link Model#parameters()}. */
    public Tensor value() { return bound(value); }

    /** The gradient: a view into {@link Model#gradients()}, written by every backward pass. */
    public Tensor grad() { return bound(grad); }

    /** Called once by the model that owns this parameter. */
    void bind(Tensor value, Tensor grad) {
        if (this.value != null) throw new IllegalStateException("parameter " + name + " already belongs to a model");
        this.value = value;
        this.grad = grad;
    }

    private Tensor bound(Tensor t) {
        if (t == null) throw new IllegalStateException("parameter " + name + " has no storage yet: build a Model first");
        return t;
    }

    @Override
    public String toString() { return name + Arrays.toString(shape); }
}
