package joules.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import joules.audio.DesedLoader;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.energy.MeterOptions;
import joules.layers.cost.CostTable;
import joules.results.CodeCarbonWriter;
import joules.results.Column;
import joules.results.OutputFiles;
import joules.results.PowerTrace;
import joules.results.ResultRow;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.train.EpochResult;
import joules.train.sweep.Preset;
import joules.train.sweep.Shard;
import joules.train.sweep.Sweep;
import joules.train.sweep.SweepListener;
import joules.train.sweep.SweepOptions;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the study's models and measure each one's energy (the main job).",
                "Appends one row per configuration to the results file (CSV) and writes each run's power trace "
                        + "to <out>.power/<id>.csv. Rerunning the same command resumes: configurations already "
                        + "in the file for this hardware are skipped."},
        footer = {"", "Examples:",
                "  joules run --preset quick       # one small model per family, about a minute",
                "  joules run --device cuda:0 --data DESED/audio --labels DESED/weak.tsv \\",
                "      --out runs/a40.csv",
                "  joules run --shard 0/4 --out runs/part0.csv",
                "                                  # one of four shards (scripts/slurm-sweep.sh)"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "cpu or cuda:N (default: the first GPU when there is one, else the CPU)")
    String device;

    @Option(names = "--configs", paramLabel = "ID,...", split = ",",
            description = "configuration ids to run, in this order (joules models lists them)")
    List<String> configIds;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "paper: all 43, 10 epochs, the full training set (default); quick: one small model per family, 1 epoch, 64 clips")
    String preset;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs per configuration (default: the preset's, 10 for paper)")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8", description = "clips per step (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seeds the weights, the shuffles and the synthetic clips (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "folder of DESED's weak training clips (default: a synthetic set)")
    Path data;

    @Option(names = "--labels", paramLabel = "TSV", description = "DESED's weak labels (filename, event_labels); needed with --data")
    Path labels;

    @Option(names = "--samples", paramLabel = "N",
            description = "train on the first N clips (default: the preset's; 1578 synthetic clips for paper)")
    Integer samples;

    @Option(names = "--out", paramLabel = "FILE.csv", defaultValue = "runs/results.csv",
            description = "results file, created or appended to (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only configurations whose index mod N is I (0-based)")
    String shard;

    @Option(names = "--force", description = "train again configurations the results file already has")
    boolean force;

    @Option(names = "--retry-failed", description = "train again configurations whose recorded run failed")
    boolean retryFailed;

    @Option(names = "--warmup-steps", paramLabel = "N", defaultValue = "2",
            description = "unmeasured training steps before each measured run, plus up to two of the epoch's last, "
                    + "smaller batch when there is one (default: ${DEFAULT-VALUE})")
    int warmupSteps;

    @Option(names = "--sample-ms", paramLabel = "MS", defaultValue = "100", description = "power sampling period in ms (default: ${DEFAULT-VALUE})")
    int sampleMs;

    @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "5",
            description = "idle power baseline, measured before the first configuration with the device open and "
                    + "the data uploaded; 0 to skip (default: ${DEFAULT-VALUE})")
    double idleSeconds;

    @Option(names = "--cpu-tdp", paramLabel = "W", description = "full-load power of the CPUs, for the CPU energy estimate")
    Double cpuTdp;

    @Option(names = "--carbon-intensity", paramLabel = "G", description = "g CO2e per kWh, for the carbon column")
    Double carbonIntensity;

    @Option(names = "--codecarbon-csv", paramLabel = "FILE",
            description = "also write this hardware's finished runs as CodeCarbon's emissions.csv (docs/codecarbon.md)")
    Path codecarbonCsv;

    @Option(names = "--meter-gpu", paramLabel = "INDEX|UUID",
            description = "the GPU NVML should measure (default: the index of --device; give the UUID where CUDA and NVML number GPUs differently)")
    String meterGpu;

    @Override
    public Integer call() throws Exception {
        Progress progress = Progress.onConsole();
        // ---- everything that can be wrong with the input is checked before any data or training ----
        Preset p = preset == null ? Preset.PAPER : Preset.parse(preset);
        if (preset != null && configIds != null) throw new IllegalArgumentException("give --configs or --preset, not both");
        List<ModelConfig> configs = configIds == null ? p.configs() : configIds.stream().map(String::trim).map(Zoo::config).toList();
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        if ((data == null) != (labels == null)) throw new IllegalArgumentException("--data and --labels go together: give both or neither");
        if (samples != null && samples < 1) throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        if (data == null) requireMemoryFor("--samples", samples != null ? samples : p.samples);
        OutputFiles.target("the results file", out);            // a folder, a device, a FIFO: refused before any work
        if (codecarbonCsv != null) {
            Path target = OutputFiles.requireWritableFile("--codecarbon-csv", codecarbonCsv);
            if (target.equals(OutputFiles.target("--out", out))) {
                throw new IllegalArgumentException("--codecarbon-csv " + codecarbonCsv + " is the results file itself; give it a name of its own");
            }
        }
        String dev = device != null ? device : defaultDevice(progress::line);
        MeterOptions meter = meterOptions(dev);
        int clips = samples != null ? samples : p.samples;
        SweepOptions options = new SweepOptions(configs, part, dev, epochs != null ? epochs : p.epochs, batchSize, lr, seed,
                warmupSteps, out, force, retryFailed, meter, Version.engineVersion());

        String dataLabel = data == null ? "synthetic" : "desed:" + DesedLoader.labelsSha256(labels).substring(0, 12);
        try (Sweep sweep = Sweep.open(options)) {
            if (codecarbonCsv != null) sweep.codeCarbon(codecarbonCsv, CodeCarbonWriter.Machine.current());
            sweep.checkSettings(data == null ? Integer.valueOf(clips) : null, dataLabel);
            Sweep.Plan plan = sweep.plan();
            progress.line("joules run: " + sweep.selected().size() + " configuration(s)" + (part.count() > 1 ? " in shard " + part : "")
                    + " on " + sweep.device() + " (" + sweep.hardware() + "), " + plan.toRun().size() + " to train, "
                    + options.epochs() + " epoch(s), batch " + batchSize + " -> " + out);
            if (plan.toRun().isEmpty()) {
                progress.line("nothing to do: every configuration" + (part.count() > 1 ? " of shard " + part : "") + " is already in "
                        + out + " for " + sweep.hardware() + " (--force trains them again)");
                writeCodeCarbon(sweep, progress);
                return 0;
            }
            FeatureSet set;
            try {
                if (data == null) {
                    progress.line("generating " + clips + " synthetic clips (seed " + seed + ")");
                    set = SyntheticDesed.generate(clips, seed);
                } else {
                    set = new DesedLoader(data, labels).warnings(progress::line).load();
                    if (samples != null || preset != null && p != Preset.PAPER) set = set.subset(Math.min(clips, set.size()));
                    progress.line("loaded " + set.size() + " DESED clips from " + data);
                }
            } catch (OutOfMemoryError e) {
                throw outOfMemory(clips);
            }
            Listener listener = new Listener(progress, plan.toRun(), set.size(), batchSize, options.epochs());
            Thread hook = new Thread(() -> {
                progress.clearStatus();
                System.err.println("joules run: " + sweep.interrupt());
            }, "joules-run-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            Sweep.Summary s;
            try {
                s = sweep.run(set, dataLabel, listener);
            } finally {
                if (!sweep.interrupted()) Runtime.getRuntime().removeShutdownHook(hook);
            }
            progress.clearStatus();
            progress.line(String.format(Locale.ROOT, "done in %s: %d trained, %d failed, %d skipped -> %s (power traces in %s)",
                    Progress.duration(progress.elapsedSeconds()), s.trained(), s.failed(), s.skipped(), out,
                    PowerTrace.folderFor(out)));
            writeCodeCarbon(sweep, progress);
            if (s.failed() > 0) {
                progress.line(s.failed() + " configuration(s) failed: see the status and error columns of " + out
                        + " (--retry-failed trains them again)");
                return 1;
            }
            return 0;
        }
    }

    /** With --codecarbon-csv: this hardware's finished runs of the results file, in CodeCarbon's layout (the sweep keeps it in step). */
    private void writeCodeCarbon(Sweep sweep, Progress progress) {
        int n = sweep.writeCodeCarbon();
        if (n >= 0) progress.line(n + " run(s) on " + sweep.hardware() + " in CodeCarbon's layout -> " + codecarbonCsv);
    }

    /**
     * Refuses, before anything is generated, a number of clips whose features cannot be held: more than one Java
     * array takes, or (held twice while training: the set and the backend's copy) more than this JVM's heap.
     */
    static void requireMemoryFor(String option, long clips) {
        if (clips > FeatureSet.MAX_CLIPS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d: a training set holds at most %,d clips"
                    + " (%d floats each in one Java array)", option, clips, FeatureSet.MAX_CLIPS, FeatureSet.CLIP_FLOATS));
        }
        long need = 2 * FeatureSet.bytes(clips);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d needs about %s GB of memory for its features"
                    + " (%d clips x %d KiB, held twice while training), more than the %s GB this Java may use; use fewer clips,"
                    + " or give Java more memory (JOULES_JAVA_OPTS=-Xmx%dg)", option, clips, gigabytes(need), clips,
                    FeatureSet.bytes(1) >> 10, gigabytes(max), (long) Math.ceil(need * 1.5 / (1L << 30))));
        }
    }

    /** Bad input, not a crash: the training set asked for does not fit this Java's heap. */
    static IllegalArgumentException outOfMemory(long clips) {
        return new IllegalArgumentException("out of memory while making the features of the training set (" + clips
                + " clips, about " + gigabytes(FeatureSet.bytes(clips)) + " GB); use fewer --samples, or give Java more memory"
                + " (JOULES_JAVA_OPTS=-Xmx16g)");
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
    }

    /** The first GPU when a backend can open one, else the CPU, saying so in one line. */
    static String defaultDevice(java.util.function.Consumer<String> notice) {
        try (Backend b = Backends.open("cuda:0")) {
            return b.name();
        } catch (IllegalArgumentException e) {
            notice.accept("no GPU available (" + e.getMessage() + "); training on the CPU");
            return "cpu";
        }
    }

    private MeterOptions meterOptions(String dev) {
        MeterOptions defaults = MeterOptions.defaults();
        MeterOptions sampled = ErrorHandler.option("--sample-ms", () -> defaults.withSamplePeriodMs(sampleMs));
        MeterOptions m = ErrorHandler.option("--idle-seconds", () -> sampled.withIdleSeconds(idleSeconds));
        if (cpuTdp != null) {
            MeterOptions before = m;
            m = ErrorHandler.option("--cpu-tdp", () -> before.withCpuTdpWatts(cpuTdp));
        }
        if (carbonIntensity != null) {
            MeterOptions before = m;
            m = ErrorHandler.option("--carbon-intensity", () -> before.withCarbonGramsPerKwh(carbonIntensity));
        }
        String gpu = meterGpu;
        if (gpu == null && dev.startsWith("cuda")) gpu = dev.contains(":") ? dev.substring(dev.indexOf(':') + 1) : "0";
        return gpu == null ? m : m.withGpu(gpu);
    }

    /**
     * Progress of the sweep: on a terminal a status line "[2/4] cnn-L1-H128 epoch 1/10 step 40/198 loss 0.4512"
     * with an ETA from the training FLOPs done so far; otherwise one line per epoch and configuration.
     */
    static final class Listener implements SweepListener {
        private final Progress progress;
        private final int clips;
        private final int batch;
        private final int epochs;
        private final long totalFlops;
        private long doneFlops;
        private long currentFlops;
        private String current = "";
        private String position = "";
        private long lastPlainLine = System.nanoTime();

        Listener(Progress progress, List<ModelConfig> toRun, int clips, int batch, int epochs) {
            this.progress = progress;
            this.clips = clips;
            this.batch = batch;
            this.epochs = epochs;
            long total = 0;
            for (ModelConfig c : toRun) total += trainFlops(c);
            this.totalFlops = total;
        }

        private long trainFlops(ModelConfig c) {
            try {
                return CostTable.trainingRunFlops(Zoo.network(c), Zoo.SAMPLE_SHAPE, clips, batch, epochs);
            } catch (RuntimeException e) {
                return 0;
            }
        }

        @Override
        public void onNotice(String line) { progress.line(line); }

        @Override
        public void onConfigStart(int index, int count, ModelConfig config, long trainFlops) {
            current = config.id();
            position = "[" + index + "/" + count + "]";
            currentFlops = trainFlops;
            if (index == 1) progress.startWork();
            progress.line(position + " " + current + ": training (" + String.format(Locale.ROOT, "%.3g", (double) trainFlops) + " FLOPs)");
        }

        /** Called on every step: the text is made only when it is shown (a redraw, or a log line a minute). */
        @Override
        public void onStep(int epoch, int epochs, int step, int stepsPerEpoch, float recentLoss) {
            double within = ((epoch - 1) + (double) step / stepsPerEpoch) / epochs;
            double f = totalFlops == 0 ? 0 : (doneFlops + within * currentFlops) / totalFlops;
            if (progress.terminal()) {
                if (progress.statusDue(f)) progress.status(stepText(epoch, epochs, step, stepsPerEpoch, recentLoss), f);
            } else if (System.nanoTime() - lastPlainLine > 60_000_000_000L) {
                lastPlainLine = System.nanoTime();
                progress.line(stepText(epoch, epochs, step, stepsPerEpoch, recentLoss) + ", sweep ETA " + progress.eta(f));
            }
        }

        /** "[2/4] cnn-L1-H128 epoch 1/10 step 40/198 loss 0.4512" ("loss -" before the first read). */
        private String stepText(int epoch, int epochs, int step, int stepsPerEpoch, float recentLoss) {
            return String.format(Locale.ROOT, "%s %s epoch %d/%d step %d/%d loss %s", position, current, epoch, epochs,
                    step, stepsPerEpoch, Float.isNaN(recentLoss) ? "-" : String.format(Locale.ROOT, "%.4f", recentLoss));
        }

        @Override
        public void onEpoch(EpochResult r) {
            progress.line(String.format(Locale.ROOT, "%s %s epoch %d: mean loss %.6f, %s", position, current, r.epoch(),
                    r.meanLoss(), Progress.duration(r.seconds())));
        }

        @Override
        public void onConfigDone(int index, int count, ResultRow row) {
            doneFlops += currentFlops;
            lastPlainLine = System.nanoTime();
            String energy = row.get(Column.ENERGY_J).isEmpty() ? "no energy figure"
                    : row.get(Column.ENERGY_J) + " J (" + row.get(Column.ENERGY_SOURCE) + ")";
            progress.line(position + " " + row.id() + ": " + row.get(Column.STATUS) + ", " + row.get(Column.DURATION_S) + " s, "
                    + energy + (totalFlops > 0 && doneFlops < totalFlops ? ", sweep ETA " + progress.eta((double) doneFlops / totalFlops) : ""));
        }
    }
}
