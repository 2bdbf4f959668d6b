package joules.tensor.cpu;

/** Element-wise activations and the fused sigmoid + binary cross-entropy loss. */
final class Activations {
    private Activations() {}

    private static final int GRAIN = 1 << 15;

    /**
     * y = max(x, 0), NaN kept as NaN (as PyTorch). 1 FLOP per element. A compare-and-select rather than
     * Math.max, whose handling of -0 and NaN makes C2 emit a slow sequence (5 times slower here).
     */
    static void reluForward(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                float v = x[xOff + i];
                y[yOff + i] = v < 0f ? 0f : v;
            }
        });
    }

    /** dx = dy where y > 0, else 0. */
    static void reluBackward(Parallel par, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) dx[dxOff + i] = y[yOff + i] > 0f ? dy[dyOff + i] : 0f;
        });
    }

    /** y = 1 / (1 + exp(-x)). */
    static void sigmoidForward(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) y[yOff + i] = sigmoid(x[xOff + i]);
        });
    }

    /** s(x) = 1 / (1 + e^-x), written so that neither branch overflows. */
    static float sigmoid(float x) {
        if (x >= 0f) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /**
     * tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2 |x|) in double, which neither overflows nor loses
     * float precision (below |x| = 1e-4, tanh(x) = x to float precision). Math.tanh is no intrinsic in JDK 17
     * but a call into native fdlibm, several times slower than Math.exp.
     */
    static float tanh(float x) {
        double ax = Math.abs((double) x);
        if (ax < 1e-4) return x;
        double e = Math.exp(-2 * ax);
        return (float) Math.copySign((1 - e) / (1 + e), x);
    }

    /**
     * loss = mean over all N elements of max(x, 0) - x t + log(1 + exp(-|x|)) (the BCE of sigmoid(x) against
     * t, stable for any |x|), summed in double; dlogits = (sigmoid(x) - t) / N. Small (batch x classes), so
     * single-threaded.
     */
    static float sigmoidBce(float[] x, int xOff, float[] t, int tOff, float[] dx, int dxOff, int n) {
        double sum = 0;
        float invN = 1f / n;
        for (int i = 0; i < n; i++) {
            float xi = x[xOff + i], ti = t[tOff + i];
            sum += Math.max(xi, 0.0) - (double) xi * ti + Math.log1p(Math.exp(-Math.abs((double) xi)));
            dx[dxOff + i] = (sigmoid(xi) - ti) * invN;
        }
        return (float) (sum / n);
    }
}
