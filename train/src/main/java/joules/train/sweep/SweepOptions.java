package joules.train.sweep;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import joules.energy.MeterOptions;
import joules.results.Csv;
import joules.results.CsvNumber;
import joules.train.zoo.ModelConfig;

/**
 * Everything a sweep needs to know besides its data.
 *
 * @param configs       the sweep's configurations, in order (a shard takes every count-th one)
 * @param device        "cpu" or "cuda:N"
 * @param warmupSteps   unmeasured steps before each measured run (kernels, caches), plus up to two of the
 *                      epoch's last, smaller batch when there is one ({@link joules.train.Trainer#warmUp}); 0 for none
 * @param force         train configurations again even when the results file has them
 * @param retryFailed   train again the configurations whose recorded run failed
 * @param engineVersion written to every row
 */
public record SweepOptions(List<ModelConfig> configs, Shard shard, String device, int epochs, int batchSize,
                           float lr, long seed, int warmupSteps, Path out, boolean force, boolean retryFailed,
                           MeterOptions meter, String engineVersion) {
    public SweepOptions {
        configs = List.copyOf(configs);
        if (configs.isEmpty()) throw new IllegalArgumentException("no configuration to run");
        Set<String> ids = new HashSet<>();
        for (ModelConfig c : configs) {
            if (!ids.add(c.id())) throw new IllegalArgumentException("configuration " + c.id() + " is listed twice");
        }
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        if (!(lr > 0) || !Float.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (warmupSteps < 0) throw new IllegalArgumentException("--warmup-steps must be 0 or more, got " + warmupSteps);
    }

    /** The learning rate as the results file writes it: "0.001". */
    public String lrCell() { return CsvNumber.format(lr); }
}
