package joules.tensor;

/**
 * Every operation of {@link Backend}, forward and backward, written as plainly as the maths: float64 loops
 * over flat row-major arrays, no blocking, no threads, no scratch buffers, no cleverness. Read this file to
 * learn what an operation computes; read the backends ({@code cpu}, {@code cuda}) to learn how it is made
 * fast. The tests hold every backend to these definitions (in {@code tensor/src/test}: GemmTest,
 * Conv2dTest, MaxPool2dTest, ActivationsTest, GruTest, AdamTest, CpuMatchesReferenceTest), and check each backward
 * here against finite differences of its forward (ReferenceTest).
 *
 * <p>Layouts are the backends': matrices row-major, images (n, c, h, w), sequences (steps, batch, features).
 * A backward takes the gradient of the output ({@code dy}) and returns the gradients of the inputs; the
 * backend operations that fuse two of these ({@link Backend#conv2dForwardBias},
 * {@link Backend#conv2dBackwardFilterBias}) are defined as the two in a row. The memory operations
 * (copy, fill, copies to and from the host) have no maths and no entry here.
 */
public final class Reference {
    private Reference() {}

    // ---- dense algebra ------------------------------------------------------------------------

    /**
     * C = alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n, with A stored (transA ? k x m : m x k) and
     * B (transB ? n x k : k x n); {@code c} is only read when beta is not 0 (it may then be null).
     */
    public static double[] gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                                double[] b, double beta, double[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += opA(transA, a, m, k, i, p) * opB(transB, b, k, n, p, j);
                out[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
        }
        return out;
    }

    /**
     * The gradient of {@link #gemm} in A: d op(A) = alpha dC op(B)^T, returned in A's stored layout. The
     * engine computes it with a second {@link Backend#gemm} (Linear's dx = dy W).
     */
    public static double[] gemmGradA(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                     double[] b, double[] dc) {
        double[] da = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += dc[i * n + j] * opB(transB, b, k, n, p, j);
                da[transA ? p * m + i : i * k + p] = alpha * s;
            }
        }
        return da;
    }

    /**
     * The gradient of {@link #gemm} in B: d op(B) = alpha op(A)^T dC, returned in B's stored layout
     * (Linear's dW = dy^T x). The gradient in C is beta dC.
     */
    public static double[] gemmGradB(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                     double[] a, double[] dc) {
        double[] db = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += opA(transA, a, m, k, i, p) * dc[i * n + j];
                db[transB ? j * k + p : p * n + j] = alpha * s;
            }
        }
        return db;
    }

    /** op(A)[i, p] for A stored m x k, or k x m when transposed. */
    private static double opA(boolean transA, double[] a, int m, int k, int i, int p) {
        return transA ? a[p * m + i] : a[i * k + p];
    }

    /** op(B)[p, j] for B stored k x n, or n x k when transposed. */
    private static double opB(boolean transB, double[] b, int k, int n, int p, int j) {
        return transB ? b[j * k + p] : b[p * n + j];
    }

    /** y[o, c, s] = x[o, c, s] + bias[c] for x of shape (outer, channels, inner). Its gradient in x is dy. */
    public static double[] addBias(double[] x, double[] bias, int outer, int channels, int inner) {
        double[] y = x.clone();
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                for (int s = 0; s < inner; s++) y[(o * channels + c) * inner + s] += bias[c];
        return y;
    }

    /** dbias[c] = sum over o and s of dy[o, c, s]: the gradient of {@link #addBias} in the bias. */
    public static double[] biasGrad(double[] dy, int outer, int channels, int inner) {
        double[] db = new double[channels];
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                for (int s = 0; s < inner; s++) db[c] += dy[(o * channels + c) * inner + s];
        return db;
    }

    // ---- convolution and pooling --------------------------------------------------------------

    /** y[n, o, oh, ow] = sum over c, kh, kw of x[n, c, oh s - p + kh, ow s - p + kw] w[o, c, kh, kw] (zero outside x). */
    public static double[] conv2d(Conv2dGeometry g, double[] x, double[] w) {
        double[] y = new double[g.n() * g.outC() * g.outH() * g.outW()];
        forEachTap(g, (yi, xi, wi) -> y[yi] += x[xi] * w[wi]);
        return y;
    }

    /** dx = the adjoint of {@link #conv2d} in x: along every tap, dy w flows back to the input it read. */
    public static double[] conv2dBackwardData(Conv2dGeometry g, double[] dy, double[] w) {
        double[] dx = new double[g.n() * g.inC() * g.inH() * g.inW()];
        forEachTap(g, (yi, xi, wi) -> dx[xi] += dy[yi] * w[wi]);
        return dx;
    }

    /** dw = the adjoint of {@link #conv2d} in w: along every tap, dy times the input it met. */
    public static double[] conv2dBackwardFilter(Conv2dGeometry g, double[] x, double[] dy) {
        double[] dw = new double[g.outC() * g.inC() * g.kH() * g.kW()];
        forEachTap(g, (yi, xi, wi) -> dw[wi] += dy[yi] * x[xi]);
        return dw;
    }

    /** One term of a convolution: output element y, input element x, weight w (flat row-major indices). */
    private interface Tap {
        void at(int y, int x, int w);
    }

    /**
     * Every term of the convolution's sums, output element by output element: for y[n, o, oh, ow], each input
     * channel c and kernel position (kh, kw) whose input x[n, c, oh s - p + kh, ow s - p + kw] lies inside x
     * (the padding's zeros add nothing). A convolution and both of its gradients walk the same terms.
     */
    private static void forEachTap(Conv2dGeometry g, Tap tap) {
        int oH = g.outH(), oW = g.outW();
        for (int n = 0; n < g.n(); n++)
            for (int o = 0; o < g.outC(); o++)
                for (int oh = 0; oh < oH; oh++)
                    for (int ow = 0; ow < oW; ow++)
                        for (int c = 0; c < g.inC(); c++)
                            for (int kh = 0; kh < g.kH(); kh++)
                                for (int kw = 0; kw < g.kW(); kw++) {
                                    int ih = oh * g.strideH() - g.padH() + kh, iw = ow * g.strideW() - g.padW() + kw;
                                    if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) continue;
                                    tap.at(((n * g.outC() + o) * oH + oh) * oW + ow, ((n * g.inC() + c) * g.inH() + ih) * g.inW() + iw,
                                            ((o * g.inC() + c) * g.kH() + kh) * g.kW() + kw);
                                }
    }

    /** The row-major index, within its (h, w) plane, of each window's first maximum (PyTorch's tie rule). */
    public static int[] maxPoolArgmax(Pool2dGeometry g, double[] x) {
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

    /** y[n, c, oh, ow] = max over the window (oh s .. oh s + kH, ow s .. ow s + kW) of x[n, c]. */
    public static double[] maxPool(Pool2dGeometry g, double[] x) {
        int[] arg = maxPoolArgmax(g, x);
        int per = g.outH() * g.outW(), plane = g.inH() * g.inW();
        double[] y = new double[arg.length];
        for (int i = 0; i < arg.length; i++) y[i] = x[(i / per) * plane + arg[i]];
        return y;
    }

    /** dx = dy routed to the position of each window's first maximum, zero elsewhere (summed where windows overlap). */
    public static double[] maxPoolBackward(Pool2dGeometry g, double[] x, double[] dy) {
        int[] arg = maxPoolArgmax(g, x);
        int per = g.outH() * g.outW(), plane = g.inH() * g.inW();
        double[] dx = new double[x.length];
        for (int i = 0; i < arg.length; i++) dx[(i / per) * plane + arg[i]] += dy[i];
        return dx;
    }

    // ---- activations and loss -----------------------------------------------------------------

    /** y = max(x, 0). */
    public static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0);
        return y;
    }

    /** dx = dy where y > 0, else 0 (the derivative at 0 taken as 0, as PyTorch). */
    public static double[] reluBackward(double[] y, double[] dy) {
        double[] dx = new double[y.length];
        for (int i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
        return dx;
    }

    /** s(x) = 1 / (1 + exp(-x)). */
    public static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** y = s(x) elementwise. */
    public static double[] sigmoid(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = sigmoid(x[i]);
        return y;
    }

    /** dx = dy y (1 - y), since s'(x) = s(x) (1 - s(x)). The backends have no such operation (the layer does it). */
    public static double[] sigmoidBackward(double[] y, double[] dy) {
        double[] dx = new double[y.length];
        for (int i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
        return dx;
    }

    /**
     * The mean over i of -(t log s(x) + (1 - t) log(1 - s(x))), written as max(x, 0) - x t + log(1 + exp(-|x|)):
     * the same number, with no exp that can overflow.
     */
    public static double sigmoidBce(double[] x, double[] t) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        return s / x.length;
    }

    /** dloss/dx = (s(x) - t) / M over the M elements: the sigmoid's derivative cancels the log's. */
    public static double[] sigmoidBceGrad(double[] x, double[] t) {
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) dx[i] = (sigmoid(x[i]) - t[i]) / x.length;
        return dx;
    }

    // ---- recurrent ----------------------------------------------------------------------------

    /** A GRU layer's tensors, laid out as {@link GruGeometry} says; h0 may be null (zeros). */
    public record GruWeights(double[] wIh, double[] wHh, double[] bIh, double[] bHh) {}

    /** The gradients {@link Backend#gruBackward} writes: the input's and the four parameters'. */
    public record GruGradients(double[] dx, double[] dwIh, double[] dwHh, double[] dbIh, double[] dbHh) {}

    /**
     * PyTorch's GRU, step by step, for each batch row and hidden unit j (gate rows r, z, n):
     * r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(W_iz x + b_iz + W_hz h + b_hz),
     * n = tanh(W_in x + b_in + r (W_hn h + b_hn)), h' = (1 - z) n + z h. Returns y (steps, batch, hidden),
     * every step's h'.
     */
    public static double[] gru(GruGeometry g, double[] x, double[] h0, GruWeights w) {
        return gruSteps(g, x, h0, w).y;
    }

    /**
     * Backpropagation through time for {@link #gru}, given dy (steps, batch, hidden). Walking the steps
     * backwards with dh = dy_t + the gradient carried from step t + 1, for each unit:
     * <pre>
     *   dn = dh (1 - z)          dz = dh (h - n)           dh_prev = dh z          (from h' = (1 - z) n + z h)
     *   da_n = dn (1 - n^2)      da_z = dz z (1 - z)       da_r = da_n gh_n r (1 - r)
     *   dgi = (da_r, da_z, da_n)                           dgh = (da_r, da_z, da_n r)
     *   dW_ih += dgi x^T   db_ih += dgi   dx = W_ih^T dgi   dW_hh += dgh h^T   db_hh += dgh   dh_prev += W_hh^T dgh
     * </pre>
     * with a_n = gi_n + r gh_n the pre-activation of n and gh_n = W_hn h + b_hn.
     */
    public static GruGradients gruBackward(GruGeometry g, double[] x, double[] h0, GruWeights w, double[] dy) {
        GruSteps f = gruSteps(g, x, h0, w);
        int hid = g.hidden(), in = g.inputSize(), gates = g.gates(), batch = g.batch();
        double[] dx = new double[x.length], dwIh = new double[gates * in], dwHh = new double[gates * hid];
        double[] dbIh = new double[gates], dbHh = new double[gates];
        double[] dhNext = new double[batch * hid];
        for (int t = g.steps() - 1; t >= 0; t--) {
            double[] dhPrev = new double[batch * hid];
            for (int b = 0; b < batch; b++) {
                int row = t * batch + b;
                double[] hPrev = f.hPrev(t, b);
                for (int j = 0; j < hid; j++) {
                    int u = row * hid + j;
                    double r = f.r[u], z = f.z[u], n = f.n[u], ghN = f.ghN[u];
                    double dh = dy[u] + dhNext[b * hid + j];
                    double dn = dh * (1 - z), dz = dh * (hPrev[j] - n);
                    dhPrev[b * hid + j] += dh * z;
                    double daN = dn * (1 - n * n), daZ = dz * z * (1 - z), daR = daN * ghN * r * (1 - r);
                    double[] dgi = {daR, daZ, daN}, dgh = {daR, daZ, daN * r};
                    for (int gate = 0; gate < 3; gate++) {
                        int gr = gate * hid + j;
                        dbIh[gr] += dgi[gate];
                        dbHh[gr] += dgh[gate];
                        for (int k = 0; k < in; k++) {
                            dwIh[gr * in + k] += dgi[gate] * x[row * in + k];
                            dx[row * in + k] += w.wIh()[gr * in + k] * dgi[gate];
                        }
                        for (int k = 0; k < hid; k++) {
                            dwHh[gr * hid + k] += dgh[gate] * hPrev[k];
                            dhPrev[b * hid + k] += w.wHh()[gr * hid + k] * dgh[gate];
                        }
                    }
                }
            }
            dhNext = dhPrev;
        }
        return new GruGradients(dx, dwIh, dwHh, dbIh, dbHh);
    }

    /** The forward pass with what the backward needs: every step's r, z, n and W_hn h + b_hn, and y. */
    private record GruSteps(GruGeometry g, double[] h0, double[] y, double[] r, double[] z, double[] n, double[] ghN) {
        /** Batch row b's hidden state before step t. */
        double[] hPrev(int t, int b) {
            int hid = g.hidden();
            double[] h = new double[hid];
            if (t > 0) System.arraycopy(y, ((t - 1) * g.batch() + b) * hid, h, 0, hid);
            else if (h0 != null) System.arraycopy(h0, b * hid, h, 0, hid);
            return h;
        }
    }

    private static GruSteps gruSteps(GruGeometry g, double[] x, double[] h0, GruWeights w) {
        int hid = g.hidden(), in = g.inputSize(), size = g.steps() * g.batch() * hid;
        GruSteps f = new GruSteps(g, h0, new double[size], new double[size], new double[size], new double[size],
                new double[size]);
        for (int t = 0; t < g.steps(); t++) {
            for (int b = 0; b < g.batch(); b++) {
                int row = t * g.batch() + b;
                double[] h = f.hPrev(t, b);
                for (int j = 0; j < hid; j++) {
                    double[] gi = new double[3], gh = new double[3];
                    for (int gate = 0; gate < 3; gate++) {
                        int gr = gate * hid + j;
                        gi[gate] = w.bIh()[gr];
                        for (int k = 0; k < in; k++) gi[gate] += w.wIh()[gr * in + k] * x[row * in + k];
                        gh[gate] = w.bHh()[gr];
                        for (int k = 0; k < hid; k++) gh[gate] += w.wHh()[gr * hid + k] * h[k];
                    }
                    int u = row * hid + j;
                    f.r[u] = sigmoid(gi[0] + gh[0]);
                    f.z[u] = sigmoid(gi[1] + gh[1]);
                    f.n[u] = Math.tanh(gi[2] + f.r[u] * gh[2]);
                    f.ghN[u] = gh[2];
                    f.y[u] = (1 - f.z[u]) * f.n[u] + f.z[u] * h[j];
                }
            }
        }
        return f;
    }

    // ---- layout -------------------------------------------------------------------------------

    /** y[h W + w, n, c] = x[n, c, h, w]: a feature map read as H W steps of C features. */
    public static double[] nchwToSequence(double[] x, int n, int c, int h, int w) {
        double[] y = new double[x.length];
        for (int in = 0; in < n; in++)
            for (int ic = 0; ic < c; ic++)
                for (int ih = 0; ih < h; ih++)
                    for (int iw = 0; iw < w; iw++) y[((ih * w + iw) * n + in) * c + ic] = x[((in * c + ic) * h + ih) * w + iw];
        return y;
    }

    /** dx[n, c, h, w] = dy[h W + w, n, c]: the backward of {@link #nchwToSequence}, a permutation, is its inverse. */
    public static double[] sequenceToNchw(double[] dy, int n, int c, int h, int w) {
        double[] dx = new double[dy.length];
        for (int in = 0; in < n; in++)
            for (int ic = 0; ic < c; ic++)
                for (int ih = 0; ih < h; ih++)
                    for (int iw = 0; iw < w; iw++) dx[((in * c + ic) * h + ih) * w + iw] = dy[((ih * w + iw) * n + in) * c + ic];
        return dx;
    }

    /**
     * dst[i, :] = src[indices[start + i], :] for i < rows, rows of {@code rowLength} values: a batch gathered
     * from the data set. It has no backward: the data needs no gradient.
     */
    public static double[] gatherRows(double[] src, int rowLength, double[] indices, int start, int rows) {
        double[] dst = new double[rows * rowLength];
        for (int i = 0; i < rows; i++) System.arraycopy(src, (int) indices[start + i] * rowLength, dst, i * rowLength, rowLength);
        return dst;
    }

    // ---- optimiser ----------------------------------------------------------------------------

    /**
     * One Adam step, step t counted from 1, updating p, m and v in place:
     * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p = p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     * The bias corrections undo the moments' start at 0; the hyper-parameters are the decimals the config's
     * floats stand for (0.999, as PyTorch's Python literal). No backward: it is the end of the step.
     */
    public static void adamStep(double[] p, double[] g, double[] m, double[] v, AdamConfig cfg, int t) {
        double lr = AdamScalars.decimal(cfg.lr()), b1 = AdamScalars.decimal(cfg.beta1());
        double b2 = AdamScalars.decimal(cfg.beta2()), eps = AdamScalars.decimal(cfg.eps());
        double stepSize = lr / (1 - Math.pow(b1, t)), correction2 = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / correction2 + eps);
        }
    }
}
