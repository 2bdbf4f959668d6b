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
            forward2x2(par, g, x, xOff, y, yOff);
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
            backward2x2(par, g, x, xOff, dy, dyOff, dx, dxOff);
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

    /** The study's pooling, MaxPool2d(2): windows that tile the plane, the common case made fast. */
    private static boolean isTwoByTwo(Pool2dGeometry g) {
        return g.kH() == 2 && g.kW() == 2 && g.strideH() == 2 && g.strideW() == 2;
    }

    /** Which of a, b (top row) and c, d (bottom row) is the first maximum, 0 to 3, by the rule of argmax. */
    private static int first2x2(float a, float b, float c, float d) {
        int best = 0;
        float max = a;
        if (b > max || (Float.isNaN(b) && !Float.isNaN(max))) { max = b; best = 1; }
        if (c > max || (Float.isNaN(c) && !Float.isNaN(max))) { max = c; best = 2; }
        if (d > max || (Float.isNaN(d) && !Float.isNaN(max))) { best = 3; }
        return best;
    }

    /** forward for 2 x 2 windows moved by 2: one pass over each pair of input rows. */
    private static void forward2x2(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] y, int yOff) {
        int inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = g.inH() * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                for (int oh = 0; oh < outH; oh++) {
                    int top = xOff + plane * inPlane + 2 * oh * inW, bottom = top + inW;
                    int out = yOff + plane * outPlane + oh * outW;
                    for (int ow = 0; ow < outW; ow++) {
                        float a = x[top + 2 * ow], b = x[top + 2 * ow + 1], c = x[bottom + 2 * ow], d = x[bottom + 2 * ow + 1];
                        int k = first2x2(a, b, c, d);
                        y[out + ow] = k == 0 ? a : k == 1 ? b : k == 2 ? c : d;
                    }
                }
            }
        });
    }

    /** backward for 2 x 2 windows moved by 2: the windows do not overlap, so each input gets dy or 0 once. */
    private static void backward2x2(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                                    float[] dx, int dxOff) {
        int inH = g.inH(), inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = inH * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                int xp = xOff + plane * inPlane, dxp = dxOff + plane * inPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int top = 2 * oh * inW, bottom = top + inW, in = dyOff + plane * outPlane + oh * outW;
                    for (int ow = 0; ow < outW; ow++) {
                        int i = 2 * ow;
                        int k = first2x2(x[xp + top + i], x[xp + top + i + 1], x[xp + bottom + i], x[xp + bottom + i + 1]);
                        float grad = dy[in + ow];
                        dx[dxp + top + i] = k == 0 ? grad : 0f;
                        dx[dxp + top + i + 1] = k == 1 ? grad : 0f;
                        dx[dxp + bottom + i] = k == 2 ? grad : 0f;
                        dx[dxp + bottom + i + 1] = k == 3 ? grad : 0f;
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
