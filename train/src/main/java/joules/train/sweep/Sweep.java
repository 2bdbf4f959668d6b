package joules.train.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import joules.audio.FeatureSet;
import joules.energy.ComponentEnergy;
import joules.energy.EnergyMeter;
import joules.energy.Measurement;
import joules.energy.PowerSample;
import joules.layers.Model;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.layers.cost.CostTable;
import joules.results.CodeCarbonWriter;
import joules.results.Column;
import joules.results.OutputException;
import joules.results.OutputFiles;
import joules.results.PowerTrace;
import joules.results.ResultRow;
import joules.results.ResultsFile;
import joules.results.RunStatus;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.tensor.cpu.CpuBackend;
import joules.train.EpochResult;
import joules.train.NonFiniteLossException;
import joules.train.Trainer;
import joules.train.TrainingData;
import joules.train.TrainingListener;
import joules.train.TrainingResult;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;

/**
 * The main job: trains each configuration of a sweep on one device while an {@link EnergyMeter}
 * measures, and appends one row per configuration to a results file.
 *
 * <p>Before anything is trained, a GPU sweep checks that its meter measures the GPU (issue 5: a GPU run
 * without GPU energy is refused), and the idle baseline is measured with the device open and the data
 * uploaded, as it sits between training steps. Per configuration: a fresh backend (so its peak memory is
 * this model's), the data uploaded, the model built from the seed, a few unmeasured warm-up steps, then
 * the whole training run measured; the power trace is written, then the row (and, with {@link #codeCarbon},
 * the CodeCarbon file, kept in step with every row). A configuration that fails (out of memory, NaN loss, any
 * exception) gets a row with its status and error, and the sweep goes on; so does one that trained but has no
 * figure for its headline energy (status no_energy). An output that cannot be written (a full disk) is not a
 * failure of the configuration: the sweep stops at once with an {@link OutputException}, and the
 * configuration, without a row, is trained again when the command is run again.
 *
 * <p>Resuming: a configuration that the results file already holds for this hardware is skipped
 * (unless {@code force}, or {@code retryFailed} for failed ones), so rerunning an interrupted command
 * finishes the work. {@link #interrupt} (a Ctrl-C shutdown hook) guarantees that no row is written after
 * it returns; the row of the configuration in progress is never written half.
 *
 * <p>One sweep per results file: {@link #open} takes the file's lock ({@link ResultsFile#openForAppend}) and {@link #close}
 * or {@link #interrupt} releases it (so does the end of the process, however it ends); a second sweep on the
 * same file, in another process or in this one, is refused at {@link #open}.
 */
public final class Sweep implements AutoCloseable {

    /** Builds a model; {@link Zoo#build} outside tests. */
    @FunctionalInterface
    public interface ModelFactory {
        Model build(ModelConfig config, Backend backend, long seed, int maxBatch);
    }

    /** The configurations of this shard that this run will train, and those the file already holds. */
    public record Plan(List<ModelConfig> toRun, List<String> doneOk, List<String> doneFailed) {}

    /** What a run did. */
    public record Summary(int trained, int failed, int skipped, boolean interrupted) {}

    private final SweepOptions options;
    private final String hardware;
    private final String device;
    private final ResultsFile results;
    private final EnergyMeter meter;
    private final List<ModelConfig> selected;
    private final Object writeLock = new Object();
    private ModelFactory factory = Zoo::build;
    private Path codeCarbonFile;
    private CodeCarbonWriter.Machine machine;
    private volatile boolean stopping;
    private volatile String inProgress;
    private int written;

    private Sweep(SweepOptions options, String hardware, String device, ResultsFile results, EnergyMeter meter) {
        this.options = options;
        this.hardware = hardware;
        this.device = device;
        this.results = results;
        this.meter = meter;
        this.selected = options.shard().select(options.configs());
    }

    /**
     * Checks what can be checked before any data is loaded or any training starts: the device opens,
     * the results file is writable, no other joules run is writing it, and it has this version's columns (or
     * an earlier version's, which it is brought up to), the power-trace folder can be made, and on a GPU the
     * energy meter measures that GPU. The meter and the results file's lock stay open until {@link #close}.
     *
     * @throws IllegalArgumentException with one line for people when any of these fails
     */
    public static Sweep open(SweepOptions options) throws InterruptedException {
        int configs = options.configs().size();
        if (options.shard().select(options.configs()).isEmpty()) {
            throw new IllegalArgumentException("--shard " + options.shard() + " selects no configuration: the sweep has " + configs
                    + ", and shards " + configs + "/" + options.shard().count() + " and later have none; use at most "
                    + configs + " shards (--shard I/" + configs + ")");
        }
        String hardware;
        String device;
        try (Backend b = Backends.open(options.device())) {
            hardware = b.hardware();
            device = b.name();
        }
        EnergyMeter meter = new EnergyMeter(options.meter());
        ResultsFile results = null;
        try {
            if (isGpu(device)) requireGpuEnergy(meter, device);
            results = ResultsFile.openForAppend(options.out());
            Path traces = PowerTrace.folderFor(options.out());
            try {
                Files.createDirectories(traces);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot create the power-trace folder " + traces + ": " + OutputFiles.describe(e));
            }
        } catch (RuntimeException | InterruptedException e) {
            if (results != null) results.close();
            meter.close();
            throw e;
        }
        return new Sweep(options, hardware, device, results, meter);
    }

    private static boolean isGpu(String device) {
        return !device.equals("cpu");
    }

    /**
     * Refuses a GPU sweep whose meter cannot measure the GPU (no NVML, a GPU NVML does not know, no
     * energy field, reads that fail): an empty probe measurement (a start and a stop, two samples and
     * the counters) must give a GPU figure. Issue 5: a GPU was requested, so the run stops here.
     *
     * @throws IllegalArgumentException one line: the device and why its energy is unavailable
     */
    static void requireGpuEnergy(EnergyMeter meter, String device) throws InterruptedException {
        meter.start();
        Measurement probe = meter.stop();
        if (probe.gpu().available()) return;
        throw new IllegalArgumentException("GPU energy is unavailable for " + device + ": " + whyUnavailable(probe, probe.gpu())
                + "; give --meter-gpu with the GPU's NVML index or UUID, or train with --device cpu");
    }

    /** Why a component has no figure: the meter's reason or sensor, then its notes and errors for that component. */
    static String whyUnavailable(Measurement m, ComponentEnergy c) {
        List<String> why = new ArrayList<>();
        why.add(c.sensor());
        String prefix = c.component() + ": ";
        for (String n : m.notes()) if (n.startsWith(prefix)) why.add(n);
        for (String e : m.errors()) if (e.startsWith(prefix)) why.add(e);
        return String.join("; ", why);
    }

    /**
     * Keeps a CodeCarbon emissions.csv of this hardware's finished runs in step with the results file: rewritten
     * whole, atomically, after every row ({@link CodeCarbonWriter#write}).
     */
    public Sweep codeCarbon(Path file, CodeCarbonWriter.Machine machine) {
        this.codeCarbonFile = file;
        this.machine = machine;
        return this;
    }

    /** Rewrites the CodeCarbon file from the results file, when there is one; returns its rows (-1: none). */
    public int writeCodeCarbon() {
        if (codeCarbonFile == null) return -1;
        return CodeCarbonWriter.write(codeCarbonFile, results.rows(), hardware, machine);
    }

    /** Replaces the model builder (tests make one configuration fail this way). */
    public Sweep modelFactory(ModelFactory f) {
        this.factory = f;
        return this;
    }

    public String hardware() { return hardware; }
    public String device() { return device; }
    public ResultsFile results() { return results; }

    /** This shard's configurations, in sweep order. */
    public List<ModelConfig> selected() { return selected; }

    /** Which configurations this run trains, given what the results file holds for this hardware. */
    public Plan plan() {
        List<ModelConfig> toRun = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ModelConfig c : selected) {
            Optional<ResultRow> done = results.find(key(c));
            boolean redo = done.isEmpty() || options.force()
                    || (options.retryFailed() && done.get().status() != RunStatus.OK);
            if (redo) toRun.add(c);
            else if (done.get().status() == RunStatus.OK) ok.add(c.id());
            else failed.add(c.id());
        }
        return new Plan(toRun, ok, failed);
    }

    private String key(ModelConfig c) {
        return new ResultRow().set(Column.ID, c.id()).set(Column.HARDWARE, hardware).key();
    }

    /**
     * Trains every configuration of the plan on {@code data}.
     *
     * @param dataLabel "synthetic", or "desed:" and a hash of the labels file: recorded in every row
     * @throws IllegalArgumentException before training anything, when the results file holds rows
     *         trained with other settings
     */
    public Summary run(FeatureSet data, String dataLabel, SweepListener listener) throws InterruptedException {
        checkSettings(data.size(), dataLabel);
        if (results.tornBytes() > 0) {
            listener.onNotice("repaired " + options.out() + ": removed a torn last line of " + results.tornBytes()
                    + " bytes (an interrupted write)");
        }
        if (results.notLockedBecause() != null) {
            listener.onNotice("warning: " + options.out() + " is not locked against a second joules run on it ("
                    + results.notLockedBecause() + ")");
        }
        if (!results.missingColumns().isEmpty()) {
            listener.onNotice("added the column(s) " + String.join(", ", Column.headers(results.missingColumns())) + " to "
                    + options.out() + " (written by an earlier version); empty in its " + results.lines().size() + " earlier row(s)");
        }
        Plan plan = plan();
        int skipped = plan.doneOk().size() + plan.doneFailed().size();
        if (skipped > 0) {
            listener.onNotice("skipping " + skipped + " configuration(s) already in " + options.out() + " for " + hardware
                    + (plan.doneFailed().isEmpty() ? "" : " (" + plan.doneFailed().size() + " failed: "
                    + String.join(", ", plan.doneFailed()) + "; --retry-failed trains them again)")
                    + "; --force trains all again");
        }
        if (plan.toRun().isEmpty()) return new Summary(0, 0, skipped, false);

        int trained = 0;
        int failed = 0;
        for (String line : meter.describe()) listener.onNotice("energy " + line);
        if (options.meter().idleSeconds() > 0) measureIdle(data, listener);
        List<ModelConfig> todo = plan.toRun();
        for (int i = 0; i < todo.size() && !stopping; i++) {
            ModelConfig c = todo.get(i);
            inProgress = c.id();
            ResultRow row = settingsRow(data.size(), dataLabel);
            long trainFlops = describe(c, row, data.size());
            listener.onConfigStart(i + 1, todo.size(), c, trainFlops);
            List<PowerSample> trace;
            try {
                trace = trainOne(c, data, row, listener);
            } catch (Interrupted e) {
                break;
            }
            if (!record(row, trace)) break;
            if (row.status() == RunStatus.OK) trained++;
            else failed++;
            listener.onConfigDone(i + 1, todo.size(), row);
        }
        inProgress = null;
        return new Summary(trained, failed, skipped, stopping);
    }

    /**
     * The idle baseline, measured with the device open and the data uploaded but nothing running: the
     * state of the device between training steps. A GPU without a context can drop to a lower power
     * state than it has during training, which would inflate every "energy above idle".
     */
    private void measureIdle(FeatureSet data, SweepListener listener) throws InterruptedException {
        listener.onNotice(String.format(Locale.ROOT, "measuring idle power for %.1f s with %s open (keep the machine quiet)",
                options.meter().idleSeconds(), device));
        try (Backend backend = Backends.open(options.device())) {
            TrainingData.upload(data, backend);
            backend.synchronize();
            meter.measureIdle();
        }
    }

    /**
     * Trains one configuration and fills its row; failures go into the row, not out as exceptions. Returns the
     * power trace of the measured run (empty when it failed before).
     */
    private List<PowerSample> trainOne(ModelConfig c, FeatureSet data, ResultRow row, SweepListener listener) {
        long t0 = System.nanoTime();
        List<PowerSample> trace = List.of();
        row.set(Column.STARTED_AT, Instant.ofEpochMilli(System.currentTimeMillis()).toString());   // a failed run's interval starts here
        try (Backend backend = Backends.open(options.device())) {
            TrainingData onDevice = TrainingData.upload(data, backend);
            Model model = factory.build(c, backend, options.seed(), options.batchSize());
            try (Trainer trainer = new Trainer(model, onDevice, joules.tensor.AdamConfig.withLr(options.lr()),
                    options.batchSize(), options.seed())) {
                trace = trainAndMeasure(c, trainer, backend, row, listener);
            }
        } catch (Interrupted e) {
            throw e;
        } catch (NonFiniteLossException e) {
            fail(row, RunStatus.NON_FINITE_LOSS, e.getMessage(), t0);
        } catch (OutOfMemoryError e) {
            fail(row, RunStatus.OUT_OF_MEMORY, "Java heap: " + e.getMessage() + " (raise -Xmx through JOULES_JAVA_OPTS)", t0);
        } catch (Exception | StackOverflowError | LinkageError e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            boolean oom = msg.contains("out of memory") || msg.contains("out_of_memory");
            StackTraceElement[] at = e.getStackTrace();
            fail(row, oom ? RunStatus.OUT_OF_MEMORY : RunStatus.FAILED,
                    e + (at.length > 0 ? " at " + at[0] : ""), t0);
        }
        if (row.status() != RunStatus.OK) listener.onNotice(c.id() + " failed (" + row.get(Column.STATUS) + "): " + row.get(Column.ERROR));
        return trace;
    }

    /**
     * Warms up, then trains while the meter measures, and fills the row from the run and the measurement;
     * returns the measurement's power trace.
     */
    private List<PowerSample> trainAndMeasure(ModelConfig c, Trainer trainer, Backend backend, ResultRow row, SweepListener listener)
            throws InterruptedException {
        if (options.warmupSteps() > 0) trainer.warmUp(options.warmupSteps());
        row.set(Column.STEP_MODE, stepMode(device, trainer));
        TrainingListener stopCheck = new StopCheck(listener);
        meter.start();
        TrainingResult result;
        Measurement m;
        try {
            result = trainer.train(options.epochs(), stopCheck);
        } finally {
            m = meter.stop();
        }
        boolean onGpu = isGpu(device);
        row.set(Column.STEP_MODE, stepMode(device, trainer));          // a capture may have failed during the run
        if (onGpu && !trainer.stepsAsGraphs()) listener.onNotice(c.id() + ": steps ran as " + trainer.stepMode());
        fillMeasurement(row, m, onGpu);
        row.set(Column.STEPS, result.steps());
        row.set(Column.FINAL_LOSS, result.finalLoss(), 6);
        row.set(Column.PEAK_MEMORY_BYTES, backend.peakMemoryBytes());
        ComponentEnergy headline = onGpu ? m.gpu() : m.cpu();
        if (headline.available()) {
            row.set(Column.STATUS, RunStatus.OK.cell());
        } else {                              // trained, but energy_j is empty: not a result to analyse
            row.set(Column.STATUS, RunStatus.NO_ENERGY.cell());
            row.set(Column.ERROR, "no " + headline.component() + " energy figure: " + whyUnavailable(m, headline));
        }
        for (String e : m.errors()) listener.onNotice(c.id() + ": energy sensor error: " + e);
        return m.trace();
    }

    /**
     * The step_mode cell: on a GPU "cuda-graph" (steps replayed as CUDA graphs) or "plain" (one launch per
     * operation; the reason goes to the log); on the CPU "cpu-vector" or "cpu-scalar": the Vector API kernels
     * ({@link CpuBackend#vectorKernels()}), or the auto-vectorised loops of a JVM started without
     * {@code --add-modules jdk.incubator.vector}.
     */
    static String stepMode(String device, Trainer trainer) {
        if (!isGpu(device)) return CpuBackend.vectorKernels() ? "cpu-vector" : "cpu-scalar";
        return trainer.stepsAsGraphs() ? "cuda-graph" : "plain";
    }

    private void fail(ResultRow row, RunStatus status, String error, long t0) {
        row.set(Column.STATUS, status.cell());
        row.set(Column.ERROR, error);
        row.set(Column.DURATION_S, (System.nanoTime() - t0) * 1e-9, 3);
    }

    /**
     * The energy columns: energy_j is the GPU's on a GPU, the CPU's on the CPU. started_at becomes the
     * measured run's start, so that started_at + duration_s is the measured interval.
     */
    private static void fillMeasurement(ResultRow row, Measurement m, boolean onGpu) {
        ComponentEnergy headline = onGpu ? m.gpu() : m.cpu();
        row.set(Column.STARTED_AT, Instant.ofEpochMilli(m.startEpochMillis()).toString());
        row.set(Column.DURATION_S, m.durationSeconds(), 3);
        row.set(Column.ENERGY_J, headline.joules(), 4);
        row.set(Column.ENERGY_SOURCE, headline.source().label());
        row.set(Column.GPU_ENERGY_COUNTER_J, m.gpu().counterJoules(), 4);
        row.set(Column.GPU_ENERGY_SAMPLED_J, m.gpu().sampledJoules(), 4);
        row.set(Column.IDLE_POWER_W, headline.idleWatts(), 3);
        row.set(Column.ENERGY_ABOVE_IDLE_J, headline.aboveIdleJoules(), 4);
        row.set(Column.CPU_ENERGY_J, m.cpu().joules(), 4);
        row.set(Column.CPU_ENERGY_SOURCE, m.cpu().source().label());
        row.set(Column.RAM_ENERGY_J, m.ram().joules(), 4);
        row.set(Column.RAM_ENERGY_SOURCE, m.ram().source().label());
        row.set(Column.CARBON_G, m.carbonGrams(), 6);
        row.set(Column.METER_ERRORS, String.join("; ", m.errors()));
    }

    /** Fills the columns known before training (FLOPs, MACs, parameters) and returns the run's training FLOPs. */
    private long describe(ModelConfig c, ResultRow row, int samples) {
        row.set(Column.ID, c.id()).set(Column.FAMILY, c.family().label());
        try {
            Cost perClip = Zoo.costs(c, Convention.DEEPSPEED, 1).total();
            long trainFlops = CostTable.trainingRunFlops(Zoo.network(c), Zoo.SAMPLE_SHAPE, samples,
                    options.batchSize(), options.epochs());
            row.set(Column.FLOPS, perClip.flops()).set(Column.MACS, perClip.macs()).set(Column.PARAMS, perClip.params());
            row.set(Column.TRAIN_FLOPS, trainFlops);
            return trainFlops;
        } catch (RuntimeException e) {
            return 0;   // the build fails the same way in trainOne, and is recorded there
        }
    }

    /** A row holding this run's identity and settings. */
    private ResultRow settingsRow(int samples, String dataLabel) {
        return new ResultRow()
                .set(Column.HARDWARE, hardware).set(Column.DEVICE, device)
                .set(Column.EPOCHS, options.epochs()).set(Column.BATCH_SIZE, options.batchSize())
                .set(Column.LR, options.lrCell()).set(Column.SEED, options.seed())
                .set(Column.SAMPLES, samples).set(Column.DATA, dataLabel)
                .set(Column.ENGINE_VERSION, options.engineVersion());
    }

    /**
     * Writes a finished configuration unless the sweep is being interrupted: its power trace, then its row, then
     * the CodeCarbon file; false when nothing was written.
     *
     * @throws OutputException when one of them cannot be written; the row is not written after a trace that failed
     */
    private boolean record(ResultRow row, List<PowerSample> trace) {
        synchronized (writeLock) {
            if (stopping) return false;
            boolean hadRow = results.find(row.key()).isPresent();
            try {
                if (!trace.isEmpty()) {
                    List<PowerTrace.Tick> ticks = new ArrayList<>(trace.size());
                    for (PowerSample s : trace) ticks.add(new PowerTrace.Tick(s.tSeconds(), s.gpuWatts(), s.cpuWatts(), s.ramWatts()));
                    PowerTrace.write(options.out(), row.id(), ticks, isGpu(device));
                }
                results.record(row);
            } catch (OutputException e) {
                throw new OutputException(e, "; " + row.id() + (hadRow ? " keeps its earlier row" : " has no row")
                        + ", and running the same command again trains it again");
            }
            written++;
            try {
                writeCodeCarbon();
            } catch (OutputException e) {
                throw new OutputException(e, "; " + row.id() + " is recorded in " + options.out()
                        + ", and running the same command again writes the CodeCarbon file");
            }
            return true;
        }
    }

    /**
     * Stops the sweep: no row is written after this returns (a row being written completes first), and the
     * results file is closed, its lock released. Returns a line for people saying what was kept and how to
     * resume. Safe from a shutdown hook.
     */
    public String interrupt() {
        synchronized (writeLock) {
            stopping = true;
            results.close();
            String current = inProgress;
            return "interrupted: " + written + " configuration(s) of this run are recorded in " + options.out()
                    + (current == null ? "" : "; " + current + " was not finished and has no row")
                    + "; run the same command again to resume";
        }
    }

    public boolean interrupted() { return stopping; }

    /** Closes the results file and the energy meter (releasing NVML). */
    @Override
    public void close() {
        try {
            meter.close();
        } finally {
            results.close();
        }
    }

    /** Thrown out of the training loop when the sweep is interrupted. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() { super("sweep interrupted", null, false, false); }
    }

    /** Passes training events on, and stops the training loop once the sweep is interrupted. */
    private final class StopCheck implements TrainingListener {
        private final TrainingListener next;

        StopCheck(TrainingListener next) { this.next = next; }

        @Override
        public void onStep(int epoch, int epochs, int step, int stepsPerEpoch, float recentLoss) {
            if (stopping) throw new Interrupted();
            next.onStep(epoch, epochs, step, stepsPerEpoch, recentLoss);
        }

        @Override
        public void onEpoch(EpochResult result) { next.onEpoch(result); }
    }

    /**
     * Checks that the results file holds only rows of these settings (a file is one experiment).
     *
     * @param samples the training set's size, or null while it is not known yet (not compared then)
     * @throws IllegalArgumentException naming the line and the setting that differs
     */
    public void checkSettings(Integer samples, String dataLabel) {
        Map<Column, String> settings = settingsRow(samples == null ? 0 : samples, dataLabel).settings();
        if (samples == null) settings.remove(Column.SAMPLES);
        results.requireSettings(settings, "rerun with that file's settings, or choose another --out");
    }
}
