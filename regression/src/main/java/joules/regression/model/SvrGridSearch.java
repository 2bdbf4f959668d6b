package joules.regression.model;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SVR whose C, epsilon (and gamma) are chosen by k-fold cross-validation on the training points: every
 * combination of the grid is fitted k times on k-1 folds and scored by the mean squared error on the
 * held-out fold; the combination with the lowest mean is refitted on all points.
 *
 * <p>Folds come from a seeded shuffle, so the same data and seed choose the same combination. With fewer
 * points than folds, each point is its own fold (leave-one-out).
 */
public final class SvrGridSearch implements Regressor {
    /** The default grid, in standardised units: 7 values of C times 7 of epsilon, gamma "scale". */
    public static final double[] DEFAULT_C = {0.1, 0.3, 1, 3, 10, 30, 100};
    public static final double[] DEFAULT_EPSILON = {0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5};
    public static final double[] DEFAULT_GAMMA = {Double.NaN};

    private final Kernel kernel;
    private final double[] cs;
    private final double[] epsilons;
    private final double[] gammas;
    private final int folds;
    private final long seed;
    private Svr best;
    private double bestScore;

    public SvrGridSearch(Kernel kernel, double[] cs, double[] epsilons, double[] gammas, int folds, long seed) {
        if (cs.length == 0 || epsilons.length == 0 || gammas.length == 0) throw new IllegalArgumentException("SVR grid: empty list of values");
        if (folds < 2) throw new IllegalArgumentException("SVR grid search needs at least 2 folds; got " + folds);
        this.kernel = kernel;
        this.cs = cs.clone();
        this.epsilons = epsilons.clone();
        this.gammas = gammas.clone();
        this.folds = folds;
        this.seed = seed;
    }

    /** The default 7 x 7 grid with 5 folds and the RBF kernel. */
    public static SvrGridSearch defaults(long seed) {
        return new SvrGridSearch(Kernel.RBF, DEFAULT_C, DEFAULT_EPSILON, DEFAULT_GAMMA, 5, seed);
    }

    @Override
    public SvrGridSearch fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "SVR grid search", x, y);
        int n = x.length;
        int k = Math.min(folds, n);
        int[] fold = foldOfPoint(n, k, seed);

        // cross-validated MSE of each combination (gamma, C, epsilon): mean over folds of the held-out MSE
        int combinations = gammas.length * cs.length * epsilons.length;
        double[] mse = new double[combinations];
        boolean[] failed = new boolean[combinations];
        FitException lastFailure = null;
        for (int f = 0; f < k; f++) {
            int held = 0;
            for (int g : fold) if (g == f) held++;
            double[][] trainX = new double[n - held][];
            double[] trainY = new double[n - held];
            double[][] testX = new double[held][];
            double[] testY = new double[held];
            int a = 0;
            int b = 0;
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    testX[b] = x[i];
                    testY[b++] = y[i];
                } else {
                    trainX[a] = x[i];
                    trainY[a++] = y[i];
                }
            }
            int combination = 0;
            for (double gamma : gammas) {
                Svr.Problem problem = null;
                try {
                    problem = Svr.Problem.of(trainX, trainY, kernel, gamma); // standardised once per fold and gamma
                } catch (FitException e) {
                    lastFailure = e;
                }
                for (double c : cs) {
                    for (double epsilon : epsilons) {
                        if (problem == null) {
                            failed[combination++] = true;
                            continue;
                        }
                        Svr model = new Svr(kernel, c, epsilon, gamma).fit(problem);
                        double se = 0;
                        for (int i = 0; i < held; i++) {
                            double d = model.predict(testX[i]) - testY[i];
                            se += d * d;
                        }
                        mse[combination++] += se / held / k; // mean over folds of each fold's MSE
                    }
                }
            }
        }
        int best = -1;
        for (int i = 0; i < combinations; i++) {
            if (!failed[i] && (best < 0 || mse[i] < mse[best])) best = i;
        }
        if (best < 0) {
            throw new FitException("SVR grid search: no combination fits every fold (" + (lastFailure == null ? "?" : lastFailure.getMessage()) + ")");
        }
        int perGamma = cs.length * epsilons.length;
        double gamma = gammas[best / perGamma];
        double c = cs[(best % perGamma) / epsilons.length];
        double epsilon = epsilons[best % epsilons.length];
        bestScore = mse[best];
        this.best = new Svr(kernel, c, epsilon, gamma).fit(x, y);
        return this;
    }

    /** Fold index of each point: a seeded shuffle of 0..n-1 cut into k nearly equal parts. */
    static int[] foldOfPoint(int n, int k, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] fold = new int[n];
        for (int position = 0; position < n; position++) fold[order[position]] = (int) ((long) position * k / n);
        return fold;
    }

    @Override
    public double predict(double[] x) {
        return best.predict(x);
    }

    @Override
    public int minPoints(int inputs) {
        return 3; // at least 2 points to fit in every fold
    }

    /** The SVR refitted on all points with the chosen hyper-parameters. */
    public Svr best() {
        return best;
    }

    /** Cross-validated MSE of the chosen combination (in the target's units squared). */
    public double bestScore() {
        return bestScore;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = best.toJson();
        m.put("selected_by", folds + "-fold cross-validation over C " + Arrays.toString(cs) + ", epsilon "
                + Arrays.toString(epsilons) + ", gamma " + Arrays.toString(gammas).replace("NaN", "scale"));
        m.put("cross_validated_mse", bestScore);
        return m;
    }
}
