package joules.train;

import joules.audio.FeatureSet;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * A training set uploaded to a backend once: features (N, 1, 128, 64) and multi-hot labels (N, 10).
 * Batches are gathered from these on the device, so no clip crosses the bus during training.
 */
public final class TrainingData {
    public static final int MELS = 128;
    public static final int FRAMES = 64;
    public static final int CLASSES = 10;

    private final Tensor features;
    private final Tensor labels;

    private TrainingData(Tensor features, Tensor labels) {
        this.features = features;
        this.labels = labels;
    }

    public static TrainingData upload(FeatureSet set, Backend backend) {
        int n = set.size();
        if (n == 0) throw new IllegalArgumentException("the training set is empty");
        Tensor x = backend.fromArray(set.features(), n, 1, MELS, FRAMES);
        Tensor y = backend.fromArray(set.labels(), n, CLASSES);
        return new TrainingData(x, y);
    }

    public int size() { return features.dim(0); }
    public Tensor features() { return features; }
    public Tensor labels() { return labels; }
}
