package joules.regression.model;

import java.util.Map;

/**
 * One fit/predict interface for every way of mapping inputs to a target, in the style of scikit-learn:
 * {@code new LinearRegression(true).fit(x, y).predict(point)}.
 *
 * <p>Points are rows: {@code x[i]} holds the k inputs of point i (energy on the source hardware, FLOPs,
 * parameters, ...), {@code y[i]} its target (energy on the destination hardware).
 */
public interface Regressor {
    /** Fits the model to n points and returns it; throws {@link FitException} when the points cannot determine it. */
    Regressor fit(double[][] x, double[] y);

    /** The prediction for one point (k inputs); only after {@link #fit}. */
    double predict(double[] x);

    /** Predictions for several points. */
    default double[] predict(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = predict(x[i]);
        return out;
    }

    /** The fewest points that determine this model with k inputs. */
    int minPoints(int inputs);

    /** The fitted model as JSON-ready values: "type" plus its coefficients (read back by {@link Regressors#fromJson}). */
    Map<String, Object> toJson();

    /** Checks the shapes of a training set and that there are enough points. */
    static void checkTrainingSet(Regressor model, String name, double[][] x, double[] y) {
        if (x.length != y.length) throw new IllegalStateException(name + ": " + x.length + " input rows but " + y.length + " targets");
        int k = x.length == 0 ? 0 : x[0].length;
        for (double[] row : x) {
            if (row.length != k) throw new IllegalStateException(name + ": input rows of different lengths");
        }
        int need = model.minPoints(k);
        if (x.length < need) {
            throw new FitException(name + " with " + k + " input" + (k == 1 ? "" : "s") + " needs at least " + need
                    + " points; got " + x.length);
        }
    }
}
