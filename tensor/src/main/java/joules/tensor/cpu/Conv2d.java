package joules.tensor.cpu;

import joules.tensor.Conv2dGeometry;

/**
 * 2-D convolution (cross-correlation with zero padding) as a matrix product per image, the im2col method:
 * col[(ci kH + kh) kW + kw, oh outW + ow] = x[ci, oh sH - pH + kh, ow sW - pW + kw] (0 outside the image),
 * so that with K = inC kH kW and P = outH outW:
 * <pre>
 *   forward          y_n (outC x P) = W (outC x K) col_n (K x P)             2 outC K P FLOPs per image
 *   backward data    dcol (K x P)   = W^T (K x outC) dy_n (outC x P); dx_n = col2im(dcol)
 *   backward filter  dW (outC x K)  = sum over n of dy_n (outC x P) col_n^T (P x K)
 * </pre>
 * {@code col} is a scratch array of at least K P floats. A first layer (one input channel, 3x3) runs as
 * {@link VectorSingleChannelConv} when the Vector API is there.
 */
final class Conv2d {
    private Conv2d() {}

    static int colRows(Conv2dGeometry g) { return g.inC() * g.kH() * g.kW(); }
    static int colCols(Conv2dGeometry g) { return g.outH() * g.outW(); }

    static void forward(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] w, int wOff,
                        float[] y, int yOff, float[] col) {
        if (Simd.VECTOR && VectorSingleChannelConv.applies(g)) {
            VectorSingleChannelConv.forward(par, g, x, xOff, w, wOff, null, 0, y, yOff);
            return;
        }
        int kk = colRows(g), p = colCols(g);
        int inImage = g.inC() * g.inH() * g.inW(), outImage = g.outC() * p;
        for (int n = 0; n < g.n(); n++) {
            im2col(par, g, x, xOff + n * inImage, col);
            Gemm.gemm(par, false, false, g.outC(), p, kk, 1f, w, wOff, kk, col, 0, p, 0f, y, yOff + n * outImage, p);
        }
    }

    static void backwardData(Parallel par, Conv2dGeometry g, float[] dy, int dyOff, float[] w, int wOff,
                             float[] dx, int dxOff, float[] col) {
        int kk = colRows(g), p = colCols(g);
        int inImage = g.inC() * g.inH() * g.inW(), outImage = g.outC() * p;
        for (int n = 0; n < g.n(); n++) {
            Gemm.gemm(par, true, false, kk, p, g.outC(), 1f, w, wOff, kk, dy, dyOff + n * outImage, p, 0f, col, 0, p);
            col2im(par, g, col, dx, dxOff + n * inImage);
        }
    }

    static void backwardFilter(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                               float[] dw, int dwOff, float[] col) {
        if (Simd.VECTOR && VectorSingleChannelConv.applies(g)) {
            VectorSingleChannelConv.backwardFilter(par, g, x, xOff, dy, dyOff, dw, dwOff, null, 0);
            return;
        }
        int kk = colRows(g), p = colCols(g);
        int inImage = g.inC() * g.inH() * g.inW(), outImage = g.outC() * p;
        for (int n = 0; n < g.n(); n++) {
            im2col(par, g, x, xOff + n * inImage, col);
            Gemm.gemm(par, false, true, g.outC(), kk, p, 1f, dy, dyOff + n * outImage, p, col, 0, p,
                    n == 0 ? 0f : 1f, dw, dwOff, kk);
        }
    }

    /** col[(ci kH + kh) kW + kw, oh outW + ow] = x[ci, oh sH - pH + kh, ow sW - pW + kw], 0 in the padding. */
    static void im2col(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] col) {
        int outH = g.outH(), outW = g.outW(), p = outH * outW, kArea = g.kH() * g.kW();
        par.forRange(colRows(g), kArea, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ci = r / kArea, kh = (r % kArea) / g.kW(), kw = r % g.kW();
                int plane = xOff + ci * g.inH() * g.inW();
                for (int oh = 0; oh < outH; oh++) {
                    int ih = oh * g.strideH() - g.padH() + kh;
                    int dst = r * p + oh * outW;
                    if (ih < 0 || ih >= g.inH()) {
                        for (int ow = 0; ow < outW; ow++) col[dst + ow] = 0f;
                        continue;
                    }
                    int src = plane + ih * g.inW();
                    for (int ow = 0; ow < outW; ow++) {
                        int iw = ow * g.strideW() - g.padW() + kw;
                        col[dst + ow] = iw >= 0 && iw < g.inW() ? x[src + iw] : 0f;
                    }
                }
            }
        });
    }

    /** The adjoint of im2col: dx[ci, ih, iw] = the sum of every col entry that im2col copied from there. */
    static void col2im(Parallel par, Conv2dGeometry g, float[] col, float[] dx, int dxOff) {
        int outH = g.outH(), outW = g.outW(), p = outH * outW, kArea = g.kH() * g.kW();
        int planeSize = g.inH() * g.inW();
        par.forRange(g.inC(), 1, (c0, c1) -> {
            for (int ci = c0; ci < c1; ci++) {
                int plane = dxOff + ci * planeSize;
                java.util.Arrays.fill(dx, plane, plane + planeSize, 0f);
                for (int kh = 0; kh < g.kH(); kh++) {
                    for (int kw = 0; kw < g.kW(); kw++) {
                        int r = ci * kArea + kh * g.kW() + kw;
                        for (int oh = 0; oh < outH; oh++) {
                            int ih = oh * g.strideH() - g.padH() + kh;
                            if (ih < 0 || ih >= g.inH()) continue;
                            int src = r * p + oh * outW, dst = plane + ih * g.inW();
                            for (int ow = 0; ow < outW; ow++) {
                                int iw = ow * g.strideW() - g.padW() + kw;
                                if (iw >= 0 && iw < g.inW()) dx[dst + iw] += col[src + ow];
                            }
                        }
                    }
                }
            }
        });
    }
}
