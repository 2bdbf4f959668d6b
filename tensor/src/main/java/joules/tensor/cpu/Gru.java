package joules.tensor.cpu;

import joules.tensor.GruGeometry;

/**
 * One GRU layer over a whole sequence, PyTorch's equations and gate order (r, z, n), rows (t, b) of
 * S steps x B batch, G = 3H gates:
 * <pre>
 *   gi = x W_ih^T + b_ih                       one GEMM for all steps: 2 S B I G FLOPs
 *   gh = h W_hh^T + b_hh                       per step: 2 B H G FLOPs
 *   r = s(gi_r + gh_r), z = s(gi_z + gh_z), n = tanh(gi_n + r gh_n), h' = (1 - z) n + z h
 * </pre>
 * The batch rows are independent through time, so each thread runs its own rows over all steps with no
 * synchronisation per step.
 *
 * <p>Reserve layout, 8H floats per row (t, b): the first S B 4H floats hold the forward's [r, z, n, gh_n];
 * the next S B 4H floats are the backward's scratch for the gate gradients [dr', dz', dn', dn' r] (the
 * primes are the gradients before the activation), from which the weight gradients are big GEMMs:
 * <pre>
 *   dW_ih = D_ih^T x,        D_ih = [dr', dz', dn']           (3H x S B) (S B x I)
 *   dW_hh = D_hh^T h_prev,   D_hh = [dr', dz', dn' r]         (3H x S B) (S B x H)
 *   dx    = D_ih W_ih,       db_ih = sum of D_ih rows, db_hh = sum of D_hh rows
 * </pre>
 */
final class Gru {
    private Gru() {}

    /**
     * Buffers kept between calls, grown on demand, so that a training step allocates nothing: on the calling
     * thread, W_hh^T and the bias gradients' double sums; on each thread that runs batch rows, the recurrent
     * products and gradients of its rows.
     */
    private static final class Scratch {
        float[] wT = new float[0], gh = new float[0], dhNext = new float[0], dGates = new float[0];
        double[] sums = new double[0];

        static float[] fit(float[] a, int length) { return a.length < length ? new float[length] : a; }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static long reserveSize(GruGeometry g) { return (long) g.steps() * g.batch() * 8L * g.hidden(); }

    static void forward(Parallel par, GruGeometry g, float[] x, int xOff, float[] h0, int h0Off,
                        float[] wIh, int wIhOff, float[] wHh, int wHhOff, float[] bIh, int bIhOff,
                        float[] bHh, int bHhOff, float[] y, int yOff, float[] res, int resOff) {
        int steps = g.steps(), batch = g.batch(), in = g.inputSize(), hid = g.hidden(), gates = g.gates();
        int rows = steps * batch, width = 4 * hid;
        // gi = x W_ih^T + b_ih, written into the first 3H of every reserve row
        Gemm.gemm(par, false, true, rows, gates, in, 1f, x, xOff, in, wIh, wIhOff, in, 0f, res, resOff, width);
        par.forRange(rows, 64, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int row = resOff + r * width;
                for (int j = 0; j < gates; j++) res[row + j] += bIh[bIhOff + j];
            }
        });
        // gh = h W_hh^T for the thread's batch rows at once: a product of (rows x H) by W_hh^T (H x G, transposed
        // once here) per step, on one thread (a few rows: the GEMM reads W_hh^T in place)
        Scratch caller = SCRATCH.get();
        float[] wT = null;
        if (steps > 1 || h0 != null) {                    // no h: no product
            wT = caller.wT = Scratch.fit(caller.wT, gates * hid);
            transpose(wHh, wHhOff, gates, hid, wT);
        }
        float[] wHhT = wT;
        par.forRange(batch, 2, (b0, b1) -> {
            int count = b1 - b0;
            Scratch s = SCRATCH.get();
            float[] gh = s.gh = Scratch.fit(s.gh, count * gates);
            for (int t = 0; t < steps; t++) {
                float[] hp = t == 0 ? h0 : y;
                int hpBase = t == 0 ? h0Off : yOff + (t - 1) * batch * hid;
                if (hp != null) {
                    recurrentProduct(count, gates, hid, hp, hpBase + b0 * hid, wHhT, 0, 0f, gh, 0);
                } else {
                    java.util.Arrays.fill(gh, 0, count * gates, 0f);     // h = 0: gh = 0
                }
                for (int b = b0; b < b1; b++) gatesForward(g, t, b, gh, (b - b0) * gates, hp, hpBase, bHh, bHhOff, y, yOff, res, resOff);
            }
        });
    }

    /**
     * C (m x n) = A (m x k) B (k x n) + beta C on the calling thread, every operand in place with rows of k, n and
     * n floats: one step's recurrent product of a thread's few batch rows. Up to 4 rows with the Vector API, a
     * kernel made for them ({@link VectorGemm#fewRowsTimes}); otherwise the general product.
     */
    private static void recurrentProduct(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float beta,
                                         float[] c, int cOff) {
        if (Simd.VECTOR && m <= VectorGemm.FEW_ROWS && n % VectorGemm.NR == 0) {
            VectorGemm.fewRowsTimes(a, aOff, k, m, k, b, bOff, n, n, beta, c, cOff, n);
        } else {
            Gemm.gemm(Parallel.SERIAL, false, false, m, n, k, 1f, a, aOff, k, b, bOff, n, beta, c, cOff, n);
        }
    }

    /**
     * The gates of row (t, b), given gh = h W_hh^T (no bias yet, at ghOff; zero when hp is null) and gi in the
     * reserve row; writes [r, z, n, gh_n] over the reserve row and h' into y. {@code hp} is null when h is
     * zero. {@link VectorGru} does the same with the Vector API.
     */
    private static void gatesForward(GruGeometry g, int t, int b, float[] gh, int ghOff, float[] hp, int hpBase,
                                     float[] bHh, int bHhOff, float[] y, int yOff, float[] res, int resOff) {
        int hid = g.hidden(), row = resOff + (t * g.batch() + b) * 4 * hid, out = yOff + (t * g.batch() + b) * hid;
        int from = Simd.VECTOR
                ? VectorGru.gatesForward(hid, gh, ghOff, hp, hp == null ? -1 : hpBase + b * hid, bHh, bHhOff, y, out, res, row)
                : 0;
        for (int j = from; j < hid; j++) {
            float rg = Activations.sigmoid(res[row + j] + gh[ghOff + j] + bHh[bHhOff + j]);
            float zg = Activations.sigmoid(res[row + hid + j] + gh[ghOff + hid + j] + bHh[bHhOff + hid + j]);
            float hn = gh[ghOff + 2 * hid + j] + bHh[bHhOff + 2 * hid + j];
            float ng = Activations.tanh(res[row + 2 * hid + j] + rg * hn);
            float hPrev = hp == null ? 0f : hp[hpBase + b * hid + j];
            res[row + j] = rg;
            res[row + hid + j] = zg;
            res[row + 2 * hid + j] = ng;
            res[row + 3 * hid + j] = hn;
            y[out + j] = (1f - zg) * ng + zg * hPrev;
        }
    }

    static void backward(Parallel par, GruGeometry g, float[] x, int xOff, float[] h0, int h0Off,
                         float[] wIh, int wIhOff, float[] wHh, int wHhOff,
                         float[] y, int yOff, float[] res, int resOff, float[] dy, int dyOff,
                         float[] dx, int dxOff, float[] dwIh, int dwIhOff, float[] dwHh, int dwHhOff,
                         float[] dbIh, int dbIhOff, float[] dbHh, int dbHhOff) {
        int steps = g.steps(), batch = g.batch(), in = g.inputSize(), hid = g.hidden(), gates = g.gates();
        int rows = steps * batch, width = 4 * hid;
        int dOff = resOff + rows * width; // the gate-gradient half of the reserve
        // dh_prev = dh z + D_hh W_hh for the thread's batch rows at once, D_hh = [dr', dz', dn' r] (rows x G):
        // one product per step on one thread, W_hh (G x H) read in place
        par.forRange(batch, 2, (b0, b1) -> {
            int count = b1 - b0;
            Scratch s = SCRATCH.get();
            float[] dhNext = s.dhNext = Scratch.fit(s.dhNext, count * hid), dGates = s.dGates = Scratch.fit(s.dGates, count * gates);
            java.util.Arrays.fill(dhNext, 0, count * hid, 0f);
            for (int t = steps - 1; t >= 0; t--) {
                float[] hp = t == 0 ? h0 : y;
                int hpBase = t == 0 ? h0Off : yOff + (t - 1) * batch * hid;
                for (int b = b0; b < b1; b++) {
                    gatesBackward(g, t, b, hp, hpBase, res, resOff, dOff, dy, dyOff, dhNext, (b - b0) * hid, dGates, (b - b0) * gates);
                }
                if (t > 0 || h0 != null) {         // the gradient of h0 is not wanted when there is none
                    recurrentProduct(count, hid, gates, dGates, 0, wHh, wHhOff, 1f, dhNext, 0);
                }
            }
        });
        // dW_ih = D_ih^T x
        Gemm.gemm(par, true, false, gates, in, rows, 1f, res, dOff, width, x, xOff, in, 0f, dwIh, dwIhOff, in);
        // dW_hh = D_hh^T h_prev: rows t >= 1 pair with y[t - 1], rows t = 0 with h0 (zero when absent)
        int later = (steps - 1) * batch;
        int dLater = dOff + batch * width;
        Gemm.gemm(par, true, false, 2 * hid, hid, later, 1f, res, dLater, width, y, yOff, hid, 0f, dwHh, dwHhOff, hid);
        Gemm.gemm(par, true, false, hid, hid, later, 1f, res, dLater + 3 * hid, width, y, yOff, hid,
                0f, dwHh, dwHhOff + 2 * hid * hid, hid);
        if (h0 != null) {
            Gemm.gemm(par, true, false, 2 * hid, hid, batch, 1f, res, dOff, width, h0, h0Off, hid, 1f, dwHh, dwHhOff, hid);
            Gemm.gemm(par, true, false, hid, hid, batch, 1f, res, dOff + 3 * hid, width, h0, h0Off, hid,
                    1f, dwHh, dwHhOff + 2 * hid * hid, hid);
        }
        // db_ih = column sums of [dr', dz', dn'], db_hh = column sums of [dr', dz', dn' r] (threads split the 4H
        // columns of the gradient rows)
        Scratch caller = SCRATCH.get();
        if (caller.sums.length < width) caller.sums = new double[width];
        double[] sums = caller.sums;
        java.util.Arrays.fill(sums, 0, width, 0);
        par.forRange(width, 64, (c0, c1) -> columnSums(res, dOff, width, rows, sums, c0, c1));
        for (int j = 0; j < gates; j++) {
            dbIh[dbIhOff + j] = (float) sums[j];
            dbHh[dbHhOff + j] = (float) sums[j < 2 * hid ? j : j + hid];
        }
        // dx = D_ih W_ih
        if (dx != null) {
            Gemm.gemm(par, false, false, rows, in, gates, 1f, res, dOff, width, wIh, wIhOff, in, 0f, dx, dxOff, in);
        }
    }

    /** Rows per block of {@link #columnSums}: summed in float, then added to the column's sum in double. */
    static final int SUM_BLOCK = 64;

    /**
     * sums[c] += column c of the rows x width matrix at off, for c0 &lt;= c &lt; c1: each block of SUM_BLOCK rows
     * summed in float, row after row, then added in double, block after block. The blocks are what lets
     * {@link VectorGru#columnSums} sum a vector of columns at once with the same floats (in double throughout,
     * the sums of a CRNN's 16,384 rows were a tenth of its GRU's backward); a block's float sum is off by at most
     * about 64 float roundings.
     */
    static void columnSums(float[] d, int off, int width, int rows, double[] sums, int c0, int c1) {
        int c = Simd.VECTOR ? VectorGru.columnSums(d, off, width, rows, sums, c0, c1) : c0;
        for (; c < c1; c++) {
            for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
                float block = 0f;
                for (int r = r0, r1 = Math.min(rows, r0 + SUM_BLOCK); r < r1; r++) block += d[off + r * width + c];
                sums[c] += block;
            }
        }
    }

    /**
     * The gate gradients of row (t, b): dh = dy + dhNext (at dhAt); writes [dr', dz', dn', dn' r] into the
     * reserve's backward half, [dr', dz', dn' r] into dGates at {@code at}, and sets dhNext = dh z (the direct
     * path; the caller then adds the path through W_hh).
     */
    private static void gatesBackward(GruGeometry g, int t, int b, float[] hp, int hpBase, float[] res, int resOff,
                                      int dOff, float[] dy, int dyOff, float[] dhNext, int dhAt, float[] dGates, int at) {
        int hid = g.hidden(), r = t * g.batch() + b;
        int row = resOff + r * 4 * hid, drow = dOff + r * 4 * hid, dyRow = dyOff + r * hid;
        int from = Simd.VECTOR
                ? VectorGru.gatesBackward(hid, hp, hp == null ? -1 : hpBase + b * hid, res, row, drow, dy, dyRow, dhNext, dhAt, dGates, at)
                : 0;
        for (int j = from; j < hid; j++) {
            float rg = res[row + j], zg = res[row + hid + j], ng = res[row + 2 * hid + j], hn = res[row + 3 * hid + j];
            float hPrev = hp == null ? 0f : hp[hpBase + b * hid + j];
            float dh = flush(dy[dyRow + j] + dhNext[dhAt + j]);
            float dnPre = flush(dh * (1f - zg) * (1f - ng * ng));      // d(gi_n + r gh_n)
            float dzPre = flush(dh * (hPrev - ng) * zg * (1f - zg));
            float drPre = flush(dnPre * hn * rg * (1f - rg));
            res[drow + j] = drPre;
            res[drow + hid + j] = dzPre;
            res[drow + 2 * hid + j] = dnPre;
            res[drow + 3 * hid + j] = dnPre * rg;
            dGates[at + j] = drPre;
            dGates[at + hid + j] = dzPre;
            dGates[at + 2 * hid + j] = dnPre * rg;
            dhNext[dhAt + j] = dh * zg;
        }
    }

    /**
     * Gradients below this magnitude are set to zero. Through a long sequence the gradient of the early steps
     * shrinks geometrically into the subnormal floats, and every arithmetic operation on a subnormal takes a
     * microcode assist on x86 (about 100 times slower; Java cannot set the CPU's flush-to-zero mode). On the
     * CRNN's 2,048 steps this made the backward 3 times slower. Anything this small is far below float32's
     * resolution of any gradient it is summed with.
     */
    static final float FLUSH_BELOW = 1e-24f;

    static float flush(float v) { return Math.abs(v) < FLUSH_BELOW ? 0f : v; }

    /** out[j rows + i] = a[i, j]: a (rows x cols) transposed, cols x rows. */
    static void transpose(float[] a, int aOff, int rows, int cols, float[] out) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[j * rows + i] = a[aOff + i * cols + j];
        }
    }
}
