package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * A feature map read as a sequence for the CRNN's GRU: y[i W + j, n, c] = x[n, c, i, j], that is
 * (N, C, H, W) -> (H W, N, C), steps in row-major order over (i, j). A copy (its bytes are counted), no FLOP.
 */
public final class MapToSequence extends Module {
    private Tensor y;
    private Tensor dx;

    public MapToSequence(String name) { super(name); }

    @Override public String type() { return "MapToSequence"; }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 4) throw mismatch(s, "[N, C, H, W]");
        return new int[] {s[2] * s[3], s[0], s[1]};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        y = backend.zeros(outputShape(maxIn));
        if (inputGradNeeded()) dx = backend.zeros(maxIn);
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        // (T, n, C) for a smaller batch is not a prefix along dimension 0: lay it out at the buffer's start
        Tensor yn = y.view(0, outputShape(x.shape()));
        x.backend().nchwToSequence(x, yn);
        return yn;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!inputGradNeeded()) return null;
        Tensor dxn = dx.narrowBatch(dy.dim(1));
        dy.backend().sequenceToNchw(dy, dxn);
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        long m = Tensor.numel(outputShape(s));
        // a copy in both directions: read M, write M; no FLOP
        return LayerCounts.elementwise(0, 0, 0, floatBytes(m, m), inputGradNeeded() ? floatBytes(m, m) : 0);
    }
}
