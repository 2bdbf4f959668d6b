package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import java.util.List;
import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Tensor;

/**
 * PyTorch's nn.Conv2d (cross-correlation with zero padding, bias, no dilation, no groups):
 * y[n,o,i,j] = b[o] + sum_{c,p,q} W[o,c,p,q] x_pad[n, c, i sH + p, j sW + q].
 * Initialisation: W and b from U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn = inC kH kW.
 */
public final class Conv2d extends Module {
    private final int inC;
    private final int outC;
    private final int kH;
    private final int kW;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final Parameter weight;
    private final Parameter bias;
    private Conv2dGeometry maxGeometry;
    private Tensor y;
    private Tensor dx;
    private Tensor x;

    public Conv2d(String name, int inC, int outC, int kH, int kW, int strideH, int strideW, int padH, int padW) {
        super(name);
        this.inC = inC;
        this.outC = outC;
        this.kH = kH;
        this.kW = kW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        double bound = 1.0 / Math.sqrt((double) inC * kH * kW);
        this.weight = new Parameter(name + ".weight", bound, outC, inC, kH, kW);
        this.bias = new Parameter(name + ".bias", bound, outC);
    }

    /** A square kernel with the same stride and padding in both directions. */
    public Conv2d(String name, int inC, int outC, int kernel, int stride, int padding) {
        this(name, inC, outC, kernel, kernel, stride, stride, padding, padding);
    }

    @Override public String type() { return "Conv2d"; }
    @Override public List<Parameter> parameters() { return List.of(weight, bias); }

    /** The convolution's geometry for an input shape (checked). */
    Conv2dGeometry geometry(int[] s) {
        if (s.length != 4 || s[1] != inC || s[2] + 2 * padH < kH || s[3] + 2 * padW < kW) {
            throw mismatch(s, "[N, " + inC + ", H, W] with H + " + 2 * padH + " >= " + kH + " and W + "
                    + 2 * padW + " >= " + kW);
        }
        return new Conv2dGeometry(s[0], inC, s[2], s[3], outC, kH, kW, strideH, strideW, padH, padW);
    }

    @Override
    public int[] outputShape(int[] s) {
        Conv2dGeometry g = geometry(s);
        return new int[] {s[0], outC, g.outH(), g.outW()};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        maxGeometry = geometry(maxIn);
        y = backend.zeros(maxGeometry.outputShape());
        if (inputGradNeeded()) dx = backend.zeros(maxIn);
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        this.x = x;
        Backend be = x.backend();
        Tensor yn = y.narrowBatch(n);
        // y = W (*) x + b: MACs = n outC P K, then n outC P bias additions (one backend call, fused where it can)
        be.conv2dForwardBias(x, weight.value(), bias.value(), yn, maxGeometry.withBatch(n));
        return yn;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.dim(0);
        Backend be = dy.backend();
        Conv2dGeometry g = maxGeometry.withBatch(n);
        // dW[o,c,p,q] = sum_{n,i,j} dy x_pad (2 MACs - outC K) and db[o] = sum_{n,i,j} dy (outC (n P - 1))
        if (!inputGradNeeded()) {
            be.conv2dBackwardFilterBias(x, dy, weight.grad(), bias.grad(), g);
            return null;
        }
        // and dx_pad = sum W dy, then cropped (2 MACs - n inC covH covW): one call for the three
        Tensor dxn = dx.narrowBatch(n);
        be.conv2dBackward(x, weight.value(), dy, weight.grad(), bias.grad(), dxn, g);
        return dxn;
    }

    /** Rows (or columns) of the padded input that at least one window reaches. */
    private static long covered(int outSize, int kernel, int stride) {
        return stride <= kernel ? (long) (outSize - 1) * stride + kernel : (long) outSize * kernel;
    }

    @Override
    public LayerCounts counts(int[] s) {
        Conv2dGeometry g = geometry(s);
        long n = s[0];
        long positions = (long) g.outH() * g.outW();         // P
        long k = (long) inC * kH * kW;                       // K: products per output value
        long outputs = n * outC * positions;
        long inputs = Tensor.numel(s);                              // the padding is implicit: never stored, never moved
        long macs = outputs * k;
        long params = (long) outC * k + outC;
        long forward = outputs * (2 * k - 1) + outputs;      // = 2 MACs
        long forwardBytes = floatBytes(inputs, outC * k, outC, outputs);   // read x, W, b; write y
        long backward = (2 * macs - outC * k)                // dW
                + outC * (n * positions - 1);                // db
        long backwardBytes = floatBytes(outputs, inputs, outC * k, outC);  // read dy, x; write dW, db
        long backwardMacs = macs;
        if (inputGradNeeded()) {
            backward += 2 * macs - n * inC * covered(g.outH(), kH, strideH) * covered(g.outW(), kW, strideW);
            backwardBytes += floatBytes(outC * k, inputs);                 // read W; write dx
            backwardMacs += macs;
        }
        // DeepSpeed: 2 MACs + outC n P for the bias.
        return new LayerCounts(params, 2 * macs + outputs, macs, forward, macs, backward, backwardMacs, forwardBytes,
                backwardBytes);
    }
}
