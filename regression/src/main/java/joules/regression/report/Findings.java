package joules.regression.report;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;

/**
 * Which method wins for one pair, by mean R^2 on the test points (ties: lower MSE).
 *
 * @param bestReferences  the best way of picking references for linear regression (or a baseline)
 * @param bestRegression  linear, poly2 or SVR
 * @param bestMetrics     energy alone or with FLOPs / params
 * @param dualBeatsSingle whether the dual reference beats both single references
 */
public record Findings(String pair, Optional<Outcome> bestReferences, Optional<Outcome> bestRegression, Optional<Outcome> bestMetrics,
        boolean dualBeatsSingle) {

    static final Comparator<Outcome> BY_SCORE = Comparator.comparingDouble((Outcome o) -> o.r2Summary().mean())
            .thenComparing(Comparator.comparingDouble((Outcome o) -> o.mseSummary().mean()).reversed());

    public static Findings of(PairResult p) {
        List<Outcome> all = p.outcomes();
        Optional<Outcome> dual = best(all, "references", o -> o.method() == Method.DUAL_REF);
        Optional<Outcome> single = best(all, "references", o -> o.method() == Method.SINGLE_REF);
        boolean dualWins = dual.isPresent() && single.isPresent() && BY_SCORE.compare(dual.get(), single.get()) > 0;
        return new Findings(p.data().label(), best(all, "references", o -> true), best(all, "regression", o -> true),
                best(all, "metrics", o -> true), dualWins);
    }

    private static Optional<Outcome> best(List<Outcome> all, String analysis, java.util.function.Predicate<Outcome> filter) {
        return all.stream().filter(o -> o.analysis().equals(analysis) && filter.test(o) && o.r2Summary().count() > 0)
                .max(BY_SCORE);
    }

    /** "linear, min-max 10 % (2 refs), R² 0.981" */
    public static String describe(Optional<Outcome> o) {
        if (o.isEmpty()) return "none fitted";
        Outcome x = o.get();
        String what = x.analysis().equals("references") ? referenceLabel(x) : Tables.columnLabel(x);
        return what + ", R² " + Tables.fixed(x.r2Summary().mean(), 3);
    }

    static String referenceLabel(Outcome o) {
        return switch (o.method()) {
            case SINGLE_REF -> "single reference (" + o.sampling() + ")";
            case DUAL_REF -> "dual reference";
            default -> "linear, " + o.sampling() + " " + Tables.fixed(o.percent(), 0) + " % (" + o.refCount() + " refs)";
        };
    }
}
