package joules.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import joules.tensor.Pool2dGeometry;

/**
 * {@link MaxPool2d}'s 2 x 2 windows moved by 2 with the JDK's Vector API, used when {@link Simd#VECTOR}: the
 * same float operations as its scalar path (forward2x2, backward2x2), so the same floats, straight from the
 * rows where they lie (the scalar path gathers each window corner into a buffer first, a strided copy that
 * C2 does not vectorise). A vector of L floats of the window's top row holds L / 2 windows side by side,
 * [a0 b0 a1 b1 ...], and the vector below it [c0 d0 c1 d1 ...]:
 * <pre>
 *   forward, L windows a step (two vectors of each row):
 *     v = max(top, bottom)                                  max(a, c) in the even lanes, max(b, d) in the odd
 *     y = max(even lanes of v, odd lanes of v)              gathered by fixed shuffles and a blend
 *   backward, L / 2 windows a step:
 *     m = max(v, v with the lanes of each pair swapped)     the window's maximum, in both of its lanes
 *     is(v) = 1 - min((m - v) 2^149, 1)                     1 where v == m, else 0 (as MaxPool2d.backward2x2)
 *     A = is(a), B = is(b) (1 - A), C = is(c) ((1 - A) - B), D = ((1 - A) - B) - C     in both lanes
 *     dx top = dy [A B A B ...], dx bottom = dy [C D C D ...]    dy[q] spread to both lanes of window q
 * </pre>
 * A row needs one whole step (forward: outW >= L, backward: outW >= L / 2; narrower rows are left to the
 * scalar path, which runs over whole planes); when L does not divide it, the last step overlaps the one
 * before it and writes some outputs twice, with the same values. Every vector is of the one species of all
 * the {@code Vector*} kernels: the JDK's vector methods are shared by every caller in the process and C2
 * specialises them for the vector classes seen there, so a second shape anywhere (the half-width vectors
 * of a narrowing forward, tried here) stops it intrinsifying them and boxes the vectors (measured: this
 * backward 2 to 7 times slower).
 */
final class VectorPool {
    private VectorPool() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
    /** Lane j takes lane 2 j mod L: the even lanes of one vector into the lower half, of another into the upper. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, j -> 2 * j % L);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(F, j -> (2 * j + 1) % L);
    /** Within each pair of lanes: swapped, both the first, both the second. */
    private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(F, j -> j ^ 1);
    private static final VectorShuffle<Float> FIRST = VectorShuffle.fromOp(F, j -> j & ~1);
    private static final VectorShuffle<Float> SECOND = VectorShuffle.fromOp(F, j -> j | 1);
    /** dy[j / 2] from the lower and from the upper half of a vector of dy. */
    private static final VectorShuffle<Float> SPREAD_LOW = VectorShuffle.fromOp(F, j -> j / 2);
    private static final VectorShuffle<Float> SPREAD_HIGH = VectorShuffle.fromOp(F, j -> L / 2 + j / 2);
    private static final VectorMask<Float> UPPER_HALF = VectorMask.fromLong(F, -1L << (L / 2));
    private static final VectorMask<Float> ODD_LANES = VectorMask.fromLong(F, 0xAAAA_AAAA_AAAA_AAAAL);

    /** Per-thread buffers for a row of dy (and of corners) with each value twice, as wide as an input row. */
    private static final ThreadLocal<float[][]> TWICE = ThreadLocal.withInitial(() -> new float[2][0]);

    /** Whether {@link #forward} takes g: a row of at least L windows. */
    static boolean forwardFits(Pool2dGeometry g) {
        return g.outW() >= L;
    }

    /** Whether {@link #backward} takes g: a row of at least L / 2 windows. */
    static boolean backwardFits(Pool2dGeometry g) {
        return 2 * g.outW() >= L;
    }

    /** The same contract as {@link MaxPool2d#forward2x2}, for g that {@link #forwardFits}. */
    static void forward(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] y, int yOff) {
        if (!forwardFits(g)) throw new IllegalArgumentException("rows too narrow for " + L + "-lane vectors: " + g);
        int inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = g.inH() * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                for (int oh = 0; oh < outH; oh++) {
                    int top = xOff + plane * inPlane + 2 * oh * inW;
                    forwardRow(x, top, top + inW, y, yOff + plane * outPlane + oh * outW, outW);
                }
            }
        });
    }

    /** y[at + q] = the maximum of window q of the rows starting at top and bottom, for q < outW (at least L). */
    static void forwardRow(float[] x, int top, int bottom, float[] y, int at, int outW) {
        for (int step = 0; step < outW; step += L) {
            int q = Math.min(step, outW - L), i = 2 * q;
            FloatVector v0 = FloatVector.fromArray(F, x, top + i).max(FloatVector.fromArray(F, x, bottom + i));
            FloatVector v1 = FloatVector.fromArray(F, x, top + i + L).max(FloatVector.fromArray(F, x, bottom + i + L));
            FloatVector even = v0.rearrange(EVEN).blend(v1.rearrange(EVEN), UPPER_HALF);
            FloatVector odd = v0.rearrange(ODD).blend(v1.rearrange(ODD), UPPER_HALF);
            even.max(odd).intoArray(y, at + q);
        }
    }

    // ---- ReLU and pooling in one pass: a convolution block after the first ---------------------
    //
    // max(relu(window)) = relu(max(window)), so the forward pools x and rectifies the maximum, and records which
    // corner of each window gets the gradient (none where the maximum is not positive: the ReLU's mask); the
    // backward writes each window's gradient at that corner and zeros around it: one pass over the block's
    // full-size map each way, where ReLU and pooling apart read and wrote it twice.

    /** Whether {@link #reluPoolForward} takes g: 2 x 2 windows moved by 2 that tile the map, rows of at least L windows. */
    static boolean fusesReluPool(Pool2dGeometry g) {
        return g.kH() == 2 && g.kW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.inH() % 2 == 0 && g.inW() % 2 == 0
                && forwardFits(g);
    }

    /** y = maxpool2x2(relu(x)) and where = each window's corner ({@link #forwardRowWhere}), for g that {@link #fusesReluPool}. */
    static void reluPoolForward(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] y, int yOff, float[] where,
                                int wOff) {
        int inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = g.inH() * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            for (int plane = p0; plane < p1; plane++) {
                for (int oh = 0; oh < outH; oh++) {
                    int top = xOff + plane * inPlane + 2 * oh * inW, at = plane * outPlane + oh * outW;
                    forwardRowWhere(x, top, top + inW, y, yOff + at, where, wOff + at, outW);
                }
            }
        });
    }

    /** dx = dy at each window's corner from {@link #reluPoolForward}, 0 elsewhere (the pooling's and the ReLU's backward). */
    static void reluPoolBackward(Parallel par, Pool2dGeometry g, float[] where, int wOff, float[] dy, int dyOff,
                                 float[] dx, int dxOff) {
        int inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = g.inH() * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            float[] dyTwice = twice(0, 2 * outW), whereTwice = twice(1, 2 * outW);
            for (int plane = p0; plane < p1; plane++) {
                for (int oh = 0; oh < outH; oh++) {
                    int at = plane * outPlane + oh * outW, top = dxOff + plane * inPlane + 2 * oh * inW;
                    spread(dy, dyOff + at, dyTwice, outW);
                    spread(where, wOff + at, whereTwice, outW);
                    gradientRows(dyTwice, whereTwice, dx, top, top + inW, outW);
                }
            }
        });
    }

    /**
     * y[at + q] = max(0, the maximum of window q) of the rows starting at top and bottom, and where[wAt + q] = which
     * corner holds it first (0 top left, 1 top right, 2 bottom left, 3 bottom right, as PyTorch picks among equal
     * maxima), or -1 where the maximum is not positive (the ReLU passes no gradient there), for q &lt; outW (at
     * least L). y is the floats of forwardRow and a ReLU after it (a NaN where the window holds one). FloatVector.max
     * here, not the first block's maximum on the bits (VectorSingleChannelConv#poolImageWhere): with its NaN steps in
     * this loop's rearranges, C2 reached its parse-time budget compiling it in every JVM tried (a near miss in
     * scripts/vector_intrinsics.py), for a pass bound by memory that it did not make faster.
     */
    static void forwardRowWhere(float[] x, int top, int bottom, float[] y, int at, float[] where, int wAt, int outW) {
        for (int step = 0; step < outW; step += L) {
            int q = Math.min(step, outW - L), i = 2 * q;
            FloatVector t0 = FloatVector.fromArray(F, x, top + i), t1 = FloatVector.fromArray(F, x, top + i + L);
            FloatVector u0 = FloatVector.fromArray(F, x, bottom + i), u1 = FloatVector.fromArray(F, x, bottom + i + L);
            FloatVector a = t0.rearrange(EVEN).blend(t1.rearrange(EVEN), UPPER_HALF), b = t0.rearrange(ODD).blend(t1.rearrange(ODD), UPPER_HALF);
            FloatVector c = u0.rearrange(EVEN).blend(u1.rearrange(EVEN), UPPER_HALF), d = u0.rearrange(ODD).blend(u1.rearrange(ODD), UPPER_HALF);
            FloatVector m = a.max(c).max(b.max(d));
            FloatVector.broadcast(F, 3f).blend(2f, c.compare(VectorOperators.EQ, m)).blend(1f, b.compare(VectorOperators.EQ, m))
                    .blend(0f, a.compare(VectorOperators.EQ, m)).blend(-1f, m.compare(VectorOperators.LE, 0f)).intoArray(where, wAt + q);
            m.max(0f).intoArray(y, at + q);
        }
    }

    /**
     * The gradient rows of a window row from {@link #forwardRowWhere}'s corners: dTop / dBottom [2 q + j] = dy of
     * window q where its corner is (0, j) / (1, j), else 0, for q &lt; outW (at least L / 2), given dyTwice and
     * whereTwice (each window's dy and corner in both of its lanes, {@link #spread}).
     */
    static void gradientRows(float[] dyTwice, float[] whereTwice, float[] dx, int dTop, int dBottom, int outW) {
        for (int step = 0; step < 2 * outW; step += L) {
            int i = Math.min(step, 2 * outW - L);
            FloatVector g = FloatVector.fromArray(F, dyTwice, i), corner = FloatVector.fromArray(F, whereTwice, i);
            g.blend(0f, corner.compare(VectorOperators.NE, TOP_CORNERS)).intoArray(dx, dTop + i);
            g.blend(0f, corner.compare(VectorOperators.NE, BOTTOM_CORNERS)).intoArray(dx, dBottom + i);
        }
    }

    /** The corner numbers of the lanes of a top row [0 1 0 1 ...] and of a bottom row [2 3 2 3 ...]. */
    private static final FloatVector TOP_CORNERS = FloatVector.zero(F).blend(1f, ODD_LANES),
            BOTTOM_CORNERS = FloatVector.broadcast(F, 2f).blend(3f, ODD_LANES);

    /** The same contract as {@link MaxPool2d#backward2x2}, for g that {@link #backwardFits}. */
    static void backward(Parallel par, Pool2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                         float[] dx, int dxOff) {
        if (!backwardFits(g)) throw new IllegalArgumentException("rows too narrow for " + L + "-lane vectors: " + g);
        int inH = g.inH(), inW = g.inW(), outH = g.outH(), outW = g.outW(), inPlane = inH * inW, outPlane = outH * outW;
        par.forRange(g.n() * g.c(), 1, (p0, p1) -> {
            float[] dyTwice = twice(0, 2 * outW);
            for (int plane = p0; plane < p1; plane++) {
                int xp = xOff + plane * inPlane, dxp = dxOff + plane * inPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int top = 2 * oh * inW, bottom = top + inW;
                    spread(dy, dyOff + plane * outPlane + oh * outW, dyTwice, outW);
                    backwardRow(x, xp + top, xp + bottom, dyTwice, dx, dxp + top, dxp + bottom, outW);
                    if ((inW & 1) == 1) {        // an odd last column that no window reaches
                        dx[dxp + top + inW - 1] = 0f;
                        dx[dxp + bottom + inW - 1] = 0f;
                    }
                }
                if ((inH & 1) == 1) Arrays.fill(dx, dxp + (inH - 1) * inW, dxp + inPlane, 0f);
            }
        });
    }

    /** The calling thread's buffer {@code which} (0 or 1) of at least {@code width} floats. */
    private static float[] twice(int which, int width) {
        float[][] holder = TWICE.get();
        if (holder[which].length < width) holder[which] = new float[width];
        return holder[which];
    }

    /** twice[2 q] = twice[2 q + 1] = dy[at + q] for q < outW. */
    static void spread(float[] dy, int at, float[] twice, int outW) {
        if (outW < L) {                     // a row of less than one vector of dy
            for (int q = 0; q < outW; q++) {
                twice[2 * q] = dy[at + q];
                twice[2 * q + 1] = dy[at + q];
            }
            return;
        }
        for (int step = 0; step < outW; step += L) {
            int q = Math.min(step, outW - L);
            FloatVector grad = FloatVector.fromArray(F, dy, at + q);
            grad.rearrange(SPREAD_LOW).intoArray(twice, 2 * q);
            grad.rearrange(SPREAD_HIGH).intoArray(twice, 2 * q + L);
        }
    }

    /**
     * dx of the windows of one row pair (at least L / 2 of them): the window's dy (from dyTwice) at its first
     * maximum, 0 elsewhere.
     */
    static void backwardRow(float[] x, int top, int bottom, float[] dyTwice, float[] dx, int dTop, int dBottom,
                                    int outW) {
        for (int step = 0; step < 2 * outW; step += L) {
            int i = Math.min(step, 2 * outW - L);
            FloatVector t = FloatVector.fromArray(F, x, top + i), u = FloatVector.fromArray(F, x, bottom + i);
            FloatVector v = t.max(u), m = v.max(v.rearrange(SWAP));
            FloatVector isTop = is(t, m), isBottom = is(u, m);
            FloatVector a = isTop.rearrange(FIRST), notA = ONE.sub(a);
            FloatVector b = isTop.rearrange(SECOND).mul(notA), rest = notA.sub(b);
            FloatVector c = isBottom.rearrange(FIRST).mul(rest);
            FloatVector grad = FloatVector.fromArray(F, dyTwice, i);
            grad.mul(a.blend(b, ODD_LANES)).intoArray(dx, dTop + i);
            grad.mul(c.blend(rest.sub(c), ODD_LANES)).intoArray(dx, dBottom + i);
        }
    }

    /** 1 where v == m, else 0, for v <= m: 1 - min((m - v) 2^149, 1). */
    private static FloatVector is(FloatVector v, FloatVector m) {
        return ONE.sub(m.sub(v).mul(0x1p127f).mul(0x1p22f).min(1f));
    }
}
