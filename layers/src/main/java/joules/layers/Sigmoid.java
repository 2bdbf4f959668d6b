package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * y = 1 / (1 + exp(-x)); backward dx = dy y (1 - y).
 *
 * <p>The study's models do not use this layer while training: their sigmoid is fused into the loss
 * ({@link SigmoidBceLoss}). The backend has no sigmoid-backward operation, so {@link #backward} computes
 * on the host (copy down, compute, copy up); fine for tests and inference, not for a training hot path.
 */
public final class Sigmoid extends Module {
    private Tensor y;
    private Tensor dx;
    private Tensor lastY;

    public Sigmoid(String name) { super(name); }

    @Override public String type() { return "Sigmoid"; }

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
        x.backend().sigmoidForward(x, lastY);   // y = 1 / (1 + exp(-x))    4 each: negate, exp, add, divide
        return lastY;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!inputGradNeeded()) return null;
        Tensor dxn = dx.narrowBatch(dy.dim(0));
        float[] yh = lastY.toArray();
        float[] g = dy.toArray();
        for (int i = 0; i < g.length; i++) g[i] = g[i] * yh[i] * (1f - yh[i]); // dx = dy y (1 - y)   3 each
        dy.backend().copyFromHost(g, 0, dxn);
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        long m = Tensor.numel(outputShape(s));
        boolean dx = inputGradNeeded();
        return LayerCounts.elementwise(m, 4 * m, dx ? 3 * m : 0,
                floatBytes(m, m),                       // read x; write y
                dx ? floatBytes(m, m, m) : 0);          // read y, dy; write dx
    }
}
