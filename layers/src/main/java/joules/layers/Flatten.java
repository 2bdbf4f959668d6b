package joules.layers;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** (N, d1, d2, ...) -> (N, d1 d2 ...): a view of the same memory, no operation: no FLOP, no byte. */
public final class Flatten extends Module {
    private int[] lastInputShape;

    public Flatten(String name) { super(name); }

    @Override public String type() { return "Flatten"; }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length < 2) throw mismatch(s, "[N, ...] with at least two dimensions");
        return new int[] {s[0], Math.toIntExact(Tensor.numel(s) / s[0])};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {}

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        lastInputShape = x.shape();
        return x.reshape(outputShape(lastInputShape));
    }

    @Override
    public Tensor backward(Tensor dy) {
        return inputGradNeeded() ? dy.reshape(lastInputShape) : null;
    }

    @Override
    public LayerCounts counts(int[] s) {
        outputShape(s);
        return LayerCounts.ZERO;
    }
}
