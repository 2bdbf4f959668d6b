package joules.regression.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
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
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The few chart shapes the report needs, built with JFreeChart and styled alike. */
public final class Charts {
    /** A colour-blind-safe palette (Okabe-Ito). */
    static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0), new Color(240, 228, 66), Color.DARK_GRAY};
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {}

    /** A value axis: its label, and whether it is logarithmic (whole decades, labelled in {@code unit}: "J" gives "1 kJ"). */
    public record Axis(String label, boolean log, String unit) {
        public static Axis linear(String label) {
            return new Axis(label, false, "");
        }

        public static Axis log(String label, String unit) {
            return new Axis(label, true, unit);
        }
    }

    /** Points of one series (NaN points, and non-positive ones on log axes, are left out); references are black squares. */
    public record Points(String name, double[] x, double[] y, boolean reference) {
        public Points(String name, double[] x, double[] y) {
            this(name, x, y, false);
        }
    }

    /** A curve: a line through its points, optionally dashed (and then black). */
    public record Line(String name, double[] x, double[] y, boolean dashed) {}

    /**
     * A scatter of point series plus lines. With {@code sameRange}, both axes show the same range, so that y = x
     * is the diagonal (predicted against measured).
     */
    public static JFreeChart scatter(String title, Axis xAxis, Axis yAxis, List<Points> points, List<Line> lines, boolean sameRange) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Object> styles = new ArrayList<>();
        for (Points p : points) {
            data.addSeries(series(p.name(), p.x(), p.y(), xAxis.log(), yAxis.log()));
            styles.add(p);
        }
        for (Line l : lines) {
            data.addSeries(series(l.name(), l.x(), l.y(), xAxis.log(), yAxis.log()));
            styles.add(l);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, xAxis.label(), yAxis.label(), data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        Shape dot = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        Shape square = new Rectangle2D.Double(-5, -5, 10, 10);
        int colour = 0;
        for (int s = 0; s < styles.size(); s++) {
            if (styles.get(s) instanceof Points p) {
                renderer.setSeriesPaint(s, p.reference() ? Color.BLACK : PALETTE[colour++ % PALETTE.length]);
                renderer.setSeriesLinesVisible(s, false);
                renderer.setSeriesShape(s, p.reference() ? square : dot);
            } else {
                Line l = (Line) styles.get(s);
                renderer.setSeriesPaint(s, l.dashed() ? Color.BLACK : PALETTE[colour++ % PALETTE.length]);
                renderer.setSeriesShapesVisible(s, false);
                renderer.setSeriesStroke(s, l.dashed()
                        ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2f));
            }
        }
        plot.setRenderer(renderer);
        double[] xr = range(data, true, xAxis.log());
        double[] yr = range(data, false, yAxis.log());
        if (sameRange && xAxis.log() == yAxis.log()) {
            xr = yr = new double[] {Math.min(xr[0], yr[0]), Math.max(xr[1], yr[1])};
        }
        plot.setDomainAxis(valueAxis(xAxis, xr));
        plot.setRangeAxis(valueAxis(yAxis, yr));
        return style(chart);
    }

    private static XYSeries series(String name, double[] x, double[] y, boolean logX, boolean logY) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) continue;
            if (logX && x[i] <= 0 || logY && y[i] <= 0) continue;
            s.add(x[i], y[i]);
        }
        return s;
    }

    /** {lowest, highest} of the data along x or y; NaN when there is none. */
    private static double[] range(XYSeriesCollection data, boolean x, boolean log) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double v = x ? data.getXValue(s, i) : data.getYValue(s, i);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {Double.NaN, Double.NaN};
    }

    /** A linear axis fitted to the data, or a log axis from the decade below the data to the decade above. */
    private static ValueAxis valueAxis(Axis a, double[] range) {
        if (!a.log()) {
            NumberAxis axis = new NumberAxis(a.label());
            axis.setAutoRangeIncludesZero(false);
            if (Double.isFinite(range[0]) && range[0] < range[1]) {
                double margin = 0.04 * (range[1] - range[0]);
                axis.setRange(range[0] - margin, range[1] + margin);
            }
            return axis;
        }
        return logAxis(a, range[0], range[1]);
    }

    /**
     * A base-10 axis from the whole decade at or below {@code low} to the one at or above {@code high}, labelled
     * at whole decades only (every second or third one when there are many), with minor ticks at 2..9.
     */
    static LogAxis logAxis(Axis a, double low, double high) {
        LogAxis axis = new LogAxis(a.label());
        axis.setBase(10);
        axis.setSmallestValue(1e-300);
        if (!(low > 0) || !(high > 0)) {
            low = 1;
            high = 10;
        }
        int from = (int) Math.floor(Math.log10(low) + 1e-9);
        int to = (int) Math.ceil(Math.log10(high) - 1e-9);
        if (to <= from) to = from + 1;
        axis.setRange(Math.pow(10, from), Math.pow(10, to));
        int step = Math.max(1, (int) Math.ceil((to - from) / 7.0));
        DecadeFormat format = new DecadeFormat(a.unit());
        axis.setTickUnit(new NumberTickUnit(step, format, step == 1 ? 9 : step), false, false);
        axis.setAutoTickUnitSelection(false, false);
        axis.setNumberFormatOverride(format);
        axis.setMinorTickMarksVisible(step == 1);
        axis.setTickLabelFont(AXIS_FONT);
        return axis;
    }

    /** Bar values per category, for each series: {bar, whisker low, whisker high} (NaN: no bar or no whisker). */
    public record Bars(List<String> categories, Map<String, double[][]> series) {
        public static Bars create(List<String> categories) {
            return new Bars(categories, new LinkedHashMap<>());
        }
    }

    /**
     * Grouped bars with whiskers. On a linear axis, {@code floor} and {@code ceiling} (NaN: fit the data) bound the
     * value axis; a bar below the floor is drawn to the floor with its value written on it, a whisker that leaves
     * the axis ends at its edge without a cap. On a log axis (whole decades), bars rise from the bottom of the axis,
     * and values, whisker ends that are not positive are not drawn.
     */
    public static JFreeChart bars(String title, String categoryLabel, Axis valueAxis, Bars bars, double floor, double ceiling) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<double[][]> values = new ArrayList<>(bars.series().values());
        for (Map.Entry<String, double[][]> e : bars.series().entrySet()) {
            for (int c = 0; c < bars.categories().size(); c++) {
                double v = e.getValue()[c][0];
                boolean show = Double.isFinite(v) && (!valueAxis.log() || v > 0);
                data.addValue(show ? (Double) v : null, e.getKey(), bars.categories().get(c));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueAxis.label(), data, PlotOrientation.VERTICAL, true,
                false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        WhiskerBarRenderer renderer = new WhiskerBarRenderer(values);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setDrawBarOutline(false);
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int s = 0; s < bars.series().size(); s++) renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        plot.setRenderer(renderer);
        CategoryAxis axis = plot.getDomainAxis();
        if (bars.categories().size() > 4) axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        axis.setTickLabelFont(AXIS_FONT);
        axis.setMaximumCategoryLabelWidthRatio(0.9f);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[][] series : values) {
            for (double[] v : series) {
                for (double w : v) {
                    if (Double.isFinite(w) && (!valueAxis.log() || w > 0)) {
                        low = Math.min(low, w);
                        high = Math.max(high, w);
                    }
                }
            }
        }
        if (valueAxis.log()) {
            plot.setRangeAxis(logAxis(valueAxis, low, high));
        } else {
            NumberAxis value = (NumberAxis) plot.getRangeAxis();
            double hi = Double.isNaN(ceiling) ? Math.max(0, high) : ceiling;
            double lo = Math.min(0, low);
            lo -= 0.03 * (hi - lo); // room for the lowest whisker's cap
            if (!Double.isNaN(floor)) lo = Math.max(floor, lo);
            if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) value.setRange(lo, hi);
            value.setTickLabelFont(AXIS_FONT);
        }
        return style(chart);
    }

    /** Bars plus a whisker from low to high at each bar's centre, kept inside the plot; a bar cut by the axis shows its value. */
    private static final class WhiskerBarRenderer extends BarRenderer {
        private final List<double[][]> values;

        WhiskerBarRenderer(List<double[][]> values) {
            this.values = values;
        }

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            int visibleRow = state.getVisibleSeriesIndex(row);
            if (pass != 0 || visibleRow < 0 || dataset.getValue(row, column) == null) return;
            double[] v = values.get(row)[column];
            double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, visibleRow, column) + state.getBarWidth() / 2;
            RectangleEdge edge = plot.getRangeAxisEdge();
            boolean log = rangeAxis instanceof LogAxis;
            double lower = rangeAxis.getLowerBound();
            double upper = rangeAxis.getUpperBound();
            g2.setPaint(Color.BLACK);
            if (v[0] < lower) { // cut by the axis: say how low it goes
                g2.setFont(NOTE_FONT);
                String text = Tables.fixed(v[0], Math.abs(v[0]) < 10 ? 1 : 0);
                Graphics2D g = (Graphics2D) g2.create();
                g.translate(x + 3, rangeAxis.valueToJava2D(lower, dataArea, edge) - 4);
                g.rotate(-Math.PI / 2);
                java.awt.FontMetrics m = g.getFontMetrics();
                g.setPaint(Color.WHITE);
                g.fill(new Rectangle2D.Double(-1, -m.getAscent(), m.stringWidth(text) + 2, m.getAscent() + 1));
                g.setPaint(Color.BLACK);
                g.drawString(text, 0, 0);
                g.dispose();
            }
            if (!Double.isFinite(v[1]) || !Double.isFinite(v[2]) || log && v[2] <= 0) return;
            double lo = log && v[1] <= 0 ? lower : Math.max(v[1], lower);
            double hi = Math.min(v[2], upper);
            if (lo > hi) return;
            double y0 = rangeAxis.valueToJava2D(lo, dataArea, edge);
            double y1 = rangeAxis.valueToJava2D(hi, dataArea, edge);
            double cap = Math.min(4, state.getBarWidth() / 3);
            g2.setStroke(new BasicStroke(1f));
            g2.draw(new Line2D.Double(x, y0, x, y1));
            if (lo == v[1]) g2.draw(new Line2D.Double(x - cap, y0, x + cap, y0));
            if (hi == v[2]) g2.draw(new Line2D.Double(x - cap, y1, x + cap, y1));
        }
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(2, 4, 2, 18)); // room for the last tick label of the x axis
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
