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
 */
final class VectorWinograd {
    private VectorWinograd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** A vector of zeros: the bias of the first pass of the output transform. */
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
        for (int j = 0; j < 6; j++) inputF4(src, from + j * colStride, rowStride, tmp, j * L, 6 * L);
        for (int i = 0; i < 6; i++) inputF4(tmp, i * 6 * L, L, v, to + 6 * i * xiStride, xiStride);
    }

    /** dst[to + i dstStride] = (B^T d)[i] for d[i] = src[from + i stride], i &lt; 6. */
    private static void inputF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride), d4 = at(src, from + 4 * stride), d5 = at(src, from + 5 * stride);
        FloatVector a = d4.sub(d2.mul(4f)), b = d3.sub(d1.mul(4f)), c = d4.sub(d2), e = d3.sub(d1).mul(2f);
        d0.mul(4f).sub(d2.mul(5f)).add(d4).intoArray(dst, to);
        a.add(b).intoArray(dst, to + dstStride);
        a.sub(b).intoArray(dst, to + 2 * dstStride);
        c.add(e).intoArray(dst, to + 3 * dstStride);
        c.sub(e).intoArray(dst, to + 4 * dstStride);
        d1.mul(4f).sub(d3.mul(5f)).add(d5).intoArray(dst, to + 5 * dstStride);
    }

    /**
     * out[to + (4 i + j) L] = (A^T p A)[i, j] + bias[k ..] for p[i, j] = p[at + (6 i + j) xiStride] (L channels
     * each): the bias is added in the second pass (A^T (A^T p)^T, 1 add per output).
     */
    static void outputF4(float[] p, int at, int xiStride, float[] bias, int k, float[] out, int to, float[] tmp) {
        for (int j = 0; j < 6; j++) outputF4(p, at + j * xiStride, 6 * xiStride, tmp, j * L, 6 * L, ZERO, 0);
        for (int i = 0; i < 4; i++) outputF4(tmp, i * 6 * L, L, out, to + 4 * i * L, L, bias, k);
    }

    /** dst[to + i dstStride] = (A^T p)[i] + b for p[i] = src[from + i stride], i &lt; 6 in, 4 out; b = bias[bAt ..]. */
    private static void outputF4(float[] src, int from, int stride, float[] dst, int to, int dstStride, float[] bias, int bAt) {
        FloatVector p0 = at(src, from), p1 = at(src, from + stride), p2 = at(src, from + 2 * stride),
                p3 = at(src, from + 3 * stride), p4 = at(src, from + 4 * stride), p5 = at(src, from + 5 * stride);
        FloatVector s12 = p1.add(p2), d12 = p1.sub(p2), s34 = p3.add(p4), d34 = p3.sub(p4), b = at(bias, bAt);
        p0.add(s12).add(s34).add(b).intoArray(dst, to);
        d12.add(d34.mul(2f)).add(b).intoArray(dst, to + dstStride);
        s12.add(s34.mul(4f)).add(b).intoArray(dst, to + 2 * dstStride);
        d12.add(d34.mul(8f)).add(p5).add(b).intoArray(dst, to + 3 * dstStride);
    }

    /**
     * p[to + (6 i + j) xiStride] = (A e A^T)[i, j] for the 4 x 4 output gradient e[i, j] = src[from + i rowStride
     * + j colStride].
     */
    static void gradientF4(float[] src, int from, int rowStride, int colStride, float[] p, int to, int xiStride, float[] tmp) {
        for (int j = 0; j < 4; j++) gradientF4(src, from + j * colStride, rowStride, tmp, j * L, 4 * L);
        for (int i = 0; i < 6; i++) gradientF4(tmp, i * 4 * L, L, p, to + 6 * i * xiStride, xiStride);
    }

    /** dst[to + i dstStride] = (A e)[i] for e[i] = src[from + i stride], 4 in, 6 out. */
    private static void gradientF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector e0 = at(src, from), e1 = at(src, from + stride), e2 = at(src, from + 2 * stride),
                e3 = at(src, from + 3 * stride);
        FloatVector s02 = e0.add(e2), s13 = e1.add(e3), t02 = e0.add(e2.mul(4f)), t13 = e1.mul(2f).add(e3.mul(8f));
        e0.intoArray(dst, to);
        s02.add(s13).intoArray(dst, to + dstStride);
        s02.sub(s13).intoArray(dst, to + 2 * dstStride);
        t02.add(t13).intoArray(dst, to + 3 * dstStride);
        t02.sub(t13).intoArray(dst, to + 4 * dstStride);
        e3.intoArray(dst, to + 5 * dstStride);
    }

    /**
     * u[to + (6 i + j) xiStride] = (G g G^T)[i, j] for the L kernels g[ij] = kernels[ij kp + q ..]:
     * G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1].
     */
    static void kernelF4(float[] kernels, int q, int kp, float[] u, int to, int xiStride, float[] tmp) {
        for (int j = 0; j < 3; j++) kernelF4(kernels, j * kp + q, 3 * kp, tmp, j * L, 3 * L);
        for (int i = 0; i < 6; i++) kernelF4(tmp, i * 3 * L, L, u, to + 6 * i * xiStride, xiStride);
    }

    /** dst[to + i dstStride] = (G g)[i] for g[i] = src[from + i stride], 3 in, 6 out. */
    private static void kernelF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector g0 = at(src, from), g1 = at(src, from + stride), g2 = at(src, from + 2 * stride);
        FloatVector s02 = g0.add(g2), t02 = g0.mul(1 / 24f).add(g2.mul(1 / 6f)), t1 = g1.mul(1 / 12f);
        g0.mul(1 / 4f).intoArray(dst, to);
        s02.add(g1).mul(-1 / 6f).intoArray(dst, to + dstStride);
        s02.sub(g1).mul(-1 / 6f).intoArray(dst, to + 2 * dstStride);
        t02.add(t1).intoArray(dst, to + 3 * dstStride);
        t02.sub(t1).intoArray(dst, to + 4 * dstStride);
        g2.intoArray(dst, to + 5 * dstStride);
    }

    /**
     * out[ij L] = (G^T dU G)[ij] for dU[xi] = the sum over parts of acc[part accSize + at + xi xiStride] (the
     * threads' accumulators of the weight gradient), 3 x 3 out.
     */
    static void filterF4(float[] acc, int at, int xiStride, int parts, long accSize, float[] out, float[] tmp) {
        int sum = 18 * L;                                 // tmp[sum ..]: dU, 36 vectors
        gather(acc, at, xiStride, 36, parts, accSize, tmp, sum);
        for (int j = 0; j < 6; j++) filterF4(tmp, sum + j * L, 6 * L, tmp, j * L, 6 * L);
        for (int i = 0; i < 3; i++) filterF4(tmp, i * 6 * L, L, out, 3 * i * L, L);
    }

    /** dst[to + i dstStride] = (G^T d)[i] for d[i] = src[from + i stride], 6 in, 3 out. */
    private static void filterF4(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride), d4 = at(src, from + 4 * stride), d5 = at(src, from + 5 * stride);
        FloatVector s12 = d1.add(d2), s34 = d3.add(d4);
        d0.mul(1 / 4f).sub(s12.mul(1 / 6f)).add(s34.mul(1 / 24f)).intoArray(dst, to);
        d2.sub(d1).mul(1 / 6f).add(d3.sub(d4).mul(1 / 12f)).intoArray(dst, to + dstStride);
        s34.sub(s12).mul(1 / 6f).add(d5).intoArray(dst, to + 2 * dstStride);
    }

    // ---- F(2x2, 3x3) --------------------------------------------------------------------------

    /** {@link #inputF4} for F(2x2): a 4 x 4 patch. */
    static void inputF2(float[] src, int from, int rowStride, int colStride, float[] v, int to, int xiStride, float[] tmp) {
        for (int j = 0; j < 4; j++) inputF2(src, from + j * colStride, rowStride, tmp, j * L, 4 * L);
        for (int i = 0; i < 4; i++) inputF2(tmp, i * 4 * L, L, v, to + 4 * i * xiStride, xiStride);
    }

    private static void inputF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride);
        d0.sub(d2).intoArray(dst, to);
        d1.add(d2).intoArray(dst, to + dstStride);
        d2.sub(d1).intoArray(dst, to + 2 * dstStride);
        d1.sub(d3).intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #outputF4} for F(2x2): 2 x 2 outputs. */
    static void outputF2(float[] p, int at, int xiStride, float[] bias, int k, float[] out, int to, float[] tmp) {
        for (int j = 0; j < 4; j++) outputF2(p, at + j * xiStride, 4 * xiStride, tmp, j * L, 4 * L, ZERO, 0);
        for (int i = 0; i < 2; i++) outputF2(tmp, i * 4 * L, L, out, to + 2 * i * L, L, bias, k);
    }

    private static void outputF2(float[] src, int from, int stride, float[] dst, int to, int dstStride, float[] bias, int bAt) {
        FloatVector p0 = at(src, from), p1 = at(src, from + stride), p2 = at(src, from + 2 * stride),
                p3 = at(src, from + 3 * stride), b = at(bias, bAt);
        p0.add(p1).add(p2).add(b).intoArray(dst, to);
        p1.sub(p2).sub(p3).add(b).intoArray(dst, to + dstStride);
    }

    /** {@link #gradientF4} for F(2x2): a 2 x 2 output gradient. */
    static void gradientF2(float[] src, int from, int rowStride, int colStride, float[] p, int to, int xiStride, float[] tmp) {
        for (int j = 0; j < 2; j++) gradientF2(src, from + j * colStride, rowStride, tmp, j * L, 2 * L);
        for (int i = 0; i < 4; i++) gradientF2(tmp, i * 2 * L, L, p, to + 4 * i * xiStride, xiStride);
    }

    private static void gradientF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector e0 = at(src, from), e1 = at(src, from + stride);
        e0.intoArray(dst, to);
        e0.add(e1).intoArray(dst, to + dstStride);
        e0.sub(e1).intoArray(dst, to + 2 * dstStride);
        e1.neg().intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #kernelF4} for F(2x2): G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]. */
    static void kernelF2(float[] kernels, int q, int kp, float[] u, int to, int xiStride, float[] tmp) {
        for (int j = 0; j < 3; j++) kernelF2(kernels, j * kp + q, 3 * kp, tmp, j * L, 3 * L);
        for (int i = 0; i < 4; i++) kernelF2(tmp, i * 3 * L, L, u, to + 4 * i * xiStride, xiStride);
    }

    private static void kernelF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector g0 = at(src, from), g1 = at(src, from + stride), g2 = at(src, from + 2 * stride);
        FloatVector s02 = g0.add(g2);
        g0.intoArray(dst, to);
        s02.add(g1).mul(0.5f).intoArray(dst, to + dstStride);
        s02.sub(g1).mul(0.5f).intoArray(dst, to + 2 * dstStride);
        g2.intoArray(dst, to + 3 * dstStride);
    }

    /** {@link #filterF4} for F(2x2): G^T = [1 1/2 1/2 0; 0 1/2 -1/2 0; 0 1/2 1/2 1]. */
    static void filterF2(float[] acc, int at, int xiStride, int parts, long accSize, float[] out, float[] tmp) {
        int sum = 12 * L;
        gather(acc, at, xiStride, 16, parts, accSize, tmp, sum);
        for (int j = 0; j < 4; j++) filterF2(tmp, sum + j * L, 4 * L, tmp, j * L, 4 * L);
        for (int i = 0; i < 3; i++) filterF2(tmp, i * 4 * L, L, out, 3 * i * L, L);
    }

    private static void filterF2(float[] src, int from, int stride, float[] dst, int to, int dstStride) {
        FloatVector d0 = at(src, from), d1 = at(src, from + stride), d2 = at(src, from + 2 * stride),
                d3 = at(src, from + 3 * stride);
        FloatVector h1 = d1.mul(0.5f), h2 = d2.mul(0.5f);
        d0.add(h1).add(h2).intoArray(dst, to);
        h1.sub(h2).intoArray(dst, to + dstStride);
        h1.add(h2).add(d3).intoArray(dst, to + 2 * dstStride);
    }

    /**
     * dst[to + xi L] = the sum over parts of acc[part accSize + at + xi xiStride], xi &lt; count: the threads'
     * accumulators added, part after part, through memory (no vector lives across the loop).
     */
    private static void gather(float[] acc, int at, int xiStride, int count, int parts, long accSize, float[] dst, int to) {
        for (int xi = 0; xi < count; xi++) at(acc, at + xi * xiStride).intoArray(dst, to + xi * L);
        for (int part = 1; part < parts; part++) {
            int base = Math.toIntExact(part * accSize) + at;
            for (int xi = 0; xi < count; xi++) at(dst, to + xi * L).add(at(acc, base + xi * xiStride)).intoArray(dst, to + xi * L);
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
