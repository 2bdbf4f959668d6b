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
 * The indices are {@link Gru}'s; a hidden size that is not a multiple of L ends with Gru's scalar formulas.
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
     * {@code row}, h' into y at {@code out}; {@code hPrev} &lt; 0 when h is zero.
     */
    static void gatesForward(int hid, float[] gh, int ghOff, float[] hp, int hPrev, float[] bHh, int bHhOff,
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
        for (; j < hid; j++) {
            float rg = Activations.sigmoid(res[row + j] + gh[ghOff + j] + bHh[bHhOff + j]);
            float zg = Activations.sigmoid(res[row + hid + j] + gh[ghOff + hid + j] + bHh[bHhOff + hid + j]);
            float hn = gh[ghOff + 2 * hid + j] + bHh[bHhOff + 2 * hid + j];
            float ng = Activations.tanh(res[row + 2 * hid + j] + rg * hn);
            float h = hPrev < 0 ? 0f : hp[hPrev + j];
            res[row + j] = rg;
            res[row + hid + j] = zg;
            res[row + 2 * hid + j] = ng;
            res[row + 3 * hid + j] = hn;
            y[out + j] = (1f - zg) * ng + zg * h;
        }
    }

    /**
     * One row's gate gradients (see Gru.gatesBackward): dh = flush(dy + dhNext), dn' = flush(dh (1 - z) (1 - n n)),
     * dz' = flush(dh (h - n) z (1 - z)), dr' = flush(dn' hn r (1 - r)); [dr', dz', dn', dn' r] into the reserve at
     * {@code drow}, [dr', dz', dn' r] into dGates at {@code at}, dhNext = dh z.
     */
    static void gatesBackward(int hid, float[] hp, int hPrev, float[] res, int row, int drow, float[] dy, int dyRow,
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
        for (; j < hid; j++) {
            float rg = res[row + j], zg = res[row + hid + j], ng = res[row + 2 * hid + j], hn = res[row + 3 * hid + j];
            float h = hPrev < 0 ? 0f : hp[hPrev + j];
            float dh = Gru.flush(dy[dyRow + j] + dhNext[dhAt + j]);
            float dnPre = Gru.flush(dh * (1f - zg) * (1f - ng * ng));
            float dzPre = Gru.flush(dh * (h - ng) * zg * (1f - zg));
            float drPre = Gru.flush(dnPre * hn * rg * (1f - rg));
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

    private static FloatVector at(float[] a, int i) {
        return FloatVector.fromArray(F, a, i);
    }

    /** Gru.flush lane by lane: 0 where |v| &lt; Gru.FLUSH_BELOW. */
    private static FloatVector flush(FloatVector v) {
        return v.blend(0f, v.abs().compare(VectorOperators.LT, Gru.FLUSH_BELOW));
    }
}
