package joules.regression.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.StudyAnalysis;

/**
 * Which method wins for one pair, by mean R² on the test points (ties: lower MSE), and the study's findings
 * checked on this data, in words ({@link #inWords}).
 *
 * @param bestReferences the best way of picking references for linear regression (or a baseline)
 * @param bestRegression linear, poly2 or SVR
 * @param bestMetrics    energy alone or with FLOPs / params
 * @param dualVsSingle   the dual reference against the better of the two single references
 */
public record Findings(String pair, Optional<Outcome> bestReferences, Optional<Outcome> bestRegression, Optional<Outcome> bestMetrics,
        Comparison dualVsSingle) {

    static final Comparator<Outcome> BY_SCORE = Comparator.comparingDouble((Outcome o) -> o.r2Summary().mean())
            .thenComparing(Comparator.comparingDouble((Outcome o) -> o.mseSummary().mean()).reversed());

    public static Findings of(PairResult p) {
        List<Outcome> all = p.outcomes();
        Optional<Outcome> dual = best(all, "references", o -> o.method() == Method.DUAL_REF);
        Optional<Outcome> single = best(all, "references", o -> o.method() == Method.SINGLE_REF);
        Comparison dualVsSingle = dual.isPresent() && single.isPresent() ? Comparison.of(dual.get(), single.get()) : Comparison.UNKNOWN;
        return new Findings(p.data().label(), best(all, "references", o -> true), best(all, "regression", o -> true),
                best(all, "metrics", o -> true), dualVsSingle);
    }

    private static Optional<Outcome> best(List<Outcome> all, String analysis, Predicate<Outcome> filter) {
        return all.stream().filter(o -> o.analysis().equals(analysis) && filter.test(o) && o.r2Summary().count() > 0)
                .max(BY_SCORE);
    }

    /** "linear, min-max 10 % (2 refs), R² 0.981" */
    public static String describe(Optional<Outcome> o) {
        if (o.isEmpty()) return "none fitted";
        return Tables.fullLabel(o.get()) + ", R² " + Tables.fixed(o.get().r2Summary().mean(), 3);
    }

    /** One finding: a heading and its sentences (one per comparison). */
    public record Paragraph(String heading, List<String> sentences) {
        Paragraph(String heading, String sentence) {
            this(heading, List.of(sentence));
        }
    }

    /**
     * The study's findings (choice of references; number and selection of references; regression type; adding FLOPs
     * and parameters), each checked on every pair, with a difference stated only where it exceeds the spread over
     * the splits ({@link Comparison}).
     */
    public static List<Paragraph> inWords(StudyAnalysis.Results results, HardwareNames names) {
        List<PairResult> pairs = results.pairs();
        int n = pairs.size();
        int splits = results.options().splits();
        double[] percents = results.options().percents();
        double fewest = percents[0];
        double most = percents[percents.length - 1];
        for (double p : percents) {
            fewest = Math.min(fewest, p);
            most = Math.max(most, p);
        }
        List<Paragraph> out = new ArrayList<>();
        out.add(new Paragraph("How to read this", "Scores are mean R² on the test points over " + splits + " random 80/20 split"
                + (splits == 1 ? "" : "s") + " of each pair's configurations. A method is called ahead of another only where its mean"
                + " R² is higher by more than the larger of the two standard deviations over the splits; a smaller gap is \"within"
                + " the spread\": the splits disagree more than the methods do." + (splits < 3 ? " With " + splits + " split"
                + (splits == 1 ? "" : "s") + " the spread itself says little; use more (--splits)." : "")));

        // 1. choice of references: two (dual) against one (lowest or highest energy)
        Predicate<Outcome> dual = o -> o.method() == Method.DUAL_REF;
        List<String> parts = new ArrayList<>();
        parts.add("Two references (the lowest- and highest-energy training models on X) against the better of the two single"
                + " references: " + tally(pairs, names, dual, Findings::bestSingle, "two", "one"));
        parts.add("Median of the pairs' mean R²: single reference (lowest energy) " + median(pairs, o -> o.method() == Method.SINGLE_REF
                && o.sampling().equals("low")) + ", single reference (highest energy) " + median(pairs, o -> o.method() == Method.SINGLE_REF
                && o.sampling().equals("high")) + ", dual reference " + median(pairs, dual) + ".");
        out.add(new Paragraph("Choice of references (figure 1)", List.copyOf(parts)));

        // 2. number and selection of references
        double f = fewest;
        double m = most;
        Predicate<Outcome> minMaxFew = o -> picked(o, "min-max", f);
        parts.clear();
        parts.add("With " + Tables.fixed(f, 0) + " % of the training points as references (" + Tables.refCounts(results,
                o -> picked(o, "min-max", f)) + "), min-max picks against random picks: " + tally(pairs, names, minMaxFew,
                p -> Tables.find(p, o -> picked(o, "random", f)), "min-max", "random"));
        parts.add("Those few min-max references against linear regression on all training points (" + Tables.fixed(m, 0) + " %, "
                + Tables.refCounts(results, o -> picked(o, "random", m)) + "): " + tally(pairs, names, minMaxFew,
                p -> Tables.find(p, o -> picked(o, "random", m)), "the few", "all"));
        parts.add("Random picks, " + Tables.fixed(m, 0) + " % against " + Tables.fixed(f, 0) + " %: " + tally(pairs, names,
                o -> picked(o, "random", m), p -> Tables.find(p, o -> picked(o, "random", f)), "more", "fewer"));
        out.add(new Paragraph("Number and selection of references (figure 3)", List.copyOf(parts)));

        // 3. regression type
        int[] wins = new int[3];
        List<Method> types = List.of(Method.LINEAR, Method.POLY2, Method.SVR);
        List<Comparison> overLinear = new ArrayList<>();
        for (PairResult p : pairs) {
            Optional<Outcome> best = best(p.outcomes(), "regression", o -> true);
            if (best.isEmpty()) continue;
            wins[types.indexOf(best.get().method())]++;
            if (best.get().method() != Method.LINEAR) {
                Tables.find(p, o -> o.analysis().equals("regression") && o.method() == Method.LINEAR)
                        .ifPresent(l -> overLinear.add(Comparison.of(best.get(), l)));
            }
        }
        out.add(new Paragraph("Regression type (figures 4 and 5)", "Highest mean R²: linear in " + wins[0] + ", polynomial (degree 2) in "
                + wins[1] + ", SVR in " + wins[2] + " of " + n + " pairs. Where linear is not the best (" + overLinear.size()
                + " pairs), the best is ahead of linear by more than the spread in " + Comparison.AHEAD.count(overLinear)
                + " and within the spread in " + Comparison.WITHIN_SPREAD.count(overLinear) + "."));

        // 4. adding FLOPs and parameters
        parts.clear();
        Predicate<Outcome> energyOnly = o -> o.analysis().equals("metrics") && o.method() == Method.LINEAR;
        parts.add("Energy + FLOPs against energy alone: " + tally(pairs, names, o -> o.method() == Method.LINEAR_FLOPS,
                p -> Tables.find(p, energyOnly), "with FLOPs", "without"));
        parts.add("Energy + parameters against energy alone: " + tally(pairs, names, o -> o.method() == Method.LINEAR_PARAMS,
                p -> Tables.find(p, energyOnly), "with parameters", "without"));
        parts.add("Energy + FLOPs + parameters against energy + FLOPs: " + tally(pairs, names, o -> o.method() == Method.LINEAR_FLOPS_PARAMS,
                p -> Tables.find(p, o -> o.method() == Method.LINEAR_FLOPS), "with both", "FLOPs only"));
        out.add(new Paragraph("Adding FLOPs and parameters (figure 6)", List.copyOf(parts)));

        out.add(new Paragraph("What the study found", "On its four GPUs: the choice of reference models matters; two min-max references"
                + " beat one and often beat many picked at random; the best regression type depends on the pair; adding FLOPs (and"
                + " parameters) to the linear regression improves the fit. The paragraphs above check each on this data."));
        return out;
    }

    private static boolean picked(Outcome o, String sampling, double percent) {
        return o.analysis().equals("references") && o.method() == Method.LINEAR && o.sampling().equals(sampling) && o.percent() == percent;
    }

    private static Optional<Outcome> bestSingle(PairResult p) {
        return best(p.outcomes(), "references", o -> o.method() == Method.SINGLE_REF);
    }

    /**
     * "two ahead by more than the spread in 9 of 12 pairs, within the spread in 3, one ahead in 0; within the spread,
     * two still scored higher in every split in 2 pairs. E.g. T4 → A40: 0.951 ± 0.012 against 0.950 ± 0.036." The
     * examples are the first two pairs within the spread or behind.
     */
    private static String tally(List<PairResult> pairs, HardwareNames names, Predicate<Outcome> a,
            java.util.function.Function<PairResult, Optional<Outcome>> b, String first, String second) {
        List<Comparison> verdicts = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        int everySplit = 0;
        for (PairResult p : pairs) {
            Optional<Outcome> x = Tables.find(p, a);
            Optional<Outcome> y = b.apply(p);
            if (x.isEmpty() || y.isEmpty()) continue;
            Comparison c = Comparison.of(x.get(), y.get());
            verdicts.add(c);
            if (c == Comparison.WITHIN_SPREAD || c == Comparison.BEHIND) {
                examples.add(Tables.label(p, names) + ": " + Comparison.numbers(x.get(), y.get()));
            }
            if (c == Comparison.WITHIN_SPREAD && Comparison.higherInEverySplit(x.get(), y.get())) everySplit++;
        }
        long within = Comparison.WITHIN_SPREAD.count(verdicts);
        long unknown = Comparison.UNKNOWN.count(verdicts);
        return first + " ahead by more than the spread in " + Comparison.AHEAD.count(verdicts) + " of " + verdicts.size() + " pairs, within the"
                + " spread in " + within + ", " + second + " ahead in " + Comparison.BEHIND.count(verdicts)
                + (unknown > 0 ? ", not fitted in " + unknown : "") + "."
                + (everySplit > 0 ? " Within the spread, " + first + " still scored higher in every split in " + everySplit + " pair"
                        + (everySplit == 1 ? "" : "s") + "." : "")
                + (examples.isEmpty() ? "" : " E.g. " + String.join("; ", examples.subList(0, Math.min(2, examples.size()))) + ".");
    }

    /** The median over pairs of an outcome's mean R² ("0.951"), or "–". */
    private static String median(List<PairResult> pairs, Predicate<Outcome> which) {
        double[] means = pairs.stream().map(p -> Tables.find(p, which)).filter(Optional::isPresent)
                .mapToDouble(o -> o.get().r2Summary().mean()).filter(Double::isFinite).sorted().toArray();
        if (means.length == 0) return "–";
        int h = means.length / 2;
        return Tables.fixed(means.length % 2 == 1 ? means[h] : (means[h - 1] + means[h]) / 2, 3);
    }
}
