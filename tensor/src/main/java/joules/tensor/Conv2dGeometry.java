package joules.tensor;

/**
 * The shapes of one 2-D convolution (cross-correlation, as PyTorch's Conv2d):
 * input (n, inC, inH, inW), weight (outC, inC, kH, kW), output (n, outC, outH, outW) with
 * outH = (inH + 2 padH - kH) / strideH + 1 and likewise for the width. No dilation, no groups.
 */
public record Conv2dGeometry(int n, int inC, int inH, int inW, int outC, int kH, int kW,
                             int strideH, int strideW, int padH, int padW) {
    public Conv2dGeometry {
        if (n < 1 || inC < 1 || inH < 1 || inW < 1 || outC < 1 || kH < 1 || kW < 1 || strideH < 1 || strideW < 1
                || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + this);
        }
        if (inH + 2 * padH < kH || inW + 2 * padW < kW) {
            throw new IllegalArgumentException("kernel larger than the padded input in " + this);
        }
    }

    public int outH() { return (inH + 2 * padH - kH) / strideH + 1; }
    public int outW() { return (inW + 2 * padW - kW) / strideW + 1; }
    public int[] inputShape() { return new int[] {n, inC, inH, inW}; }
    public int[] weightShape() { return new int[] {outC, inC, kH, kW}; }
    public int[] outputShape() { return new int[] {n, outC, outH(), outW()}; }
    public Conv2dGeometry withBatch(int batch) {
        return new Conv2dGeometry(batch, inC, inH, inW, outC, kH, kW, strideH, strideW, padH, padW);
    }
}
