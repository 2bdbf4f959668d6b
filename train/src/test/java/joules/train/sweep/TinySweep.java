package joules.train.sweep;

import java.nio.file.Path;
import java.util.List;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.energy.MeterOptions;
import joules.train.zoo.Family;
import joules.train.zoo.ModelConfig;

/** A sweep of tiny models on a few clips, one of each family, that trains in a fraction of a second. */
final class TinySweep {
    private TinySweep() {}

    static final List<ModelConfig> CONFIGS = List.of(
            new ModelConfig("mlp-L1-H8", Family.MLP, 0, 0, 0, 0, 1, 8),
            new ModelConfig("cnn-L1-H2", Family.CNN, 1, 0, 2, 0, 0, 0),
            new ModelConfig("rnn-L1-H4", Family.RNN, 0, 1, 0, 4, 0, 0),
            new ModelConfig("mlp-L2-H8", Family.MLP, 0, 0, 0, 0, 2, 8),
            new ModelConfig("crnn-C2R1-H2x4", Family.CRNN, 2, 1, 2, 4, 0, 0),
            new ModelConfig("cnn-L2-H2", Family.CNN, 2, 0, 2, 0, 0, 0),
            new ModelConfig("mlp-L1-H4", Family.MLP, 0, 0, 0, 0, 1, 4));

    static final int CLIPS = 12;
    static final FeatureSet DATA = SyntheticDesed.generate(CLIPS, 3);

    /** No idle baseline, 20 ms samples, no GPU. */
    static final MeterOptions METER = MeterOptions.defaults().withIdleSeconds(0).withSamplePeriodMs(20);

    static SweepOptions options(Path out, Shard shard, int epochs, boolean force, boolean retryFailed) {
        return new SweepOptions(CONFIGS, shard, "cpu", epochs, 8, 1e-3f, 1, 1, out, force, retryFailed, METER, "test");
    }

    static SweepOptions options(Path out) {
        return options(out, Shard.ALL, 1, false, false);
    }
}
