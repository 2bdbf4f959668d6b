package joules.regression.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.results.JsonObject;

/**
 * epsilon-support vector regression, written out by hand (the solver is {@link SmoSolver}).
 *
 * <pre>
 *   z = (x - mean_x) / std_x,  t = (y - mean_y) / std_y      population std of the training points
 *   gamma = 1 / (k var(z))    when not given ("scale", scikit-learn's default; var(z) = 1, so 1/k)
 *   f(z) = sum_s c_s K(z_s, z) - rho                        c_s = a+_s - a-_s, the support vectors z_s
 *   y = f(z) std_y + mean_y
 * </pre>
 * C, epsilon and gamma act in the standardised space, as in scikit-learn's SVR on standardised data.
 * Training cost: each SMO iteration touches two kernel rows, O(n) per iteration; the kernel matrix costs
 * n^2 (3k + 1) flops.
 */
public final class Svr implements Regressor {
    /** libsvm's stopping tolerance on the maximal KKT violation (scikit-learn's default tol). */
    public static final double TOLERANCE = 1e-3;

    private final Kernel kernel;
    private final double c;
    private final double epsilon;
    private final double gammaSetting; // NaN = "scale"
    private final boolean shrinking;

    private Standardizer inputs;
    private double yMean;
    private double yStd;
    private double gamma;
    private double[][] supportVectors; // standardised
    private double[] dualCoefficients;
    private double rho;
    private int iterations;

    /** gamma NaN means "scale": 1 / (k var(z)). */
    public Svr(Kernel kernel, double c, double epsilon, double gamma, boolean shrinking) {
        if (!(c > 0)) throw new IllegalArgumentException("SVR C must be > 0; got " + c);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("SVR epsilon must be >= 0; got " + epsilon);
        if (!Double.isNaN(gamma) && !(gamma > 0)) throw new IllegalArgumentException("SVR gamma must be > 0; got " + gamma);
        this.kernel = kernel;
        this.c = c;
        this.epsilon = epsilon;
        this.gammaSetting = gamma;
        this.shrinking = shrinking;
    }

    public Svr(Kernel kernel, double c, double epsilon, double gamma) {
        this(kernel, c, epsilon, gamma, true);
    }

    @Override
    public Svr fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "SVR", x, y);
        return fit(Problem.of(x, y, kernel, gammaSetting));
    }

    /**
     * The standardised training problem and its kernel matrix: everything but C and epsilon, so that a grid
     * search computes it once per fold and gamma.
     */
    record Problem(Standardizer inputs, double yMean, double yStd, double[][] z, double[] t, Kernel kernel, double gamma,
            float[][] k, double[] diagonal) {

        static Problem of(double[][] x, double[] y, Kernel kernel, double gammaSetting) {
            int n = x.length;
            Standardizer inputs = Standardizer.fit(x);
            double[][] z = inputs.apply(x);
            double yMean = Standardizer.mean(y);
            double yStd = Standardizer.populationStd(y, yMean);
            if (!(yStd > 1e-12 * Math.max(1.0, Math.abs(yMean)))) {
                throw new FitException("the target is constant (" + y[0] + ") over the " + n + " points: SVR cannot standardise it");
            }
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = (y[i] - yMean) / yStd;
            double gamma = Double.isNaN(gammaSetting) ? 1.0 / (z[0].length * variance(z)) : gammaSetting;

            double[] squaredNorm = new double[n];
            for (int i = 0; i < n; i++) squaredNorm[i] = dot(z[i], z[i]);
            float[][] k = new float[n][n];
            double[] diagonal = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) k[i][j] = (float) kernel.applyTraining(z[i], squaredNorm[i], z[j], squaredNorm[j], gamma);
                diagonal[i] = kernel.applyTraining(z[i], squaredNorm[i], z[i], squaredNorm[i], gamma);
            }
            return new Problem(inputs, yMean, yStd, z, t, kernel, gamma, k, diagonal);
        }
    }

    /** Solves a prepared problem with this model's C and epsilon (its kernel and gamma must be this model's). */
    Svr fit(Problem p) {
        SmoSolver.Solution solution = SmoSolver.solve(p.k(), p.diagonal(), p.t(), c, epsilon, TOLERANCE, shrinking);
        inputs = p.inputs();
        yMean = p.yMean();
        yStd = p.yStd();
        gamma = p.gamma();
        iterations = solution.iterations();
        rho = solution.rho();
        int n = p.t().length;
        List<double[]> vectors = new ArrayList<>();
        List<Double> coefficients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double coefficient = solution.alpha()[i] - solution.alpha()[i + n]; // a+_i - a-_i
            if (coefficient != 0) {
                vectors.add(p.z()[i]);
                coefficients.add(coefficient);
            }
        }
        supportVectors = vectors.toArray(new double[0][]);
        dualCoefficients = coefficients.stream().mapToDouble(Double::doubleValue).toArray();
        return this;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) s += a[c] * b[c];
        return s;
    }

    /** var over every entry of z, row by row (numpy's X.var()). */
    private static double variance(double[][] z) {
        double[] flat = new double[z.length * z[0].length];
        int at = 0;
        for (double[] row : z) for (double v : row) flat[at++] = v;
        double std = Standardizer.populationStd(flat, Standardizer.mean(flat));
        return std * std;
    }

    @Override
    public double predict(double[] x) {
        if (supportVectors == null) throw new IllegalStateException("predict before fit");
        double[] z = inputs.apply(x);
        double f = 0;
        for (int s = 0; s < supportVectors.length; s++) f += dualCoefficients[s] * kernel.apply(supportVectors[s], z, gamma);
        f -= rho;
        return f * yStd + yMean;
    }

    @Override
    public int minPoints(int inputs) {
        return 2;
    }

    public int supportVectorCount() {
        return supportVectors.length;
    }

    public int iterations() {
        return iterations;
    }

    public double c() {
        return c;
    }

    public double epsilon() {
        return epsilon;
    }

    /** The gamma used by the fit (the resolved value when "scale"). */
    public double gamma() {
        return supportVectors == null ? gammaSetting : gamma;
    }

    public Kernel kernel() {
        return kernel;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "svr");
        m.put("kernel", kernel.id());
        m.put("C", c);
        m.put("epsilon", epsilon);
        m.put("gamma", gamma);
        m.put("inputs", inputs.toJson());
        m.put("target_mean", yMean);
        m.put("target_std", yStd);
        m.put("rho", rho);
        m.put("dual_coefficients", dualCoefficients.clone());
        m.put("support_vectors", supportVectors);
        return m;
    }

    static Svr fromJson(JsonObject o) {
        Svr s = new Svr(Kernel.parse(o.string("kernel")), o.number("C"), o.number("epsilon"), o.number("gamma"));
        s.gamma = o.number("gamma");
        s.inputs = Standardizer.fromJson(o.object("inputs"));
        s.yMean = o.number("target_mean");
        s.yStd = o.number("target_std");
        s.rho = o.number("rho");
        s.dualCoefficients = o.numbers("dual_coefficients");
        s.supportVectors = o.matrix("support_vectors");
        if (s.supportVectors.length != s.dualCoefficients.length) {
            throw new IllegalArgumentException("svr model: " + s.supportVectors.length + " support vectors but "
                    + s.dualCoefficients.length + " coefficients");
        }
        return s;
    }
}
