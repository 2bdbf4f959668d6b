package joules.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesedLoaderTest {
    @TempDir
    Path dir;
    Path audio;
    Path cache;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void writeClips() throws IOException {
        audio = Files.createDirectories(dir.resolve("audio"));
        cache = dir.resolve("cache");
        for (int i = 0; i < 3; i++) WavWriter.writePcm16(audio.resolve("clip" + i + ".wav"), tone(300 + 500 * i), 44100);
    }

    @Test
    void loadsFeaturesAndMultiHotLabelsInTsvOrder() throws IOException {
        Path tsv = tsv("clip2.wav\tDog,Speech", "clip0.wav\tAlarm_bell_ringing", "clip1.wav\tVacuum_cleaner,Cat,Blender");
        DesedLoader.Report r = loader(tsv).loadReport();
        FeatureSet set = r.features();
        assertEquals(3, set.size());
        assertEquals(3, r.listed());
        assertTrue(r.skipped().isEmpty());
        assertArrayEquals(new String[] {"clip2.wav", "clip0.wav", "clip1.wav"}, set.names());
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 1, 0}, Arrays.copyOfRange(set.labels(), 0, 10));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOfRange(set.labels(), 10, 20));
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 1}, Arrays.copyOfRange(set.labels(), 20, 30));
        // clip 0's features are those of its audio (stored as 16-bit) through the mel pipeline
        float[] direct = new MelSpectrogram().compute(WavReader.read(audio.resolve("clip0.wav")).samples(), 64);
        assertArrayEquals(direct, Arrays.copyOfRange(set.features(), FeatureSet.CLIP_FLOATS, 2 * FeatureSet.CLIP_FLOATS));
    }

    @Test
    void skipsMissingUnreadableAndUnknownClipsByName() throws IOException {
        Files.writeString(audio.resolve("text.wav"), "not audio");
        Files.write(audio.resolve("cut.wav"), Arrays.copyOf(Files.readAllBytes(audio.resolve("clip0.wav")), 1000));
        Files.write(audio.resolve("slow.wav"), WavReaderTest.pcm(1, 16, 16000, new byte[64]));
        Path tsv = tsv("clip0.wav\tDog", "gone.wav\tCat", "text.wav\tCat", "cut.wav\tDishes", "slow.wav\tFrying",
                "clip1.wav\tDog,Unicorn", "clip2.wav\tSpeech", "clip2.wav\tDog");
        DesedLoader.Report r = loader(tsv).loadReport();
        assertEquals(2, r.features().size());
        assertArrayEquals(new String[] {"clip0.wav", "clip2.wav"}, r.features().names());
        assertEquals(8, r.listed());
        assertEquals(6, r.skipped().size());
        assertEquals(6, warnings.size());
        assertWarning("gone.wav", "file missing", "line 3");
        assertWarning("text.wav", "is not a WAV file");
        assertWarning("cut.wav", "is truncated");
        assertWarning("slow.wav", "sample rate 16000 Hz", "sox");
        assertWarning("clip1.wav", "unknown label 'Unicorn'", "line 7");
        assertWarning("clip2.wav", "listed again", "line 9");
    }

    @Test
    void anEmptyLabelCellSkipsThatClipByNameAndLine() throws IOException {
        Path tsv = tsv("clip0.wav\tDog", "clip1.wav\t", "clip2.wav\t , ");
        DesedLoader.Report r = loader(tsv).loadReport();
        assertArrayEquals(new String[] {"clip0.wav"}, r.features().names());
        assertEquals(3, r.listed());
        assertEquals(List.of("skipped clip1.wav: no labels: the event_labels cell is empty (weak.tsv line 3)",
                "skipped clip2.wav: no labels: the event_labels cell is empty (weak.tsv line 4)"), warnings);
        assertEquals(List.of("clip1.wav", "clip2.wav"), r.skipped().stream().map(DesedLoader.Skipped::name).toList());
    }

    @Test
    void zeroUsableClipsIsAnError() throws IOException {
        Path tsv = tsv("gone.wav\tCat", "also-gone.wav\tDog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader(tsv).load());
        assertTrue(e.getMessage().startsWith("no usable clips: all 2 clips listed in"), e.getMessage());
        assertTrue(e.getMessage().contains("gone.wav"), e.getMessage());
    }

    @Test
    void tsvWithAMissingColumnNamesFileAndLine() throws IOException {
        Path tsv = tsv("clip0.wav\tDog", "clip1.wav", "clip2.wav\tCat");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader(tsv).load());
        assertEquals(tsv + ", line 3: 1 tab-separated column, the header needs 2 (filename, event_labels)", e.getMessage());
    }

    @Test
    void tsvWithoutTheHeaderColumnsIsNamed() throws IOException {
        Path tsv = Files.writeString(dir.resolve("bad.tsv"), "file\tlabels\nclip0.wav\tDog\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader(tsv).load());
        assertTrue(e.getMessage().startsWith(tsv + ", line 1: the header must name the columns 'filename' and 'event_labels'"), e.getMessage());
    }

    @Test
    void tsvWithWindowsLineEndsAndExtraColumnsReads() throws IOException {
        Path tsv = Files.writeString(dir.resolve("w.tsv"), "\uFEFFevent_labels\tfilename\tnote\r\nDog,Cat\tclip0.wav\tx\r\n\r\n");
        FeatureSet set = loader(tsv).load();
        assertArrayEquals(new String[] {"clip0.wav"}, set.names());
        assertArrayEquals(new int[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0}, set.classCounts());
    }

    @Test
    void theCacheAnswersTheSecondLoadAndAChangedFileInvalidatesIt() throws IOException {
        Path tsv = tsv("clip0.wav\tDog", "clip1.wav\tCat", "gone.wav\tCat");
        DesedLoader.Report first = loader(tsv).loadReport();
        assertFalse(first.fromCache());
        assertTrue(Files.isRegularFile(first.cacheFile()));
        assertEquals(cache, first.cacheFile().getParent());

        DesedLoader.Report second = loader(tsv).loadReport();
        assertTrue(second.fromCache());
        assertArrayEquals(first.features().features(), second.features().features());
        assertArrayEquals(first.features().labels(), second.features().labels());
        assertArrayEquals(first.features().names(), second.features().names());
        assertEquals(first.skipped(), second.skipped());

        // new audio in clip1 (same size, new modification time) must be recomputed
        WavWriter.writePcm16(audio.resolve("clip1.wav"), tone(4000), 44100);
        Files.setLastModifiedTime(audio.resolve("clip1.wav"), FileTime.fromMillis(Files.getLastModifiedTime(audio.resolve("clip1.wav")).toMillis() + 5000));
        DesedLoader.Report third = loader(tsv).loadReport();
        assertFalse(third.fromCache());
        assertFalse(Arrays.equals(first.features().features(), third.features().features()));
        // and a changed label file too
        Path relabelled = Files.writeString(tsv, "filename\tevent_labels\nclip0.wav\tDog,Cat\nclip1.wav\tCat\n");
        assertFalse(loader(relabelled).loadReport().fromCache());
        assertTrue(loader(relabelled).loadReport().fromCache());
    }

    @Test
    void aDamagedCacheIsRecomputed() throws IOException {
        Path tsv = tsv("clip0.wav\tDog");
        Path file = loader(tsv).loadReport().cacheFile();
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 100));
        DesedLoader.Report again = loader(tsv).loadReport();
        assertFalse(again.fromCache());
        assertTrue(loader(tsv).loadReport().fromCache());
    }

    /** One flipped bit in the features: the checksum finds it, the loader says so and computes them again. */
    @Test
    void aCacheWithCorruptedBytesIsNotUsed() throws IOException {
        Path tsv = tsv("clip0.wav\tDog", "clip1.wav\tCat");
        DesedLoader.Report first = loader(tsv).loadReport();
        byte[] bytes = Files.readAllBytes(first.cacheFile());
        bytes[bytes.length / 2] ^= 0x10;                                   // a feature's float, same length
        Files.write(first.cacheFile(), bytes);
        warnings.clear();
        DesedLoader.Report again = loader(tsv).loadReport();
        assertFalse(again.fromCache());
        assertArrayEquals(first.features().features(), again.features().features());
        assertEquals(List.of("the feature cache " + first.cacheFile() + " is damaged (its checksum does not match its contents);"
                + " computing the features again"), warnings);
        assertTrue(loader(tsv).loadReport().fromCache());                  // rewritten whole
    }

    @Test
    void aLabelNamingAFileOutsideTheAudioFolderIsSkipped() throws IOException {
        Files.writeString(dir.resolve("secret.wav"), "outside");
        Path tsv = tsv("clip0.wav\tDog", "../secret.wav\tCat", "/etc/passwd\tCat", "sub/../../secret.wav\tCat", "./clip1.wav\tCat");
        DesedLoader.Report r = loader(tsv).loadReport();
        assertArrayEquals(new String[] {"clip0.wav", "./clip1.wav"}, r.features().names());
        assertEquals(3, r.skipped().size());
        assertWarning("../secret.wav", "not a file name inside the audio folder", "line 3");
        assertWarning("/etc/passwd", "not a file name inside the audio folder", "line 4");
        assertWarning("sub/../../secret.wav", "not a file name inside the audio folder", "line 5");
    }

    @Test
    void manySkippedClipsAreNamedTenAtMostAndNoneWhenTheLoadFails() throws IOException {
        List<String> lines = new ArrayList<>(List.of("clip0.wav\tDog"));
        for (int i = 0; i < 25; i++) lines.add("gone" + i + ".wav\tCat");
        DesedLoader.Report r = loader(tsv(lines.toArray(String[]::new))).loadReport();
        assertEquals(25, r.skipped().size());
        assertEquals(11, warnings.size());
        assertEquals("skipped 15 more clip(s) (25 in all)", warnings.get(10));
        warnings.clear();
        Path none = tsv("../a.wav\tDog", "/etc/passwd\tCat");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader(none).loadReport());
        assertTrue(e.getMessage().startsWith("no usable clips: all 2 clips listed in " + none + " were skipped (first: ../a.wav: not a file"
                + " name inside the audio folder"), e.getMessage());
        assertEquals(List.of(), warnings);                                 // the error says it in one line
    }

    @Test
    void aFloatClipWithNaNSamplesIsSkippedNamingTheSample() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4 * 20_000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 20_000; i++) data.putFloat(i == 1234 ? Float.NaN : 0.1f);
        byte[] wav = WavReaderTest.pcm(1, 32, 44100, data.array());
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);          // IEEE float
        Files.write(audio.resolve("nan.wav"), wav);
        DesedLoader.Report r = loader(tsv("clip0.wav\tDog", "nan.wav\tCat")).loadReport();
        assertArrayEquals(new String[] {"clip0.wav"}, r.features().names());
        assertWarning("nan.wav", "holds NaN at sample 1234 of channel 0");
    }

    @Test
    void theDefaultCacheLivesInTheDataFolder() throws IOException {
        Path tsv = tsv("clip0.wav\tDog");
        DesedLoader.Report r = new DesedLoader(audio, tsv).loadReport();
        assertEquals(audio.resolve(".joules-cache"), r.cacheFile().getParent());
        assertTrue(new DesedLoader(audio, tsv).loadReport().fromCache());
        assertTrue(new DesedLoader(audio, tsv).noCache().loadReport().cacheFile() == null);
    }

    @Test
    void missingAudioFolderIsNamed() throws IOException {
        Path tsv = tsv("clip0.wav\tDog");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DesedLoader(dir.resolve("nope"), tsv).load());
        assertTrue(e.getMessage().contains("nope does not exist"), e.getMessage());
    }

    private DesedLoader loader(Path tsv) {
        return new DesedLoader(audio, tsv).cacheDir(cache).threads(2).warnings(warnings::add);
    }

    private Path tsv(String... lines) throws IOException {
        return Files.writeString(dir.resolve("weak.tsv"), "filename\tevent_labels\n" + String.join("\n", lines) + "\n");
    }

    private void assertWarning(String name, String... parts) {
        String w = warnings.stream().filter(s -> s.startsWith("skipped " + name + ":")).findFirst().orElseThrow(() -> new AssertionError("no warning for " + name + " in " + warnings));
        for (String p : parts) assertTrue(w.contains(p), w);
    }

    private static float[] tone(double hz) {
        float[] x = new float[20000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 44100));
        return x;
    }
}
