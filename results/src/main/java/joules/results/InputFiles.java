package joules.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reading the text files a user names (results, power traces, labels, models): whole, bounded in size, as
 * strict UTF-8. Every failure is one {@link IllegalArgumentException} line that names the file and says what
 * to do. A pipe ({@code <(cat a.csv)}) is read like a file.
 */
public final class InputFiles {
    /** The largest text file joules reads: 64 MiB is some 40 hours of a power trace sampled every 100 ms. */
    public static final long MAX_TEXT_BYTES = 64L << 20;

    private InputFiles() {}

    /**
     * The bytes of a file, at most {@code limit} of them.
     *
     * @param what the kind of file, for messages ("results file")
     * @throws IllegalArgumentException "results file x.csv does not exist", "cannot read the results file x.csv:
     *         permission denied", "... is larger than 64 MiB", "... is a folder, not a file"
     */
    public static byte[] readBytes(Path file, String what, long limit) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException("the " + what + " " + file + " is a folder, not a file");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                throw new IllegalArgumentException("the " + what + " " + file + " is larger than " + (limit >> 20)
                        + " MiB, more than such a file holds; is it the right file?");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " " + file + ": " + OutputFiles.describe(e));
        }
    }

    /** The text of a file of at most {@link #MAX_TEXT_BYTES}: strict UTF-8 ({@link #decode}). */
    public static String readText(Path file, String what) {
        return decode(file, readBytes(file, what, MAX_TEXT_BYTES));
    }

    /**
     * UTF-8 bytes as text, a leading byte-order mark dropped.
     *
     * @throws IllegalArgumentException naming the line and the first byte that is not UTF-8, and how to convert
     */
    public static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: line %d: not UTF-8 text (byte 0x%02X at offset %d);"
                    + " save the file as UTF-8 (iconv -f latin1 -t utf-8 converts a Latin-1 file)", file, line, bytes[at] & 0xFF, at));
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
