package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.junit.jupiter.api.Test;

/** Log axes at whole decades, and bars whose whiskers stay on the axis where a mean − std would not. */
class ChartsTest {
    @Test
    void decadeLabels() {
        assertEquals("100 J", DecadeFormat.label(2, "J"));
        assertEquals("1 kJ", DecadeFormat.label(3, "J"));
        assertEquals("10 MJ", DecadeFormat.label(7, "J"));
        assertEquals("100 mJ", DecadeFormat.label(-1, "J"));
        assertEquals("10⁹", DecadeFormat.label(9, ""));
        assertEquals("10⁻¹²", DecadeFormat.label(-12, ""));
        assertEquals("10³⁰ J", DecadeFormat.label(30, "J"));
    }

    /** Energies from 260 J to 1.9 MJ: the axis runs from 100 J to 10 MJ, one label per decade. */
    @Test
    void logAxesSpanWholeDecades() {
        LogAxis axis = Charts.logAxis(Charts.Axis.log("energy (J)", "J"), 260, 1.9e6);
        assertEquals(100, axis.getLowerBound(), 1e-9);
        assertEquals(1e7, axis.getUpperBound(), 1e-3);
        assertEquals(1.0, axis.getTickUnit().getSize());
        assertEquals("1 kJ", axis.getNumberFormatOverride().format(1000.0));
        // within one decade the axis still shows two whole decades
        LogAxis narrow = Charts.logAxis(Charts.Axis.log("RMSE (J)", "J"), 320, 630);
        assertEquals(100, narrow.getLowerBound(), 1e-9);
        assertEquals(1000, narrow.getUpperBound(), 1e-9);
        // many decades: a label every second decade
        assertEquals(2.0, Charts.logAxis(Charts.Axis.log("MSE", ""), 1e2, 1e14).getTickUnit().getSize());
    }

    /**
     * Bars on a log axis whose spread would give mean − std below zero (1e4 ± 3e4) and on R² cut at −1: the figure
     * draws the same in PNG and SVG, with no non-finite coordinate, and whiskers end inside the plot.
     */
    @Test
    void whiskersAreDrawnOnTheAxisInPngAndSvg() throws Exception {
        Charts.Bars rmse = Charts.Bars.create(List.of("T4 → A40", "A40 → T4"));
        rmse.series().put("linear", new double[][] {{1e4, 2e2, 4e4}, {3e5, 1e5, 9e5}});
        rmse.series().put("SVR", new double[][] {{5e3, 0, 2e4}, {Double.NaN, Double.NaN, Double.NaN}});
        Charts.Bars r2 = Charts.Bars.create(List.of("T4 → A40", "A40 → T4"));
        r2.series().put("linear", new double[][] {{-6.2, -40, 0.9}, {0.95, 0.9, 0.99}});
        JFreeChart log = Charts.bars("RMSE", "pair", Charts.Axis.log("RMSE (J)", "J"), rmse, Double.NaN, Double.NaN);
        JFreeChart linear = Charts.bars("R²", "pair", Charts.Axis.linear("R²"), r2, -1, 1.05);
        assertEquals(100, log.getCategoryPlot().getRangeAxis().getLowerBound(), 1e-9);
        assertEquals(1e6, log.getCategoryPlot().getRangeAxis().getUpperBound(), 1e-6);
        assertEquals(-1, linear.getCategoryPlot().getRangeAxis().getLowerBound(), 1e-12);
        Figure f = new Figure("test", "test", "", List.of(log, linear), 2, 500, 400);
        String svg = f.svg();
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
        assertTrue(svg.contains(">−6.2<"), "a bar cut at −1 shows its mean");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(f.png()));
        assertEquals(1000, png.getWidth());
    }
}
