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
