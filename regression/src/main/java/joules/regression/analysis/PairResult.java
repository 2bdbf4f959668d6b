package joules.regression.analysis;

import java.util.List;
import java.util.Map;
import joules.regression.data.PairData;

/**
 * Everything the analyses found for one ordered pair (X, Y): the score tables and what the figures draw.
 *
 * @param outcomes  every analysis row (see {@link Outcome})
 * @param baselines the study's figures 1-2: each point's energy on Y as predicted from X by no normalisation,
 *                  by the lowest- and the highest-energy model as single reference, and by both (dual reference)
 * @param curves    figure 4: the regressions of split 0 drawn over the range of X
 */
public record PairResult(PairData data, List<Outcome> outcomes, Baselines baselines, Curves curves) {

    /** Predictions of Y for every point; index of the references among the points. */
    public record Baselines(int lowReference, int highReference, double[] none, double[] low, double[] high, double[] dual) {}

    /** Training and test points of split 0, X values along the axis and each method's curve (absent if its fit failed). */
    public record Curves(int[] train, int[] test, double[] x, Map<Method, double[]> y) {}
}
