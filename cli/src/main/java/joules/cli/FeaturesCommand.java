package joules.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import joules.audio.DesedClasses;
import joules.audio.DesedLoader;
import joules.audio.FeatureSet;
import joules.audio.MelSpectrogram;
import joules.audio.StudyAudio;
import joules.results.CsvNumber;
import joules.results.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {
                "Compute the study's mel-spectrogram features (torchaudio MelSpectrogram: 44.1 kHz, n_fft 2048, hop 256, "
                        + "128 HTK mel bins, symmetric Hamming window, magnitude, no log) of a clip padded or cropped to 10 s.",
                "",
                "  joules features --wav clip.wav --out clip.csv [--frames 64|all]",
                "      one file: a CSV of 128 rows (mel bins, low to high) by N frame columns",
                "  joules features --data DIR --labels weak.tsv [--cache-dir DIR]",
                "      a DESED folder: computes every clip's first 64 frames into the feature cache and prints a summary",
                ""})
public final class FeaturesCommand implements Callable<Integer> {
    @Option(names = "--wav", paramLabel = "FILE", description = "One WAV file (44.1 kHz; channel 0 of a multichannel file).")
    Path wav;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Where --wav writes its CSV.")
    Path out;

    @Option(names = "--frames", paramLabel = "N|all", defaultValue = "64",
            description = "Frames to write with --wav: a number from 1 to 1723, or 'all' (1723, the whole 10 s clip). Default: ${DEFAULT-VALUE}.")
    String frames;

    @Option(names = "--data", paramLabel = "DIR", description = "DESED audio folder.")
    Path data;

    @Option(names = "--labels", paramLabel = "TSV", description = "Weak-label TSV (filename<TAB>event_labels, one header line).")
    Path labels;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Feature cache folder. Default: DIR/.joules-cache when writable, else ~/.cache/joules.")
    Path cacheDir;

    @Option(names = "--no-cache", description = "With --data: neither read nor write the feature cache.")
    boolean noCache;

    @Override
    public Integer call() {
        if ((wav == null) == (data == null)) throw new IllegalArgumentException("give either --wav FILE --out FILE.csv, or --data DIR --labels TSV");
        return wav != null ? oneFile() : dataSet();
    }

    private int oneFile() {
        if (out == null) throw new IllegalArgumentException("--wav needs --out FILE.csv");
        if (data != null || labels != null || cacheDir != null || noCache) throw new IllegalArgumentException("--labels, --cache-dir and --no-cache go with --data, not --wav");
        int n = frameCount(frames);
        OutputFiles.requireWritableFile("--out", out);
        float[] mel = new MelSpectrogram().compute(StudyAudio.read(wav, n), n);
        writeCsv(out, mel, n);
        System.out.printf(Locale.ROOT, "wrote %s: %d mel bins x %d frames of %s%n", out, MelSpectrogram.N_MELS, n, wav);
        return 0;
    }

    private int dataSet() {
        if (labels == null) throw new IllegalArgumentException("--data needs --labels TSV (the weak-label file)");
        if (out != null || !frames.equals("64")) throw new IllegalArgumentException("--out and --frames go with --wav; --data always computes the study's 64 frames");
        Progress progress = Progress.onConsole();
        DesedLoader loader = new DesedLoader(data, labels).warnings(w -> progress.line("warning: " + w));
        if (noCache) loader.noCache();
        else if (cacheDir != null) loader.cacheDir(cacheDir);
        int[] nextLog = {1};
        loader.progress((done, total) -> {
            progress.status(String.format(Locale.ROOT, "features %d/%d clips", done, total), done / (double) total);
            synchronized (nextLog) { // plain log lines at every tenth when nobody watches a terminal
                if (!progress.terminal() && done * 10L >= nextLog[0] * (long) total) {
                    progress.line(String.format(Locale.ROOT, "features %d/%d clips", done, total));
                    nextLog[0] = (int) (done * 10L / total) + 1;
                }
            }
        });
        DesedLoader.Report r = loader.loadReport();
        progress.clearStatus();
        FeatureSet set = r.features();
        int[] counts = set.classCounts();
        List<String> perClass = new ArrayList<>();
        int present = 0;
        for (int c = 0; c < counts.length; c++) {
            perClass.add(DesedClasses.NAMES.get(c) + " " + counts[c]);
            if (counts[c] > 0) present++;
        }
        System.out.printf(Locale.ROOT, "clips     %d of %d listed (%d skipped)%n", set.size(), r.listed(), r.skipped().size());
        System.out.printf(Locale.ROOT, "classes   %d of %d present: %s%n", present, DesedClasses.COUNT, String.join(", ", perClass));
        System.out.printf(Locale.ROOT, "features  %d x 1 x %d x %d float32%n", set.size(), FeatureSet.MELS, FeatureSet.FRAMES);
        System.out.printf(Locale.ROOT, "time      %.2f s (%s)%n", r.seconds(), r.fromCache() ? "read from the cache" : "computed");
        System.out.printf("cache     %s%n", noCache ? "none (--no-cache)" : r.cacheFile() == null ? "none (it could not be written)" : r.cacheFile());
        return 0;
    }

    /** "all" is the whole 10 s clip (1723 frames); otherwise a number from 1 to 1723. */
    static int frameCount(String text) {
        if (text.equalsIgnoreCase("all")) return MelSpectrogram.CLIP_FRAMES;
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MelSpectrogram.CLIP_FRAMES) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--frames must be a number from 1 to " + MelSpectrogram.CLIP_FRAMES + " or 'all', got '" + text + "'");
    }

    /** Header "mel_bin,frame_0,...", then one row per mel bin (low to high): its index and its values (float32, exactly); written whole. */
    static void writeCsv(Path file, float[] mel, int frames) {
        StringBuilder csv = new StringBuilder("mel_bin");
        for (int t = 0; t < frames; t++) csv.append(",frame_").append(t);
        csv.append('\n');
        for (int m = 0; m < MelSpectrogram.N_MELS; m++) {
            csv.append(m);
            for (int t = 0; t < frames; t++) csv.append(',').append(CsvNumber.format(mel[m * frames + t]));
            csv.append('\n');
        }
        OutputFiles.write("--out", file, csv.toString());
    }
}
