package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;

/**
 * PyTorch's nn.MaxPool2d without padding (floor rounding): y[n,c,i,j] = max_{p<kH, q<kW} x[n,c,i sH + p, j sW + q].
 * Backward routes dy to the first maximum of each window (row-major), as PyTorch does.
 */
public final class MaxPool2d extends Module {
    private final int kH;
    private final int kW;
    private final int strideH;
    private final int strideW;
    private Pool2dGeometry maxGeometry;
    private Tensor y;
    private Tensor dx;
    private Tensor x;
    private Tensor lastY;

    public MaxPool2d(String name, int kH, int kW, int strideH, int strideW) {
        super(name);
        this.kH = kH;
        this.kW = kW;
        this.strideH = strideH;
        this.strideW = strideW;
    }

    /** A square window moved by its own size, PyTorch's MaxPool2d(kernel). */
    public MaxPool2d(String name, int kernel) {
        this(name, kernel, kernel, kernel, kernel);
    }

    @Override public String type() { return "MaxPool2d"; }

    /** The pooling's geometry for an input shape (checked). */
    Pool2dGeometry geometry(int[] s) {
        if (s.length != 4 || s[2] < kH || s[3] < kW) throw mismatch(s, "[N, C, H, W] with H >= " + kH + ", W >= " + kW);
        return new Pool2dGeometry(s[0], s[1], s[2], s[3], kH, kW, strideH, strideW);
    }

    @Override
    public int[] outputShape(int[] s) { return geometry(s).outputShape(); }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        maxGeometry = geometry(maxIn);
        y = backend.zeros(maxGeometry.outputShape());
        if (inputGradNeeded()) dx = backend.zeros(maxIn);
    }

    /** The output buffer's first n images (where a fused {@link ConvBlock} writes this layer's output). */
    Tensor output(int n) { return y.narrowBatch(n); }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        this.x = x;
        lastY = y.narrowBatch(n);
        x.backend().maxPool2dForward(x, lastY, maxGeometry.withBatch(n)); // kH kW - 1 comparisons per window
        return lastY;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!inputGradNeeded()) return null;
        int n = dy.dim(0);
        Tensor dxn = dx.narrowBatch(n);
        // dx = dy at each window's (first) maximum, found again with kH kW - 1 comparisons; 0 elsewhere
        dy.backend().maxPool2dBackward(x, lastY, dy, dxn, maxGeometry.withBatch(n));
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        Pool2dGeometry g = geometry(s);
        long in = Tensor.numel(s);
        long out = Tensor.numel(g.outputShape());
        long comparisons = out * (kH * kW - 1L);
        boolean dx = inputGradNeeded();
        return LayerCounts.elementwise(in, comparisons, dx ? comparisons : 0,
                floatBytes(in, out),                    // read x; write y
                dx ? floatBytes(in, out, out, in) : 0); // read x, y, dy; write dx (zeros but at the maxima)
    }
}
