package joules.tensor.cpu;

/** Element-wise activations and the fused sigmoid + binary cross-entropy loss. */
final class Activations {
    private Activations() {}

    private static final int GRAIN = 1 << 15;

    /** Elements per chunk: each thread copies a chunk into buffers that start at index 0, where C2 vectorises. */
    private static final int CHUNK = 2048;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][CHUNK]);

    /**
     * y = max(x, 0), NaN kept as NaN (as PyTorch). 1 FLOP per element. {@link VectorActivations} when
     * {@link Simd#VECTOR}, else reluForwardScalar.
     */
    static void reluForward(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        if (Simd.VECTOR) VectorActivations.reluForward(par, x, xOff, y, yOff, n);
        else reluForwardScalar(par, x, xOff, y, yOff, n);
    }

    /**
     * {@link #reluForward} without the Vector API: Math.max on a buffer that starts at 0 becomes a SIMD max; a
     * compare-and-branch mispredicts on every other element of real activations and is 10 times slower.
     */
    static void reluForwardScalar(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            float[] buf = BUFFERS.get()[0];
            for (int s = i0; s < i1; s += CHUNK) {
                int len = Math.min(CHUNK, i1 - s);
                System.arraycopy(x, xOff + s, buf, 0, len);
                for (int i = 0; i < len; i++) buf[i] = Math.max(buf[i], 0f);
                System.arraycopy(buf, 0, y, yOff + s, len);
            }
        });
    }

    /**
     * dx = dy where y > 0, else 0, as dy times a mask: for y >= 0 (a ReLU's output), min(y 2^149, 1) is 1
     * for every positive float, subnormals included, and 0 for 0. {@link VectorActivations} when
     * {@link Simd#VECTOR}, else reluBackwardScalar.
     */
    static void reluBackward(Parallel par, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        if (Simd.VECTOR) VectorActivations.reluBackward(par, y, yOff, dy, dyOff, dx, dxOff, n);
        else reluBackwardScalar(par, y, yOff, dy, dyOff, dx, dxOff, n);
    }

    /**
     * {@link #reluBackward} without the Vector API, through buffers that start at 0: the multiply vectorises
     * where a select does not (C2 of JDK 17 does not vectorise conditional moves).
     */
    static void reluBackwardScalar(Parallel par, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            float[][] buf = BUFFERS.get();
            float[] out = buf[0], grad = buf[1];
            for (int s = i0; s < i1; s += CHUNK) {
                int len = Math.min(CHUNK, i1 - s);
                System.arraycopy(y, yOff + s, out, 0, len);
                System.arraycopy(dy, dyOff + s, grad, 0, len);
                for (int i = 0; i < len; i++) grad[i] = grad[i] * Math.min(out[i] * 0x1p127f * 0x1p22f, 1f);
                System.arraycopy(grad, 0, dx, dxOff + s, len);
            }
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
