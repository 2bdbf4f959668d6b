package joules.train.sweep;

import java.util.List;
import joules.audio.SyntheticDesed;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;

/** Named sweeps: the study itself, and a one-minute smoke test of every family. */
public enum Preset {
    /** All 43 configurations, 10 epochs, the full training set (1,578 clips). */
    PAPER(List.of(), 10, SyntheticDesed.DEFAULT_CLIPS),
    /** The smallest configuration of each family, 1 epoch on 64 clips: about a minute on two CPU cores. */
    QUICK(List.of("mlp-L1-H512", "cnn-L1-H128", "rnn-L1-H128", "crnn-C1R1-H64x64"), 1, 64);

    private final List<String> ids;
    public final int epochs;
    public final int samples;

    Preset(List<String> ids, int epochs, int samples) {
        this.ids = ids;
        this.epochs = epochs;
        this.samples = samples;
    }

    public List<ModelConfig> configs() {
        return ids.isEmpty() ? Zoo.configs() : ids.stream().map(Zoo::config).toList();
    }

    public String cliName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Preset parse(String name) {
        for (Preset p : values()) if (p.cliName().equalsIgnoreCase(name.trim())) return p;
        throw new IllegalArgumentException("unknown preset '" + name + "'; valid: paper, quick");
    }
}
