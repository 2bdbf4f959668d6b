package joules.regression.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The few chart shapes the report needs, built with JFreeChart and styled alike. */
public final class Charts {
    /** A colour-blind-safe palette (Okabe-Ito). */
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0), new Color(240, 228, 66), Color.DARK_GRAY};
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Charts() {}

    /** Points of one series: x and y (NaN points are left out). */
    public record Points(String name, double[] x, double[] y) {}

    /** A curve: a line through its points, optionally dashed. */
    public record Line(String name, double[] x, double[] y, boolean dashed) {}

    /**
     * A scatter of point series plus lines, on linear or log axes. On log axes, non-positive values are left out.
     */
    public static JFreeChart scatter(String title, String xLabel, String yLabel, List<Points> points, List<Line> lines, boolean log) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Boolean> isLine = new ArrayList<>();
        List<Boolean> isDashed = new ArrayList<>();
        for (Points p : points) {
            data.addSeries(series(p.name(), p.x(), p.y(), log));
            isLine.add(false);
            isDashed.add(false);
        }
        for (Line l : lines) {
            data.addSeries(series(l.name(), l.x(), l.y(), log));
            isLine.add(true);
            isDashed.add(l.dashed());
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        Shape dot = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        for (int s = 0; s < isLine.size(); s++) {
            Color colour = isDashed.get(s) ? Color.BLACK : PALETTE[s % PALETTE.length];
            renderer.setSeriesPaint(s, colour);
            renderer.setSeriesLinesVisible(s, isLine.get(s));
            renderer.setSeriesShapesVisible(s, !isLine.get(s));
            renderer.setSeriesShape(s, dot);
            renderer.setSeriesStroke(s, isDashed.get(s)
                    ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (log) {
            plot.setDomainAxis(logAxis(xLabel));
            plot.setRangeAxis(logAxis(yLabel));
        } else {
            ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
            ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        }
        return style(chart);
    }

    private static XYSeries series(String name, double[] x, double[] y, boolean log) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            if (log && (x[i] <= 0 || y[i] <= 0)) continue;
            s.add(x[i], y[i]);
        }
        return s;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(1e-12);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
        return axis;
    }

    /** One bar per category and series, with the standard deviation as an error bar: values[series][category] = {mean, std}. */
    public record Bars(List<String> categories, Map<String, double[][]> series) {
        public static Bars create(List<String> categories) {
            return new Bars(categories, new LinkedHashMap<>());
        }
    }

    /**
     * Bars with error bars. {@code lowest} clips the value axis from below (R^2 far below zero would flatten
     * every other bar); NaN lets it fit the data. On a log axis, non-positive values are left out.
     */
    public static JFreeChart bars(String title, String categoryLabel, String valueLabel, Bars bars, boolean log, double lowest,
            double highest) {
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (Map.Entry<String, double[][]> e : bars.series().entrySet()) {
            for (int c = 0; c < bars.categories().size(); c++) {
                double mean = e.getValue()[c][0];
                double std = e.getValue()[c][1];
                boolean show = Double.isFinite(mean) && (!log || mean > 0);
                data.add(show ? mean : null, show && Double.isFinite(std) ? std : null, e.getKey(), bars.categories().get(c));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setDrawBarOutline(false);
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int s = 0; s < bars.series().size(); s++) renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        plot.setRenderer(renderer);
        CategoryAxis axis = plot.getDomainAxis();
        if (bars.categories().size() > 4) axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        axis.setTickLabelFont(AXIS_FONT);
        if (log) {
            LogAxis logAxis = logAxis(valueLabel);
            double low = Double.POSITIVE_INFINITY;
            double high = 0;
            for (double[][] series : bars.series().values()) {
                for (double[] v : series) {
                    if (Double.isFinite(v[0]) && v[0] > 0) {
                        low = Math.min(low, v[0]);
                        high = Math.max(high, v[0] + (Double.isFinite(v[1]) ? v[1] : 0));
                    }
                }
            }
            if (high > 0) logAxis.setRange(low / 3, high * 3); // bars rise from the bottom of the axis
            plot.setRangeAxis(logAxis);
        } else {
            ValueAxis value = plot.getRangeAxis();
            double low = Double.isNaN(lowest) ? value.getLowerBound() : Math.max(lowest, Math.min(0, minimum(bars)));
            double high = Double.isNaN(highest) ? value.getUpperBound() : highest;
            if (low < high) value.setRange(low, high);
        }
        return style(chart);
    }

    private static double minimum(Bars bars) {
        double min = 0;
        for (double[][] s : bars.series().values()) {
            for (double[] v : s) if (Double.isFinite(v[0])) min = Math.min(min, v[0] - (Double.isFinite(v[1]) ? v[1] : 0));
        }
        return min - 0.05;
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getTitle() != null) chart.getTitle().setFont(TITLE_FONT);
        if (chart.getLegend() != null) chart.getLegend().setItemFont(AXIS_FONT);
        var plot = chart.getPlot();
        plot.setBackgroundPaint(new Color(248, 248, 248));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        return chart;
    }

    /** "1.23e+04" style for numbers in titles. */
    static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

}
