package joules.regression.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A figure: a title over a grid of charts (panels), drawn the same way to a PNG image and to SVG.
 *
 * @param name    file name without extension ("fig3-reference-points")
 * @param caption one sentence for the report
 */
public record Figure(String name, String title, String caption, List<JFreeChart> panels, int columns, int panelWidth,
        int panelHeight) {
    private static final int TITLE_HEIGHT = 40;

    public int width() {
        return columns * panelWidth;
    }

    public int height() {
        int rows = (panels.size() + columns - 1) / columns;
        return TITLE_HEIGHT + rows * panelHeight;
    }

    /** Draws the title and every panel into g (any Graphics2D: an image's or an SVG document's). */
    public void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        int textWidth = g.getFontMetrics().stringWidth(title);
        g.drawString(title, Math.max(8, (width() - textWidth) / 2), 27);
        for (int i = 0; i < panels.size(); i++) {
            int row = i / columns;
            int column = i % columns;
            Rectangle2D area = new Rectangle2D.Double(column * panelWidth, TITLE_HEIGHT + row * panelHeight, panelWidth, panelHeight);
            panels.get(i).draw(g, area);
        }
    }

    public byte[] png() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        draw(g);
        g.dispose();
        return PngWriter.write(image);
    }

    /** The SVG document, coordinates to 0.01 px (a tenth of the size and cost of full precision). */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(width(), height());
        g.setGeomDoubleConverter(Figure::hundredths);
        g.setTransformDoubleConverter(Figure::hundredths);
        draw(g);
        return g.getSVGDocument();
    }

    /** v to two decimals without trailing zeros: "12.5", "-3", "0.07". */
    static String hundredths(double v) {
        if (!Double.isFinite(v)) return String.valueOf(v); // never expected: the tests look for NaN in SVG files
        long h = Math.round(v * 100);
        StringBuilder s = new StringBuilder(12);
        if (h < 0) {
            s.append('-');
            h = -h;
        }
        s.append(h / 100);
        long f = h % 100;
        if (f != 0) s.append('.').append(f / 10).append(f % 10 == 0 ? "" : String.valueOf(f % 10));
        return s.toString();
    }
}
