package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Winograd}'s transforms for F(2x2, 3x3) and F(4x4, 3x3), written out with the JDK's Vector API (used when
 * {@link Simd#VECTOR}). Every array here has its channels innermost, so one vector holds one value of L
 * channels and a transform is whole-vector arithmetic, with no shuffle. Each 2-D transform M d M^T is two
 * passes of a 1-D one: down the columns of d into a scratch tile, then along its rows; the 1-D transforms
 * take arrays and offsets, never vectors (a vector passed to a method that C2 did not inline is boxed).
 * The sums are the matrices' rows of {@link Winograd#F2} and {@link Winograd#F4} with common terms shared
 * (so not term for term the generic loops' floats; both are tested against the float64 convolution):
 * <pre>
 *   F(4x4) B^T d:  4 d0 - 5 d2 + d4,  (d4 - 4 d2) ± (d3 - 4 d1),  (d4 - d2) ± 2 (d3 - d1),  4 d1 - 5 d3 + d5
 *   F(4x4) A^T p:  p0 + s12 + s34,  d12 + 2 d34,  s12 + 4 s34,  d12 + 8 d34 + p5     (s12 = p1 + p2, d12 = p1 - p2, ...)
 *   F(4x4) A e:    e0,  (e0 + e2) ± (e1 + e3),  (e0 + 4 e2) ± (2 e1 + 8 e3),  e3
 *   F(2x2) B^T d:  d0 - d2,  d1 + d2,  d2 - d1,  d1 - d3
 *   F(2x2) A^T p:  p0 + p1 + p2,  p1 - p2 - p3
 *   F(2x2) A e:    e0,  e0 + e1,  e0 - e1,  -e1
 * </pre>
 * <p>Each 2-D transform calls its 1-D one from a single call site, one loop over both passes, so C2 parses the
 * 1-D transform once wherever it inlines the 2-D one. Inlined twice, a transform's vector operations and
 * those of the loop that called it came near C2's node budget (NodeCountInliningCutoff, 18,000 nodes while
 * parsing): in some runs the last operation parsed stayed a call into the Vector API's Java fallback, which
 * allocates a vector and arrays per call (400 KB a training step of a 16-channel layer, and slower).
 * scripts/vector_intrinsics.py names the compiled methods where that happened, from a JVM's compilation log.
 */
final class VectorWinograd {
    private VectorWinograd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * The transforms' coefficients as vectors. Every sum below is written with fma (a c + b, one rounding; c = 1
     * or -1 for a plain sum or difference): in a training step, once the ReLU kernels (VectorActivations) have
     * run, C2 compiled this class's add, sub and mul as calls to the Vector API's Java fallback, which
     * allocates two arrays per operation (98 MB per pass of a 128-channel layer); fma stayed intrinsic.
     */
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f), M1 = FloatVector.broadcast(F, -1f),
            TWO = FloatVector.broadcast(F, 2f), M2 = FloatVector.broadcast(F, -2f), FOUR = FloatVector.broadcast(F, 4f),
            M4 = FloatVector.broadcast(F, -4f), M5 = FloatVector.broadcast(F, -5f), EIGHT = FloatVector.broadcast(F, 8f),
            HALF = FloatVector.broadcast(F, 0.5f), QUARTER = FloatVector.broadcast(F, 1 / 4f),
            SIXTH = FloatVector.broadcast(F, 1 / 6f), MINUS_SIXTH = FloatVector.broadcast(F, -1 / 6f),
            TWELFTH = FloatVector.broadcast(F, 1 / 12f), TWENTY_FOURTH = FloatVector.broadcast(F, 1 / 24f),
            ZV = FloatVector.zero(F);
    /** Zeros: the bias of the first pass of the output transform. */
    private static final float[] ZERO = new float[L];

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    // ---- F(4x4, 3x3) --------------------------------------------------------------------------

    /**
     * v[to + (6 i + j) xiStride] = (B^T d B)[i, j] for the 6 x 6 patch d[i, j] = src[from + i rowStride +
     * j colStride] (L channels each).
     */
    static void inputF4(float[] src, int from, int rowStride, int colStride, float[] v, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 6 + 6; pass++) {      // column j of d into tmp, then row i of tmp into v
            boolean down = pass < 6;
            int j = pass, i = pass - 6;
            inputF4(down ? src : tmp, down ? from + j * colStride : i * 6 * L, down ? rowStride : L,
                    down ? tmp : v, down ? j * L : to + 6 * i * xiStride, down ? 6 * L : xiStride);
        }
    }

    /** dst[to + i dstStride] = (B^T d)[i] for d[i] = src[from + i stride], i &lt; 6. */
    private static void inputF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride), d4 = at(src, from + 4 * stride), d5 = at(src, from + 5 * stride);
        FloatVector a = d2.fma(M4, d4), b = d1.fma(M4, d3), c = d2.fma(M1, d4), e = d1.fma(M2, d3.fma(TWO, ZV));
        d2.fma(M5, d0.fma(FOUR, d4)).intoArray(dst, to);
        b.fma(ONE, a).intoArray(dst, to + dstStride);
        b.fma(M1, a).intoArray(dst, to + 2 * dstStride);
        e.fma(ONE, c).intoArray(dst, to + 3 * dstStride);
        e.fma(M1, c).intoArray(dst, to + 4 * dstStride);
        d3.fma(M5, d1.fma(FOUR, d5)).intoArray(dst, to + 5 * dstStride);
    }

    /**
     * out[to + (4 i + j) L] = (A^T p A)[i, j] + bias[k ..] for p[i, j] = p[at + (6 i + j) xiStride] (L channels
     * each): the bias is added in the second pass (A^T (A^T p)^T, 1 add per output).
     */
    static void outputF4(float[] p, int at, int xiStride, float[] bias, int k, float[] out, int to, float[] tmp) {
        for (int pass = 0; pass < 6 + 4; pass++) {      // column j of p into tmp, then row i of tmp (+ bias) into out
            boolean down = pass < 6;
            int j = pass, i = pass - 6;
            outputF4(down ? p : tmp, down ? at + j * xiStride : i * 6 * L, down ? 6 * xiStride : L,
                    down ? tmp : out, down ? j * L : to + 4 * i * L, down ? 6 * L : L, down ? ZERO : bias, down ? 0 : k);
        }
    }

    /** dst[to + i dstStride] = (A^T p)[i] + b for p[i] = src[from + i stride], i &lt; 6 in, 4 out; b = bias[bAt ..]. */
    private static void outputF4(float[] src, int from, int stride, float[] dst, int to, int dstStride, float[] bias, int bAt) {
        FloatVector p0 = at(src, from), p1 = at(src, from + stride), p2 = at(src, from + 2 * stride),
                p3 = at(src, from + 3 * stride), p4 = at(src, from + 4 * stride), p5 = at(src, from + 5 * stride);
        FloatVector s12 = p2.fma(ONE, p1), d12 = p2.fma(M1, p1), s34 = p4.fma(ONE, p3), d34 = p4.fma(M1, p3), b = at(bias, bAt);
        b.fma(ONE, s34.fma(ONE, s12.fma(ONE, p0))).intoArray(dst, to);
        b.fma(ONE, d34.fma(TWO, d12)).intoArray(dst, to + dstStride);
        b.fma(ONE, s34.fma(FOUR, s12)).intoArray(dst, to + 2 * dstStride);
        b.fma(ONE, p5.fma(ONE, d34.fma(EIGHT, d12))).intoArray(dst, to + 3 * dstStride);
    }

    /**
     * p[to + (6 i + j) xiStride] = (A e A^T)[i, j] for the 4 x 4 output gradient e[i, j] = src[from + i rowStride
     * + j colStride].
     */
    static void gradientF4(float[] src, int from, int rowStride, int colStride, float[] p, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 4 + 6; pass++) {      // column j of e into tmp, then row i of tmp into p
            boolean down = pass < 4;
            int j = pass, i = pass - 4;
            gradientF4(down ? src : tmp, down ? from + j * colStride : i * 4 * L, down ? rowStride : L,
                    down ? tmp : p, down ? j * L : to + 6 * i * xiStride, down ? 4 * L : xiStride);
        }
    }

    /** dst[to + i dstStride] = (A e)[i] for e[i] = src[from + i stride], 4 in, 6 out. */
    private static void gradientF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector e0 = at(src, from), e1 = at(src, from + stride), e2 = at(src, from + 2 * stride),
                e3 = at(src, from + 3 * stride);
        FloatVector s02 = e2.fma(ONE, e0), s13 = e3.fma(ONE, e1), t02 = e2.fma(FOUR, e0), t13 = e3.fma(EIGHT, e1.fma(TWO, ZV));
        e0.intoArray(dst, to);
        s13.fma(ONE, s02).intoArray(dst, to + dstStride);
        s13.fma(M1, s02).intoArray(dst, to + 2 * dstStride);
        t13.fma(ONE, t02).intoArray(dst, to + 3 * dstStride);
        t13.fma(M1, t02).intoArray(dst, to + 4 * dstStride);
        e3.intoArray(dst, to + 5 * dstStride);
    }

    /**
     * u[to + (6 i + j) xiStride] = (G g G^T)[i, j] for the L kernels g[ij] = kernels[ij L ..]:
     * G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1].
     */
    static void kernelF4(float[] kernels, float[] u, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 3 + 6; pass++) {      // column j of g into tmp, then row i of tmp into u
            boolean down = pass < 3;
            int j = pass, i = pass - 3;
            kernelF4(down ? kernels : tmp, down ? j * L : i * 3 * L, down ? 3 * L : L,
                    down ? tmp : u, down ? j * L : to + 6 * i * xiStride, down ? 3 * L : xiStride);
        }
    }

    /** dst[to + i dstStride] = (G g)[i] for g[i] = src[from + i stride], 3 in, 6 out. */
    private static void kernelF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector g0 = at(src, from), g1 = at(src, from + stride), g2 = at(src, from + 2 * stride);
        FloatVector s02 = g2.fma(ONE, g0), t02 = g2.fma(SIXTH, g0.fma(TWENTY_FOURTH, ZV)), t1 = g1.fma(TWELFTH, ZV);
        g0.fma(QUARTER, ZV).intoArray(dst, to);
        g1.fma(ONE, s02).fma(MINUS_SIXTH, ZV).intoArray(dst, to + dstStride);
        g1.fma(M1, s02).fma(MINUS_SIXTH, ZV).intoArray(dst, to + 2 * dstStride);
        t1.fma(ONE, t02).intoArray(dst, to + 3 * dstStride);
        t1.fma(M1, t02).intoArray(dst, to + 4 * dstStride);
        g2.intoArray(dst, to + 5 * dstStride);
    }

    /**
     * out[ij L] = (G^T dU G)[ij] for dU[xi] = the sum over parts of acc[part accSize + at + xi xiStride] (the
     * threads' accumulators of the weight gradient), 3 x 3 out.
     */
    static void filterF4(float[] acc, int at, int xiStride, int parts, long accSize, float[] out, float[] tmp) {
        int sum = 18 * L;                                 // tmp[sum ..]: dU, 36 vectors
        gather(acc, at, xiStride, 36, parts, accSize, tmp, sum);
        for (int pass = 0; pass < 6 + 3; pass++) {      // column j of dU into tmp, then row i of tmp into out
            boolean down = pass < 6;
            int j = pass, i = pass - 6;
            filterF4(tmp, down ? sum + j * L : i * 6 * L, down ? 6 * L : L, down ? tmp : out, down ? j * L : 3 * i * L,
                    down ? 6 * L : L);
        }
    }

    /** dst[to + i dstStride] = (G^T d)[i] for d[i] = src[from + i stride], 6 in, 3 out. */
    private static void filterF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride), d4 = at(src, from + 4 * stride), d5 = at(src, from + 5 * stride);
        FloatVector s12 = d2.fma(ONE, d1), s34 = d4.fma(ONE, d3);
        s34.fma(TWENTY_FOURTH, s12.fma(MINUS_SIXTH, d0.fma(QUARTER, ZV))).intoArray(dst, to);
        d4.fma(M1, d3).fma(TWELFTH, d1.fma(M1, d2).fma(SIXTH, ZV)).intoArray(dst, to + dstStride);
        s12.fma(M1, s34).fma(SIXTH, d5).intoArray(dst, to + 2 * dstStride);
    }

    // ---- F(2x2, 3x3) --------------------------------------------------------------------------

    /** {@link #inputF4} for F(2x2): a 4 x 4 patch. */
    static void inputF2(float[] src, int from, int rowStride, int colStride, float[] v, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 4 + 4; pass++) {
            boolean down = pass < 4;
            int j = pass, i = pass - 4;
            inputF2(down ? src : tmp, down ? from + j * colStride : i * 4 * L, down ? rowStride : L,
                    down ? tmp : v, down ? j * L : to + 4 * i * xiStride, down ? 4 * L : xiStride);
        }
    }

    private static void inputF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride);
        d2.fma(M1, d0).intoArray(dst, to);
        d2.fma(ONE, d1).intoArray(dst, to + dstStride);
        d1.fma(M1, d2).intoArray(dst, to + 2 * dstStride);
        d3.fma(M1, d1).intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #outputF4} for F(2x2): 2 x 2 outputs. */
    static void outputF2(float[] p, int at, int xiStride, float[] bias, int k, float[] out, int to, float[] tmp) {
        for (int pass = 0; pass < 4 + 2; pass++) {
            boolean down = pass < 4;
            int j = pass, i = pass - 4;
            outputF2(down ? p : tmp, down ? at + j * xiStride : i * 4 * L, down ? 4 * xiStride : L,
                    down ? tmp : out, down ? j * L : to + 2 * i * L, down ? 4 * L : L, down ? ZERO : bias, down ? 0 : k);
        }
    }

    private static void outputF2(float[] src, int from, int stride, float[] dst, int to, int dstStride, float[] bias, int bAt) {
        FloatVector p0 = at(src, from), p1 = at(src, from + stride), p2 = at(src, from + 2 * stride),
                p3 = at(src, from + 3 * stride), b = at(bias, bAt);
        b.fma(ONE, p2.fma(ONE, p1.fma(ONE, p0))).intoArray(dst, to);
        b.fma(ONE, p3.fma(M1, p2.fma(M1, p1))).intoArray(dst, to + dstStride);
    }

    /** {@link #gradientF4} for F(2x2): a 2 x 2 output gradient. */
    static void gradientF2(float[] src, int from, int rowStride, int colStride, float[] p, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 2 + 4; pass++) {
            boolean down = pass < 2;
            int j = pass, i = pass - 2;
            gradientF2(down ? src : tmp, down ? from + j * colStride : i * 2 * L, down ? rowStride : L,
                    down ? tmp : p, down ? j * L : to + 4 * i * xiStride, down ? 2 * L : xiStride);
        }
    }

    private static void gradientF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector e0 = at(src, from), e1 = at(src, from + stride);
        e0.intoArray(dst, to);
        e1.fma(ONE, e0).intoArray(dst, to + dstStride);
        e1.fma(M1, e0).intoArray(dst, to + 2 * dstStride);
        e1.fma(M1, ZV).intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #kernelF4} for F(2x2): G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]. */
    static void kernelF2(float[] kernels, float[] u, int to, int xiStride, float[] tmp) {
        for (int pass = 0; pass < 3 + 4; pass++) {
            boolean down = pass < 3;
            int j = pass, i = pass - 3;
            kernelF2(down ? kernels : tmp, down ? j * L : i * 3 * L, down ? 3 * L : L,
                    down ? tmp : u, down ? j * L : to + 4 * i * xiStride, down ? 3 * L : xiStride);
        }
    }

    private static void kernelF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector g0 = at(src, from), g1 = at(src, from + stride), g2 = at(src, from + 2 * stride);
        FloatVector s02 = g2.fma(ONE, g0);
        g0.intoArray(dst, to);
        g1.fma(ONE, s02).fma(HALF, ZV).intoArray(dst, to + dstStride);
        g1.fma(M1, s02).fma(HALF, ZV).intoArray(dst, to + 2 * dstStride);
        g2.intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #filterF4} for F(2x2): G^T = [1 1/2 1/2 0; 0 1/2 -1/2 0; 0 1/2 1/2 1]. */
    static void filterF2(float[] acc, int at, int xiStride, int parts, long accSize, float[] out, float[] tmp) {
        int sum = 12 * L;
        gather(acc, at, xiStride, 16, parts, accSize, tmp, sum);
        for (int pass = 0; pass < 4 + 3; pass++) {
            boolean down = pass < 4;
            int j = pass, i = pass - 4;
            filterF2(tmp, down ? sum + j * L : i * 4 * L, down ? 4 * L : L, down ? tmp : out, down ? j * L : 3 * i * L,
                    down ? 4 * L : L);
        }
    }

    private static void filterF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride);
        FloatVector h1 = d1.fma(HALF, ZV), h2 = d2.fma(HALF, ZV);
        h2.fma(ONE, h1.fma(ONE, d0)).intoArray(dst, to);
        h2.fma(M1, h1).intoArray(dst, to + dstStride);
        d3.fma(ONE, h2.fma(ONE, h1)).intoArray(dst, to + 2 * dstStride);
    }

    /**
     * dst[to + xi L] = the sum over parts of acc[part accSize + at + xi xiStride], xi &lt; count: the threads'
     * accumulators added, part after part, through memory (no vector lives across the loop).
     */
    private static void gather(float[] acc, int at, int xiStride, int count, int parts, long accSize, float[] dst, int to) {
        for (int xi = 0; xi < count; xi++) at(acc, at + xi * xiStride).intoArray(dst, to + xi * L);
        for (int part = 1; part < parts; part++) {
            int base = Math.toIntExact(part * accSize) + at;
            for (int xi = 0; xi < count; xi++) at(acc, base + xi * xiStride).fma(ONE, at(dst, to + xi * L)).intoArray(dst, to + xi * L);
        }
    }

    // ---- transposition ------------------------------------------------------------------------

    /** Lane i of SWAPd is lane i xor d; HIGHd holds the lanes with bit d set. */
    private static final VectorShuffle<Float> SWAP1 = swap(1), SWAP2 = swap(2), SWAP4 = swap(4), SWAP8 = swap(L > 8 ? 8 : 1);
    private static final VectorMask<Float> HIGH1 = high(1), HIGH2 = high(2), HIGH4 = high(4), HIGH8 = high(L > 8 ? 8 : 1);

    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(F, i -> i ^ d);
    }

    private static VectorMask<Float> high(int d) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) bits[i] = (i & d) != 0;
        return VectorMask.fromArray(F, bits, 0);
    }

    /**
     * kernels[ij L + l] = w[at + lanes[l] + ij] for ij &lt; 9, or w[at + lanes[l] + 8 - ij] when {@code flipped}: the
     * 3x3 kernels of L weight-matrix columns, lane l's lying lanes[l] floats after lane 0's, gathered one of the 9
     * values of all L kernels at a time (9 gathers instead of 9 L loads and stores).
     */
    static void gatherKernels(float[] w, int at, int[] lanes, boolean flipped, float[] kernels) {
        for (int ij = 0; ij < 9; ij++) FloatVector.fromArray(F, w, at + (flipped ? 8 - ij : ij), lanes, 0).intoArray(kernels, ij * L);
    }

    /**
     * b[to[i] + add + j] = a[from[j] + i] for i, j &lt; L: an L x L block transposed in registers (rows read at
     * from[j], columns written at to[i]), by log2 L butterfly steps: at distance d, rows r and r + d (bit d of r
     * clear) swap their lanes with bit d set and clear respectively, two permutes and two blends per pair.
     * Used where a channels-last array meets a (n, c, h, w) one: 16 channels of 16 positions at a time, about
     * three times faster than the same copy one float at a time.
     */
    static void transpose(float[] a, int[] from, float[] b, int[] to, int add) {
        if (L == 16) transpose16(a, from, b, to, add);
        else transpose8(a, from, b, to, add);
    }

    private static void transpose16(float[] a, int[] from, float[] b, int[] to, int add) {
        FloatVector v0 = at(a, from[0]), v1 = at(a, from[1]), v2 = at(a, from[2]), v3 = at(a, from[3]);
        FloatVector v4 = at(a, from[4]), v5 = at(a, from[5]), v6 = at(a, from[6]), v7 = at(a, from[7]);
        FloatVector v8 = at(a, from[8]), v9 = at(a, from[9]), v10 = at(a, from[10]), v11 = at(a, from[11]);
        FloatVector v12 = at(a, from[12]), v13 = at(a, from[13]), v14 = at(a, from[14]), v15 = at(a, from[15]);
        // distance 1: swap the off-diagonal 1 x 1 blocks of each 2 x 2 block
        { FloatVector x = v0, y = v1; v0 = x.blend(y.rearrange(SWAP1), HIGH1); v1 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v2, y = v3; v2 = x.blend(y.rearrange(SWAP1), HIGH1); v3 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v4, y = v5; v4 = x.blend(y.rearrange(SWAP1), HIGH1); v5 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v6, y = v7; v6 = x.blend(y.rearrange(SWAP1), HIGH1); v7 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v8, y = v9; v8 = x.blend(y.rearrange(SWAP1), HIGH1); v9 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v10, y = v11; v10 = x.blend(y.rearrange(SWAP1), HIGH1); v11 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v12, y = v13; v12 = x.blend(y.rearrange(SWAP1), HIGH1); v13 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v14, y = v15; v14 = x.blend(y.rearrange(SWAP1), HIGH1); v15 = x.rearrange(SWAP1).blend(y, HIGH1); }
        // distance 2: swap the off-diagonal 2 x 2 blocks of each 4 x 4 block
        { FloatVector x = v0, y = v2; v0 = x.blend(y.rearrange(SWAP2), HIGH2); v2 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v1, y = v3; v1 = x.blend(y.rearrange(SWAP2), HIGH2); v3 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v4, y = v6; v4 = x.blend(y.rearrange(SWAP2), HIGH2); v6 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v5, y = v7; v5 = x.blend(y.rearrange(SWAP2), HIGH2); v7 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v8, y = v10; v8 = x.blend(y.rearrange(SWAP2), HIGH2); v10 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v9, y = v11; v9 = x.blend(y.rearrange(SWAP2), HIGH2); v11 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v12, y = v14; v12 = x.blend(y.rearrange(SWAP2), HIGH2); v14 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v13, y = v15; v13 = x.blend(y.rearrange(SWAP2), HIGH2); v15 = x.rearrange(SWAP2).blend(y, HIGH2); }
        // distance 4: swap the off-diagonal 4 x 4 blocks of each 8 x 8 block
        { FloatVector x = v0, y = v4; v0 = x.blend(y.rearrange(SWAP4), HIGH4); v4 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v1, y = v5; v1 = x.blend(y.rearrange(SWAP4), HIGH4); v5 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v2, y = v6; v2 = x.blend(y.rearrange(SWAP4), HIGH4); v6 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v3, y = v7; v3 = x.blend(y.rearrange(SWAP4), HIGH4); v7 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v8, y = v12; v8 = x.blend(y.rearrange(SWAP4), HIGH4); v12 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v9, y = v13; v9 = x.blend(y.rearrange(SWAP4), HIGH4); v13 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v10, y = v14; v10 = x.blend(y.rearrange(SWAP4), HIGH4); v14 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v11, y = v15; v11 = x.blend(y.rearrange(SWAP4), HIGH4); v15 = x.rearrange(SWAP4).blend(y, HIGH4); }
        // distance 8: swap the off-diagonal 8 x 8 blocks of each 16 x 16 block
        { FloatVector x = v0, y = v8; v0 = x.blend(y.rearrange(SWAP8), HIGH8); v8 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v1, y = v9; v1 = x.blend(y.rearrange(SWAP8), HIGH8); v9 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v2, y = v10; v2 = x.blend(y.rearrange(SWAP8), HIGH8); v10 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v3, y = v11; v3 = x.blend(y.rearrange(SWAP8), HIGH8); v11 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v4, y = v12; v4 = x.blend(y.rearrange(SWAP8), HIGH8); v12 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v5, y = v13; v5 = x.blend(y.rearrange(SWAP8), HIGH8); v13 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v6, y = v14; v6 = x.blend(y.rearrange(SWAP8), HIGH8); v14 = x.rearrange(SWAP8).blend(y, HIGH8); }
        { FloatVector x = v7, y = v15; v7 = x.blend(y.rearrange(SWAP8), HIGH8); v15 = x.rearrange(SWAP8).blend(y, HIGH8); }
        v0.intoArray(b, to[0] + add); v1.intoArray(b, to[1] + add); v2.intoArray(b, to[2] + add); v3.intoArray(b, to[3] + add);
        v4.intoArray(b, to[4] + add); v5.intoArray(b, to[5] + add); v6.intoArray(b, to[6] + add); v7.intoArray(b, to[7] + add);
        v8.intoArray(b, to[8] + add); v9.intoArray(b, to[9] + add); v10.intoArray(b, to[10] + add); v11.intoArray(b, to[11] + add);
        v12.intoArray(b, to[12] + add); v13.intoArray(b, to[13] + add); v14.intoArray(b, to[14] + add); v15.intoArray(b, to[15] + add);
    }

    private static void transpose8(float[] a, int[] from, float[] b, int[] to, int add) {
        FloatVector v0 = at(a, from[0]), v1 = at(a, from[1]), v2 = at(a, from[2]), v3 = at(a, from[3]);
        FloatVector v4 = at(a, from[4]), v5 = at(a, from[5]), v6 = at(a, from[6]), v7 = at(a, from[7]);
        // distance 1: swap the off-diagonal 1 x 1 blocks of each 2 x 2 block
        { FloatVector x = v0, y = v1; v0 = x.blend(y.rearrange(SWAP1), HIGH1); v1 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v2, y = v3; v2 = x.blend(y.rearrange(SWAP1), HIGH1); v3 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v4, y = v5; v4 = x.blend(y.rearrange(SWAP1), HIGH1); v5 = x.rearrange(SWAP1).blend(y, HIGH1); }
        { FloatVector x = v6, y = v7; v6 = x.blend(y.rearrange(SWAP1), HIGH1); v7 = x.rearrange(SWAP1).blend(y, HIGH1); }
        // distance 2: swap the off-diagonal 2 x 2 blocks of each 4 x 4 block
        { FloatVector x = v0, y = v2; v0 = x.blend(y.rearrange(SWAP2), HIGH2); v2 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v1, y = v3; v1 = x.blend(y.rearrange(SWAP2), HIGH2); v3 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v4, y = v6; v4 = x.blend(y.rearrange(SWAP2), HIGH2); v6 = x.rearrange(SWAP2).blend(y, HIGH2); }
        { FloatVector x = v5, y = v7; v5 = x.blend(y.rearrange(SWAP2), HIGH2); v7 = x.rearrange(SWAP2).blend(y, HIGH2); }
        // distance 4: swap the off-diagonal 4 x 4 blocks of each 8 x 8 block
        { FloatVector x = v0, y = v4; v0 = x.blend(y.rearrange(SWAP4), HIGH4); v4 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v1, y = v5; v1 = x.blend(y.rearrange(SWAP4), HIGH4); v5 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v2, y = v6; v2 = x.blend(y.rearrange(SWAP4), HIGH4); v6 = x.rearrange(SWAP4).blend(y, HIGH4); }
        { FloatVector x = v3, y = v7; v3 = x.blend(y.rearrange(SWAP4), HIGH4); v7 = x.rearrange(SWAP4).blend(y, HIGH4); }
        v0.intoArray(b, to[0] + add); v1.intoArray(b, to[1] + add); v2.intoArray(b, to[2] + add); v3.intoArray(b, to[3] + add);
        v4.intoArray(b, to[4] + add); v5.intoArray(b, to[5] + add); v6.intoArray(b, to[6] + add); v7.intoArray(b, to[7] + add);
    }
}
