package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import joules.tensor.Conv2dGeometry;
import joules.tensor.Pool2dGeometry;

/**
 * A first convolution layer, one input channel, 3x3 kernel, stride 1, padding 1, computed directly with the
 * JDK's Vector API (used when {@link Simd#VECTOR}): the 9 taps are 9 shifted rows of the zero-padded image, so
 * an output row is 9 vector FMAs per L pixels, with no im2col buffer (which would be 9 times the image) and
 * no GEMM of k = 9 (whose output tiles cost more to store than to compute). With xp the padded image:
 * <pre>
 *   forward          y[n, k, oh, ow] = sum over taps (kh, kw) of w[k, kh, kw] xp[n, oh + kh, ow + kw]
 *                    (taps in row-major order, one fused multiply-add each from 0: the sums VectorGemm does on im2col)
 *                    + bias[k] when there is a bias (then the floats of the forward followed by Bias.add)
 *   backward filter  dw[k, kh, kw]   = sum over n, oh, ow of dy[n, k, oh, ow] xp[n, oh + kh, ow + kw]
 *                    dbias[k]        = sum over n, oh, ow of dy[n, k, oh, ow]   (when asked, in the same pass)
 * </pre>
 * FLOPs: 2 * 9 per output pixel and channel, in each pass (and one for the bias). Fusing the bias saves a pass
 * over the layer's output, the largest tensor of the CNNs (8 x 128 x 128 x 64 floats, 33 MB).
 */
final class VectorSingleChannelConv {
    private VectorSingleChannelConv() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * Int constants of {@link #poolImageWhere}'s maximum on the floats' bits: 0 (the ReLU), the bits of |x|, and the
     * first NaN's bits (+infinity's + 1). Constants: made in the method, C2 kept the 0 vector as an object, one
     * allocation a call (80 KB a step of cnn-L1-H128).
     */
    private static final IntVector NONE = IntVector.zero(F.withLanes(int.class)),
            MAGNITUDE = IntVector.broadcast(F.withLanes(int.class), 0x7FFF_FFFF),
            FIRST_NAN = IntVector.broadcast(F.withLanes(int.class), 0x7F80_0001);

    /** The convolutions computed here: one input channel, 3x3, stride 1, padding 1. */
    static boolean applies(Conv2dGeometry g) {
        return g.inC() == 1 && g.kH() == 3 && g.kW() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 1 && g.padW() == 1;
    }

    /** Per-thread image buffer: one image laid out ({@link #layOut}), grown on demand. */
    private static final ThreadLocal<float[][]> IMAGE = ThreadLocal.withInitial(() -> new float[1][0]);

    /** Floats of one image laid out: padded ({@link #pad}) or split by column parity ({@link #split}). */
    private static int imageSize(Conv2dGeometry g, boolean split) { return split ? splitSize(g) : paddedSize(g); }

    /** xs[to ..] = the image at x[at ..], padded or split by column parity. */
    private static void layOut(Conv2dGeometry g, boolean split, float[] x, int at, float[] xs, int to) {
        if (split) split(g, x, at, xs, to);
        else pad(g, x, at, xs, to);
    }

    /** Floats of one padded image. */
    private static int paddedSize(Conv2dGeometry g) { return (g.inH() + 2) * (g.inW() + 2) + L; }

    /** xp[to ..] = the image at x[at ..] with a border of zeros (and L zeros of slack). */
    private static void pad(Conv2dGeometry g, float[] x, int at, float[] xp, int to) {
        int h = g.inH(), w = g.inW(), pw = w + 2;
        java.util.Arrays.fill(xp, to, to + paddedSize(g), 0f);
        for (int ih = 0; ih < h; ih++) System.arraycopy(x, at + ih * w, xp, to + (ih + 1) * pw + 1, w);
    }

    /** The calling thread's buffer for all the images of a filter gradient, grown on demand. */
    private static final ThreadLocal<float[][]> IMAGES = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Every image laid out (image n at n imageSize), made once for a filter gradient and shared, read only, by
     * the threads; in a buffer of the calling thread's, kept between calls.
     */
    private static float[] images(Parallel par, Conv2dGeometry g, boolean split, float[] x, int xOff) {
        int images = g.n(), size = imageSize(g, split);
        float[][] holder = IMAGES.get();
        if (holder[0].length < images * size) holder[0] = new float[images * size];
        float[] xs = holder[0];
        par.forRange(images, 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) layOut(g, split, x, xOff + n * g.inH() * g.inW(), xs, n * size);
        });
        return xs;
    }

    /** Each thread's 9 x L partial sums (and L for the bias) of one channel's filter gradient. */
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[10 * L]);

    private static FloatVector tap(float[] w, int at) {
        return FloatVector.broadcast(F, w[at]);
    }

    /** y = x (*) w for every image and output channel. */
    static void forward(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int bOff,
                        float[] y, int yOff) {
        forEachChannel(par, g, false, 1, x, xOff, (xp, n, k) -> channelForward(g, xp, w, wOff, bias, bOff, k, n, y, yOff));
    }

    /** What a forward does for output channel k of image n, given the image laid out (padded, or split). */
    private interface ChannelBody {
        void run(float[] xp, int n, int k);
    }

    /**
     * body for every image and every stride-th output channel k (the body does k .. k + stride - 1): threads split
     * (image, block of 16 channels) pairs, and each lays an image out (padded, or split by column parity) once for
     * the channels it does.
     */
    private static void forEachChannel(Parallel par, Conv2dGeometry g, boolean split, int stride, float[] x, int xOff,
                                       ChannelBody body) {
        int outC = g.outC(), blocks = (outC + 15) / 16, size = imageSize(g, split);
        par.forRange(g.n() * blocks, 1, (t0, t1) -> {
            float[][] holder = IMAGE.get();
            if (holder[0].length < size) holder[0] = new float[size];
            float[] xs = holder[0];
            int image = -1;
            for (int t = t0; t < t1; t++) {
                int n = t / blocks, k0 = (t % blocks) * 16, k1 = Math.min(outC, k0 + 16);
                if (n != image) {
                    layOut(g, split, x, xOff + n * g.inH() * g.inW(), xs, 0);
                    image = n;
                }
                for (int k = k0; k < k1; k += stride) body.run(xs, n, k);
            }
        });
    }

    /** y[n, k] from the padded image xp: a method called per channel, so that C2 compiles it early. */
    private static void channelForward(Conv2dGeometry g, float[] xp, float[] w, int wOff, float[] bias, int bOff, int k,
                                       int n, float[] y, int yOff) {
        int outH = g.outH(), outW = g.outW(), pw = g.inW() + 2, out = yOff + (n * g.outC() + k) * outH * outW;
        boolean biased = bias != null;
        float b = biased ? bias[bOff + k] : 0f;
        for (int oh = 0; oh < outH; oh++) rowForward(xp, oh * pw, pw, w, wOff + 9 * k, biased, b, y, out + oh * outW, outW);
    }

    /** One output row from the 3 padded rows starting at r0; the taps are broadcast here, in the loop's method. */
    private static void rowForward(float[] xp, int r0, int pw, float[] w, int wk, boolean biased, float b, float[] y,
                                   int row, int outW) {
        int r1 = r0 + pw, r2 = r1 + pw;
        FloatVector w0 = tap(w, wk), w1 = tap(w, wk + 1), w2 = tap(w, wk + 2), w3 = tap(w, wk + 3),
                w4 = tap(w, wk + 4), w5 = tap(w, wk + 5), w6 = tap(w, wk + 6), w7 = tap(w, wk + 7),
                w8 = tap(w, wk + 8);
        int ow = 0;
        for (; ow <= outW - L; ow += L) {
            FloatVector acc = FloatVector.zero(F);
            acc = FloatVector.fromArray(F, xp, r0 + ow).fma(w0, acc);
            acc = FloatVector.fromArray(F, xp, r0 + ow + 1).fma(w1, acc);
            acc = FloatVector.fromArray(F, xp, r0 + ow + 2).fma(w2, acc);
            acc = FloatVector.fromArray(F, xp, r1 + ow).fma(w3, acc);
            acc = FloatVector.fromArray(F, xp, r1 + ow + 1).fma(w4, acc);
            acc = FloatVector.fromArray(F, xp, r1 + ow + 2).fma(w5, acc);
            acc = FloatVector.fromArray(F, xp, r2 + ow).fma(w6, acc);
            acc = FloatVector.fromArray(F, xp, r2 + ow + 1).fma(w7, acc);
            acc = FloatVector.fromArray(F, xp, r2 + ow + 2).fma(w8, acc);
            (biased ? acc.add(b) : acc).intoArray(y, row + ow);
        }
        for (; ow < outW; ow++) {                       // the scalar tail, the same sums
            float acc = 0f;
            for (int t = 0; t < 9; t++) acc = Math.fma(w[wk + t], xp[r0 + (t / 3) * pw + ow + t % 3], acc);
            y[row + ow] = biased ? acc + b : acc;
        }
    }

    // ---- the first block fused: convolution, bias, ReLU and 2 x 2 max pooling ------------------
    //
    // A 2 x 2 window covers an even and an odd column of the convolution's output. With the padded image split
    // by column parity (xe[r][j] = xp[r][2 j], xo[r][j] = xp[r][2 j + 1]), the outputs at even and at odd
    // columns are each L contiguous values, with no shuffle:
    //   y[oh][2 j]     = sum over kh of w[kh][0] xe[oh + kh][j] + w[kh][1] xo[oh + kh][j]     + w[kh][2] xe[oh + kh][j + 1]
    //   y[oh][2 j + 1] = sum over kh of w[kh][0] xo[oh + kh][j] + w[kh][1] xe[oh + kh][j + 1] + w[kh][2] xo[oh + kh][j + 1]
    // (the taps in row-major order, one fused multiply-add each: the floats of rowForward), and the window's
    // four values are four vectors: its maximum is three vertical max, its corner three compares. The backward
    // sums each tap over the four corners' vectors of dy (each window's gradient at its corner, 0 elsewhere).

    /**
     * Whether {@link #forwardReluPool} and {@link #backwardReluPool} take this block: a convolution this class
     * computes, on maps of even sides, followed by a 2 x 2 pooling of stride 2 whose rows hold at least L windows.
     */
    static boolean fusesReluPool(Conv2dGeometry g, Pool2dGeometry p) {
        return applies(g) && g.outH() % 2 == 0 && g.outW() % 2 == 0 && p.kH() == 2 && p.kW() == 2 && p.strideH() == 2
                && p.strideW() == 2 && p.n() == g.n() && p.c() == g.outC() && p.inH() == g.outH() && p.inW() == g.outW()
                && g.outW() / 2 >= L;
    }

    /** Floats in a padded row's even (or odd) columns, for an even width: (W + 2) / 2. */
    private static int half(Conv2dGeometry g) { return (g.inW() + 2) / 2; }

    /** Floats of one split image: the H + 2 padded rows' even columns, then their odd columns. */
    private static int splitSize(Conv2dGeometry g) { return 2 * (g.inH() + 2) * half(g); }

    /** xs[to ..] = the zero-padded image at x[at ..] split by column parity (padded row r's even columns at to + r half). */
    private static void split(Conv2dGeometry g, float[] x, int at, float[] xs, int to) {
        int h = g.inH(), w = g.inW(), half = half(g), odd = to + (h + 2) * half;
        java.util.Arrays.fill(xs, to, to + splitSize(g), 0f);
        for (int ih = 0; ih < h; ih++) {
            int row = (ih + 1) * half;
            for (int iw = 0; iw < w; iw++) {
                int col = iw + 1;                   // the padded column
                xs[((col & 1) == 0 ? to : odd) + row + col / 2] = x[at + ih * w + iw];
            }
        }
    }

    /** Per-thread buffer: two channels' convolution of one image, split by column parity, grown on demand. */
    private static final ThreadLocal<float[][]> CONV_ROWS = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * pooled = maxpool2x2(relu(x (*) w + bias)), the three layers of the study's first block in one pass, and
     * where = the corner of each window that the backward routes its gradient to (0 top left, 1 top right, 2
     * bottom left, 3 bottom right, the first of equal maxima as PyTorch picks; -1 where the window's maximum is
     * not positive: the ReLU passes no gradient there). For each image and pair of output channels, the convolution
     * at even and odd columns goes into a per-thread buffer ({@link #splitImageForwardPair}, 32 KB a channel at
     * 128 x 64) and is pooled and rectified from there ({@link #poolImageWhere}; relu(max) = max(relu)): the block
     * reads x and writes two maps a quarter of the convolution's output, where the three layers wrote it, read it
     * and wrote it again (8 x 128 x 128 x 64 floats, 33 MB, at 128 channels).
     */
    static void forwardReluPool(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias,
                                int bOff, float[] pooled, int pOff, float[] where, int whereOff) {
        int outC = g.outC(), half = half(g), odd = (g.inH() + 2) * half, pooledH = g.outH() / 2, pooledW = g.outW() / 2;
        int plane = pooledH * pooledW;
        forEachChannel(par, g, true, 2, x, xOff, (xs, n, k) -> {
            float[][] holder = CONV_ROWS.get();
            float[] rows = holder[0] = CacheLines.fit(holder[0], 8 * plane);   // from o, on a cache line
            int o = CacheLines.START;
            int l = Math.min(k + 1, outC - 1);              // the pair's second channel (k again past an odd count)
            splitImageForwardPair(xs, odd, half, w, wOff + 9 * k, wOff + 9 * l, bias[bOff + k], bias[bOff + l], rows,
                    o, o + 4 * plane, 2 * pooledH, pooledW);
            int out = (n * outC + k) * plane;
            poolImageWhere(rows, o, pooledH, pooledW, pooled, pOff + out, where, whereOff + out);
            if (l > k) poolImageWhere(rows, o + 4 * plane, pooledH, pooledW, pooled, pOff + out + plane, where, whereOff + out + plane);
        });
    }

    /**
     * For two output channels k and l at once: dst[first + 2 oh pooledW + j] and dst[first + (2 oh + 1) pooledW + j]
     * = channel k's convolution (+ bias) at columns 2 j and 2 j + 1 of output row oh, whose three padded rows start at
     * oh half (+ odd for their odd columns), and the same for channel l from dst[second ..], for every row oh and j &lt;
     * pooledW (at least L; a row's last step overlaps the one before and writes the same values again). One flat
     * loop over (row, step) with the 18 taps broadcast once: called per row, the calls and the taps' broadcasts
     * cost as much as the row's 2 steps (32 windows a row) in the first block of cnn-L1. Two channels a pass,
     * because the 12 loads of the image's rows serve both: one channel a pass spent more time on its loads (half of
     * them split across two cache lines) than on its 18 FMAs (measured, one thread, a 128 x 64 image in L1: 2.0
     * to 2.8 us a channel alone, 1.2 to 1.8 in pairs).
     */
    private static void splitImageForwardPair(float[] xs, int odd, int half, float[] w, int wk, int wl, float bk, float bl,
                                              float[] dst, int first, int second, int outH, int pooledW) {
        FloatVector w0 = tap(w, wk), w1 = tap(w, wk + 1), w2 = tap(w, wk + 2), w3 = tap(w, wk + 3),
                w4 = tap(w, wk + 4), w5 = tap(w, wk + 5), w6 = tap(w, wk + 6), w7 = tap(w, wk + 7),
                w8 = tap(w, wk + 8), zero = FloatVector.zero(F);
        FloatVector v0 = tap(w, wl), v1 = tap(w, wl + 1), v2 = tap(w, wl + 2), v3 = tap(w, wl + 3),
                v4 = tap(w, wl + 4), v5 = tap(w, wl + 5), v6 = tap(w, wl + 6), v7 = tap(w, wl + 7),
                v8 = tap(w, wl + 8);
        int steps = (pooledW + L - 1) / L, count = outH * steps;
        int oh = 0, step = 0;
        for (int t = 0; t < count; t++) {
            int j = Math.min(step * L, pooledW - L), e0 = oh * half + j, e1 = e0 + half, e2 = e1 + half;
            int to = 2 * oh * pooledW + j;
            // channel k: even, oddSum; channel l: evenL, oddL (each output's taps in row-major order)
            FloatVector ea = at(xs, e0), oa = at(xs, odd + e0), eb = at(xs, e0 + 1), ob = at(xs, odd + e0 + 1);
            FloatVector even = ea.fma(w0, zero), oddSum = oa.fma(w0, zero);
            FloatVector evenL = ea.fma(v0, zero), oddL = oa.fma(v0, zero);
            even = eb.fma(w2, oa.fma(w1, even));
            oddSum = ob.fma(w2, eb.fma(w1, oddSum));
            evenL = eb.fma(v2, oa.fma(v1, evenL));
            oddL = ob.fma(v2, eb.fma(v1, oddL));
            ea = at(xs, e1); oa = at(xs, odd + e1); eb = at(xs, e1 + 1); ob = at(xs, odd + e1 + 1);
            even = eb.fma(w5, oa.fma(w4, ea.fma(w3, even)));
            oddSum = ob.fma(w5, eb.fma(w4, oa.fma(w3, oddSum)));
            evenL = eb.fma(v5, oa.fma(v4, ea.fma(v3, evenL)));
            oddL = ob.fma(v5, eb.fma(v4, oa.fma(v3, oddL)));
            ea = at(xs, e2); oa = at(xs, odd + e2); eb = at(xs, e2 + 1); ob = at(xs, odd + e2 + 1);
            even = eb.fma(w8, oa.fma(w7, ea.fma(w6, even)));
            oddSum = ob.fma(w8, eb.fma(w7, oa.fma(w6, oddSum)));
            evenL = eb.fma(v8, oa.fma(v7, ea.fma(v6, evenL)));
            oddL = ob.fma(v8, eb.fma(v7, oa.fma(v6, oddL)));
            even.add(bk).intoArray(dst, first + to);
            oddSum.add(bk).intoArray(dst, first + to + pooledW);
            evenL.add(bl).intoArray(dst, second + to);
            oddL.add(bl).intoArray(dst, second + to + pooledW);
            if (++step == steps) {                          // the next output row
                step = 0;
                oh++;
            }
        }
    }

    /**
     * y[at + r pooledW + j] = max(0, the maximum of window (r, j)) and where[wAt + r pooledW + j] = its corner, from
     * {@link #splitImageForwardPair}'s rows of one channel: window row r's four rows of convolution values (top even,
     * top odd, bottom even, bottom odd, pooledW floats each) start at from + 4 r pooledW.
     *
     * <p>The maximum is taken on the floats' bits as signed ints. A positive float's bits order as its value does, and
     * a negative float's bits are a negative int, below every positive one and below 0: so max(0, the largest of the
     * four as ints) is max(0, the largest of the four) itself, bit for bit, 0 when none is positive. A NaN must win,
     * as with Math.max (it is how a diverged training shows: the loss turns NaN); with its sign bit set (the NaN x86
     * makes of 0 times infinity) its bits are a negative int that would lose, so the largest of the four |x| bits
     * ({@code most}) is taken too: it is above +infinity's bits exactly when a value is a NaN, and then it, a NaN, is
     * the result.
     * All integer instructions, where FloatVector.max follows Math.max's rules for NaN and -0 with a sequence of them
     * (measured, one thread, a 128 x 64 image's windows in L1: 1.7 us a channel with FloatVector.max, 1.2 with the
     * ints before the NaN's steps were added).
     */
    private static void poolImageWhere(float[] rows, int from, int pooledH, int pooledW, float[] y, int at, float[] where,
                                       int wAt) {
        for (int r = 0; r < pooledH; r++) {
            int top = from + 4 * r * pooledW, out = r * pooledW;
            for (int step = 0; step < pooledW; step += L) {
                int j = Math.min(step, pooledW - L), q = top + j;
                FloatVector a = at(rows, q), b = at(rows, q + pooledW), c = at(rows, q + 2 * pooledW), d = at(rows, q + 3 * pooledW);
                IntVector ia = a.reinterpretAsInts(), ib = b.reinterpretAsInts(), ic = c.reinterpretAsInts(), id = d.reinterpretAsInts();
                IntVector most = ia.and(MAGNITUDE).max(ic.and(MAGNITUDE)).max(ib.and(MAGNITUDE).max(id.and(MAGNITUDE)));
                IntVector nan = most.and(most.sub(FIRST_NAN).lanewise(VectorOperators.ASHR, 31).not());   // most where a NaN, else 0
                FloatVector m = ia.max(ic).max(ib.max(id)).max(NONE).max(nan).reinterpretAsFloats();   // relu(max(a, b, c, d))
                FloatVector.broadcast(F, 3f).blend(2f, c.compare(VectorOperators.EQ, m)).blend(1f, b.compare(VectorOperators.EQ, m))
                        .blend(0f, a.compare(VectorOperators.EQ, m)).blend(-1f, m.compare(VectorOperators.EQ, 0f))
                        .intoArray(where, wAt + out + j);
                m.intoArray(y, at + out + j);
            }
        }
    }

    /**
     * dw and dbias of the fused block, given dpooled (the pooled map's gradient) and the forward's corners: for
     * each output channel, each image's window rows ({@link #channelSums}: the window's gradient at its corner in
     * the even or odd column's vector, 0 elsewhere: the pooling's and the ReLU's backward) against the split
     * padded input. The three backwards' sums, added in another order (the columns of a parity together; tested
     * to float rounding); none of the block's 33 MB maps is written or read.
     */
    static void backwardReluPool(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] where, int whereOff,
                                 float[] dpooled, int dpOff, float[] dw, int dwOff, float[] dbias, int dbOff) {
        int outC = g.outC(), half = half(g), odd = (g.inH() + 2) * half, pooledH = g.outH() / 2, pooledW = g.outW() / 2;
        int images = g.n(), size = splitSize(g);
        float[] xss = images(par, g, true, x, xOff);
        par.forRange(outC, 1, (k0, k1) -> {
            float[][] holder = IMAGE_SUMS.get();
            if (holder[0].length < images * 10 * L) holder[0] = new float[images * 10 * L];
            float[] sums = holder[0];
            for (int k = k0; k < k1; k++) {
                for (int n = 0; n < images; n++) {
                    int at = (n * outC + k) * pooledH * pooledW;
                    channelSums(dpooled, dpOff + at, where, whereOff + at, xss, n * size, odd, half, pooledH, pooledW,
                            sums, n * 10 * L);
                    passedSum(dpooled, dpOff + at, where, whereOff + at, pooledH * pooledW, sums, (n * 10 + 9) * L);
                }
                foldImages(sums, images, k, dw, dwOff, dbias, dbOff);
            }
        });
    }

    /** Each thread's 10 x L sums of each image ({@link #channelSums}), grown on demand. */
    private static final ThreadLocal<float[][]> IMAGE_SUMS = ThreadLocal.withInitial(() -> new float[1][0]);

    /** dw[k, tap] and dbias[k] (when not null): the L lanes of each image's sums added, image by image. */
    private static void foldImages(float[] sums, int images, int k, float[] dw, int dwOff, float[] dbias, int dbOff) {
        for (int tap = 0; tap < 10; tap++) {
            float sum = 0f;
            for (int n = 0; n < images; n++) {
                for (int lane = 0; lane < L; lane++) sum += sums[(n * 10 + tap) * L + lane];
            }
            if (tap < 9) dw[dwOff + 9 * k + tap] = sum;
            else if (dbias != null) dbias[dbOff + k] = sum;
        }
    }

    /**
     * sums[to + tap L ..] = the products of one image's convolution gradient with its split padded rows (from x0),
     * (its sum, the bias's gradient, is {@link #passedSum}'s), where the gradient at (2 r + i, 2 j) is dpooled[r][j] if window
     * (r, j)'s corner is 2 i (i = 0 top, 1 bottom), at (2 r + i, 2 j + 1) if it is 2 i + 1, 0 elsewhere:
     * <pre>
     *   dw[kh][kw] += sum over r, i, j of g_even x[2 r + i + kh][2 j + kw] + g_odd x[2 r + i + kh][2 j + 1 + kw]
     * </pre>
     * The 9 sums stay in registers over all of the image's conv rows: one flat loop over (r, i, vector) keeps
     * them (C2 boxes vectors carried through nested loops, and a call per row stored and reloaded them, its
     * 2 vectors of work each time at 32 windows a row). A scalar pass takes the windows past each row's last
     * whole vector, into lane 0.
     */
    private static void channelSums(float[] dp, int dAt, float[] where, int wAt, float[] xs, int x0, int odd,
                                    int half, int pooledH, int pooledW, float[] sums, int to) {
        FloatVector zero = FloatVector.zero(F), s0 = zero, s1 = zero, s2 = zero, s3 = zero, s4 = zero, s5 = zero,
                s6 = zero, s7 = zero, s8 = zero;
        int vectors = pooledW / L, count = 2 * pooledH * vectors;
        int r = 0, i = 0, v = 0;                            // window row, its top (0) or bottom (1) conv row, vector
        for (int t = 0; t < count; t++) {
            int j = v * L, g = dAt + r * pooledW + j, e0 = x0 + (2 * r + i) * half + j, e1 = e0 + half, e2 = e1 + half;
            FloatVector grad = at(dp, g), corner = at(where, wAt - dAt + g);
            FloatVector ge = zero.blend(grad, corner.compare(VectorOperators.EQ, 2f * i));
            FloatVector go = zero.blend(grad, corner.compare(VectorOperators.EQ, 2f * i + 1f));
            FloatVector ea = at(xs, e0), oa = at(xs, odd + e0), eb = at(xs, e0 + 1), ob = at(xs, odd + e0 + 1);
            s0 = go.fma(oa, ge.fma(ea, s0));
            s1 = go.fma(eb, ge.fma(oa, s1));
            s2 = go.fma(ob, ge.fma(eb, s2));
            ea = at(xs, e1); oa = at(xs, odd + e1); eb = at(xs, e1 + 1); ob = at(xs, odd + e1 + 1);
            s3 = go.fma(oa, ge.fma(ea, s3));
            s4 = go.fma(eb, ge.fma(oa, s4));
            s5 = go.fma(ob, ge.fma(eb, s5));
            ea = at(xs, e2); oa = at(xs, odd + e2); eb = at(xs, e2 + 1); ob = at(xs, odd + e2 + 1);
            s6 = go.fma(oa, ge.fma(ea, s6));
            s7 = go.fma(eb, ge.fma(oa, s7));
            s8 = go.fma(ob, ge.fma(eb, s8));
            if (++v == vectors) {                           // the next conv row
                v = 0;
                if (++i == 2) {
                    i = 0;
                    r++;
                }
            }
        }
        s0.intoArray(sums, to);
        s1.intoArray(sums, to + L);
        s2.intoArray(sums, to + 2 * L);
        s3.intoArray(sums, to + 3 * L);
        s4.intoArray(sums, to + 4 * L);
        s5.intoArray(sums, to + 5 * L);
        s6.intoArray(sums, to + 6 * L);
        s7.intoArray(sums, to + 7 * L);
        s8.intoArray(sums, to + 8 * L);
        if (vectors * L < pooledW) tailSums(dp, dAt, where, wAt, xs, x0, odd, half, pooledH, vectors * L, pooledW, sums, to);
    }

    /**
     * sums[to ..] (L lanes) = the sum of dpooled over the windows whose corner is not -1 (those the ReLU passes):
     * the bias's gradient, apart from {@link #channelSums} and called apart from it, so that C2 compiles that
     * method's loop whole (it is near C2's parse-time budget: docs/cpu-backend.md, "What the JIT taught us").
     * The map's last count % L windows go to lane 0.
     */
    private static void passedSum(float[] dp, int dAt, float[] where, int wAt, int count, float[] sums, int to) {
        FloatVector zero = FloatVector.zero(F), s = zero;
        int j = 0;
        for (; j <= count - L; j += L) s = s.add(zero.blend(at(dp, dAt + j), at(where, wAt + j).compare(VectorOperators.GE, 0f)));
        s.intoArray(sums, to);
        for (; j < count; j++) {
            if (where[wAt + j] >= 0f) sums[to] += dp[dAt + j];
        }
    }

    /** {@link #channelSums} for the windows j0 .. pooledW of each row, one at a time, added to lane 0 of each sum. */
    private static void tailSums(float[] dp, int dAt, float[] where, int wAt, float[] xs, int x0, int odd, int half,
                                 int pooledH, int j0, int pooledW, float[] sums, int to) {
        for (int r = 0; r < pooledH; r++) {
            for (int j = j0; j < pooledW; j++) {
                float corner = where[wAt + r * pooledW + j];
                if (corner < 0f) continue;                          // the ReLU passes nothing
                int i = corner >= 2f ? 1 : 0, col = 2 * j + ((int) corner & 1);   // the conv row 2 r + i, its column
                float d = dp[dAt + r * pooledW + j];
                for (int tap = 0; tap < 9; tap++) {                 // padded rows 2 r + i + kh, columns col + kw
                    int c = col + tap % 3, row = x0 + (2 * r + i + tap / 3) * half;
                    sums[to + tap * L] += d * xs[((c & 1) == 0 ? row : odd + row) + c / 2];
                }
            }
        }
    }

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    /**
     * dw = the gradient with respect to the weights, given x and dy: threads split the output channels; each
     * channel's 9 sums run in 9 vector accumulators over all images and pixels, folded at the end.
     */
    static void backwardFilter(Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                               float[] dw, int dwOff, float[] dbias, int dbOff) {
        int outC = g.outC(), outH = g.outH(), outW = g.outW(), plane = outH * outW, pw = g.inW() + 2;
        int images = g.n();
        int size = paddedSize(g);
        float[] xps = images(par, g, false, x, xOff);
        par.forRange(outC, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) channelFilterGradient(g, xps, size, images, dy, dyOff, k, dw, dwOff, dbias, dbOff);
        });
    }

    /**
     * dw[k, :] over all images: the 9 sums in 9 x L partial sums (one per lane), folded at the end. A method of
     * its own, called once per channel, so that C2 compiles it early.
     */
    private static void channelFilterGradient(Conv2dGeometry g, float[] xps, int size, int images, float[] dy, int dyOff,
                                              int k, float[] dw, int dwOff, float[] dbias, int dbOff) {
        int outC = g.outC(), outH = g.outH(), outW = g.outW(), plane = outH * outW, pw = g.inW() + 2;
        float[] partial = PARTIAL.get();         // the 9 taps, then the bias
        java.util.Arrays.fill(partial, 0f);
        for (int n = 0; n < images; n++) {
            int in = dyOff + (n * outC + k) * plane;
            for (int oh = 0; oh < outH; oh++) rowSums(dy, in + oh * outW, xps, n * size + oh * pw, pw, outW, partial);
        }
        fold(partial, k, dw, dwOff, dbias, dbOff);
    }

    /** dw[k, tap] and dbias[k] (when not null): the L lanes of each partial sum added. */
    private static void fold(float[] partial, int k, float[] dw, int dwOff, float[] dbias, int dbOff) {
        for (int tap = 0; tap < 9; tap++) {
            float sum = 0f;
            for (int lane = 0; lane < L; lane++) sum += partial[tap * L + lane];
            dw[dwOff + 9 * k + tap] = sum;
        }
        if (dbias != null) {
            float sum = 0f;
            for (int lane = 0; lane < L; lane++) sum += partial[9 * L + lane];
            dbias[dbOff + k] = sum;
        }
    }

    /**
     * partial[tap L ..] += the products of one row of dy with the 9 shifted rows of xp (from r0, padded width pw).
     * The vector sums live in registers only within this one loop: C2 boxes vectors carried through nested loops.
     */
    private static void rowSums(float[] dy, int row, float[] xp, int r0, int pw, int outW, float[] partial) {
        int r1 = r0 + pw, r2 = r1 + pw;
        FloatVector s0 = FloatVector.fromArray(F, partial, 0), s1 = FloatVector.fromArray(F, partial, L),
                s2 = FloatVector.fromArray(F, partial, 2 * L), s3 = FloatVector.fromArray(F, partial, 3 * L),
                s4 = FloatVector.fromArray(F, partial, 4 * L), s5 = FloatVector.fromArray(F, partial, 5 * L),
                s6 = FloatVector.fromArray(F, partial, 6 * L), s7 = FloatVector.fromArray(F, partial, 7 * L),
                s8 = FloatVector.fromArray(F, partial, 8 * L), s9 = FloatVector.fromArray(F, partial, 9 * L);
        int ow = 0;
        for (; ow <= outW - L; ow += L) {
            FloatVector d = FloatVector.fromArray(F, dy, row + ow);
            s0 = d.fma(FloatVector.fromArray(F, xp, r0 + ow), s0);
            s1 = d.fma(FloatVector.fromArray(F, xp, r0 + ow + 1), s1);
            s2 = d.fma(FloatVector.fromArray(F, xp, r0 + ow + 2), s2);
            s3 = d.fma(FloatVector.fromArray(F, xp, r1 + ow), s3);
            s4 = d.fma(FloatVector.fromArray(F, xp, r1 + ow + 1), s4);
            s5 = d.fma(FloatVector.fromArray(F, xp, r1 + ow + 2), s5);
            s6 = d.fma(FloatVector.fromArray(F, xp, r2 + ow), s6);
            s7 = d.fma(FloatVector.fromArray(F, xp, r2 + ow + 1), s7);
            s8 = d.fma(FloatVector.fromArray(F, xp, r2 + ow + 2), s8);
            s9 = s9.add(d);
        }
        s0.intoArray(partial, 0);
        s1.intoArray(partial, L);
        s2.intoArray(partial, 2 * L);
        s3.intoArray(partial, 3 * L);
        s4.intoArray(partial, 4 * L);
        s5.intoArray(partial, 5 * L);
        s6.intoArray(partial, 6 * L);
        s7.intoArray(partial, 7 * L);
        s8.intoArray(partial, 8 * L);
        s9.intoArray(partial, 9 * L);
        for (; ow < outW; ow++) {                       // the scalar tail, into lane 0 of each sum
            float d = dy[row + ow];
            for (int tap = 0; tap < 9; tap++) partial[tap * L] += d * xp[r0 + (tap / 3) * pw + ow + tap % 3];
            partial[9 * L] += d;
        }
    }
}
