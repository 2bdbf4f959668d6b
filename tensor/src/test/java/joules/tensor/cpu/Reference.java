package joules.tensor.cpu;

import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.Pool2dGeometry;

/**
 * The plain float64 definitions every CPU kernel is tested against: the formulas written as directly as
 * possible, no blocking, no threads.
 */
final class Reference {
    private Reference() {}

    /** C = alpha op(A) op(B) + beta C with A stored (transA ? k x m : m x k), B (transB ? n x k : k x n). */
    static double[] gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
                         double beta, double[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                }
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
        return out;
    }

    /** y[n, o, oh, ow] = sum over c, kh, kw of x[n, c, oh s - p + kh, ow s - p + kw] w[o, c, kh, kw]. */
    static double[] conv2d(Conv2dGeometry g, double[] x, double[] w) {
        int oH = g.outH(), oW = g.outW();
        double[] y = new double[g.n() * g.outC() * oH * oW];
        for (int n = 0; n < g.n(); n++)
            for (int o = 0; o < g.outC(); o++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++) {
                        double s = 0;
                        for (int c = 0; c < g.inC(); c++)
                            for (int kh = 0; kh < g.kH(); kh++)
                                for (int kw = 0; kw < g.kW(); kw++) {
                                    int ih = oh * g.strideH() - g.padH() + kh, iw = ow * g.strideW() - g.padW() + kw;
                                    if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                    s += x[((n * g.inC() + c) * g.inH() + ih) * g.inW() + iw]
                                            * w[((o * g.inC() + c) * g.kH() + kh) * g.kW() + kw];
                                }
                        y[((n * g.outC() + o) * oH + oh) * oW + ow] = s;
                    }
        return y;
    }

    /** dx = the adjoint of conv2d in x: every y element sends dy w back to the inputs it read. */
    static double[] conv2dBackwardData(Conv2dGeometry g, double[] dy, double[] w) {
        int oH = g.outH(), oW = g.outW();
        double[] dx = new double[g.n() * g.inC() * g.inH() * g.inW()];
        for (int n = 0; n < g.n(); n++)
            for (int o = 0; o < g.outC(); o++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++) {
                        double d = dy[((n * g.outC() + o) * oH + oh) * oW + ow];
                        for (int c = 0; c < g.inC(); c++)
                            for (int kh = 0; kh < g.kH(); kh++)
                                for (int kw = 0; kw < g.kW(); kw++) {
                                    int ih = oh * g.strideH() - g.padH() + kh, iw = ow * g.strideW() - g.padW() + kw;
                                    if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                    dx[((n * g.inC() + c) * g.inH() + ih) * g.inW() + iw] +=
                                            d * w[((o * g.inC() + c) * g.kH() + kh) * g.kW() + kw];
                                }
                    }
        return dx;
    }

    /** dw = the adjoint of conv2d in w. */
    static double[] conv2dBackwardFilter(Conv2dGeometry g, double[] x, double[] dy) {
        int oH = g.outH(), oW = g.outW();
        double[] dw = new double[g.outC() * g.inC() * g.kH() * g.kW()];
        for (int n = 0; n < g.n(); n++)
            for (int o = 0; o < g.outC(); o++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++) {
                        double d = dy[((n * g.outC() + o) * oH + oh) * oW + ow];
                        for (int c = 0; c < g.inC(); c++)
                            for (int kh = 0; kh < g.kH(); kh++)
                                for (int kw = 0; kw < g.kW(); kw++) {
                                    int ih = oh * g.strideH() - g.padH() + kh, iw = ow * g.strideW() - g.padW() + kw;
                                    if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                    dw[((o * g.inC() + c) * g.kH() + kh) * g.kW() + kw] +=
                                            d * x[((n * g.inC() + c) * g.inH() + ih) * g.inW() + iw];
                                }
                    }
        return dw;
    }

    /** The row-major index, within its plane, of each window's first maximum. */
    static int[] maxPoolArgmax(Pool2dGeometry g, double[] x) {
        int oH = g.outH(), oW = g.outW(), plane = g.inH() * g.inW();
        int[] arg = new int[g.n() * g.c() * oH * oW];
        for (int p = 0; p < g.n() * g.c(); p++)
            for (int oh = 0; oh < oH; oh++)
                for (int ow = 0; ow < oW; ow++) {
                    int best = -1;
                    for (int i = 0; i < g.kH(); i++)
                        for (int j = 0; j < g.kW(); j++) {
                            int at = (oh * g.strideH() + i) * g.inW() + ow * g.strideW() + j;
                            if (best < 0 || x[p * plane + at] > x[p * plane + best]) best = at;
                        }
                    arg[(p * oH + oh) * oW + ow] = best;
                }
        return arg;
    }

    static double[] maxPool(Pool2dGeometry g, double[] x) {
        int[] arg = maxPoolArgmax(g, x);
        int per = g.outH() * g.outW(), plane = g.inH() * g.inW();
        double[] y = new double[arg.length];
        for (int i = 0; i < arg.length; i++) y[i] = x[(i / per) * plane + arg[i]];
        return y;
    }

    static double[] maxPoolBackward(Pool2dGeometry g, double[] x, double[] dy) {
        int[] arg = maxPoolArgmax(g, x);
        int per = g.outH() * g.outW(), plane = g.inH() * g.inW();
        double[] dx = new double[x.length];
        for (int i = 0; i < arg.length; i++) dx[(i / per) * plane + arg[i]] += dy[i];
        return dx;
    }

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** mean over i of -(t log s(x) + (1 - t) log(1 - s(x))), in the overflow-free form. */
    static double bce(double[] x, double[] t) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        return s / x.length;
    }

    /**
     * The GRU parameters packed in one vector, so finite differences can perturb any of them:
     * x, h0 (when present), W_ih, W_hh, b_ih, b_hh, in that order.
     */
    record GruParts(GruGeometry g, boolean hasH0) {
        int x() { return 0; }
        int h0() { return g.steps() * g.batch() * g.inputSize(); }
        int wIh() { return h0() + (hasH0 ? g.batch() * g.hidden() : 0); }
        int wHh() { return wIh() + g.gates() * g.inputSize(); }
        int bIh() { return wHh() + g.gates() * g.hidden(); }
        int bHh() { return bIh() + g.gates(); }
        int size() { return bHh() + g.gates(); }
    }

    /** PyTorch's GRU equations, step by step, in double. Returns y (steps, batch, hidden). */
    static double[] gru(GruParts parts, double[] v) {
        GruGeometry g = parts.g();
        int hid = g.hidden(), in = g.inputSize();
        double[] y = new double[g.steps() * g.batch() * hid];
        double[] h = new double[g.batch() * hid];
        if (parts.hasH0()) System.arraycopy(v, parts.h0(), h, 0, h.length);
        for (int t = 0; t < g.steps(); t++) {
            double[] next = new double[h.length];
            for (int b = 0; b < g.batch(); b++) {
                for (int j = 0; j < hid; j++) {
                    double[] gi = new double[3], gh = new double[3];
                    for (int gate = 0; gate < 3; gate++) {
                        int row = gate * hid + j;
                        gi[gate] = v[parts.bIh() + row];
                        for (int k = 0; k < in; k++) gi[gate] += v[parts.wIh() + row * in + k] * v[(t * g.batch() + b) * in + k];
                        gh[gate] = v[parts.bHh() + row];
                        for (int k = 0; k < hid; k++) gh[gate] += v[parts.wHh() + row * hid + k] * h[b * hid + k];
                    }
                    double r = sigmoid(gi[0] + gh[0]), z = sigmoid(gi[1] + gh[1]);
                    double n = Math.tanh(gi[2] + r * gh[2]);
                    next[b * hid + j] = (1 - z) * n + z * h[b * hid + j];
                }
            }
            h = next;
            System.arraycopy(h, 0, y, t * h.length, h.length);
        }
        return y;
    }
}
