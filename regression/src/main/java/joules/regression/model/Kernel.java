package joules.regression.model;

/** The SVR kernels: K(a, b) for two standardised points. */
public enum Kernel {
    /** K(a, b) = a . b */
    LINEAR,
    /** K(a, b) = exp(-gamma ||a - b||^2) */
    RBF;

    /** K(a, b), with ||a - b||^2 summed over the differences (libsvm's prediction-time formula). */
    public double apply(double[] a, double[] b, double gamma) {
        if (this == LINEAR) {
            double dot = 0;
            for (int c = 0; c < a.length; c++) dot += a[c] * b[c];
            return dot;
        }
        double squared = 0;
        for (int c = 0; c < a.length; c++) {
            double d = a[c] - b[c];
            squared += d * d;
        }
        return Math.exp(-gamma * squared);
    }

    /**
     * K(a, b) as libsvm computes it while training: for RBF, ||a - b||^2 = a.a + b.b - 2 a.b from the
     * squared norms {@code aa} and {@code bb}. Same value up to rounding; used so the solver sees the same bits.
     */
    public double applyTraining(double[] a, double aa, double[] b, double bb, double gamma) {
        double dot = 0;
        for (int c = 0; c < a.length; c++) dot += a[c] * b[c];
        return this == LINEAR ? dot : Math.exp(-gamma * (aa + bb - 2 * dot));
    }

    public String id() {
        return name().toLowerCase();
    }

    public static Kernel parse(String s) {
        for (Kernel k : values()) {
            if (k.id().equalsIgnoreCase(s)) return k;
        }
        throw new IllegalArgumentException("unknown SVR kernel '" + s + "'; valid: linear, rbf");
    }
}
