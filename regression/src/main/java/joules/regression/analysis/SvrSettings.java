package joules.regression.analysis;

import joules.regression.model.Kernel;
import joules.regression.model.Regressor;
import joules.regression.model.Svr;
import joules.regression.model.SvrGridSearch;

/**
 * SVR hyper-parameters: one value each (fit directly) or lists (grid search by k-fold cross-validation).
 * A gamma of NaN means "scale". Values act in standardised units.
 */
public record SvrSettings(Kernel kernel, double[] cs, double[] epsilons, double[] gammas, int folds) {
    public static SvrSettings defaults() {
        return new SvrSettings(Kernel.RBF, SvrGridSearch.DEFAULT_C, SvrGridSearch.DEFAULT_EPSILON, SvrGridSearch.DEFAULT_GAMMA, 5);
    }

    /**
     * Settings from command-line text: comma-separated values for C, epsilon and gamma ("scale" allowed for
     * gamma); null or empty keeps the default grid of that parameter.
     */
    public static SvrSettings parse(String kernel, String cs, String epsilons, String gammas, int folds) {
        SvrSettings d = defaults();
        if (folds < 2) throw new IllegalArgumentException("--folds must be at least 2; got " + folds);
        return new SvrSettings(kernel == null ? d.kernel() : Kernel.parse(kernel), values("--C", cs, d.cs(), true),
                values("--epsilon", epsilons, d.epsilons(), false), values("--gamma", gammas, d.gammas(), true), folds);
    }

    private static double[] values(String option, String text, double[] fallback, boolean positive) {
        if (text == null || text.isBlank()) return fallback;
        String[] parts = text.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (option.equals("--gamma") && p.equalsIgnoreCase("scale")) {
                out[i] = Double.NaN;
                continue;
            }
            try {
                out[i] = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + text + ": '" + p + "' is not a number");
            }
            if (!Double.isFinite(out[i]) || (positive ? out[i] <= 0 : out[i] < 0)) {
                throw new IllegalArgumentException(option + " " + text + ": '" + p + "' must be " + (positive ? "> 0" : ">= 0"));
            }
        }
        return out;
    }

    public int combinations() {
        return cs.length * epsilons.length * gammas.length;
    }

    /** A single SVR when there is one combination, else a grid search seeded by {@code seed}. */
    public Regressor newRegressor(long seed) {
        if (combinations() == 1) return new Svr(kernel, cs[0], epsilons[0], gammas[0]);
        return new SvrGridSearch(kernel, cs, epsilons, gammas, folds, seed);
    }
}
