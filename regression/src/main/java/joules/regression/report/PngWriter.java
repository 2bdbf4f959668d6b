package joules.regression.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG files of the figures, written by hand because the report draws many: an 8-bit RGB image whose rows are
 * each filtered by "Up" (the difference to the row above: a chart's flat areas become zeros), deflated fast in one
 * zlib stream. ImageIO's writer gives the same pixels at several times the cost: it copies the raster row by row,
 * tries all five filters on every row and deflates harder (files here are about a fifth larger).
 *
 * <pre>
 *   file  = signature, IHDR (width, height, depth 8, colour type 2 = RGB), IDAT (zlib data), IEND
 *   chunk = length (4 bytes), type (4), data, CRC-32 of type and data
 *   row   = filter byte 2 (Up), then for each pixel R, G, B minus the pixel above (mod 256)
 * </pre>
 */
final class PngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte UP = 2;

    private PngWriter() {}

    /** The PNG bytes of an image of type TYPE_INT_RGB. */
    static byte[] write(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) throw new IllegalArgumentException("expected an RGB image");
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData(); // 0xRRGGBB per pixel, row by row
        byte[] filtered = new byte[height * (3 * width + 1)];
        int at = 0;
        for (int y = 0; y < height; y++) {
            filtered[at++] = UP;
            for (int x = y * width; x < (y + 1) * width; x++) {
                int p = pixels[x];
                int above = y == 0 ? 0 : pixels[x - width];
                filtered[at++] = (byte) ((p >> 16) - (above >> 16)); // only the low 8 bits count: mod 256
                filtered[at++] = (byte) ((p >> 8) - (above >> 8));
                filtered[at++] = (byte) (p - above);
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(filtered);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream(filtered.length / 16);
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) idat.write(buffer, 0, deflater.deflate(buffer));
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB; compression, filter method and interlacing stay 0
        chunk(out, "IHDR", header);
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        out.writeBytes(length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        byte[] sum = new byte[4];
        putInt(sum, 0, (int) crc.getValue());
        out.writeBytes(sum);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
