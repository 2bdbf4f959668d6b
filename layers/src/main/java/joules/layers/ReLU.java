package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * y = max(x, 0); backward dx = dy where y > 0, else 0, written over dy (the next layer's input gradient,
 * which nothing reads after this: one pass over memory fewer than a buffer of its own). Any input shape with
 * the batch first.
 */
public final class ReLU extends Module {
    private Tensor y;
    private Tensor lastY;

    public ReLU(String name) { super(name); }

    @Override public String type() { return "ReLU"; }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length < 1) throw mismatch(s, "a batch dimension");
        return s.clone();
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        y = backend.zeros(maxIn);
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        lastY = y.narrowBatch(n);
        x.backend().reluForward(x, lastY);             // y = max(x, 0)            1 comparison each
        return lastY;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!inputGradNeeded()) return null;
        dy.backend().reluBackward(lastY, dy, dy);      // dx = y > 0 ? dy : 0, in place   1 comparison each
        return dy;
    }

    @Override
    public LayerCounts counts(int[] s) {
        long m = Tensor.numel(outputShape(s));
        boolean dx = inputGradNeeded();
        return LayerCounts.elementwise(m, m, dx ? m : 0,
                floatBytes(m, m),                       // read x; write y
                dx ? floatBytes(m, m, m) : 0);          // read y, dy; write dx (over dy, still a write)
    }
}
