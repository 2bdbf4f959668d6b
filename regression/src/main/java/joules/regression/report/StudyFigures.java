package joules.regression.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.HardwareResults;
import joules.regression.data.PairData;
import joules.regression.eval.Summary;
import joules.results.PowerTrace;
import org.jfree.chart.JFreeChart;

/** The figures of the study (paper figures 1-6) plus power over time, built from the analysis results. */
public final class StudyFigures {
    private static final double R2_FLOOR = -1.0;

    private StudyFigures() {}

    public static List<Figure> all(StudyAnalysis.Results results, Map<String, Map<String, PowerTrace>> traces) {
        List<Figure> figures = new ArrayList<>();
        figures.add(referencePoints(results));
        figures.add(byMethod(results, "regression", "fig5-regression-types", "Influence of the regression type",
                "R² and MSE on the test points of linear, polynomial (degree 2) and SVR regression fitted on all training points."));
        figures.add(byMethod(results, "metrics", "fig6-computational-metrics", "Influence of computational metrics",
                "R² and MSE on the test points of linear regression on energy alone and with FLOPs, parameters or both."));
        for (PairResult p : results.pairs()) figures.add(normalisation(p));
        for (PairResult p : results.pairs()) figures.add(regressionCurves(p));
        for (HardwareResults h : results.hardware()) {
            Map<String, PowerTrace> t = traces.getOrDefault(h.hardware(), Map.of());
            if (!t.isEmpty()) figures.add(power(h.hardware(), t));
        }
        return figures;
    }

    /** Figures 1-2: measured energy on Y against X's energy mapped to Y, for no / low / high / dual reference. */
    static Figure normalisation(PairResult p) {
        PairData d = p.data();
        PairResult.Baselines b = p.baselines();
        double[] measured = d.energyY();
        List<JFreeChart> panels = new ArrayList<>();
        String lowId = d.id(b.lowReference());
        String highId = d.id(b.highReference());
        panels.add(normalisationPanel("No normalisation", d, b.none(), measured, new int[0]));
        panels.add(normalisationPanel("Single reference, low: " + lowId, d, b.low(), measured, new int[] {b.lowReference()}));
        panels.add(normalisationPanel("Single reference, high: " + highId, d, b.high(), measured, new int[] {b.highReference()}));
        panels.add(normalisationPanel("Dual reference", d, b.dual(), measured, new int[] {b.lowReference(), b.highReference()}));
        return new Figure("fig1-normalisation-" + slug(d), "Normalisation " + d.label() + " with reference models",
                "Energy on " + d.yHardware() + " predicted from " + d.xHardware() + " against the measured energy, per model;"
                        + " the dashed line is a perfect normalisation; references are drawn black.", panels, 2, 620, 480);
    }

    private static JFreeChart normalisationPanel(String title, PairData d, double[] predicted, double[] measured, int[] refs) {
        Map<String, List<Integer>> byFamily = new LinkedHashMap<>();
        for (int i = 0; i < d.size(); i++) byFamily.computeIfAbsent(d.family(i).isEmpty() ? "models" : d.family(i), k -> new ArrayList<>()).add(i);
        List<Charts.Points> points = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byFamily.entrySet()) {
            int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            points.add(new Charts.Points(e.getKey(), pick(predicted, idx), pick(measured, idx)));
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < measured.length; i++) {
            for (double v : new double[] {measured[i], predicted[i]}) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        List<Charts.Line> lines = new ArrayList<>();
        lines.add(new Charts.Line("ideal", new double[] {lo, hi}, new double[] {lo, hi}, true));
        JFreeChart chart = Charts.scatter(title, "energy on " + d.xHardware() + " mapped to " + d.yHardware() + " (J)",
                "measured energy on " + d.yHardware() + " (J)", points, lines, true);
        if (refs.length > 0) {
            // references as a separate black series drawn on top
            var plot = chart.getXYPlot();
            org.jfree.data.xy.XYSeriesCollection refData = new org.jfree.data.xy.XYSeriesCollection();
            org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries("reference", false, true);
            for (int r : refs) if (predicted[r] > 0 && measured[r] > 0) s.add(predicted[r], measured[r]);
            refData.addSeries(s);
            var renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(false, true);
            renderer.setSeriesPaint(0, java.awt.Color.BLACK);
            renderer.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-5, -5, 10, 10));
            plot.setDataset(1, refData);
            plot.setRenderer(1, renderer);
        }
        return chart;
    }

    /** Figure 3: R^2 and MSE per pair for each share of references, random (left) and min-max (right). */
    static Figure referencePoints(StudyAnalysis.Results results) {
        List<String> pairs = results.pairs().stream().map(p -> p.data().label()).toList();
        List<JFreeChart> panels = new ArrayList<>();
        for (boolean r2 : new boolean[] {true, false}) {
            for (String sampling : List.of("random", "min-max")) {
                Charts.Bars bars = Charts.Bars.create(pairs);
                for (double percent : results.options().percents()) {
                    double[][] values = new double[pairs.size()][];
                    for (int i = 0; i < pairs.size(); i++) {
                        values[i] = stat(results.pairs().get(i), o -> o.analysis().equals("references") && o.method() == Method.LINEAR
                                && o.sampling().equals(sampling) && o.percent() == percent, r2);
                    }
                    bars.series().put(Tables.fixed(percent, 0) + " %", values);
                }
                panels.add(Charts.bars((sampling.equals("random") ? "(a) random" : "(b) min-max") + " sampling: " + (r2 ? "R²" : "MSE"),
                        "pair (X -> Y)", r2 ? "R²" : "MSE (J², log scale)", bars, !r2, R2_FLOOR, r2 ? 1.05 : Double.NaN));
            }
        }
        return new Figure("fig3-reference-points", "Influence of the number of reference points",
                "Linear regression fitted on 10-100 % of the training points as references; R² below " + R2_FLOOR
                        + " is cut off; error bars: std over the splits.", panels, 2, 900, 520);
    }

    /** Figures 5 and 6: R^2 and MSE per pair for each method of one analysis. */
    static Figure byMethod(StudyAnalysis.Results results, String analysis, String name, String title, String caption) {
        List<String> pairs = results.pairs().stream().map(p -> p.data().label()).toList();
        List<Outcome> methods = results.pairs().get(0).outcomes().stream().filter(o -> o.analysis().equals(analysis)).toList();
        List<JFreeChart> panels = new ArrayList<>();
        for (boolean r2 : new boolean[] {true, false}) {
            Charts.Bars bars = Charts.Bars.create(pairs);
            for (Outcome m : methods) {
                double[][] values = new double[pairs.size()][];
                for (int i = 0; i < pairs.size(); i++) {
                    values[i] = stat(results.pairs().get(i), o -> o.analysis().equals(analysis) && o.method() == m.method(), r2);
                }
                bars.series().put(Tables.columnLabel(m), values);
            }
            panels.add(Charts.bars(r2 ? "R²" : "MSE", "pair (X -> Y)", r2 ? "R²" : "MSE (J², log scale)", bars, !r2, R2_FLOOR,
                    r2 ? 1.05 : Double.NaN));
        }
        return new Figure(name, title, caption + " Error bars: std over the splits.", panels, 1, 1200, 480);
    }

    /** Figure 4: the regressions of split 0 with its training and test points. */
    static Figure regressionCurves(PairResult p) {
        PairData d = p.data();
        PairResult.Curves c = p.curves();
        double[] x = d.energyX();
        double[] y = d.energyY();
        List<Charts.Points> points = List.of(new Charts.Points("train", pick(x, c.train()), pick(y, c.train())),
                new Charts.Points("test", pick(x, c.test()), pick(y, c.test())));
        List<Charts.Line> lines = new ArrayList<>();
        c.y().forEach((method, curve) -> lines.add(new Charts.Line(method.label(), c.x(), curve, false)));
        JFreeChart chart = Charts.scatter("", "energy on " + d.xHardware() + " (J)", "energy on " + d.yHardware() + " (J)", points, lines, false);
        return new Figure("fig4-regressions-" + slug(d), "Regressions " + d.label() + " (split 0)",
                "Linear, polynomial (degree 2) and SVR regression fitted on the training points of the first split.",
                List.of(chart), 1, 900, 600);
    }

    /** Power over time of each configuration with a power trace. */
    static Figure power(String hardware, Map<String, PowerTrace> traces) {
        List<Charts.Line> lines = new ArrayList<>();
        traces.forEach((id, t) -> lines.add(new Charts.Line(id, t.seconds(), t.watts(), false)));
        JFreeChart chart = Charts.scatter("", "time (s)", "power (W)", List.of(), lines, false);
        chart.getLegend().setVisible(lines.size() <= 16);
        return new Figure("power-" + slug(hardware), "Power over time on " + hardware,
                "Power samples recorded while training each configuration (" + traces.size() + " traces).", List.of(chart), 1, 900, 520);
    }

    /** {mean, std} of R^2 or MSE of the first outcome matching. */
    private static double[] stat(PairResult p, java.util.function.Predicate<Outcome> which, boolean r2) {
        return p.outcomes().stream().filter(which).findFirst().map(o -> {
            Summary s = r2 ? o.r2Summary() : o.mseSummary();
            return new double[] {s.mean(), s.std()};
        }).orElse(new double[] {Double.NaN, Double.NaN});
    }

    private static double[] pick(double[] v, int[] idx) {
        return Arrays.stream(idx).mapToDouble(i -> v[i]).toArray();
    }

    static String slug(PairData d) {
        return slug(d.xHardware()) + "-to-" + slug(d.yHardware());
    }

    static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
