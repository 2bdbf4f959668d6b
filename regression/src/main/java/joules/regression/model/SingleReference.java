package joules.regression.model;

import java.util.LinkedHashMap;
import java.util.Map;
import joules.results.JsonObject;

/**
 * Single-reference normalisation (the DCASE practice the paper starts from): one reference model's energy
 * ratio between the two hardware is applied to every model.
 *
 * <pre>  y = x * (y_ref / x_ref)  </pre>
 */
public final class SingleReference implements Regressor {
    private double ratio = Double.NaN;

    public SingleReference() {}

    public SingleReference(double ratio) {
        this.ratio = ratio;
    }

    /** Fits on exactly one point: the reference. */
    @Override
    public SingleReference fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "single-reference normalisation", x, y);
        if (x.length != 1 || x[0].length != 1) {
            throw new FitException("single-reference normalisation takes exactly one reference point and one input (energy); got "
                    + x.length + " points");
        }
        if (!(x[0][0] > 0)) throw new FitException("the reference's energy on the source hardware is " + x[0][0] + " J: no ratio");
        ratio = y[0] / x[0][0];
        return this;
    }

    @Override
    public double predict(double[] x) {
        return x[0] * ratio;
    }

    @Override
    public int minPoints(int inputs) {
        return 1;
    }

    public double ratio() {
        return ratio;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "single-reference");
        m.put("ratio", ratio);
        return m;
    }

    static SingleReference fromJson(JsonObject o) {
        return new SingleReference(o.number("ratio"));
    }
}
