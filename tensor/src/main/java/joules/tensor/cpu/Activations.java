package joules.tensor.cpu;

/** Element-wise activations and the fused sigmoid + binary cross-entropy loss. */
final class Activations {
    private Activations() {}

    private static final int GRAIN = 1 << 15;

    /** y = max(x, 0). 1 FLOP per element. */
    static void reluForward(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
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
