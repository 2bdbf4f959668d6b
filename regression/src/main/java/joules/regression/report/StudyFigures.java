package joules.regression.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.SplitFit;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.HardwareResults;
import joules.regression.data.PairData;
import joules.results.PowerTrace;
import joules.regression.data.ConfigResult;
import joules.regression.eval.Scores;
import joules.regression.eval.Summary;
import org.jfree.chart.JFreeChart;

/**
 * The figures of the report: the data (energy against FLOPs and parameters), the study's figures 1-6, predicted
 * against measured energy for every method (figure 7) and power over time. Hardware go by their short names.
 */
public final class StudyFigures {
    private static final double R2_FLOOR = -1.0;
    private static final Charts.Axis R2_AXIS = Charts.Axis.linear("R²");
    private static final Charts.Axis RMSE_AXIS = Charts.Axis.log("RMSE (J, log scale)", "J");

    private StudyFigures() {}

    /** Every figure, grouped by the report section that shows it. */
    public record All(Figure data, Figure referencePoints, Figure regressionTypes, Figure metrics, List<Figure> normalisation,
            List<Figure> regressionCurves, List<Figure> predicted, List<Figure> power) {
        public List<Figure> list() {
            List<Figure> all = new ArrayList<>(List.of(data, referencePoints, regressionTypes, metrics));
            all.addAll(normalisation);
            all.addAll(regressionCurves);
            all.addAll(predicted);
            all.addAll(power);
            return all;
        }
    }

    public static All all(StudyAnalysis.Results results, HardwareNames names, Map<String, Map<String, PowerTrace>> traces) {
        List<Figure> power = new ArrayList<>();
        for (HardwareResults h : results.hardware()) {
            Map<String, PowerTrace> t = traces.getOrDefault(h.hardware(), Map.of());
            if (!t.isEmpty()) power.add(power(names.of(h.hardware()), h.hardware(), t));
        }
        String legend = legend(results, names);
        return new All(data(results, names), referencePoints(results, names, legend),
                byMethod(results, names, "regression", "fig5-regression-types", "Figure 5. Influence of the regression type",
                        "R² and RMSE on the test points of linear, polynomial (degree 2) and SVR regression fitted on all training points.",
                        legend),
                byMethod(results, names, "metrics", "fig6-computational-metrics", "Figure 6. Influence of computational metrics",
                        "R² and RMSE on the test points of linear regression on energy alone and with FLOPs, parameters or both.", legend),
                results.pairs().stream().map(p -> normalisation(p, names)).toList(),
                results.pairs().stream().map(p -> regressionCurves(p, names)).toList(),
                results.pairs().stream().map(p -> predicted(p, names)).toList(), power);
    }

    /** "Hardware: T4 = Tesla T4; A40 = NVIDIA A40." (only the names that were shortened) */
    static String legend(StudyAnalysis.Results results, HardwareNames names) {
        List<String> parts = new ArrayList<>();
        for (HardwareResults h : results.hardware()) {
            if (!names.of(h.hardware()).equals(h.hardware())) parts.add(names.of(h.hardware()) + " = " + h.hardware());
        }
        return parts.isEmpty() ? "" : " Hardware: " + String.join("; ", parts) + ".";
    }

    /** Figure 0: each configuration's energy against its FLOPs and its parameters, one colour per hardware. */
    static Figure data(StudyAnalysis.Results results, HardwareNames names) {
        List<JFreeChart> panels = new ArrayList<>();
        for (boolean flops : new boolean[] {true, false}) {
            List<Charts.Points> points = new ArrayList<>();
            for (HardwareResults h : results.hardware()) {
                double[] x = h.rows().stream().mapToDouble(r -> flops ? r.flops() : r.params()).toArray();
                double[] y = h.rows().stream().mapToDouble(ConfigResult::energyJ).toArray();
                points.add(new Charts.Points(names.of(h.hardware()), x, y));
            }
            panels.add(Charts.scatter(flops ? "Energy against FLOPs" : "Energy against parameters",
                    Charts.Axis.log(flops ? "FLOPs of one forward pass of one clip" : "parameters", ""),
                    Charts.Axis.log("training energy (J)", "J"), points, List.of(), false));
        }
        return new Figure("fig0-energy-flops-params", "The data: training energy per configuration on each hardware",
                "Each point is one configuration's measured training energy on one hardware (log-log)." + legend(results, names),
                panels, 2, 640, 480);
    }

    /** Figures 1-2: measured energy on Y against X's energy mapped to Y, for no / low / high / dual reference. */
    static Figure normalisation(PairResult p, HardwareNames names) {
        PairData d = p.data();
        PairResult.Baselines b = p.baselines();
        double[] measured = d.energyY();
        String x = names.of(d.xHardware());
        String y = names.of(d.yHardware());
        List<JFreeChart> panels = new ArrayList<>();
        int[] none = new int[0];
        panels.add(predictedPanel("No normalisation", x, y, d, b.none(), measured, allPoints(d), none));
        panels.add(predictedPanel("Single reference, low: " + d.id(b.lowReference()), x, y, d, b.low(), measured, allPoints(d),
                new int[] {b.lowReference()}));
        panels.add(predictedPanel("Single reference, high: " + d.id(b.highReference()), x, y, d, b.high(), measured, allPoints(d),
                new int[] {b.highReference()}));
        panels.add(predictedPanel("Dual reference", x, y, d, b.dual(), measured, allPoints(d),
                new int[] {b.lowReference(), b.highReference()}));
        return new Figure("fig1-normalisation-" + slug(d, names), "Figure 1. Normalisation " + names.pair(d.xHardware(), d.yHardware())
                + " with reference models",
                "Energy on " + d.yHardware() + " predicted from " + d.xHardware() + " against the measured energy, per model (log-log);"
                        + " the dashed line is a perfect normalisation; references are black squares. References are the lowest- and"
                        + " highest-energy models on " + x + " among all " + d.size() + " (the study's figures 1-2).", panels, 2, 620, 480);
    }

    /**
     * One panel of predicted (x) against measured (y) energy on Y, coloured by family, on equal log axes with the
     * line y = x dashed. Position k shows predicted[k] against measured[k] for configuration points[k]; the
     * configurations in {@code refs} are black squares.
     */
    private static JFreeChart predictedPanel(String title, String x, String y, PairData d, double[] predicted, double[] measured,
            int[] points, int[] refs) {
        Map<String, List<Integer>> byFamily = new LinkedHashMap<>();
        for (int k = 0; k < points.length; k++) {
            String f = d.family(points[k]).isEmpty() ? "models" : d.family(points[k]);
            byFamily.computeIfAbsent(f, key -> new ArrayList<>()).add(k);
        }
        List<Charts.Points> series = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byFamily.entrySet()) {
            int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            series.add(new Charts.Points(e.getKey(), pick(predicted, idx), pick(measured, idx)));
        }
        if (refs.length > 0) {
            int[] at = Arrays.stream(refs).map(r -> indexOf(points, r)).toArray();
            series.add(new Charts.Points("reference", pick(predicted, at), pick(measured, at), true));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int k = 0; k < measured.length; k++) {
            for (double v : new double[] {measured[k], predicted[k]}) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        List<Charts.Line> lines = hi > 0 ? List.of(new Charts.Line("ideal", new double[] {lo, hi}, new double[] {lo, hi}, true)) : List.of();
        long hidden = java.util.stream.IntStream.range(0, predicted.length).filter(k -> predicted[k] <= 0 || measured[k] <= 0).count();
        if (hidden > 0) title += " (" + hidden + " ≤ 0 hidden)";
        return Charts.scatter(title, Charts.Axis.log("predicted energy on " + y + " from " + x + " (J)", "J"),
                Charts.Axis.log("measured energy on " + y + " (J)", "J"), series, lines, true);
    }

    private static int[] allPoints(PairData d) {
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }

    private static int indexOf(int[] values, int v) {
        for (int i = 0; i < values.length; i++) if (values[i] == v) return i;
        throw new IllegalStateException(v + " is not among the points");
    }

    /** Figure 3: R² and RMSE per pair for each share of references, random (left) and min-max (right). */
    static Figure referencePoints(StudyAnalysis.Results results, HardwareNames names, String legend) {
        List<String> pairs = results.pairs().stream().map(p -> Tables.label(p, names)).toList();
        List<JFreeChart> panels = new ArrayList<>();
        for (Scores.Name score : List.of(Scores.Name.R2, Scores.Name.RMSE)) {
            for (String sampling : List.of("random", "min-max")) {
                Charts.Bars bars = Charts.Bars.create(pairs);
                for (double percent : results.options().percents()) {
                    double[][] values = new double[pairs.size()][];
                    for (int i = 0; i < pairs.size(); i++) {
                        values[i] = bar(results.pairs().get(i), o -> o.analysis().equals("references") && o.method() == Method.LINEAR
                                && o.sampling().equals(sampling) && o.percent() == percent, score);
                    }
                    bars.series().put(Tables.fixed(percent, 0) + " % (" + Tables.refCounts(results, o -> o.analysis().equals("references")
                            && o.method() == Method.LINEAR && o.sampling().equals(sampling) && o.percent() == percent) + ")", values);
                }
                String panel = (sampling.equals("random") ? "(a) random" : "(b) min-max") + " sampling: " + (score == Scores.Name.R2 ? "R²" : "RMSE");
                panels.add(barPanel(panel, bars, score));
            }
        }
        return new Figure("fig3-reference-points", "Figure 3. Influence of the number of reference points",
                "Linear regression fitted on a share of the training points as references (legend: share and count). " + WHISKERS + legend,
                panels, 2, 900, 540);
    }

    private static final String WHISKERS = "Bars: mean over the splits; whiskers: from the lowest to the highest split. R² is cut at "
            + Tables.fixed(R2_FLOOR, 0) + " (a cut bar shows its mean); RMSE on a log scale.";

    private static JFreeChart barPanel(String title, Charts.Bars bars, Scores.Name score) {
        return score == Scores.Name.R2 ? Charts.bars(title, "pair (X → Y)", R2_AXIS, bars, R2_FLOOR, 1.05)
                : Charts.bars(title, "pair (X → Y)", RMSE_AXIS, bars, Double.NaN, Double.NaN);
    }

    /** Figures 5 and 6: R² and RMSE per pair for each method of one analysis. */
    static Figure byMethod(StudyAnalysis.Results results, HardwareNames names, String analysis, String name, String title, String caption,
            String legend) {
        List<String> pairs = results.pairs().stream().map(p -> Tables.label(p, names)).toList();
        List<Outcome> methods = results.pairs().get(0).outcomes().stream().filter(o -> o.analysis().equals(analysis)).toList();
        List<JFreeChart> panels = new ArrayList<>();
        for (Scores.Name score : List.of(Scores.Name.R2, Scores.Name.RMSE)) {
            Charts.Bars bars = Charts.Bars.create(pairs);
            for (Outcome m : methods) {
                double[][] values = new double[pairs.size()][];
                for (int i = 0; i < pairs.size(); i++) {
                    values[i] = bar(results.pairs().get(i), o -> o.analysis().equals(analysis) && o.method() == m.method(), score);
                }
                bars.series().put(Tables.columnLabel(m), values);
            }
            panels.add(barPanel(score == Scores.Name.R2 ? "R²" : "RMSE", bars, score));
        }
        return new Figure(name, title, caption + " " + WHISKERS + legend, panels, 1, 1200, 500);
    }

    /** Figure 4: the regressions of split 0 with its training and test points, on log axes. */
    static Figure regressionCurves(PairResult p, HardwareNames names) {
        PairData d = p.data();
        PairResult.Curves c = p.curves();
        double[] x = d.energyX();
        double[] y = d.energyY();
        List<Charts.Points> points = List.of(new Charts.Points("train", pick(x, c.train()), pick(y, c.train())),
                new Charts.Points("test", pick(x, c.test()), pick(y, c.test())));
        List<Charts.Line> lines = new ArrayList<>();
        c.y().forEach((method, curve) -> lines.add(new Charts.Line(method.label(), c.x(), curve, false)));
        JFreeChart chart = Charts.scatter("", Charts.Axis.log("energy on " + names.of(d.xHardware()) + " (J)", "J"),
                Charts.Axis.log("energy on " + names.of(d.yHardware()) + " (J)", "J"), points, lines, false);
        return new Figure("fig4-regressions-" + slug(d, names), "Figure 4. Regressions " + names.pair(d.xHardware(), d.yHardware()) + " (split 0)",
                "Linear, polynomial (degree 2) and SVR regression fitted on the training points of the first split, drawn over the"
                        + " range of all points (log-log). The RBF SVR tends to a constant away from its training points, so it runs flat"
                        + " beyond the lowest and highest of them; a curve stops where its prediction is not positive.",
                List.of(chart), 1, 900, 600);
    }

    /** Figure 7: predicted against measured energy on Y at the test points of every split, one panel per method. */
    static Figure predicted(PairResult p, HardwareNames names) {
        PairData d = p.data();
        String x = names.of(d.xHardware());
        String y = names.of(d.yHardware());
        List<JFreeChart> panels = new ArrayList<>();
        for (Map.Entry<String, Predicate<Outcome>> m : Tables.methodsIn(List.of(p)).entrySet()) {
            Outcome o = Tables.find(p, m.getValue()).orElseThrow();
            List<Integer> points = new ArrayList<>();
            List<Double> predicted = new ArrayList<>();
            for (SplitFit s : o.splits()) {
                for (int t = 0; t < s.test().length; t++) {
                    points.add(s.test()[t]);
                    predicted.add(s.testPredicted()[t]);
                }
            }
            int[] idx = points.stream().mapToInt(Integer::intValue).toArray();
            double[] pred = predicted.stream().mapToDouble(Double::doubleValue).toArray();
            double[] meas = Arrays.stream(idx).mapToDouble(d::energyY).toArray();
            String title = m.getKey() + (o.r2Summary().count() == 0 ? ": could not be fitted" : ": R² " + Tables.r2(o.r2Summary()));
            panels.add(predictedPanel(title, x, y, d, pred, meas, idx, new int[0]));
        }
        return new Figure("fig7-predicted-" + slug(d, names), "Figure 7. Predicted against measured energy, " + names.pair(d.xHardware(), d.yHardware())
                + ", every method",
                "Each method's prediction of the energy on " + d.yHardware() + " at the test points of all " + p.outcomes().get(0).splits().size()
                        + " splits (a configuration appears once per split that held it out), against the measured energy; log-log, dashed:"
                        + " perfect prediction. Predictions that are not positive cannot be drawn on a log axis: a panel title counts them (\"≤ 0 hidden\")."
                        + " Every point is a test row of predictions.csv.", panels, 3, 420, 380);
    }

    /** Power over time of each configuration with a power trace. */
    static Figure power(String shortName, String hardware, Map<String, PowerTrace> traces) {
        List<Charts.Line> lines = new ArrayList<>();
        traces.forEach((id, t) -> lines.add(new Charts.Line(id, t.seconds(), t.watts(), false)));
        JFreeChart chart = Charts.scatter("", Charts.Axis.linear("time (s)"), Charts.Axis.linear("power (W)"), List.of(), lines, false);
        chart.getLegend().setVisible(lines.size() <= 16);
        return new Figure("power-" + slug(shortName), "Power over time on " + shortName,
                "Power samples recorded on " + hardware + " while training each configuration (" + traces.size() + " traces).",
                List.of(chart), 1, 900, 520);
    }

    /**
     * {bar, whisker low, whisker high} of a score of the first outcome matching: its mean over the splits and its
     * lowest and highest split. Unlike mean ± std, these stay inside the score's range: R² never above 1, RMSE
     * always positive (right on a log axis).
     */
    private static double[] bar(PairResult p, Predicate<Outcome> which, Scores.Name score) {
        return Tables.find(p, which).map(o -> {
            Summary s = o.summary(score);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : o.values(score)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return s.count() == 0 ? new double[] {Double.NaN, Double.NaN, Double.NaN} : new double[] {s.mean(), lo, hi};
        }).orElse(new double[] {Double.NaN, Double.NaN, Double.NaN});
    }

    private static double[] pick(double[] v, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> v[i]).toArray();
    }

    /** "t4-to-a40": the pair by its short names, for file names. */
    static String slug(PairData d, HardwareNames names) {
        return slug(names.of(d.xHardware())) + "-to-" + slug(names.of(d.yHardware()));
    }

    static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
