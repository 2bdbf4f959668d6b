package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Adam}'s element-wise update with the JDK's Vector API (used when {@link Simd#VECTOR}), straight on the
 * four buffers at their offsets (the auto-vectorised loop needs copies into tiles that start at index 0). The
 * same operations in the same order as {@link Adam#tile}, so the same floats:
 * <pre>
 *   m = fma(g, 1 - b1, b1 m)
 *   v = b2 v + ((1 - b2) g) g
 *   p = p + (-step_size m) / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * The step streams 7 floats per parameter through memory (p, g, m, v read; p, m, v written), so its speed is
 * the memory's.
 */
final class VectorAdam {
    private VectorAdam() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Elements per task handed to a thread. */
    private static final int GRAIN = 1 << 14;

    static void step(Parallel par, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     int n, float b1, float oneMinusB1, float b2, float oneMinusB2, float bc2Sqrt, float eps,
                     float negStepSize) {
        FloatVector oneMinusB1s = FloatVector.broadcast(F, oneMinusB1);
        par.forRange(n, GRAIN, (i0, i1) -> {
            int i = i0;
            for (; i <= i1 - L; i += L) {
                FloatVector gi = FloatVector.fromArray(F, g, gOff + i);
                FloatVector mi = gi.fma(oneMinusB1s, FloatVector.fromArray(F, m, mOff + i).mul(b1));
                FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(b2).add(gi.mul(oneMinusB2).mul(gi));
                FloatVector denom = vi.sqrt().div(bc2Sqrt).add(eps);
                mi.intoArray(m, mOff + i);
                vi.intoArray(v, vOff + i);
                FloatVector.fromArray(F, p, pOff + i).add(mi.mul(negStepSize).div(denom)).intoArray(p, pOff + i);
            }
            int len = i1 - i;                            // the scalar tail, fewer than L: Adam.tile on copies
            if (len > 0) {
                float[] tp = new float[len], tg = new float[len], tm = new float[len], tv = new float[len];
                System.arraycopy(p, pOff + i, tp, 0, len);
                System.arraycopy(g, gOff + i, tg, 0, len);
                System.arraycopy(m, mOff + i, tm, 0, len);
                System.arraycopy(v, vOff + i, tv, 0, len);
                Adam.tile(tp, tg, tm, tv, len, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize);
                System.arraycopy(tp, 0, p, pOff + i, len);
                System.arraycopy(tm, 0, m, mOff + i, len);
                System.arraycopy(tv, 0, v, vOff + i, len);
            }
        });
    }
}
