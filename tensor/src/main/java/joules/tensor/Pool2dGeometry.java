package joules.tensor;

/**
 * The shapes of one 2-D max pooling: input (n, c, inH, inW), window kH x kW moved by the stride,
 * no padding, floor rounding as PyTorch's MaxPool2d: outH = (inH - kH) / strideH + 1.
 */
public record Pool2dGeometry(int n, int c, int inH, int inW, int kH, int kW, int strideH, int strideW) {
    public Pool2dGeometry {
        if (n < 1 || c < 1 || kH < 1 || kW < 1 || strideH < 1 || strideW < 1 || inH < kH || inW < kW) {
            throw new IllegalArgumentException("invalid pooling geometry " + this);
        }
    }

    public int outH() { return (inH - kH) / strideH + 1; }
    public int outW() { return (inW - kW) / strideW + 1; }
    public int[] inputShape() { return new int[] {n, c, inH, inW}; }
    public int[] outputShape() { return new int[] {n, c, outH(), outW()}; }
    public Pool2dGeometry withBatch(int batch) { return new Pool2dGeometry(batch, c, inH, inW, kH, kW, strideH, strideW); }
}
