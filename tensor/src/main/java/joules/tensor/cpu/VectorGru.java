package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gru}'s per-step gate arithmetic with the JDK's Vector API (used when {@link Simd#VECTOR}), L hidden
 * units at a time. On a long sequence of small rows (the CRNN: 2,048 steps of 8 x 64) these element-wise
 * loops, not the products, are most of the layer's time: a step is too short to share between threads.
 * <ul>
 *   <li>forward: the sigmoids and the tanh are the Vector API's EXP and TANH (Intel's SVML on x86) in float,
 *       within 2e-7 (relative) of the scalar path's functions, which work in double;</li>
 *   <li>backward: the same operations as {@link Gru}'s in the same order, so the same floats.</li>
 * </ul>
 * The indices are {@link Gru}'s. Each method does the whole vectors of a row and returns how many hidden units
 * that was; Gru's scalar loop does the rest.
 */
final class VectorGru {
    private VectorGru() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** sigmoid(x) = 1 / (1 + exp(-x)); exp overflowing to infinity gives 0, as it should. */
    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(F, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /**
     * One row's gates (see Gru.gatesForward): r = s(gi_r + gh_r + b_r), z = s(gi_z + gh_z + b_z),
     * hn = gh_n + b_n, n = tanh(gi_n + r hn), h' = (1 - z) n + z h; [r, z, n, hn] over the reserve row at
     * {@code row}, h' into y at {@code out}; {@code hPrev} &lt; 0 when h is zero. Returns the units done.
     */
    static int gatesForward(int hid, float[] gh, int ghOff, float[] hp, int hPrev, float[] bHh, int bHhOff,
                            float[] y, int out, float[] res, int row) {
        int j = 0;
        for (; j <= hid - L; j += L) {
            FloatVector rg = sigmoid(at(res, row + j).add(at(gh, ghOff + j)).add(at(bHh, bHhOff + j)));
            FloatVector zg = sigmoid(at(res, row + hid + j).add(at(gh, ghOff + hid + j)).add(at(bHh, bHhOff + hid + j)));
            FloatVector hn = at(gh, ghOff + 2 * hid + j).add(at(bHh, bHhOff + 2 * hid + j));
            FloatVector ng = at(res, row + 2 * hid + j).add(rg.mul(hn)).lanewise(VectorOperators.TANH);
            FloatVector h = hPrev < 0 ? FloatVector.zero(F) : at(hp, hPrev + j);
            rg.intoArray(res, row + j);
            zg.intoArray(res, row + hid + j);
            ng.intoArray(res, row + 2 * hid + j);
            hn.intoArray(res, row + 3 * hid + j);
            FloatVector.broadcast(F, 1f).sub(zg).mul(ng).add(zg.mul(h)).intoArray(y, out + j);
        }
        return j;
    }

    /**
     * One row's gate gradients (see Gru.gatesBackward): dh = flush(dy + dhNext), dn' = flush(dh (1 - z) (1 - n n)),
     * dz' = flush(dh (h - n) z (1 - z)), dr' = flush(dn' hn r (1 - r)); [dr', dz', dn', dn' r] into the reserve at
     * {@code drow}, [dr', dz', dn' r] into dGates at {@code at}, dhNext = dh z. Returns the units done.
     */
    static int gatesBackward(int hid, float[] hp, int hPrev, float[] res, int row, int drow, float[] dy, int dyRow,
                             float[] dhNext, int dhAt, float[] dGates, int at) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int j = 0;
        for (; j <= hid - L; j += L) {
            FloatVector rg = at(res, row + j), zg = at(res, row + hid + j), ng = at(res, row + 2 * hid + j);
            FloatVector hn = at(res, row + 3 * hid + j);
            FloatVector h = hPrev < 0 ? FloatVector.zero(F) : at(hp, hPrev + j);
            FloatVector dh = flush(at(dy, dyRow + j).add(at(dhNext, dhAt + j)));
            FloatVector dnPre = flush(dh.mul(one.sub(zg)).mul(one.sub(ng.mul(ng))));
            FloatVector dzPre = flush(dh.mul(h.sub(ng)).mul(zg).mul(one.sub(zg)));
            FloatVector drPre = flush(dnPre.mul(hn).mul(rg).mul(one.sub(rg)));
            FloatVector dnR = dnPre.mul(rg);
            drPre.intoArray(res, drow + j);
            dzPre.intoArray(res, drow + hid + j);
            dnPre.intoArray(res, drow + 2 * hid + j);
            dnR.intoArray(res, drow + 3 * hid + j);
            drPre.intoArray(dGates, at + j);
            dzPre.intoArray(dGates, at + hid + j);
            dnR.intoArray(dGates, at + 2 * hid + j);
            dh.mul(zg).intoArray(dhNext, dhAt + j);
        }
        return j;
    }

    /** Per-thread room for one vector's lanes, so that {@link #columnSums} allocates nothing. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    /**
     * Gru.columnSums for the whole vectors of columns from c0 (the rows in blocks of Gru.SUM_BLOCK, each block's
     * rows summed lane by lane in float, the same floats); the block outermost, so that its rows are read from
     * memory once for all the columns. Returns the first column not done.
     */
    static int columnSums(float[] d, int off, int width, int rows, double[] sums, int c0, int c1) {
        float[] lanes = LANES.get();
        int end = c0 + (c1 - c0) / L * L;
        for (int r0 = 0; r0 < rows; r0 += Gru.SUM_BLOCK) {
            int r1 = Math.min(rows, r0 + Gru.SUM_BLOCK);
            for (int c = c0; c < end; c += L) {
                FloatVector block = FloatVector.zero(F);
                for (int r = r0; r < r1; r++) block = block.add(at(d, off + r * width + c));
                block.intoArray(lanes, 0);
                for (int i = 0; i < L; i++) sums[c + i] += lanes[i];
            }
        }
        return end;
    }

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    /** Gru.flush lane by lane: 0 where |v| &lt; Gru.FLUSH_BELOW. */
    private static FloatVector flush(FloatVector v) {
        return v.blend(0f, v.abs().compare(VectorOperators.LT, Gru.FLUSH_BELOW));
    }
}
