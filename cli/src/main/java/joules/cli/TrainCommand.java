package joules.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.train.EpochResult;
import joules.train.Evaluation;
import joules.train.LossScale;
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
        description = {"Train one model on the synthetic set and print, per epoch, the training loss and the loss "
                + "and accuracy on held-out clips. No energy measurement and no results file: see 'joules run'.",
                "",
                "The loss is the mean binary cross-entropy per (clip, class) label: ln 2 = 0.693 is chance, and the "
                + "command prints what a guess that ignores the audio scores. The study's features are linear mel "
                + "magnitudes (not log-mel), so the first Adam steps swing the logits far: losses above 1, even in the "
                + "tens, are expected in the first epoch (docs/training-step.md, \"The scale of the loss\")."},
        footer = {"", "Example:", "  joules train --config cnn-L1-H128 --epochs 3 --samples 256"})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "ID", description = "configuration id (joules models lists them)")
    String config;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1578", description = "synthetic clips to train on (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--validation", paramLabel = "N", description = "clips held out of training, scored after every epoch: the "
            + "synthetic clips after the training ones (default: a tenth of --samples, at least 1; 0: none)")
    Integer validation;

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
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        if (!(lr > 0) || !Float.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        int heldOut = validation != null ? validation : Math.max(1, Math.round(samples / 10f));
        if (heldOut < 0) throw new IllegalArgumentException("--validation must be 0 or more, got " + heldOut);
        RunCommand.requireMemoryFor("--samples", samples);
        if (heldOut > 0) {
            RunCommand.requireMemoryFor("--samples " + samples + " plus --validation " + heldOut + ": in all", (long) samples + heldOut);
        }
        Progress progress = Progress.onConsole();
        String dev = device != null ? device : RunCommand.defaultDevice(progress::line);
        try (Backend backend = Backends.open(dev)) {
            progress.line("generating " + samples + " synthetic clips" + (heldOut > 0 ? " and " + heldOut + " held out" : "")
                    + " (seed " + seed + ")");
            FeatureSet all;
            try {
                all = SyntheticDesed.generate(samples + heldOut, seed);     // clip i depends on (seed, i) only
            } catch (OutOfMemoryError e) {
                throw RunCommand.outOfMemory(samples + heldOut);
            }
            FeatureSet set = all.range(0, samples);
            TrainingData validationData = heldOut > 0 ? TrainingData.upload(all.range(samples, samples + heldOut), backend) : null;
            Model model = Zoo.build(c, backend, seed, batchSize);
            try (Trainer trainer = new Trainer(model, TrainingData.upload(set, backend), AdamConfig.withLr(lr), batchSize, seed)) {
                progress.line(String.format(Locale.ROOT, "training %s (%,d parameters) on %s (%s): %d epoch(s) of %d steps",
                        c.id(), model.parameterCount(), backend.name(), backend.hardware(), epochs, trainer.stepsPerEpoch()));
                lossScale(LossScale.of(set)).forEach(progress::line);
                EpochLog log = new EpochLog(progress, model, validationData);
                TrainingResult r;
                try {
                    r = trainer.train(epochs, log);
                } catch (NonFiniteLossException e) {
                    progress.clearStatus();
                    System.err.println("joules train: " + c.id() + ": " + e.getMessage() + " (try a smaller --lr)");
                    return 1;
                }
                System.out.printf(Locale.ROOT, "trained %s: %d steps in %.2f s, final loss %.6f%s%n", c.id(), r.steps(),
                        r.seconds() - log.evaluationSeconds, r.finalLoss(),
                        log.last == null ? "" : ", " + heldOutText(log.last) + " (" + log.last.clips() + " clips)");
                return 0;
            }
        }
    }

    /** The lines that say what the loss means on this training set, printed before the first epoch. */
    static List<String> lossScale(LossScale s) {
        return List.of(
                String.format(Locale.ROOT, "loss: mean binary cross-entropy per label; chance (every logit 0) is ln 2 = %.3f, "
                        + "each class's frequency alone %.3f, and calling every class absent gets %.1f %% of labels right",
                        s.chanceLoss(), s.frequencyLoss(), 100 * s.allAbsentAccuracy()),
                String.format(Locale.ROOT, "the study's features are linear mel magnitudes (mean %.1f, max %.0f here), not log-mel: "
                        + "the first Adam steps swing the logits far, so losses above 1, even tens, are expected early "
                        + "(docs/training-step.md, \"The scale of the loss\")", s.featureMean(), s.featureMax()));
    }

    static String heldOutText(Evaluation e) {
        return String.format(Locale.ROOT, "held-out loss %.6f  accuracy %.1f %% of labels, %.1f %% of clips",
                e.loss(), 100 * e.labelAccuracy(), 100 * e.clipAccuracy());
    }

    /**
     * The status line "epoch 2/10 step 40/198 loss 0.4512" while training (redrawn at most ten times a second:
     * the text is made only for a redraw, not on every step) and one line per epoch on standard output.
     */
    static final class EpochLog implements TrainingListener {
        private final Progress progress;
        private final Model model;
        private final TrainingData heldOut;        // null: no held-out clips
        /** Time spent scoring the held-out clips, which the trainer's clock counts as part of the run. */
        double evaluationSeconds;
        /** The latest held-out score, null before the first epoch or without held-out clips. */
        Evaluation last;

        EpochLog(Progress progress, Model model, TrainingData heldOut) {
            this.progress = progress;
            this.model = model;
            this.heldOut = heldOut;
        }

        @Override
        public void onStep(int epoch, int total, int step, int steps, float loss) {
            double f = ((epoch - 1) + (double) step / steps) / total;      // fraction of the run done
            if (progress.statusDue(f)) progress.status(text(epoch, total, step, steps, loss), f);
        }

        static String text(int epoch, int total, int step, int steps, float loss) {
            return String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %s", epoch, total, step, steps,
                    Float.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss));
        }

        /** "epoch 2  loss 0.412345  3.10 s", then the held-out scores when there are held-out clips. */
        @Override
        public void onEpoch(EpochResult e) {
            String line = String.format(Locale.ROOT, "epoch %d  loss %.6f  %.2f s", e.epoch(), e.meanLoss(), e.seconds());
            if (heldOut != null) {
                long t0 = System.nanoTime();
                last = Evaluation.of(model, heldOut);
                evaluationSeconds += (System.nanoTime() - t0) * 1e-9;
                line += "  " + heldOutText(last);
            }
            progress.clearStatus();
            System.out.println(line);
        }
    }
}
