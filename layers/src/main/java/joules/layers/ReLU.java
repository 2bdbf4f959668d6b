package joules.layers;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** y = max(x, 0); backward dx = dy where y > 0, else 0. Any input shape with the batch first. */
public final class ReLU extends Module {
    private Tensor y;
    private Tensor dx;
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
        if (inputGradNeeded()) dx = backend.zeros(maxIn);
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
        Tensor dxn = dx.narrowBatch(dy.dim(0));
        dy.backend().reluBackward(lastY, dy, dxn);     // dx = y > 0 ? dy : 0      1 comparison each
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        long m = numel(outputShape(s));
        return LayerCounts.elementwise(m, m, inputGradNeeded() ? m : 0);
    }
}
