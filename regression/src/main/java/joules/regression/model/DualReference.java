package joules.regression.model;

import java.util.LinkedHashMap;
import java.util.Map;
import joules.results.JsonObject;

/**
 * The paper's dual reference: the line through a low-energy and a high-energy reference model
 * (a two-point regression).
 *
 * <pre>  y = y_lo + (x - x_lo) (y_hi - y_lo) / (x_hi - x_lo)  </pre>
 */
public final class DualReference implements Regressor {
    private double intercept = Double.NaN;
    private double slope = Double.NaN;

    public DualReference() {}

    public DualReference(double intercept, double slope) {
        this.intercept = intercept;
        this.slope = slope;
    }

    /** Fits on exactly two points: the low and the high reference. */
    @Override
    public DualReference fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "dual-reference normalisation", x, y);
        if (x.length != 2 || x[0].length != 1) {
            throw new FitException("dual-reference normalisation takes exactly two reference points and one input (energy); got "
                    + x.length + " points");
        }
        double dx = x[1][0] - x[0][0];
        if (dx == 0) throw new FitException("the two references have the same energy on the source hardware (" + x[0][0] + " J): no line");
        slope = (y[1] - y[0]) / dx;
        intercept = y[0] - slope * x[0][0];
        return this;
    }

    @Override
    public double predict(double[] x) {
        return intercept + slope * x[0];
    }

    @Override
    public int minPoints(int inputs) {
        return 2;
    }

    public double intercept() {
        return intercept;
    }

    public double slope() {
        return slope;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "dual-reference");
        m.put("intercept", intercept);
        m.put("slope", slope);
        return m;
    }

    static DualReference fromJson(JsonObject o) {
        return new DualReference(o.number("intercept"), o.number("slope"));
    }
}
