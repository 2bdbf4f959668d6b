package joules.cli;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import joules.layers.cost.Hardware;
import joules.layers.cost.Roofline;
import joules.regression.report.Charts;
import joules.regression.report.Figure;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.ui.TextAnchor;

/**
 * The roofline figure of one configuration on one processor, drawn as the analysis draws its figures
 * ({@link Charts}, {@link Figure}: PNG and SVG): on log axes, FLOPs per byte against GFLOP/s, the roof
 * min(peak, intensity x bandwidth), the ridge point, and every layer (the loss and Adam too) as a point at its
 * intensity and the throughput the model gives it, on the roof by construction. Points left of the ridge are
 * memory-bound, right of it compute-bound; the step as a whole is a point of its own. Rows without FLOPs
 * (copies, views) have no place on log axes and are named in the caption instead.
 */
final class RooflineFigure {
    private RooflineFigure() {}

    static Figure of(String id, int batch, Roofline r) {
        Hardware h = r.hardware();
        List<Roofline.Row> drawn = r.rows().stream().filter(row -> row.flops() > 0 && row.bytes() > 0).toList();
        List<String> left = r.rows().stream().filter(row -> !(row.flops() > 0 && row.bytes() > 0))
                .map(Roofline.Row::name).toList();

        double lowest = h.ridgeIntensity();
        double highest = h.ridgeIntensity();
        for (Roofline.Row row : drawn) {
            lowest = Math.min(lowest, row.intensity());
            highest = Math.max(highest, row.intensity());
        }
        lowest /= 4;
        highest *= 4;
        double peak = h.peakGflops();
        Charts.Line roof = new Charts.Line(String.format(Locale.ROOT, "roof: %s GFLOP/s, %s GB/s", Formats.significant(peak),
                Formats.significant(h.bandwidthGbs())), new double[] {lowest, h.ridgeIntensity(), highest},
                new double[] {lowest * h.bandwidthGbs(), peak, peak}, false);
        Charts.Line ridge = new Charts.Line(String.format(Locale.ROOT, "ridge point: %s FLOP/B",
                Formats.significant(h.ridgeIntensity())), new double[] {h.ridgeIntensity(), h.ridgeIntensity()},
                new double[] {lowest * h.bandwidthGbs(), peak}, true);

        List<Charts.Points> points = new ArrayList<>();
        for (Roofline.Bound b : List.of(Roofline.Bound.MEMORY, Roofline.Bound.COMPUTE)) {
            Charts.Points p = series(b.label() + "-bound", drawn, b);
            if (p.x().length > 0) points.add(p);
        }
        Roofline.Row step = r.total();
        points.add(new Charts.Points("the whole step (total FLOPs over total time)", new double[] {step.intensity()},
                new double[] {step.flopsPerSecond() / 1e9}));

        String what = r.convention().cliName() + (r.convention().cliName().equals("training") ? " step" : " pass");
        String subtitle = String.format(Locale.ROOT, "%s, batch %d: the model predicts %s, %.0f %% of it memory-bound", what, batch,
                RooflineCommand.duration(step.seconds()), 100 * r.memoryBoundShare());
        JFreeChart chart = Charts.scatter(subtitle, Charts.Axis.log("intensity (FLOPs per byte)", ""),
                Charts.Axis.log("GFLOP/s", ""), points, List.of(roof, ridge), false);
        chart.getXYPlot().getRenderer().setSeriesPaint(points.size(), Color.DARK_GRAY);    // the roof
        Map<String, double[]> labels = labels(drawn);
        labels.put("step", new double[] {step.intensity(), step.flopsPerSecond() / 1e9});
        for (Map.Entry<String, double[]> label : labels.entrySet()) {
            XYTextAnnotation a = new XYTextAnnotation(" " + label.getKey(), label.getValue()[0], label.getValue()[1]);
            a.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            a.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            a.setPaint(Color.DARK_GRAY);
            chart.getXYPlot().addAnnotation(a);
        }
        String caption = String.format(Locale.ROOT, "The roofline model of %s (%s, batch %d) on %s: each kernel at its"
                        + " intensity and at the throughput the model gives it, min(peak, intensity x bandwidth). The model"
                        + " predicts %s s for the %s, %.0f %% of it in memory-bound kernels; a model, to be checked against"
                        + " a measured step.%s", id, what, batch, h.name(), Formats.significant(step.seconds()), what,
                100 * r.memoryBoundShare(), left.isEmpty() ? "" : " Not drawn (no FLOPs): " + String.join(", ", left) + ".");
        return new Figure("roofline-" + id + "-" + h.key(), "Roofline: " + id + " on " + h.name(), caption, List.of(chart), 1,
                1000, 640);
    }

    private static Charts.Points series(String name, List<Roofline.Row> rows, Roofline.Bound bound) {
        List<Roofline.Row> these = rows.stream().filter(r -> r.bound() == bound).toList();
        return new Charts.Points(name, these.stream().mapToDouble(Roofline.Row::intensity).toArray(),
                these.stream().mapToDouble(r -> r.flopsPerSecond() / 1e9).toArray());
    }

    /** One label per place: layers at the same point (a ReLU and a pooling layer, often) share one, names joined. */
    private static Map<String, double[]> labels(List<Roofline.Row> rows) {
        Map<String, double[]> byPlace = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Roofline.Row r : rows) {
            double x = r.intensity();
            double y = r.flopsPerSecond() / 1e9;
            String place = String.format(Locale.ROOT, "%.3g/%.3g", x, y);
            byPlace.putIfAbsent(place, new double[] {x, y});
            names.merge(place, r.name(), (a, b) -> a + ", " + b);
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        byPlace.forEach((place, xy) -> out.put(names.get(place), xy));
        return out;
    }
}
