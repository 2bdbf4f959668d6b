package joules.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFixturesInEveryEncoding() {
        check("noise_pcm16_mono.wav", 1, "PCM 16-bit", 44100);
        check("tones_pcm24_stereo.wav", 2, "PCM 24-bit", 33075);
        check("chirp_pcm32_mono.wav", 1, "PCM 32-bit", 22050);
        check("clipped_float32ext_3ch.wav", 3, "float 32-bit", 22050); // WAVE_FORMAT_EXTENSIBLE
    }

    private static void check(String name, int channels, String encoding, long frames) {
        Wav wav = WavReader.read(Golden.path(name));
        assertEquals(44100, wav.sampleRate(), name);
        assertEquals(channels, wav.channels(), name);
        assertEquals(encoding, wav.encoding(), name);
        assertEquals(frames, wav.totalFrames(), name);
        assertEquals(frames, wav.samples().length, name);
    }

    @Test
    void theClippedFloatFileReachesFullScaleOnChannelZero() {
        float[] x = WavReader.read(Golden.path("clipped_float32ext_3ch.wav")).samples();
        float max = -2, min = 2;
        for (float v : x) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(1f, max);
        assertEquals(-1f, min); // channel 2 is its negation, channel 1 a quiet 90 Hz tone: neither is read
    }

    @Test
    void integerSamplesAreScaledLikeTorchaudio() throws IOException {
        // 16-bit: -32768 -> -1, 16384 -> 0.5; 24-bit: 0x7FFFFF -> 1 - 2^-23; 32-bit: -2^31 -> -1; 8-bit unsigned: 0 -> -1, 192 -> 0.5
        assertArrayEquals(new float[] {-1f, 0.5f}, read(pcm(1, 16, 44100, le16(-32768, 16384))));
        assertArrayEquals(new float[] {(float) (8388607 / 8388608.0), -0.5f}, read(pcm(1, 24, 44100, new byte[] {-1, -1, 0x7F, 0, 0, (byte) 0xC0})));
        assertArrayEquals(new float[] {-1f, 0.25f}, read(pcm(1, 32, 44100, le32(Integer.MIN_VALUE, 1 << 29))));
        assertArrayEquals(new float[] {-1f, 0.5f}, read(pcm(1, 8, 44100, new byte[] {0, (byte) 192})));
    }

    @Test
    void takesChannelZeroOfInterleavedFrames() throws IOException {
        // 3 channels, 2 frames: (100, 200, 300), (400, 500, 600)
        float[] x = read(pcm(3, 16, 44100, le16(100, 200, 300, 400, 500, 600)));
        assertArrayEquals(new float[] {100 / 32768f, 400 / 32768f}, x);
    }

    @Test
    void readsOnlyThePrefixAskedFor() {
        Wav wav = WavReader.read(Golden.path("noise_pcm16_mono.wav"), 1000);
        assertEquals(1000, wav.samples().length);
        assertEquals(44100, wav.totalFrames());
        assertArrayEquals(Arrays.copyOf(WavReader.read(Golden.path("noise_pcm16_mono.wav")).samples(), 1000), wav.samples());
    }

    @Test
    void emptyFileIsNamed() throws IOException {
        Path f = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertMessage(f, "empty.wav is empty (0 bytes)");
    }

    @Test
    void nonWavFileIsNamed() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.wav"), "this is text, not audio");
        assertMessage(f, "notes.wav is not a WAV file");
    }

    @Test
    void truncatedDataChunkIsNamed() throws IOException {
        byte[] whole = pcm(1, 16, 44100, le16(1, 2, 3, 4, 5, 6, 7, 8));
        Path f = Files.write(dir.resolve("cut.wav"), Arrays.copyOf(whole, whole.length - 6));
        assertMessage(f, "cut.wav is truncated: the data chunk declares 16 bytes but only 10 follow");
    }

    @Test
    void fileCutInsideTheHeaderIsTruncated() throws IOException {
        Path f = Files.write(dir.resolve("head.wav"), Arrays.copyOf(pcm(1, 16, 44100, le16(1)), 30));
        assertMessage(f, "head.wav is truncated");
    }

    @Test
    void dataChunkWithNoSamplesIsNamed() throws IOException {
        assertMessage(Files.write(dir.resolve("zero.wav"), pcm(1, 16, 44100, new byte[0])), "zero.wav has no audio");
    }

    @Test
    void unsupportedEncodingSaysHowToConvert() throws IOException {
        byte[] bytes = pcm(1, 16, 44100, le16(1, 2));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0x55); // MPEG layer 3
        assertMessage(Files.write(dir.resolve("mp3.wav"), bytes), "uses format tag 0x0055, which is not read");
        assertMessage(Files.write(dir.resolve("mp3.wav"), bytes), "sox");
    }

    @Test
    void missingFileIsNamed() {
        assertMessage(dir.resolve("nowhere.wav"), "nowhere.wav does not exist");
    }

    @Test
    void otherSampleRatesAreRefusedWithTheConversionCommand() throws IOException {
        Path f = Files.write(dir.resolve("speech16k.wav"), pcm(1, 16, 16000, le16(1, 2, 3)));
        assertEquals(16000, WavReader.read(f).sampleRate()); // the reader reads any rate ...
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StudyAudio.read(f, 64)); // ... the features need 44.1 kHz
        assertTrue(e.getMessage().contains("speech16k.wav has sample rate 16000 Hz"), e.getMessage());
        assertTrue(e.getMessage().contains("sox " + f + " -r 44100 speech16k-44100.wav"), e.getMessage());
    }

    @Test
    void wavWriterRoundTrips() {
        Path f = dir.resolve("round.wav");
        WavWriter.writePcm16(f, new float[] {0f, 0.5f, -1f, 2f}, 44100);
        assertArrayEquals(new float[] {0f, 0.5f, -1f, 32767 / 32768f}, WavReader.read(f).samples());
    }

    @Test
    void aFloatFileHoldingNaNOrAnInfinityIsRefusedNamingTheFirstBadSample() throws IOException {
        float[] x = new float[200];
        x[150] = Float.NaN;
        x[180] = Float.POSITIVE_INFINITY;
        Path f = Files.write(dir.resolve("nan.wav"), floats(1, x));
        assertMessage(f, "nan.wav holds NaN at sample 150 of channel 0 (0.003 s); the samples of a float WAV must be finite numbers");
        assertEquals(100, WavReader.read(f, 100).samples().length);           // only the samples read are checked
        x[150] = 0;
        assertMessage(Files.write(dir.resolve("inf.wav"), floats(1, x)), "inf.wav holds +infinity at sample 180");
    }

    @Test
    void manyChannelsAreReadABlockAtATime() throws IOException {
        // 1000 channels of 32-bit PCM, 600 frames: 2.4 MB, read in blocks of 262 frames; channel 0 counts the frames
        int channels = 1000, frames = 600;
        ByteBuffer data = ByteBuffer.allocate(channels * frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) for (int c = 0; c < channels; c++) data.putInt(c == 0 ? i << 16 : -1);
        float[] x = read(pcm(channels, 32, 44100, data.array()));
        assertEquals(frames, x.length);
        for (int i = 0; i < frames; i++) assertEquals(i / 32768.0, x[i], 1e-9, "frame " + i);
    }

    /** 16,383 channels, 33,000 frames: 2.16 GB of data (a sparse file), more bytes than one Java array holds. */
    @Test
    void aFileOfMoreBytesThanAnArrayHoldsIsReadWithoutOverflow() throws IOException {
        int channels = 16383, frames = 33_000;
        long bytes = (long) channels * 4 * frames;
        byte[] header = Arrays.copyOf(pcm(channels, 32, 44100, new byte[0]), 44);
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(4, (int) (36 + bytes)).putInt(40, (int) bytes);
        Path f = Files.write(dir.resolve("wide.wav"), header);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            file.setLength(44 + bytes);                                        // a hole: zeros, no disk
        }
        Wav wav = WavReader.read(f, frames);
        assertEquals(channels, wav.channels());
        assertEquals(frames, wav.samples().length);
        assertEquals(0f, wav.samples()[frames - 1]);
    }

    /** A 32-bit float WAV (format tag 3) of these samples, interleaved over {@code channels}. */
    private static byte[] floats(int channels, float... samples) {
        ByteBuffer data = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : samples) data.putFloat(v);
        byte[] bytes = pcm(channels, 32, 44100, data.array());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);
        return bytes;
    }

    private float[] read(byte[] file) throws IOException {
        return WavReader.read(Files.write(dir.resolve("t.wav"), file)).samples();
    }

    private static void assertMessage(Path file, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavReader.read(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /** A canonical 44-byte-header PCM WAV file around the given sample bytes. */
    static byte[] pcm(int channels, int bits, int rate, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data.length).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        int block = channels * bits / 8;
        b.putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * block).putShort((short) block).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return b.array();
    }

    private static byte[] le16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putShort((short) v);
        return b.array();
    }

    private static byte[] le32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        return b.array();
    }
}
