package joules.layers;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * The study's RNN input: (N, d1, d2, ...) viewed as a sequence of one step, (1, N, d1 d2 ...).
 * With one step, the (steps, batch, features) layout is the same memory: a view, no FLOP, no byte.
 */
public final class AsSingleStep extends Module {
    private int[] lastInputShape;

    public AsSingleStep(String name) { super(name); }

    @Override public String type() { return "AsSingleStep"; }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length < 2) throw mismatch(s, "[N, ...] with at least two dimensions");
        return new int[] {1, s[0], Math.toIntExact(Tensor.numel(s) / s[0])};
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
