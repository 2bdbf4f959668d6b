package joules.regression.eval;

/** Scores of predictions against measurements, defined as scikit-learn defines them. */
public final class Metrics {
    private Metrics() {}

    /** MSE = sum((y - p)^2) / n */
    public static double mse(double[] measured, double[] predicted) {
        check(measured, predicted);
        double s = 0;
        for (int i = 0; i < measured.length; i++) {
            double d = measured[i] - predicted[i];
            s += d * d;
        }
        return s / measured.length;
    }

    /** RMSE = sqrt(MSE), in the unit of the measurements (J for energies). */
    public static double rmse(double[] measured, double[] predicted) {
        return Math.sqrt(mse(measured, predicted));
    }

    /**
     * Mean relative error = sum(|p - y| / |y|) / n, a fraction (0.12 is 12 %): every point counts alike, whatever its
     * size, where MSE is ruled by the largest energies. Infinite when a measurement is 0 and its prediction is not.
     */
    public static double meanRelativeError(double[] measured, double[] predicted) {
        check(measured, predicted);
        double s = 0;
        for (int i = 0; i < measured.length; i++) {
            double e = Math.abs(predicted[i] - measured[i]);
            s += e == 0 ? 0 : e / Math.abs(measured[i]);
        }
        return s / measured.length;
    }

    /**
     * R^2 = 1 - sum((y - p)^2) / sum((y - mean(y))^2). Like scikit-learn's r2_score: 1 when the
     * measurements are constant and predicted exactly, 0 when they are constant and not.
     */
    public static double r2(double[] measured, double[] predicted) {
        check(measured, predicted);
        double mean = 0;
        for (double v : measured) mean += v;
        mean /= measured.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < measured.length; i++) {
            residual += (measured[i] - predicted[i]) * (measured[i] - predicted[i]);
            total += (measured[i] - mean) * (measured[i] - mean);
        }
        if (total == 0) return residual == 0 ? 1.0 : 0.0;
        return 1 - residual / total;
    }

    private static void check(double[] measured, double[] predicted) {
        if (measured.length != predicted.length || measured.length == 0) {
            throw new IllegalStateException("metrics need equal, non-empty arrays; got " + measured.length + " and " + predicted.length);
        }
    }
}
