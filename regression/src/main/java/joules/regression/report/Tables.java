package joules.regression.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.SplitFit;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.PairData;
import joules.regression.eval.Scores;
import joules.regression.eval.Split;
import joules.regression.eval.Summary;

/** The report's tables, with cells short enough for a screen: R² to 3 decimals, energies to 3 significant digits. */
public final class Tables {
    private Tables() {}

    /** The scores the report shows, in order, with a header for each. */
    static final List<Scores.Name> SHOWN = List.of(Scores.Name.R2, Scores.Name.RMSE, Scores.Name.REL_ERROR, Scores.Name.MSE);

    static String scoreTitle(Scores.Name s) {
        return switch (s) {
            case R2 -> "R²";
            case RMSE -> "RMSE (J)";
            case REL_ERROR -> "mean relative error (%)";
            case MSE -> "MSE (J²)";
        };
    }

    /** Which method wins per pair (mean R² on the test points), and whether two references beat one beyond the spread. */
    static TextTable winners(StudyAnalysis.Results results, HardwareNames names) {
        List<List<String>> rows = new ArrayList<>();
        for (PairResult p : results.pairs()) {
            Findings f = Findings.of(p);
            rows.add(List.of(label(p, names), Findings.describe(f.bestReferences()), describe(f.dualVsSingle()),
                    Findings.describe(f.bestRegression()), Findings.describe(f.bestMetrics())));
        }
        return new TextTable("Which method wins, per pair", "Best mean R² on the test points of each analysis. \"Dual vs single\" "
                + "compares two references with the better single one: ahead or behind only where the gap exceeds the larger std over the splits.",
                List.of("pair (X → Y)", "best reference strategy", "dual vs single reference", "best regression type", "best inputs"), rows);
    }

    private static String describe(Comparison c) {
        return switch (c) {
            case AHEAD -> "dual ahead";
            case BEHIND -> "single ahead";
            case WITHIN_SPREAD -> "within the spread";
            case UNKNOWN -> "not fitted";
        };
    }

    /**
     * The tables of one analysis for one score. "references" gives two: linear regression on picked references
     * (a row per pair and way of picking, a column per share, headed by its reference count) and the single / dual
     * reference baselines.
     */
    static List<TextTable> analysis(StudyAnalysis.Results results, HardwareNames names, String analysis, Scores.Name score) {
        String note = "Mean ± std over " + results.options().splits() + " random 80/20 splits (population std, ddof 0), scored on the test points"
                + (score == Scores.Name.REL_ERROR ? "; relative error = mean of |predicted − measured| / measured." : ".");
        List<TextTable> tables = new ArrayList<>();
        if (analysis.equals("references")) {
            List<String> header = new ArrayList<>(List.of("pair (X → Y)", "picked"));
            for (double percent : results.options().percents()) {
                header.add(fixed(percent, 0) + " % (" + refCounts(results, o -> isPicked(o) && o.percent() == percent) + ")");
            }
            List<List<String>> rows = new ArrayList<>();
            for (PairResult p : results.pairs()) {
                for (String sampling : List.of("random", "min-max")) {
                    List<String> row = new ArrayList<>(List.of(label(p, names), sampling));
                    for (double percent : results.options().percents()) {
                        row.add(find(p, o -> isPicked(o) && o.sampling().equals(sampling) && o.percent() == percent)
                                .map(o -> meanStd(o, score)).orElse(""));
                    }
                    rows.add(row);
                }
            }
            tables.add(new TextTable("1a. Linear regression on picked references: " + scoreTitle(score),
                    note + " Columns: share of the training points used as references (their count).", header, rows));
            List<Predicate<Outcome>> baselines = List.of(o -> o.method() == Method.SINGLE_REF && o.sampling().equals("low"),
                    o -> o.method() == Method.SINGLE_REF && o.sampling().equals("high"), o -> o.method() == Method.DUAL_REF);
            List<String> bh = List.of("pair (X → Y)", "single reference, lowest energy (1 ref)", "single reference, highest energy (1 ref)",
                    "dual reference (2 refs)");
            List<List<String>> brows = new ArrayList<>();
            for (PairResult p : results.pairs()) {
                List<String> row = new ArrayList<>(List.of(label(p, names)));
                for (Predicate<Outcome> b : baselines) row.add(find(p, b).map(o -> meanStd(o, score)).orElse(""));
                brows.add(row);
            }
            tables.add(new TextTable("1b. Single and dual reference: " + scoreTitle(score),
                    note + " References: the lowest- and highest-energy training models on X.", bh, brows));
            return tables;
        }
        List<Outcome> columns = results.pairs().get(0).outcomes().stream().filter(o -> o.analysis().equals(analysis)).toList();
        List<String> header = new ArrayList<>(List.of("pair (X → Y)"));
        for (Outcome o : columns) header.add(columnLabel(o));
        List<List<String>> rows = new ArrayList<>();
        for (PairResult p : results.pairs()) {
            List<String> row = new ArrayList<>(List.of(label(p, names)));
            for (Outcome o : p.outcomes()) if (o.analysis().equals(analysis)) row.add(meanStd(o, score));
            rows.add(row);
        }
        String refs = "fitted on all training points (" + refCounts(results, o -> o.analysis().equals(analysis)) + ")";
        boolean roofline = columns.stream().anyMatch(o -> o.method().usesRoofline());
        tables.add(new TextTable((analysis.equals("regression") ? "2. Regression type: " : "3. Inputs of the linear regression: ")
                + scoreTitle(score), note + " Each " + refs + "."
                        + (roofline ? " Roofline times are the roofline model's predictions (docs/roofline.md), not measurements:"
                                + " check them against measured durations before trusting them." : ""), header, rows));
        return tables;
    }

    private static boolean isPicked(Outcome o) {
        return o.analysis().equals("references") && o.method() == Method.LINEAR;
    }

    /** "2 refs", or "2–4 refs" when the pairs differ (a hardware missing configurations). */
    static String refCounts(StudyAnalysis.Results results, Predicate<Outcome> which) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (PairResult p : results.pairs()) for (Outcome o : p.outcomes()) if (which.test(o)) counts.add(o.refCount());
        if (counts.isEmpty()) return "no refs";
        String n = counts.first().equals(counts.last()) ? "" + counts.first() : counts.first() + "–" + counts.last();
        return n + (counts.last() == 1 ? " ref" : " refs");
    }

    /**
     * One outcome of each method, by name: single reference (low, high), dual reference, the three regressions, the
     * three input sets beyond energy alone (linear regression on energy is the regression analysis' "linear") and
     * the roofline times (scored only with --roofline: {@link #methodsIn}).
     */
    static final Map<String, Predicate<Outcome>> EVERY_METHOD = everyMethod();

    private static Map<String, Predicate<Outcome>> everyMethod() {
        Map<String, Predicate<Outcome>> methods = new LinkedHashMap<>();
        methods.put("single reference (low)", o -> o.method() == Method.SINGLE_REF && o.sampling().equals("low"));
        methods.put("single reference (high)", o -> o.method() == Method.SINGLE_REF && o.sampling().equals("high"));
        methods.put("dual reference", o -> o.method() == Method.DUAL_REF);
        for (Method m : StudyAnalysis.REGRESSIONS) methods.put(m.label(), o -> o.analysis().equals("regression") && o.method() == m);
        for (Method m : StudyAnalysis.INPUT_SETS) {
            if (m != Method.LINEAR) methods.put(m.label(), o -> o.analysis().equals("metrics") && o.method() == m);
        }
        methods.put(Method.LINEAR_ROOFLINE.label(), o -> o.analysis().equals("metrics") && o.method() == Method.LINEAR_ROOFLINE);
        return java.util.Collections.unmodifiableMap(methods);
    }

    /** The methods of {@link #EVERY_METHOD} that these pairs were scored on (+roofline only when asked for). */
    static Map<String, Predicate<Outcome>> methodsIn(List<PairResult> pairs) {
        Map<String, Predicate<Outcome>> methods = new LinkedHashMap<>();
        EVERY_METHOD.forEach((name, which) -> {
            if (pairs.stream().anyMatch(p -> find(p, which).isPresent())) methods.put(name, which);
        });
        return methods;
    }

    static Optional<Outcome> find(PairResult p, Predicate<Outcome> which) {
        return p.outcomes().stream().filter(which).findFirst();
    }

    /**
     * Per configuration, its mean relative error (%) as a test point, over every pair and split that held it out,
     * for each method: which models a normalisation gets wrong.
     */
    static TextTable perConfiguration(StudyAnalysis.Results results) {
        Map<String, Predicate<Outcome>> methods = methodsIn(results.pairs());
        Map<String, String> family = new LinkedHashMap<>();
        Map<String, int[]> tested = new LinkedHashMap<>();
        Map<String, double[][]> sums = new LinkedHashMap<>(); // id -> per method {sum of relative errors, count}
        List<Predicate<Outcome>> which = new ArrayList<>(methods.values());
        for (PairResult p : results.pairs()) {
            PairData d = p.data();
            for (int i = 0; i < d.size(); i++) {
                family.putIfAbsent(d.id(i), d.family(i));
                sums.putIfAbsent(d.id(i), new double[which.size()][2]);
                tested.putIfAbsent(d.id(i), new int[1]);
            }
            for (int m = 0; m < which.size(); m++) {
                Optional<Outcome> o = find(p, which.get(m));
                if (o.isEmpty()) continue;
                for (SplitFit s : o.get().splits()) {
                    for (int t = 0; t < s.test().length; t++) {
                        String id = d.id(s.test()[t]);
                        if (m == 0) tested.get(id)[0]++;
                        double measured = d.energyY(s.test()[t]);
                        double e = Math.abs(s.testPredicted()[t] - measured) / measured;
                        if (!Double.isFinite(e)) continue;
                        sums.get(id)[m][0] += e;
                        sums.get(id)[m][1]++;
                    }
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("configuration", "family", "times tested"));
        header.addAll(methods.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String id : sums.keySet()) {
            List<String> row = new ArrayList<>(List.of(id, family.get(id), String.valueOf(tested.get(id)[0])));
            for (double[] s : sums.get(id)) row.add(s[1] == 0 ? "–" : percent(s[0] / s[1]));
            rows.add(row);
        }
        long never = tested.values().stream().filter(t -> t[0] == 0).count();
        return new TextTable("Error per configuration", "Mean relative error (%) of each configuration's predicted energy on Y, over every"
                + " pair and split in which it was a test point (\"times tested\"); \"–\": never held out. The same numbers follow from"
                + " the test rows of predictions.csv." + (never == 0 ? "" : " " + never + " of " + tested.size() + " configurations were"
                + " never held out: pairs of the same configurations share their splits, and with " + results.options().splits()
                + " random splits a configuration misses every test set with probability " + fixed(1 - Split.TEST_FRACTION, 1) + "^"
                + results.options().splits() + " ≈ " + Math.round(100 * Math.pow(1 - Split.TEST_FRACTION, results.options().splits()))
                + " %; more splits (--splits 20) test each several times."), header, rows);
    }

    /** Fits that failed, one row per outcome and split. */
    static TextTable failures(StudyAnalysis.Results results, HardwareNames names) {
        List<List<String>> rows = new ArrayList<>();
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                for (String f : o.failures()) rows.add(List.of(label(p, names), o.analysis(), fullLabel(o), f));
            }
        }
        return new TextTable("Fits that could not be made", "These splits are left out of the means and stds.",
                List.of("pair", "analysis", "method", "reason"), rows);
    }

    static String label(PairResult p, HardwareNames names) {
        return names.pair(p.data().xHardware(), p.data().yHardware());
    }

    /** A column header: "SVR", "energy + FLOPs", "energy only". */
    static String columnLabel(Outcome o) {
        if (o.analysis().equals("references")) return fullLabel(o);
        return o.method() == Method.LINEAR && o.analysis().equals("metrics") ? "energy only" : o.method().label();
    }

    /** The outcome in words: "linear, min-max 10 % (2 refs)", "single reference (low)", "SVR". */
    static String fullLabel(Outcome o) {
        if (!o.analysis().equals("references")) return columnLabel(o);
        return switch (o.method()) {
            case SINGLE_REF -> "single reference (" + o.sampling() + ")";
            case DUAL_REF -> "dual reference";
            default -> "linear, " + o.sampling() + " " + fixed(o.percent(), 0) + " % (" + o.refCount() + " refs)";
        };
    }

    /** "0.951 ± 0.036", "12.3k ± 1.1k"; "(3/5)" when only 3 of 5 splits fitted; "failed" when none did. */
    static String meanStd(Outcome o, Scores.Name score) {
        Summary s = o.summary(score);
        if (s.count() == 0) return "failed";
        String text = switch (score) {
            case R2 -> r2(s);
            case RMSE -> si(s.mean()) + " ± " + si(s.std());
            case REL_ERROR -> percent(s.mean()) + " ± " + percent(s.std());
            case MSE -> sci(s.mean()) + " ± " + sci(s.std());
        };
        return s.count() < o.splits().size() ? text + " (" + s.count() + "/" + o.splits().size() + ")" : text;
    }

    /** "0.951 ± 0.036" */
    static String r2(Summary s) {
        return fixed(s.mean(), 3) + " ± " + fixed(s.std(), 3);
    }

    /** Energy with an SI prefix: "267 J", "1.89 MJ". */
    static String joules(double v) {
        String s = si(v);
        int digits = s.length();
        while (digits > 0 && Character.isLetter(s.charAt(digits - 1))) digits--;
        return s.substring(0, digits) + " " + s.substring(digits) + "J";
    }

    /** Three significant digits with an SI prefix: "950", "12.3k", "1.89M". */
    static String si(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v);
        String[] prefixes = {"", "k", "M", "G", "T", "P"};
        int p = 0;
        while (a >= 999.5 && p < prefixes.length - 1) {
            a /= 1000;
            v /= 1000;
            p++;
        }
        String digits = a >= 99.95 ? fixed(v, 0) : a >= 9.995 ? fixed(v, 1) : a >= 0.9995 || a == 0 ? fixed(v, 2) : String.format(Locale.ROOT, "%.2g", v);
        return digits + prefixes[p];
    }

    /** A fraction as a percentage with 3 significant digits at most ("12.3", "0.85", "523"). */
    static String percent(double fraction) {
        double v = 100 * fraction;
        if (!Double.isFinite(v)) return String.valueOf(v);
        return Math.abs(v) >= 99.95 ? fixed(v, 0) : Math.abs(v) >= 9.995 ? fixed(v, 1) : fixed(v, 2);
    }

    /** Two significant digits in scientific notation: "1.5e9". */
    static String sci(double v) {
        if (Double.isNaN(v)) return "";
        return String.format(Locale.ROOT, "%.1e", v).replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v).replace("-", "−");
    }
}
