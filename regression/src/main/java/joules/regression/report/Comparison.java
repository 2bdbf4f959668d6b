package joules.regression.report;

import java.util.List;
import joules.regression.analysis.Outcome;
import joules.regression.eval.Summary;

/**
 * Whether one outcome's mean R² is higher than another's by more than the spread over the splits: the gap
 * between the means must exceed the larger of the two standard deviations (population std over the splits).
 * A smaller gap is called "within the spread": the splits disagree more than the methods do.
 */
enum Comparison {
    AHEAD, WITHIN_SPREAD, BEHIND, UNKNOWN;

    static Comparison of(Outcome a, Outcome b) {
        Summary x = a.r2Summary();
        Summary y = b.r2Summary();
        if (x.count() == 0 || y.count() == 0) return UNKNOWN;
        double gap = x.mean() - y.mean();
        double spread = Math.max(x.std(), y.std());
        if (Math.abs(gap) <= spread) return WITHIN_SPREAD;
        return gap > 0 ? AHEAD : BEHIND;
    }

    /** "0.951 ± 0.012 against 0.950 ± 0.036" */
    static String numbers(Outcome a, Outcome b) {
        return Tables.r2(a.r2Summary()) + " against " + Tables.r2(b.r2Summary());
    }

    /** Whether a's R² is higher than b's in every split where both fitted (and there are at least 2 such splits). */
    static boolean higherInEverySplit(Outcome a, Outcome b) {
        double[] x = a.r2();
        double[] y = b.r2();
        int both = 0;
        for (int s = 0; s < Math.min(x.length, y.length); s++) {
            if (!Double.isFinite(x[s]) || !Double.isFinite(y[s])) continue;
            if (x[s] <= y[s]) return false;
            both++;
        }
        return both >= 2;
    }

    /** How many of the verdicts are this one. */
    long count(List<Comparison> verdicts) {
        return verdicts.stream().filter(v -> v == this).count();
    }
}
