package joules.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.train.EpochResult;
import joules.train.NonFiniteLossException;
import joules.train.Trainer;
import joules.train.TrainingData;
import joules.train.TrainingListener;
import joules.train.TrainingResult;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one model on the synthetic set and print the loss per epoch.",
                "No energy measurement and no results file: see 'joules run' for that."},
        footer = {"", "Example:", "  joules train --config cnn-L1-H128 --epochs 3 --samples 256"})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "ID", description = "configuration id (joules models lists them)")
    String config;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1578", description = "synthetic clips to train on (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "seeds the weights, the shuffles and the clips (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8", description = "clips per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--device", paramLabel = "DEVICE", description = "cpu or cuda:N (default: the first GPU when there is one, else the CPU)")
    String device;

    @Override
    public Integer call() {
        ModelConfig c = Zoo.config(config.trim());
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        if (samples < 1) throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        RunCommand.requireMemoryFor("--samples", samples);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        if (!(lr > 0) || !Float.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        Progress progress = Progress.onConsole();
        String dev = device != null ? device : RunCommand.defaultDevice(progress::line);
        try (Backend backend = Backends.open(dev)) {
            progress.line("generating " + samples + " synthetic clips (seed " + seed + ")");
            FeatureSet set;
            try {
                set = SyntheticDesed.generate(samples, seed);
            } catch (OutOfMemoryError e) {
                throw RunCommand.outOfMemory(samples);
            }
            Model model = Zoo.build(c, backend, seed, batchSize);
            try (Trainer trainer = new Trainer(model, TrainingData.upload(set, backend), AdamConfig.withLr(lr), batchSize, seed)) {
                progress.line(String.format(Locale.ROOT, "training %s (%,d parameters) on %s (%s): %d epoch(s) of %d steps",
                        c.id(), model.parameterCount(), backend.name(), backend.hardware(), epochs, trainer.stepsPerEpoch()));
                TrainingResult r;
                try {
                    r = trainer.train(epochs, new EpochLog(progress));
                } catch (NonFiniteLossException e) {
                    progress.clearStatus();
                    System.err.println("joules train: " + c.id() + ": " + e.getMessage() + " (try a smaller --lr)");
                    return 1;
                }
                System.out.printf(Locale.ROOT, "trained %s: %d steps in %.2f s, final loss %.6f%n", c.id(), r.steps(), r.seconds(), r.finalLoss());
                return 0;
            }
        }
    }

    /**
     * The status line "epoch 2/10 step 40/198 loss 0.4512" while training (redrawn at most ten times a second:
     * the text is made only for a redraw, not on every step) and one line per epoch on standard output.
     */
    static final class EpochLog implements TrainingListener {
        private final Progress progress;

        EpochLog(Progress progress) { this.progress = progress; }

        @Override
        public void onStep(int epoch, int total, int step, int steps, float loss) {
            double f = ((epoch - 1) + (double) step / steps) / total;      // fraction of the run done
            if (progress.statusDue(f)) progress.status(text(epoch, total, step, steps, loss), f);
        }

        static String text(int epoch, int total, int step, int steps, float loss) {
            return String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %s", epoch, total, step, steps,
                    Float.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss));
        }

        @Override
        public void onEpoch(EpochResult e) {
            progress.clearStatus();
            System.out.printf(Locale.ROOT, "epoch %d  loss %.6f  %.2f s%n", e.epoch(), e.meanLoss(), e.seconds());
        }
    }
}
