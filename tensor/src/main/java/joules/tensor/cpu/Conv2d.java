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
            im2col(par, g, x, xOff + n * inImage, 1, col, p);
            Gemm.gemm(par, false, false, g.outC(), p, kk, 1f, w, wOff, kk, col, 0, p, 0f, y, yOff + n * outImage, p);
        }
    }

    static void backwardData(Parallel par, Conv2dGeometry g, float[] dy, int dyOff, float[] w, int wOff,
                             float[] dx, int dxOff, float[] col) {
        int kk = colRows(g), p = colCols(g);
        int inImage = g.inC() * g.inH() * g.inW(), outImage = g.outC() * p;
        for (int n = 0; n < g.n(); n++) {
            Gemm.gemm(par, true, false, kk, p, g.outC(), 1f, w, wOff, kk, dy, dyOff + n * outImage, p, 0f, col, 0, p);
            col2im(par, g, col, 1, p, dx, dxOff + n * inImage);
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
            im2col(par, g, x, xOff + n * inImage, 1, col, p);
            Gemm.gemm(par, false, true, g.outC(), kk, p, 1f, dy, dyOff + n * outImage, p, col, 0, p,
                    n == 0 ? 0f : 1f, dw, dwOff, kk);
        }
    }

    // ---- the batch in one product: small maps ----------------------------------------------------------
    //
    // On a small map an image has few output positions (32 on 8 x 4), and a product per image is thin: a
    // (outC x inC 9) weight against 32 columns. With the batch's images side by side the columns are N P
    // (256), one product per pass, whatever the batch:
    //   col (inC 9 x N P), column n P + p = image n's position p          im2col of each image
    //   forward   Yb = W col            (outC x N P), then y[n, o, :] = Yb[o, n P ..]      2 outC inC 9 N P FLOPs
    //   data      dcol = W^T dYb        (inC 9 x N P), then col2im of each image's columns
    //   filter    dW = dYb col^T        (outC x inC 9), dYb[o, n P + p] = dy[n, o, p]

    /**
     * Whether the batched passes are the faster ones: on maps of at most 32 output positions (8 x 4, where
     * F(4x4, 3x3) Winograd has two tiles an image) with at least 256 channels in and out. Measured (batch 8, 2
     * threads, docs/cpu-backend.md): 384 channels on 8 x 4, Winograd / batched, forward 6.6 / 5.5 ms, data
     * gradient 6.5 / 5.3, filter gradient 8.7 / 3.6; on 4 x 2, 3.6 / 1.8, 3.5 / 1.6, 4.2 / 1.0; on 16 x 8 Winograd
     * is faster (9.7 / 16.3); at 128 channels on 8 x 4 they are level (0.76 / 0.90, 0.70 / 0.83, 0.82 / 0.71).
     */
    static boolean batchPays(Conv2dGeometry g) {
        return (long) g.outH() * g.outW() <= 32 && g.inC() >= 256 && g.outC() >= 256;
    }

    /** Floats of the batched passes' col: inC kH kW rows of N P columns. */
    static long batchedColFloats(Conv2dGeometry g) { return (long) colRows(g) * g.n() * colCols(g); }

    /** Floats of the batched passes' (outC x N P) product, Yb or dYb. */
    static long batchedProductFloats(Conv2dGeometry g) { return (long) g.outC() * g.n() * colCols(g); }

    static void forwardBatched(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] w, int wOff,
                               float[] y, int yOff, float[] col, float[] product) {
        int kk = colRows(g), np = g.n() * colCols(g);
        im2col(par, g, x, xOff, g.n(), col, np);
        Gemm.gemm(par, false, false, g.outC(), np, kk, 1f, w, wOff, kk, col, 0, np, 0f, product, 0, np);
        unbatch(par, g, product, y, yOff);
    }

    static void backwardDataBatched(Parallel par, Conv2dGeometry g, float[] dy, int dyOff, float[] w, int wOff,
                                    float[] dx, int dxOff, float[] col, float[] product) {
        int kk = colRows(g), np = g.n() * colCols(g);
        batch(par, g, dy, dyOff, product);
        Gemm.gemm(par, true, false, kk, np, g.outC(), 1f, w, wOff, kk, product, 0, np, 0f, col, 0, np);
        col2im(par, g, col, g.n(), np, dx, dxOff);
    }

    static void backwardFilterBatched(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                                      float[] dw, int dwOff, float[] col, float[] product) {
        int kk = colRows(g), np = g.n() * colCols(g);
        im2col(par, g, x, xOff, g.n(), col, np);
        batch(par, g, dy, dyOff, product);
        Gemm.gemm(par, false, true, g.outC(), kk, np, 1f, product, 0, np, col, 0, np, 0f, dw, dwOff, kk);
    }

    /** product[o, n P + p] = t[n, o, p]: a map laid out (N, outC, P) as (outC, N P). */
    private static void batch(Parallel par, Conv2dGeometry g, float[] t, int tOff, float[] product) {
        int p = colCols(g), np = g.n() * p, outC = g.outC();
        par.forRange(outC, 16, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int n = 0; n < g.n(); n++) System.arraycopy(t, tOff + (n * outC + o) * p, product, o * np + n * p, p);
            }
        });
    }

    /** t[n, o, p] = product[o, n P + p]: the inverse of {@link #batch}. */
    private static void unbatch(Parallel par, Conv2dGeometry g, float[] product, float[] t, int tOff) {
        int p = colCols(g), np = g.n() * p, outC = g.outC();
        par.forRange(outC, 16, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int n = 0; n < g.n(); n++) System.arraycopy(product, o * np + n * p, t, tOff + (n * outC + o) * p, p);
            }
        });
    }

    // ---- im2col and its adjoint, through a zero-bordered copy of each plane ------------------------------
    //
    // Each input plane is copied once into a scratch plane with the padding around it (hp = inH + 2 pH rows of
    // wp = inW + 2 pW), so that every column entry is a plain read, padded[(oh sH + kh) wp + ow sW + kw], with no
    // test for the border. (With the test per entry, as first written, im2col of cnn-L6-H384's fifth layer, 384
    // channels of 8 x 4 maps, batch 8, ran 1.0 ms, 3.5 GB/s; see docs/cpu-backend.md.)

    /** The calling thread's scratch plane, grown on demand. */
    private static final ThreadLocal<float[][]> PLANE = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] plane(Conv2dGeometry g) {
        float[][] holder = PLANE.get();
        int size = (g.inH() + 2 * g.padH()) * (g.inW() + 2 * g.padW());
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    /**
     * col[(ci kH + kh) kW + kw, n P + oh outW + ow] = x[n, ci, oh sH - pH + kh, ow sW - pW + kw], 0 in the padding,
     * for the images n &lt; images (P = outH outW; col's rows are ld floats long).
     */
    static void im2col(Parallel par, Conv2dGeometry g, float[] x, int xOff, int images, float[] col, int ld) {
        int outH = g.outH(), outW = g.outW(), p = outH * outW, kH = g.kH(), kW = g.kW(), sH = g.strideH(), sW = g.strideW();
        int inH = g.inH(), inW = g.inW(), wp = inW + 2 * g.padW(), hp = inH + 2 * g.padH();
        par.forRange(g.inC(), 1, (c0, c1) -> {
            float[] padded = plane(g);
            java.util.Arrays.fill(padded, 0, hp * wp, 0f);      // the border stays zero; the inside is copied over
            for (int ci = c0; ci < c1; ci++) {
                for (int n = 0; n < images; n++) {
                    int from = xOff + (n * g.inC() + ci) * inH * inW;
                    for (int ih = 0; ih < inH; ih++) System.arraycopy(x, from + ih * inW, padded, (ih + g.padH()) * wp + g.padW(), inW);
                    for (int kh = 0; kh < kH; kh++) {
                        for (int kw = 0; kw < kW; kw++) {
                            int to = ((ci * kH + kh) * kW + kw) * ld + n * p;
                            for (int oh = 0; oh < outH; oh++) {
                                int src = (oh * sH + kh) * wp + kw, dst = to + oh * outW;
                                for (int ow = 0; ow < outW; ow++) col[dst + ow] = padded[src + ow * sW];
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #im2col}: dx[n, ci, ih, iw] = the sum of every entry of col that im2col copied from
     * there, for the images n &lt; images; each input position's entries are added in the order (kh, kw, oh, ow).
     */
    static void col2im(Parallel par, Conv2dGeometry g, float[] col, int images, int ld, float[] dx, int dxOff) {
        int outH = g.outH(), outW = g.outW(), p = outH * outW, kH = g.kH(), kW = g.kW(), sH = g.strideH(), sW = g.strideW();
        int inH = g.inH(), inW = g.inW(), wp = inW + 2 * g.padW(), hp = inH + 2 * g.padH();
        par.forRange(g.inC(), 1, (c0, c1) -> {
            float[] padded = plane(g);
            for (int ci = c0; ci < c1; ci++) {
                for (int n = 0; n < images; n++) {
                    java.util.Arrays.fill(padded, 0, hp * wp, 0f);
                    for (int kh = 0; kh < kH; kh++) {
                        for (int kw = 0; kw < kW; kw++) {
                            int from = ((ci * kH + kh) * kW + kw) * ld + n * p;
                            for (int oh = 0; oh < outH; oh++) {
                                int src = from + oh * outW, dst = (oh * sH + kh) * wp + kw;
                                for (int ow = 0; ow < outW; ow++) padded[dst + ow * sW] += col[src + ow];
                            }
                        }
                    }
                    int to = dxOff + (n * g.inC() + ci) * inH * inW;
                    for (int ih = 0; ih < inH; ih++) System.arraycopy(padded, (ih + g.padH()) * wp + g.padW(), dx, to + ih * inW, inW);
                }
            }
        });
    }
}
