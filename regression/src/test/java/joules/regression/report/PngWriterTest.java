package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The hand-written PNG encoder: ImageIO decodes its files to exactly the pixels that were drawn. */
class PngWriterTest {
    @Test
    void decodesToTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(301, 157, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 301, 157);
        g.setColor(new Color(0, 114, 178));
        g.drawOval(20, 10, 200, 120);
        g.drawString("10⁹ J → 1 kJ", 40, 80);
        g.dispose();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) image.setRGB(random.nextInt(301), random.nextInt(157), random.nextInt(1 << 24)); // any byte differences
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngWriter.write(image)));
        assertEquals(301, back.getWidth());
        assertEquals(157, back.getHeight());
        for (int y = 0; y < 157; y++) {
            for (int x = 0; x < 301; x++) assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + ", " + y);
        }
    }
}
