package joules.regression.eval;

/** Mean and population standard deviation (numpy's defaults) of the values that are finite, and how many those are. */
public record Summary(double mean, double std, int count) {
    public static Summary of(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) return new Summary(Double.NaN, Double.NaN, 0);
        double mean = sum / n;
        double s = 0;
        for (double v : values) if (Double.isFinite(v)) s += (v - mean) * (v - mean);
        return new Summary(mean, Math.sqrt(s / n), n);
    }
}
