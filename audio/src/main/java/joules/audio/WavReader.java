package joules.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads channel 0 of a RIFF/WAVE file: PCM 8/16/24/32-bit integer and 32/64-bit float, plain or
 * WAVE_FORMAT_EXTENSIBLE, any number of channels, any sample rate (the caller decides what rate it accepts).
 *
 * <p>Integer samples are scaled as torchaudio.load does: value / 2^(bits-1), so 16-bit -32768 becomes -1.0.
 * 8-bit WAV is unsigned: (value - 128) / 128.
 *
 * <p>A file that is empty, not a WAV, truncated (the data chunk claims more bytes than the file holds),
 * in an encoding this reader does not decode, or a float WAV holding NaN or an infinity in the samples read
 * is an {@link IllegalArgumentException} that names the file and what is wrong (the first bad sample).
 * The data is read in blocks of about a mebibyte (of frames 4 kB wide or more, channel 0's bytes alone), so a
 * file of many channels or of any length costs the memory of the samples it returns and no more.
 */
public final class WavReader {
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** A data size of 0xFFFFFFFF is what streaming writers (ffmpeg to a pipe) leave: "to the end of the file". */
    private static final long SIZE_UNKNOWN = 0xFFFFFFFFL;
    /** The most sample frames one read returns: a Java array of floats. */
    static final int MAX_FRAMES = Integer.MAX_VALUE - 8;
    /** Bytes read from the data chunk at a time. */
    private static final int BLOCK_BYTES = 1 << 20;
    /** A frame this wide (1,024 channels of 32 bits) is cheaper to read by its channel 0 alone than whole. */
    private static final int WIDE_FRAME_BYTES = 4096;

    private WavReader() {}

    /** Reads every sample frame of channel 0. */
    public static Wav read(Path file) {
        return read(file, Integer.MAX_VALUE);
    }

    /** Reads the first {@code maxFrames} sample frames of channel 0 (all of them when the file is shorter). */
    public static Wav read(Path file, int maxFrames) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel, maxFrames);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e);
        }
    }

    private static Wav read(Path file, FileChannel channel, int maxFrames) throws IOException {
        long fileSize = channel.size();
        if (fileSize == 0) throw bad(file, "is empty (0 bytes)");
        ByteBuffer riff = readAt(channel, 0, 12);
        String magic = riff.remaining() >= 4 ? ascii(riff, 0) : "";
        if (riff.remaining() < 12 || !magic.equals("RIFF") || !ascii(riff, 8).equals("WAVE")) {
            if (magic.equals("RIFX") || magic.equals("RF64")) throw bad(file, "is a " + magic + " file; only RIFF WAV is read (convert it with: sox in.wav out.wav)");
            throw bad(file, "is not a WAV file (no RIFF/WAVE header)");
        }
        Format format = null;
        long pos = 12;
        while (true) {
            if (pos + 8 > fileSize) {
                throw bad(file, format == null ? "is truncated: it ends before its fmt chunk" : "is truncated: it ends before its data chunk");
            }
            ByteBuffer header = readAt(channel, pos, 8);
            String id = ascii(header, 0);
            long size = Integer.toUnsignedLong(header.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (body + size > fileSize) throw bad(file, "is truncated inside its fmt chunk");
                format = Format.parse(file, readAt(channel, body, (int) Math.min(size, 64)));
            } else if (id.equals("data")) {
                if (format == null) throw bad(file, "has its data chunk before the fmt chunk");
                long available = fileSize - body;
                if (size == SIZE_UNKNOWN) size = available - available % format.blockAlign;
                if (size > available) {
                    throw bad(file, "is truncated: the data chunk declares " + size + " bytes but only " + available + " follow");
                }
                if (size % format.blockAlign != 0) {
                    throw bad(file, "has a data chunk of " + size + " bytes, not a whole number of " + format.blockAlign + "-byte sample frames");
                }
                long totalFrames = size / format.blockAlign;
                if (totalFrames == 0) throw bad(file, "has no audio (its data chunk is empty)");
                long frames = Math.min(totalFrames, maxFrames);
                if (frames > MAX_FRAMES) throw bad(file, "holds " + totalFrames + " sample frames; at most " + MAX_FRAMES + " are read at once");
                float[] samples = channel0(file, channel, body, format, (int) frames);
                return new Wav(file, format.sampleRate, format.channels, format.describe(), totalFrames, samples);
            }
            pos = body + size + (size & 1); // chunks are padded to an even size
        }
    }

    /** What the fmt chunk says, reduced to what decoding needs. */
    private record Format(boolean isFloat, int bits, int channels, int sampleRate, int blockAlign) {
        static Format parse(Path file, ByteBuffer b) {
            if (b.remaining() < 16) throw bad(file, "has a fmt chunk of " + b.remaining() + " bytes (at least 16 expected)");
            int tag = Short.toUnsignedInt(b.getShort(0));
            int channels = Short.toUnsignedInt(b.getShort(2));
            int sampleRate = b.getInt(4);
            int blockAlign = Short.toUnsignedInt(b.getShort(12));
            int bits = Short.toUnsignedInt(b.getShort(14));
            if (tag == FORMAT_EXTENSIBLE) {
                if (b.remaining() < 26) throw bad(file, "has a WAVE_FORMAT_EXTENSIBLE fmt chunk without its sub-format");
                tag = Short.toUnsignedInt(b.getShort(24)); // the first two bytes of the sub-format GUID
            }
            boolean isFloat = tag == FORMAT_FLOAT;
            boolean supported = (tag == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32))
                    || (isFloat && (bits == 32 || bits == 64));
            if (!supported) {
                throw bad(file, String.format("uses %s, which is not read (PCM 8/16/24/32-bit and float 32/64-bit are); convert it with: sox %s -e signed-integer -b 16 out.wav",
                        tag == FORMAT_PCM || isFloat ? (isFloat ? "float " : "PCM ") + bits + "-bit" : String.format("format tag 0x%04X", tag), file));
            }
            if (channels == 0) throw bad(file, "has 0 channels in its fmt chunk");
            if (sampleRate <= 0) throw bad(file, "has sample rate " + Integer.toUnsignedString(sampleRate) + " in its fmt chunk");
            if (blockAlign != channels * (bits / 8)) {
                throw bad(file, "has block align " + blockAlign + " but " + channels + " channels of " + bits + "-bit samples need " + channels * (bits / 8));
            }
            return new Format(isFloat, bits, channels, sampleRate, blockAlign);
        }

        String describe() {
            return (isFloat ? "float " : "PCM ") + bits + "-bit";
        }

        /** Decodes the first sample of each of {@code frames} frames into {@code out} from {@code first}: channel 0 comes first in an interleaved frame. */
        void channel0(ByteBuffer data, int frames, float[] out, int first) {
            for (int i = 0, at = 0; i < frames; i++, at += blockAlign) {
                out[first + i] = switch (bits) {
                    case 8 -> ((data.get(at) & 0xFF) - 128) / 128f;
                    case 16 -> data.getShort(at) / 32768f;
                    case 24 -> ((data.get(at) & 0xFF) | (data.get(at + 1) & 0xFF) << 8 | data.get(at + 2) << 16) / 8388608f;
                    case 32 -> isFloat ? data.getFloat(at) : (float) (data.getInt(at) / 2147483648.0);
                    case 64 -> (float) data.getDouble(at);
                    default -> throw new IllegalStateException("bits " + bits);
                };
            }
        }
    }

    /**
     * Channel 0 of the first {@code frames} frames of the data chunk at {@code body}, read a block at a time; a float
     * sample that is NaN or infinite is refused, naming the file, the sample and its time.
     */
    private static float[] channel0(Path file, FileChannel channel, long body, Format format, int frames) throws IOException {
        float[] out = new float[frames];
        if (format.blockAlign >= WIDE_FRAME_BYTES) {        // wide frames: channel 0's bytes only, one read a frame
            for (int i = 0; i < frames; i++) format.channel0(readAt(channel, body + (long) i * format.blockAlign, format.bits / 8), 1, out, i);
        } else {
            int framesPerBlock = BLOCK_BYTES / format.blockAlign;
            for (int done = 0; done < frames; ) {
                int n = Math.min(framesPerBlock, frames - done);
                format.channel0(readAt(channel, body + (long) done * format.blockAlign, n * format.blockAlign), n, out, done);
                done += n;
            }
        }
        if (format.isFloat) {
            for (int i = 0; i < frames; i++) {
                if (!Float.isFinite(out[i])) {
                    throw bad(file, String.format(java.util.Locale.ROOT, "holds %s at sample %d of channel 0 (%.3f s); the samples of a"
                            + " float WAV must be finite numbers", Float.isNaN(out[i]) ? "NaN" : out[i] > 0 ? "+infinity" : "-infinity",
                            i, i / (double) format.sampleRate));
                }
            }
        }
        return out;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) break;
        }
        return b.flip();
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] four = new byte[4];
        b.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + " " + what);
    }
}
