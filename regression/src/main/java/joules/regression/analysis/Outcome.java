package joules.regression.analysis;

import java.util.List;
import joules.regression.eval.Summary;

/**
 * One row of an analysis for one ordered pair: a method fitted on some reference points, scored on the
 * test points of each split. A split whose fit failed holds NaN and its reason in {@code failures}.
 *
 * @param analysis   "references", "regression" or "metrics"
 * @param method     the method id ("linear", "svr", "dual-ref", ...)
 * @param sampling   how references were picked: "random", "min-max", "low", "high", or "all"
 * @param percent    share of the training points used as references (NaN for the fixed baselines)
 * @param refCount   number of reference points
 */
public record Outcome(String analysis, String xHardware, String yHardware, Method method, String sampling, double percent,
        int refCount, double[] r2, double[] mse, List<String> failures) {

    public Summary r2Summary() {
        return Summary.of(r2);
    }

    public Summary mseSummary() {
        return Summary.of(mse);
    }

    public String pair() {
        return xHardware + " -> " + yHardware;
    }
}
