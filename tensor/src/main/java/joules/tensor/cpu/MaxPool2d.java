package joules.tensor.cpu;

import java.util.Arrays;
import joules.tensor.Pool2dGeometry;

/**
 * Max pooling without padding, each (n, c) plane on its own: y[oh, ow] = max over the window
 * x[oh sH + i, ow sW + j], 0 <= i < kH, 0 <= j < kW. Like PyTorch, the first maximum in row-major order
 * wins a tie and a NaN counts as the maximum. Backward routes dy to that position (adding up where windows
 * overlap). FLOPs: one comparison per window element.
 */
final class MaxPool2d {
    private MaxPool2d() {}

    static void forward(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] y, int yOff) {
        if (isTwoByTwo(g)) {
            if (Simd.VECTOR && VectorPool.forwardFits(g)) VectorPool.forward(par, g, x, xOff, y, yOff);
            else forward2x2(par, g, x, xOff, y, yOff);
            return;
        }
        int inPlane = g.inH() * g.inW(), outPlane = g.outH() * g.outW();
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int xp = xOff + plane * inPlane, yp = yOff + plane * outPlane;
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        y[yp + oh * g.outW() + ow] = x[xp + argmax(g, x, xp, oh, ow)];
                    }
                }
            }
        });
    }

    static void backward(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                         float[] dx, int dxOff) {
        if (isTwoByTwo(g)) {
            if (Simd.VECTOR && VectorPool.backwardFits(g)) VectorPool.backward(par, g, x, xOff, dy, dyOff, dx, dxOff);
            else backward2x2(par, g, x, xOff, dy, dyOff, dx, dxOff);
            return;
        }
        int inPlane = g.inH() * g.inW(), outPlane = g.outH() * g.outW();
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int xp = xOff + plane * inPlane, dyp = dyOff + plane * outPlane, dxp = dxOff + plane * inPlane;
                Arrays.fill(dx, dxp, dxp + inPlane, 0f);
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        dx[dxp + argmax(g, x, xp, oh, ow)] += dy[dyp + oh * g.outW() + ow];
                    }
                }
            }
        });
    }

    /**
     * The study's pooling, MaxPool2d(2): windows that tile the plane, the common case made fast (by
     * {@link VectorPool} when {@link Simd#VECTOR} and a row holds a whole vector, else by forward2x2 and
     * backward2x2 below).
     */
    private static boolean isTwoByTwo(Pool2dGeometry g) {
        return g.kH() == 2 && g.kW() == 2 && g.strideH() == 2 && g.strideW() == 2;
    }

    /**
     * Per-thread buffers for the 2x2 path, one entry per window of a plane: the window's 4 inputs (top left,
     * top right, bottom left, bottom right) split out of the input rows, and the output; the loops over them
     * start at index 0, have no branches and run over a whole plane, so C2 vectorises them (a
     * compare-and-branch mispredicts on every other window of real activations, and a loop over one row of
     * 32 windows is too short for C2's unrolled vector loop).
     */
    private static final class Rows {
        float[] a = new float[0], b = new float[0], c = new float[0], d = new float[0], out = new float[0], max = new float[0];

        Rows fit(int width) {
            if (a.length < width) {
                a = new float[width];
                b = new float[width];
                c = new float[width];
                d = new float[width];
                out = new float[width];
                max = new float[width];
            }
            return this;
        }

        /** a, b, c, d from at = the four inputs of the windows on the rows starting at top and bottom. */
        void split(float[] x, int top, int bottom, int at, int width) {
            for (int q = 0; q < width; q++) {
                a[at + q] = x[top + 2 * q];
                b[at + q] = x[top + 2 * q + 1];
                c[at + q] = x[bottom + 2 * q];
                d[at + q] = x[bottom + 2 * q + 1];
            }
        }
    }

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    /** forward for 2 x 2 windows moved by 2: y = max(max(a, b), max(c, d)), Math.max keeping NaN. */
    static void forward2x2(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] y, int yOff) {
        int inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = g.inH() * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            Rows r = ROWS.get().fit(outPlane);
            for (int plane = p0; plane < p1; plane++) {
                for (int oh = 0; oh < outH; oh++) {
                    int top = xOff + plane * inPlane + 2 * oh * inW;
                    r.split(x, top, top + inW, oh * outW, outW);
                }
                max4(r.a, r.b, r.c, r.d, r.out, outPlane);
                System.arraycopy(r.out, 0, y, yOff + plane * outPlane, outPlane);
            }
        });
    }

    private static void max4(float[] a, float[] b, float[] c, float[] d, float[] out, int width) {
        for (int q = 0; q < width; q++) out[q] = Math.max(Math.max(a[q], b[q]), Math.max(c[q], d[q]));
    }

    /**
     * backward for 2 x 2 windows moved by 2: the windows do not overlap, so each input gets dy or 0 once.
     * The first maximum in row-major order takes dy, through masks: with m the window's maximum,
     * is(v) = 1 - min((m - v) 2^149, 1) is 1 where v == m and 0 elsewhere (m - v >= 0, and 2^149 lifts the
     * smallest positive float to 1), so a gets dy is(a), b gets dy is(b) (1 - is(a)), and so on. A window
     * holding an infinity or a NaN gets NaN gradients (a training step that has diverged already).
     */
    static void backward2x2(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                            float[] dx, int dxOff) {
        int inH = g.inH(), inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = inH * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            Rows r = ROWS.get().fit(outPlane);
            for (int plane = p0; plane < p1; plane++) {
                int xp = xOff + plane * inPlane, dxp = dxOff + plane * inPlane;
                for (int oh = 0; oh < outH; oh++) r.split(x, xp + 2 * oh * inW, xp + (2 * oh + 1) * inW, oh * outW, outW);
                System.arraycopy(dy, dyOff + plane * outPlane, r.out, 0, outPlane);
                route(r.a, r.b, r.c, r.d, r.out, r.max, outPlane);
                for (int oh = 0; oh < outH; oh++) {
                    int top = 2 * oh * inW, bottom = top + inW, at = oh * outW;
                    for (int q = 0; q < outW; q++) {
                        dx[dxp + top + 2 * q] = r.a[at + q];
                        dx[dxp + top + 2 * q + 1] = r.b[at + q];
                        dx[dxp + bottom + 2 * q] = r.c[at + q];
                        dx[dxp + bottom + 2 * q + 1] = r.d[at + q];
                    }
                    if ((inW & 1) == 1) {        // an odd last column that no window reaches
                        dx[dxp + top + inW - 1] = 0f;
                        dx[dxp + bottom + inW - 1] = 0f;
                    }
                }
                if ((inH & 1) == 1) Arrays.fill(dx, dxp + (inH - 1) * inW, dxp + inPlane, 0f);
            }
        });
    }

    /**
     * a, b, c, d (the window's inputs) become their gradients given dy: dy at the first maximum, 0 elsewhere.
     * Small loops, each simple enough for C2 to vectorise.
     */
    private static void route(float[] a, float[] b, float[] c, float[] d, float[] dy, float[] m, int width) {
        max4(a, b, c, d, m, width);
        isMax(a, m, width);
        isMax(b, m, width);
        isMax(c, m, width);
        for (int q = 0; q < width; q++) {
            float isA = a[q], isB = b[q] * (1f - isA), isC = c[q] * (1f - isA - isB), grad = dy[q];
            a[q] = grad * isA;
            b[q] = grad * isB;
            c[q] = grad * isC;
            d[q] = grad * (1f - isA - isB - isC);
        }
    }

    /** v = 1 where v == m, else 0, for v <= m: 1 - min((m - v) 2^149, 1). */
    private static void isMax(float[] v, float[] m, int width) {
        for (int q = 0; q < width; q++) v[q] = 1f - Math.min((m[q] - v[q]) * 0x1p127f * 0x1p22f, 1f);
    }

    /** The index within the plane of the window's first maximum. */
    private static int argmax(Pool2dGeometry g, float[] x, int plane, int oh, int ow) {
        int best = (oh * g.strideH()) * g.inW() + ow * g.strideW();
        float max = x[plane + best];
        for (int i = 0; i < g.kH(); i++) {
            int row = (oh * g.strideH() + i) * g.inW() + ow * g.strideW();
            for (int j = 0; j < g.kW(); j++) {
                float v = x[plane + row + j];
                if (v > max || (Float.isNaN(v) && !Float.isNaN(max))) {
                    max = v;
                    best = row + j;
                }
            }
        }
        return best;
    }
}
