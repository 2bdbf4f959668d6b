package joules.tensor.cpu;

import joules.tensor.AdamConfig;
import joules.tensor.AdamScalars;

/**
 * One Adam step over flat buffers, in the order PyTorch 1.13's single-tensor {@code torch.optim.Adam} computes
 * it. The scalars are computed in double as Python does, then rounded to float like PyTorch does for a float
 * tensor; the element-wise part is float32, one fused pass:
 * <pre>
 *   m = b1 m + (1 - b1) g
 *   v = b2 v + (1 - b2) g g
 *   p = p - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps),   step_size = lr / (1 - b1^t)
 * </pre>
 * 13 FLOPs per parameter (counting the square root as one).
 */
final class Adam {
    private Adam() {}

    /** Elements per tile: four tiles of 8 KB stay in the L1 cache. */
    private static final int TILE = 2048;

    static void step(Parallel par, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                     int n, AdamConfig cfg, int step) {
        AdamScalars k = AdamScalars.of(cfg, step);
        float b1 = k.b1(), oneMinusB1 = k.oneMinusB1(), b2 = k.b2(), oneMinusB2 = k.oneMinusB2();
        float negStepSize = k.negStepSize(), bc2Sqrt = k.bc2Sqrt(), eps = k.eps();
        if (Simd.VECTOR) {
            VectorAdam.step(par, p, pOff, g, gOff, m, mOff, v, vOff, n, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize);
        } else {
            stepScalar(par, p, pOff, g, gOff, m, mOff, v, vOff, n, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize);
        }
    }

    /** The step on the auto-vectorised {@link #tile}, the path without the Vector API. */
    static void stepScalar(Parallel par, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                           int n, float b1, float oneMinusB1, float b2, float oneMinusB2, float bc2Sqrt, float eps,
                           float negStepSize) {
        par.forRange(n, TILE, (i0, i1) -> {
            float[] tp = new float[TILE], tg = new float[TILE], tm = new float[TILE], tv = new float[TILE];
            for (int s = i0; s < i1; s += TILE) {
                int len = Math.min(TILE, i1 - s);
                System.arraycopy(p, pOff + s, tp, 0, len);
                System.arraycopy(g, gOff + s, tg, 0, len);
                System.arraycopy(m, mOff + s, tm, 0, len);
                System.arraycopy(v, vOff + s, tv, 0, len);
                tile(tp, tg, tm, tv, len, b1, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, negStepSize);
                System.arraycopy(tp, 0, p, pOff + s, len);
                System.arraycopy(tm, 0, m, mOff + s, len);
                System.arraycopy(tv, 0, v, vOff + s, len);
            }
        });
    }

    /**
     * The update on one tile copied to arrays that start at index 0 (so that C2 vectorises the loop, which it
     * does not when the four buffers sit at unrelated offsets).
     */
    static void tile(float[] p, float[] g, float[] m, float[] v, int len, float b1, float oneMinusB1,
                             float b2, float oneMinusB2, float bc2Sqrt, float eps, float negStepSize) {
        for (int i = 0; i < len; i++) {
            float gi = g[i];
            float mi = Math.fma(gi, oneMinusB1, m[i] * b1);          // exp_avg.mul_(b1).add_(g, alpha=1-b1)
            float vi = v[i] * b2 + oneMinusB2 * gi * gi;               // exp_avg_sq.mul_(b2).addcmul_(g, g, 1-b2)
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;       // (v.sqrt() / bc2_sqrt).add_(eps)
            m[i] = mi;
            v[i] = vi;
            p[i] += negStepSize * mi / denom;                           // p.addcdiv_(m, denom, -step_size)
        }
    }
}
