package joules.regression.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.results.JsonObject;

/**
 * Polynomial regression of any degree: inputs standardised (z = (x - mean) / std), expanded into every
 * monomial of degree 1..d (z1, z2, z1^2, z1 z2, z2^2 for two inputs and d = 2, the order of scikit-learn's
 * PolynomialFeatures), then least squares with an intercept on the expanded features.
 */
public final class PolynomialRegression implements Regressor {
    private final int degree;
    private Standardizer standardizer;
    private List<int[]> monomials; // each monomial lists the input index of each factor
    private LinearRegression linear;

    public PolynomialRegression(int degree) {
        if (degree < 1) throw new IllegalArgumentException("polynomial degree must be at least 1; got " + degree);
        this.degree = degree;
    }

    @Override
    public PolynomialRegression fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "polynomial regression of degree " + degree, x, y);
        standardizer = Standardizer.fit(x);
        monomials = monomials(x[0].length, degree);
        double[][] features = new double[x.length][];
        for (int i = 0; i < x.length; i++) features[i] = expand(standardizer.apply(x[i]));
        linear = new LinearRegression(true).fit(features, y);
        return this;
    }

    @Override
    public double predict(double[] x) {
        return linear.predict(expand(standardizer.apply(x)));
    }

    /** The monomials of z: products z[m0] z[m1] ... for each index list m, lowest degree first. */
    private double[] expand(double[] z) {
        double[] out = new double[monomials.size()];
        for (int t = 0; t < out.length; t++) {
            double v = 1;
            for (int index : monomials.get(t)) v *= z[index];
            out[t] = v;
        }
        return out;
    }

    /** Index lists of every monomial of degree 1..d in k variables (combinations with replacement). */
    static List<int[]> monomials(int k, int d) {
        List<int[]> out = new ArrayList<>();
        for (int deg = 1; deg <= d; deg++) addCombinations(out, new int[deg], 0, 0, k);
        return out;
    }

    private static void addCombinations(List<int[]> out, int[] current, int position, int from, int k) {
        if (position == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = from; v < k; v++) {
            current[position] = v;
            addCombinations(out, current, position + 1, v, k);
        }
    }

    /** Number of coefficients: 1 + number of monomials; the fewest points that determine them. */
    @Override
    public int minPoints(int inputs) {
        return 1 + monomials(inputs, degree).size();
    }

    public int degree() {
        return degree;
    }

    /** Intercept then one coefficient per monomial, in standardised units. */
    public double[] coefficients() {
        return linear.coefficients();
    }

    public Standardizer standardizer() {
        return standardizer;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "polynomial");
        m.put("degree", degree);
        m.put("standardizer", standardizer.toJson());
        m.put("coefficients", linear.coefficients());
        return m;
    }

    static PolynomialRegression fromJson(JsonObject o) {
        PolynomialRegression p = new PolynomialRegression((int) o.number("degree"));
        p.standardizer = Standardizer.fromJson(o.object("standardizer"));
        p.monomials = monomials(p.standardizer.size(), p.degree);
        double[] coefficients = o.numbers("coefficients");
        if (coefficients.length != 1 + p.monomials.size()) {
            throw new IllegalArgumentException("polynomial model: expected " + (1 + p.monomials.size())
                    + " coefficients, found " + coefficients.length);
        }
        p.linear = new LinearRegression(true, coefficients);
        return p;
    }
}
