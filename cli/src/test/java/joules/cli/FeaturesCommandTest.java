package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import joules.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules features on one WAV file (values checked against torchaudio) and on a small DESED-shaped folder. */
class FeaturesCommandTest {
    @TempDir Path dir;

    /** One second of a 440 Hz sine at amplitude 0.25, 16-bit, then silence up to the 10 s clip. */
    private Path tone(String name, int rate) {
        float[] s = new float[rate];
        for (int i = 0; i < s.length; i++) s[i] = (float) (0.25 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
        Path file = dir.resolve(name);
        WavWriter.writePcm16(file, s, rate);
        return file;
    }

    /**
     * torchaudio 0.13 on the same 16-bit samples (scripts/golden-audio/make_fixtures.py's transform): the tone falls in
     * mel bin 17, 149.16312 in frame 10, 149.17674 in frame 63, its neighbours 46.966228 and 59.569035 in frame 10.
     */
    @Test
    void oneWavFileAsCsvMatchesTorchaudio() throws Exception {
        Path wav = tone("tone.wav", 44100);
        Path csv = dir.resolve("new-folder/tone.csv");
        Cli.Result r = Cli.joules("features", "--wav", wav.toString(), "--out", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("wrote " + csv + ": 128 mel bins x 64 frames of " + wav + "\n", r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(129, lines.size());
        assertTrue(lines.get(0).startsWith("mel_bin,frame_0,frame_1,"), lines.get(0));
        assertTrue(lines.get(0).endsWith(",frame_63"), lines.get(0));
        assertEquals(149.16312, cell(lines, 17, 10), 149.16312 * 1e-4);
        assertEquals(149.17674, cell(lines, 17, 63), 149.17674 * 1e-4);
        assertEquals(46.966228, cell(lines, 16, 10), 46.966228 * 1e-4);
        assertEquals(59.569035, cell(lines, 18, 10), 59.569035 * 1e-4);
        // every cell reads back as the float the mel spectrogram computed, bit for bit
        float[] mel = new joules.audio.MelSpectrogram().compute(joules.audio.StudyAudio.read(wav, 64), 64);
        for (int m = 0; m < 128; m++) {
            String[] cells = lines.get(1 + m).split(",");
            for (int t = 0; t < 64; t++) assertEquals(mel[m * 64 + t], Float.parseFloat(cells[1 + t]), 0f);
        }

        Path all = dir.resolve("all.csv");
        assertEquals(0, Cli.joules("features", "--wav", wav.toString(), "--out", all.toString(), "--frames", "all").exit());
        List<String> whole = Files.readAllLines(all);
        assertEquals(1 + 1723, whole.get(0).split(",").length);
        assertEquals(0.0, cell(whole, 17, 200), 0.0);   // 1 s of tone, then zeros: frame 200 (1.16 s) is silent
    }

    private static double cell(List<String> lines, int melBin, int frame) {
        String[] cells = lines.get(1 + melBin).split(",");
        assertEquals(Integer.toString(melBin), cells[0]);
        return Double.parseDouble(cells[1 + frame]);
    }

    @Test
    void oneWavFileBadInput() throws Exception {
        Path wav = tone("tone.wav", 44100);
        Path out = dir.resolve("x.csv");
        Path slow = tone("slow.wav", 16000);
        assertBadInput(Cli.joules("features", "--wav", slow.toString(), "--out", out.toString()),
                "joules: " + slow + " has sample rate 16000 Hz; the study's features need 44100 Hz (convert it with: sox ");
        Path text = Files.writeString(dir.resolve("text.wav"), "hello");
        assertBadInput(Cli.joules("features", "--wav", text.toString(), "--out", out.toString()),
                "joules: " + text + " is not a WAV file (no RIFF/WAVE header)");
        assertBadInput(Cli.joules("features", "--wav", dir.resolve("none.wav").toString(), "--out", out.toString()),
                "joules: " + dir.resolve("none.wav") + " does not exist");
        assertBadInput(Cli.joules("features", "--wav", wav.toString(), "--out", out.toString(), "--frames", "1724"),
                "joules: --frames must be a number from 1 to 1723 or 'all', got '1724'");
        assertBadInput(Cli.joules("features", "--wav", wav.toString()), "joules: --wav needs --out FILE.csv");
        assertBadInput(Cli.joules("features", "--wav", wav.toString(), "--out", dir.toString()),
                "joules: --out " + dir + " is a folder; give a file name");
        assertBadInput(Cli.joules("features"), "joules: give either --wav FILE --out FILE.csv, or --data DIR --labels TSV");
        assertTrue(!Files.exists(out));
    }

    @Test
    void aDesedFolderIsSummarisedAndCached() throws Exception {
        Path audio = Files.createDirectories(dir.resolve("audio"));
        Files.move(tone("a.wav", 44100), audio.resolve("a.wav"));
        Files.move(tone("b.wav", 44100), audio.resolve("b.wav"));
        Files.move(tone("c.wav", 16000), audio.resolve("c.wav"));
        Path tsv = Files.writeString(dir.resolve("weak.tsv"),
                "filename\tevent_labels\na.wav\tSpeech,Dog\nb.wav\tFrying\nc.wav\tCat\nd.wav\tDishes\n");
        Path cache = dir.resolve("cache");
        String[] args = {"features", "--data", audio.toString(), "--labels", tsv.toString(), "--cache-dir", cache.toString()};

        Cli.Result first = Cli.joules(args);
        assertEquals(0, first.exit(), first.err());
        List<String> out = first.out().lines().toList();
        assertEquals("clips     2 of 4 listed (2 skipped)", out.get(0));
        assertTrue(out.get(1).startsWith("classes   3 of 10 present: Alarm_bell_ringing 0, Blender 0, Cat 0, Dishes 0, Dog 1, "), out.get(1));
        assertEquals("features  2 x 1 x 128 x 64 float32", out.get(2));
        assertTrue(out.get(3).endsWith("(computed)"), out.get(3));
        assertTrue(out.get(4).startsWith("cache     " + cache), out.get(4));
        assertTrue(first.err().contains("skipped d.wav: file missing"), first.err());
        assertTrue(first.err().contains("skipped c.wav: unusable audio"), first.err());

        Cli.Result again = Cli.joules(args);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("(read from the cache)"), again.out());

        Path headerOnly = Files.writeString(dir.resolve("empty.tsv"), "filename\tevent_labels\n");
        assertBadInput(Cli.joules("features", "--data", audio.toString(), "--labels", headerOnly.toString()),
                "joules: " + headerOnly + " lists no clips");
        Path badHeader = Files.writeString(dir.resolve("bad.tsv"), "file\tlabels\na.wav\tSpeech\n");
        assertBadInput(Cli.joules("features", "--data", audio.toString(), "--labels", badHeader.toString()),
                "joules: " + badHeader + ", line 1: the header must name the columns 'filename' and 'event_labels'");
        assertBadInput(Cli.joules("features", "--data", tsv.toString(), "--labels", tsv.toString()),
                "joules: audio folder " + tsv + " does not exist or is not a folder");
        assertBadInput(Cli.joules("features", "--data", audio.toString()), "joules: --data needs --labels TSV");
    }
}
