package joules.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads DESED's weakly labelled clips: an audio folder and a weak-label TSV ({@link WeakLabels}) become a
 * {@link FeatureSet} of the study's features (first 64 frames of each clip's mel spectrogram) with multi-hot
 * targets in {@link DesedClasses} order.
 *
 * <p>A clip whose file is missing or named outside the audio folder ("../x.wav", "/etc/passwd"), whose audio
 * cannot be used (not a WAV, truncated, not 44.1 kHz, NaN samples) or whose labels are empty or include an unknown
 * class is skipped, and the load goes on; once it has succeeded, the warning sink hears the skipped clips' names and
 * why (the first ten; then how many more).
 * Zero usable clips is an {@link IllegalArgumentException}.
 *
 * <p>Features are cached ({@link FeatureCache}) under a key that hashes the TSV's bytes, every listed file's
 * name, size and modification time, and the feature parameters; a later load with the same key maps the
 * cache instead of decoding audio. The cache folder is {@code <audio folder>/.joules-cache} when that can be
 * written, else {@code ~/.cache/joules}, unless {@link #cacheDir} names another.
 *
 * <pre>
 *   FeatureSet train = new DesedLoader(audioDir, weakTsv).warnings(System.err::println).load();
 * </pre>
 */
public final class DesedLoader {
    /** A listed clip that was left out, and why. */
    public record Skipped(String name, String reason) {}

    /**
     * What a load did: the features, how many clips the TSV listed, which were skipped, the cache file used
     * (null without a cache, or when it could not be written), whether the features came from it, and the wall
     * time in seconds.
     */
    public record Report(FeatureSet features, int listed, List<Skipped> skipped, Path cacheFile, boolean fromCache, double seconds) {}

    private final Path audioDir;
    private final Path labels;
    private Path cacheDir;
    private boolean useCache = true;
    private int threads = ParallelClips.defaultThreads();
    private Consumer<String> warnings = message -> {};
    private Progress progress = Progress.NONE;

    public DesedLoader(Path audioDir, Path labels) {
        this.audioDir = audioDir;
        this.labels = labels;
    }

    /** Keep the cache in this folder (created when needed). */
    public DesedLoader cacheDir(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    /** Neither read nor write a cache. */
    public DesedLoader noCache() {
        this.useCache = false;
        return this;
    }

    public DesedLoader threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
        return this;
    }

    /** Where the names of skipped clips (and cache problems) go, one line each. */
    public DesedLoader warnings(Consumer<String> sink) {
        this.warnings = sink;
        return this;
    }

    /** Told of each clip decoded (not called when the cache answers). */
    public DesedLoader progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public FeatureSet load() {
        return loadReport().features();
    }

    public Report loadReport() {
        long start = System.nanoTime();
        if (!Files.isDirectory(audioDir)) throw new IllegalArgumentException("audio folder " + audioDir + " does not exist or is not a folder");
        List<WeakLabels.Entry> entries = WeakLabels.read(labels);
        if (entries.isEmpty()) throw new IllegalArgumentException(labels + " lists no clips: it has a header line and nothing after it");
        List<Skipped> skipped = new ArrayList<>();
        List<Clip> clips = listedClips(entries, skipped);
        if (clips.size() > FeatureSet.MAX_CLIPS) {
            throw new IllegalArgumentException(labels + " lists " + clips.size() + " clips; a training set holds at most "
                    + FeatureSet.MAX_CLIPS + " (DESED's weak set has 1,578)");
        }

        byte[] key = key(clips);
        Path cacheFile = useCache ? cacheFile() : null;
        if (cacheFile != null) {
            try {
                FeatureCache.Contents cached = FeatureCache.read(cacheFile, key);
                if (cached != null) {
                    cached.skipped().forEach(s -> warn(s, skipped));
                    announce(skipped);
                    return new Report(cached.features(), entries.size(), List.copyOf(skipped), cacheFile, true, seconds(start));
                }
            } catch (FeatureCache.Damaged e) {
                warnings.accept("the feature cache " + e.getMessage() + "; computing the features again");
            } catch (IOException e) {
                warnings.accept("cannot read the feature cache " + cacheFile + " (" + e + "); computing the features again");
            }
        }

        List<Skipped> audioSkips = new ArrayList<>();
        FeatureSet features = compute(clips, audioSkips);
        audioSkips.forEach(s -> warn(s, skipped));
        if (features.size() == 0) {
            throw new IllegalArgumentException(String.format("no usable clips: all %d clips listed in %s were skipped (first: %s: %s)",
                    entries.size(), labels, skipped.get(0).name(), skipped.get(0).reason()));
        }
        if (cacheFile != null) {
            try {
                FeatureCache.write(cacheFile, key, features, audioSkips);
            } catch (IOException | RuntimeException e) {
                warnings.accept("cannot write the feature cache " + cacheFile + " (" + e + "); the features are not cached");
                cacheFile = null;
            }
        }
        announce(skipped);
        return new Report(features, entries.size(), List.copyOf(skipped), cacheFile, false, seconds(start));
    }

    /** The cache file for this folder and TSV: one per (folder, TSV) pair, its key checked on every read. */
    public Path cacheFile() {
        Path dir = cacheDir != null ? cacheDir : defaultCacheDir(audioDir);
        String tsvName = labels.getFileName().toString().replaceAll("\\.tsv$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        String where = audioDir.toAbsolutePath().normalize() + "\n" + labels.toAbsolutePath().normalize();
        return dir.resolve("features-" + tsvName + "-" + HexFormat.of().formatHex(sha256(where.getBytes(StandardCharsets.UTF_8)), 0, 4) + ".bin");
    }

    /** {@code <audio folder>/.joules-cache} when it exists or can be made and written, else {@code ~/.cache/joules}. */
    static Path defaultCacheDir(Path audioDir) {
        Path local = audioDir.resolve(".joules-cache");
        try {
            Files.createDirectories(local);
            if (Files.isWritable(local)) return local;
        } catch (IOException | SecurityException e) {
            // not writable: fall back to the user's cache
        }
        return Path.of(System.getProperty("user.home"), ".cache", "joules");
    }

    /** A listed clip whose file exists and whose labels are all known. */
    private record Clip(String name, Path file, long size, long modified, float[] target) {}

    private List<Clip> listedClips(List<WeakLabels.Entry> entries, List<Skipped> skipped) {
        List<Clip> clips = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (WeakLabels.Entry e : entries) {
            String where = " (" + labels.getFileName() + " line " + e.line() + ")";
            if (!seen.add(e.filename())) {
                warn(new Skipped(e.filename(), "listed again" + where + "; the first listing is used"), skipped);
                continue;
            }
            if (e.labels().isEmpty()) {
                warn(new Skipped(e.filename(), "no labels: the event_labels cell is empty" + where), skipped);
                continue;
            }
            float[] target = new float[DesedClasses.COUNT];
            String unknown = null;
            for (String label : e.labels()) {
                int c = DesedClasses.index(label);
                if (c < 0) unknown = label;
                else target[c] = 1f;
            }
            if (unknown != null) {
                warn(new Skipped(e.filename(), "unknown label '" + unknown + "'" + where + "; the classes are " + String.join(", ", DesedClasses.NAMES)), skipped);
                continue;
            }
            Path file = inside(e.filename());
            if (file == null) {
                warn(new Skipped(e.filename(), "not a file name inside the audio folder " + audioDir + where
                        + "; DESED's names are plain file names such as Y00pbt6aJV8Q_350.000_360.000.wav"), skipped);
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException ex) {
                warn(new Skipped(e.filename(), "file missing: " + file + where), skipped);
                continue;
            }
            clips.add(new Clip(e.filename(), file, attributes.size(), attributes.lastModifiedTime().toMillis(), target));
        }
        return clips;
    }

    /**
     * The file a label names, when the name stays inside the audio folder: not absolute, no ".." that climbs out
     * of it, no character the file system cannot name; else null. (Links inside the folder are followed as the
     * user made them: a data set stored as links, as git-annex or DVC keep one, still loads.)
     */
    private Path inside(String name) {
        try {
            Path relative = Path.of(name);
            Path base = audioDir.toAbsolutePath().normalize();
            Path file = base.resolve(relative).normalize();
            return relative.isAbsolute() || !file.startsWith(base) || file.equals(base) ? null : file;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** The features of every clip whose audio can be used, in TSV order; the others go to audioSkips. */
    private FeatureSet compute(List<Clip> clips, List<Skipped> audioSkips) {
        int n = clips.size();
        float[] features = new float[n * FeatureSet.CLIP_FLOATS];
        String[] failures = new String[n];
        ParallelClips.forEach(n, threads, progress, (mel, i) -> {
            try {
                float[] audio = StudyAudio.read(clips.get(i).file(), FeatureSet.FRAMES);
                mel.compute(audio, 0, FeatureSet.FRAMES, features, i * FeatureSet.CLIP_FLOATS);
            } catch (IllegalArgumentException e) {
                failures[i] = e.getMessage();
            }
        });
        // keep the usable clips, moving each one down over the gaps the failures left
        int kept = 0;
        float[] labels = new float[n * FeatureSet.CLASSES];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Clip clip = clips.get(i);
            if (failures[i] != null) {
                audioSkips.add(new Skipped(clip.name(), "unusable audio: " + failures[i]));
                continue;
            }
            if (kept != i) System.arraycopy(features, i * FeatureSet.CLIP_FLOATS, features, kept * FeatureSet.CLIP_FLOATS, FeatureSet.CLIP_FLOATS);
            System.arraycopy(clip.target(), 0, labels, kept * FeatureSet.CLASSES, FeatureSet.CLASSES);
            names.add(clip.name());
            kept++;
        }
        if (kept == n) return new FeatureSet(features, labels, names.toArray(String[]::new));
        return new FeatureSet(Arrays.copyOf(features, kept * FeatureSet.CLIP_FLOATS),
                Arrays.copyOf(labels, kept * FeatureSet.CLASSES), names.toArray(String[]::new));
    }

    /** SHA-256 of everything the features depend on. */
    private byte[] key(List<Clip> clips) {
        StringBuilder text = new StringBuilder();
        text.append("joules feature cache v").append(FeatureCache.version()).append('\n');
        text.append(MelSpectrogram.PARAMETERS).append(" frames=").append(FeatureSet.FRAMES).append('\n');
        text.append(String.join(",", DesedClasses.NAMES)).append('\n');
        for (Clip c : clips) text.append(c.name()).append('\t').append(c.size()).append('\t').append(c.modified()).append('\n');
        return sha256(readLabels(labels), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The SHA-256 of a labels file, in hex: what names a DESED data set in a results file (two runs on the
     * same labels agree on it).
     */
    public static String labelsSha256(Path labels) {
        return HexFormat.of().formatHex(sha256(readLabels(labels)));
    }

    private static byte[] readLabels(Path labels) {
        if (!Files.isRegularFile(labels)) throw new IllegalArgumentException("labels file " + labels + " does not exist");
        try {
            return Files.readAllBytes(labels);
        } catch (IOException e) {
            throw new IllegalArgumentException("labels file " + labels + " cannot be read: " + e);
        }
    }

    /** SHA-256 of the parts one after the other. */
    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) sha.update(part);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void warn(Skipped s, List<Skipped> skipped) {
        skipped.add(s);
    }

    /** The most skipped clips named one a line; the others are counted in one more line. */
    static final int NAMED_SKIPS = 10;

    /**
     * Tells the warning sink which clips were skipped, once the load has succeeded (when no clip is usable, the
     * error names the first and counts them): the first {@link #NAMED_SKIPS} one a line, then how many more.
     */
    private void announce(List<Skipped> skipped) {
        for (int i = 0; i < Math.min(NAMED_SKIPS, skipped.size()); i++) {
            warnings.accept("skipped " + skipped.get(i).name() + ": " + skipped.get(i).reason());
        }
        if (skipped.size() > NAMED_SKIPS) {
            warnings.accept("skipped " + (skipped.size() - NAMED_SKIPS) + " more clip(s) (" + skipped.size() + " in all)");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
