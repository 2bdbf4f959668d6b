package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * The last step of a sequence: (T, N, F) -> (N, F), y = x[T - 1] (a view). Backward: dx is zero for
 * every step but the last, which gets dy (a fill and a copy: bytes, no FLOP).
 */
public final class LastStep extends Module {
    private Tensor dx;

    public LastStep(String name) { super(name); }

    @Override public String type() { return "LastStep"; }
    @Override protected int batchDim() { return 1; }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 3) throw mismatch(s, "[T, N, F] (steps, batch, features)");
        return new int[] {s[1], s[2]};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        if (inputGradNeeded()) dx = backend.zeros(maxIn);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return x.select(x.dim(0) - 1);
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!inputGradNeeded()) return null;
        int steps = dx.dim(0);
        // a smaller batch: (T, n, F) laid out at the start of the buffer, as the GRU does
        Tensor dxn = dx.view(0, steps, dy.dim(0), dy.dim(1));
        Backend be = dy.backend();
        be.fill(dxn, 0f);
        be.copy(dy, dxn.select(steps - 1));
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        long last = Tensor.numel(outputShape(s));
        // forward: a view, nothing moves; backward: read dy (N F), write dx (T N F: zeros, then dy at the last step)
        return LayerCounts.elementwise(0, 0, 0, 0, inputGradNeeded() ? floatBytes(last, Tensor.numel(s)) : 0);
    }
}
