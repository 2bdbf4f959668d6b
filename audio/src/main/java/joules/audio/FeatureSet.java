package joules.audio;

import java.util.Arrays;

/**
 * Clips ready for the models: features flat N x 1 x 128 x 64 (clip, channel, mel bin low to high, frame),
 * labels flat N x 10 multi-hot in {@link DesedClasses} order, and one name per clip.
 * The arrays are shared, not copied: treat them as read-only.
 */
public final class FeatureSet {
    public static final int MELS = MelSpectrogram.N_MELS;
    public static final int FRAMES = MelSpectrogram.STUDY_FRAMES;
    /** Floats per clip: 1 x 128 x 64 = 8192. */
    public static final int CLIP_FLOATS = MELS * FRAMES;
    public static final int CLASSES = DesedClasses.COUNT;
    /** The most clips one set holds: their features, N x 8192 floats, are one Java array (262,143 clips). */
    public static final int MAX_CLIPS = (Integer.MAX_VALUE - 8) / CLIP_FLOATS;

    /** The bytes a set of this many clips takes: features and labels, float32 (32.04 KiB a clip). */
    public static long bytes(long clips) {
        return clips * (CLIP_FLOATS + CLASSES) * (long) Float.BYTES;
    }

    private final float[] features;
    private final float[] labels;
    private final String[] names;

    public FeatureSet(float[] features, float[] labels, String[] names) {
        int n = names.length;
        if (features.length != (long) n * CLIP_FLOATS || labels.length != (long) n * CLASSES) {
            throw new IllegalArgumentException("feature set of " + n + " clips needs " + (long) n * CLIP_FLOATS + " features and "
                    + (long) n * CLASSES + " labels, got " + features.length + " and " + labels.length);
        }
        this.features = features;
        this.labels = labels;
        this.names = names;
    }

    public int size() {
        return names.length;
    }

    public float[] features() {
        return features;
    }

    public float[] labels() {
        return labels;
    }

    public String[] names() {
        return names;
    }

    /** The first n clips (copies). */
    public FeatureSet subset(int n) {
        if (n < 0 || n > size()) throw new IllegalArgumentException("subset of " + n + " clips asked from a set of " + size());
        return range(0, n);
    }

    /** Clips from .. to - 1 (copies): a training set and the clips held out of it, for instance. */
    public FeatureSet range(int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException("clips " + from + " to " + to + " asked from a set of " + size());
        }
        return new FeatureSet(Arrays.copyOfRange(features, from * CLIP_FLOATS, to * CLIP_FLOATS),
                Arrays.copyOfRange(labels, from * CLASSES, to * CLASSES), Arrays.copyOfRange(names, from, to));
    }

    /** How many clips carry each class (index as in {@link DesedClasses#NAMES}). */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (int i = 0; i < size(); i++) {
            for (int c = 0; c < CLASSES; c++) if (labels[i * CLASSES + c] > 0) counts[c]++;
        }
        return counts;
    }
}
