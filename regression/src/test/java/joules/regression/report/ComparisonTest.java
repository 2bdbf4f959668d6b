package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.SplitFit;
import joules.regression.eval.Scores;
import org.junit.jupiter.api.Test;

/** A method is ahead of another only where the gap in mean R² exceeds the larger std over the splits. */
class ComparisonTest {
    /** An outcome whose splits scored these R². */
    static Outcome scored(double... r2) {
        List<SplitFit> splits = new ArrayList<>();
        for (int s = 0; s < r2.length; s++) {
            Scores scores = Double.isNaN(r2[s]) ? Scores.FAILED : new Scores(r2[s], 1, 1, 0.1);
            splits.add(new SplitFit(s, new int[0], new double[0], new int[0], new double[0], scores, Double.isNaN(r2[s]) ? "singular" : ""));
        }
        return new Outcome("references", "X", "Y", Method.DUAL_REF, "min-max", Double.NaN, 2, splits);
    }

    @Test
    void theIssuesExampleIsWithinTheSpread() {
        // 0.951 ± 0.000 against 0.950 ± 0.036: "dual beats single" was claimed on this
        Outcome dual = scored(0.951, 0.951, 0.951, 0.951, 0.951);
        Outcome single = scored(0.95 - 0.036, 0.95 + 0.036, 0.95 - 0.036, 0.95 + 0.036, 0.95);
        assertEquals(0.950, single.r2Summary().mean(), 1e-12);
        assertEquals(Comparison.WITHIN_SPREAD, Comparison.of(dual, single));
        assertEquals(Comparison.WITHIN_SPREAD, Comparison.of(single, dual));
        assertEquals("0.951 ± 0.000 against 0.950 ± 0.032", Comparison.numbers(dual, single));
    }

    @Test
    void aheadAndBehindBeyondTheSpread() {
        Outcome good = scored(0.95, 0.96, 0.94);
        Outcome poor = scored(0.5, 0.7, 0.6);
        assertEquals(Comparison.AHEAD, Comparison.of(good, poor));
        assertEquals(Comparison.BEHIND, Comparison.of(poor, good));
        assertTrue(Comparison.higherInEverySplit(good, poor));
        assertFalse(Comparison.higherInEverySplit(scored(0.9, 0.5), scored(0.8, 0.6)));
        // failed splits are left out of both; nothing fitted: unknown
        assertEquals(Comparison.AHEAD, Comparison.of(scored(0.95, Double.NaN, 0.94), poor));
        assertEquals(Comparison.UNKNOWN, Comparison.of(scored(Double.NaN, Double.NaN), poor));
    }
}
