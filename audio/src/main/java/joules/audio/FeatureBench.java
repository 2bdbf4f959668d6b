package joules.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benchmark of the feature pipeline (run by bench/audio/run.sh, which also runs torchaudio on the same files):
 * <pre>
 *   java -cp ... joules.audio.FeatureBench DIR [CLIPS]
 * </pre>
 * Writes CLIPS (default 1,578) ten-second 16-bit mono 44.1 kHz WAV files and a weak-label TSV into DIR (once;
 * later runs reuse them), then times, on all cores: the DESED loader without a cache (read each file's first
 * 17,152 samples, 64 mel frames), the loader writing and then reading its cache, and the synthetic set.
 */
public final class FeatureBench {
    private FeatureBench() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: FeatureBench DIR [CLIPS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : SyntheticDesed.DEFAULT_CLIPS;
        Path audio = dir.resolve("audio");
        Path tsv = dir.resolve("weak.tsv");
        writeDataSet(audio, tsv, clips);
        int threads = ParallelClips.defaultThreads();
        System.out.printf("clips %d, threads %d, java %s%n", clips, threads, System.getProperty("java.version"));

        for (int run = 1; run <= 3; run++) {
            DesedLoader.Report r = new DesedLoader(audio, tsv).noCache().loadReport();
            System.out.printf("java loader, no cache, run %d: %.2f s (%.1f clips/s)%n", run, r.seconds(), r.features().size() / r.seconds());
        }
        Path cacheDir = dir.resolve("cache");
        Files.deleteIfExists(new DesedLoader(audio, tsv).cacheDir(cacheDir).cacheFile());
        DesedLoader.Report write = new DesedLoader(audio, tsv).cacheDir(cacheDir).warnings(System.err::println).loadReport();
        DesedLoader.Report hit = new DesedLoader(audio, tsv).cacheDir(cacheDir).loadReport();
        System.out.printf("java loader, compute + write cache: %.2f s; cache hit: %.3f s (%s, %d MB)%n", write.seconds(), hit.seconds(),
                hit.fromCache() ? "from cache" : "NOT from cache", Files.size(hit.cacheFile()) >> 20);
        for (int run = 1; run <= 2; run++) {
            long start = System.nanoTime();
            FeatureSet set = SyntheticDesed.generate(clips, 7);
            System.out.printf("java synthetic set, run %d: %.2f s for %d clips%n", run, (System.nanoTime() - start) / 1e9, set.size());
        }
    }

    /** Ten-second clips of noise and tones (content does not change the cost), and random weak labels. */
    static void writeDataSet(Path audio, Path tsv, int clips) throws IOException {
        Files.createDirectories(audio);
        List<String> lines = new ArrayList<>(List.of("filename\tevent_labels"));
        SplittableRandom rng = new SplittableRandom(1);
        float[] samples = new float[MelSpectrogram.CLIP_SAMPLES];
        for (int i = 0; i < clips; i++) {
            String name = String.format("clip_%05d.wav", i);
            lines.add(name + "\t" + DesedClasses.NAMES.get(rng.nextInt(DesedClasses.COUNT)));
            Path file = audio.resolve(name);
            if (Files.exists(file)) continue;
            double f = 100 + rng.nextDouble() * 5000;
            for (int n = 0; n < samples.length; n++) samples[n] = (float) (0.3 * Math.sin(2 * Math.PI * f * n / 44100) + 0.1 * (rng.nextDouble() - 0.5));
            WavWriter.writePcm16(file, samples, MelSpectrogram.SAMPLE_RATE);
        }
        Files.write(tsv, lines);
    }
}
