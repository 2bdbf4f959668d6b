package joules.regression.analysis;

import java.util.ArrayList;
import java.util.List;
import joules.regression.eval.Scores;
import joules.regression.eval.Summary;

/**
 * One row of an analysis for one ordered pair: a method fitted on some reference points, scored on the test
 * points of each split. A split whose fit failed holds NaN scores and its reason (see {@link SplitFit}).
 *
 * @param analysis   "references", "regression" or "metrics"
 * @param method     the method id ("linear", "svr", "dual-ref", ...)
 * @param sampling   how references were picked: "random", "min-max", "low", "high", or "all"
 * @param percent    share of the training points used as references (NaN for the fixed baselines)
 * @param refCount   number of reference points
 * @param splits     one fit per split, in split order
 */
public record Outcome(String analysis, String xHardware, String yHardware, Method method, String sampling, double percent,
        int refCount, List<SplitFit> splits) {

    /** One score over the splits (NaN where a fit failed). */
    public double[] values(Scores.Name score) {
        return splits.stream().mapToDouble(s -> s.scores().get(score)).toArray();
    }

    /** Mean and population std of one score over the splits that fitted. */
    public Summary summary(Scores.Name score) {
        return Summary.of(values(score));
    }

    public double[] r2() {
        return values(Scores.Name.R2);
    }

    public double[] mse() {
        return values(Scores.Name.MSE);
    }

    public Summary r2Summary() {
        return summary(Scores.Name.R2);
    }

    public Summary mseSummary() {
        return summary(Scores.Name.MSE);
    }

    /** "split 2: reason" for each split whose fit failed. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (SplitFit s : splits) if (s.failed()) out.add("split " + s.split() + ": " + s.failure());
        return out;
    }

    public String pair() {
        return xHardware + " -> " + yHardware;
    }
}
