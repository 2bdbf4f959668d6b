package joules.regression.model;

import java.util.LinkedHashMap;
import java.util.Map;
import joules.results.JsonObject;

/**
 * z-score of each input column: z = (v - mean) / std, with the population std (divide by n) of the
 * training points, as scikit-learn's StandardScaler does.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    public Standardizer(double[] mean, double[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Column means and population standard deviations of the rows of x, computed as StandardScaler does
     * (sums in numpy's order, see {@link NumpySums}):
     * <pre>
     *   mean = sum(x) / n
     *   var  = (sum((x - mean)^2) - sum(x - mean)^2 / n) / n     corrected two-pass
     *   std  = sqrt(var)
     * </pre>
     * A constant column is a {@link FitException}.
     */
    public static Standardizer fit(double[][] x) {
        int n = x.length;
        int k = x[0].length;
        double[] mean = new double[k];
        double[] std = new double[k];
        for (int c = 0; c < k; c++) mean[c] = NumpySums.columnSum(x, c) / n;
        double[][] centred = new double[n][k];
        double[][] squared = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                centred[i][c] = x[i][c] - mean[c];
                squared[i][c] = centred[i][c] * centred[i][c];
            }
        }
        for (int c = 0; c < k; c++) {
            double correction = NumpySums.columnSum(centred, c);
            double variance = (NumpySums.columnSum(squared, c) - correction * correction / n) / n;
            std[c] = Math.sqrt(variance);
            if (!(std[c] > 1e-12 * Math.max(1.0, Math.abs(mean[c])))) {
                throw new FitException("input " + (c + 1) + " of " + k + " is constant (" + x[0][c] + ") over the " + n
                        + " points: it cannot be standardised; use points where it varies");
            }
        }
        return new Standardizer(mean, std);
    }

    /** mean = sum(v) / n (numpy's np.mean) */
    public static double mean(double[] v) {
        return NumpySums.sum(v) / v.length;
    }

    /** std = sqrt(sum((v - mean)^2) / n) (numpy's np.std) */
    public static double populationStd(double[] v, double mean) {
        double[] squared = new double[v.length];
        for (int i = 0; i < v.length; i++) squared[i] = (v[i] - mean) * (v[i] - mean);
        return Math.sqrt(NumpySums.sum(squared) / v.length);
    }

    public double[] apply(double[] row) {
        double[] z = new double[row.length];
        for (int c = 0; c < row.length; c++) z[c] = (row[c] - mean[c]) / std[c];
        return z;
    }

    public double[][] apply(double[][] rows) {
        double[][] z = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) z[i] = apply(rows[i]);
        return z;
    }

    public int size() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean.clone());
        m.put("std", std.clone());
        return m;
    }

    public static Standardizer fromJson(JsonObject o) {
        return new Standardizer(o.numbers("mean"), o.numbers("std"));
    }
}
