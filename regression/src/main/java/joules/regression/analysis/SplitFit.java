package joules.regression.analysis;

import joules.regression.eval.Scores;

/**
 * One split of an {@link Outcome}: the points a method was fitted on (its references), the held-out points it
 * was scored on, its predictions of the energy on Y at both, and the scores on the test points. Points are
 * indices into the pair's configurations ({@link joules.regression.data.PairData}). When the fit failed, the
 * predictions and scores are NaN and {@code failure} says why (else it is empty).
 */
public record SplitFit(int split, int[] references, double[] referencePredicted, int[] test, double[] testPredicted, Scores scores,
        String failure) {

    public boolean failed() {
        return !failure.isEmpty();
    }
}
