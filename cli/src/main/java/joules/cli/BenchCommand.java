package joules.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.energy.EnergyMeter;
import joules.energy.Measurement;
import joules.energy.MeterOptions;
import joules.layers.Model;
import joules.layers.cost.CostTable;
import joules.layers.cost.Hardware;
import joules.results.Csv;
import joules.results.CsvTable;
import joules.results.OutputFiles;
import joules.tensor.AdamConfig;
import joules.tensor.cpu.CpuBackend;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.tensor.Tensor;
import joules.train.HeapAllocation;
import joules.train.Trainer;
import joules.train.TrainingData;
import joules.train.sweep.Preset;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times training steps (forward, loss, backward, Adam) at the study's batch size and reports the
 * median step time, the FLOP/s that the exact {@code training} FLOP count implies, the backend's own
 * large-GEMM throughput for scale, the step's lower bound on this device ({@link StepBound}: its FLOPs at that
 * peak, the convolutions' at Winograd's count, plus its compulsory bytes at the measured copy bandwidth), the
 * energy per step where a sensor reads it,
 * and, with {@code --pytorch}, PyTorch's step time for the same models measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time training steps and report FLOP/s (and energy per step where a sensor reads it).",
                "With --pytorch, runs bench/pytorch_reference.py on the same machine in the same run and reports the speed-up."},
        footer = {"", "Examples:",
                "  joules bench --device cpu --configs mlp-L1-H512,cnn-L1-H128 --pytorch",
                "  joules bench --device cuda:0 --preset paper --steps 20 --format csv"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", description = "cpu or cuda:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--configs", paramLabel = "ID,...", split = ",", description = "configuration ids")
    List<String> configIds;

    @Option(names = "--preset", paramLabel = "NAME", description = "quick or paper (all 43) instead of --configs")
    String preset;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N", description = "timed steps per configuration (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "1", paramLabel = "S", description = "and untimed steps for at least"
            + " this long, so that the timed ones run compiled code: the JIT compiles the hot loops during the first second"
            + " or so of a model's steps (PyTorch warms up alike); on the CPU, then until a step allocates under 1 MB of"
            + " heap (code not compiled yet allocates; at most 20 s more) (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "B", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table or csv (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--pytorch", description = "also time PyTorch (bench/pytorch_reference.py) on the same device in this run:"
            + " each configuration in a Python process of its own, just before joules times it")
    boolean pytorch;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "the Python that has torch, for --pytorch (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--energy", description = "measure the energy of the timed steps (GPU: NVML; CPU: RAPL or an estimate)")
    boolean energy;

    @Option(names = "--energy-seconds", defaultValue = "2", paramLabel = "S",
            description = "with --energy: train at least this long while the meter runs, so that the sensor sees enough of it (default: ${DEFAULT-VALUE})")
    double energySeconds;

    @Option(names = "--layers", description = "also time each layer's forward and backward, the loss and Adam (the device "
            + "synchronised around each), next to each layer's exact FLOPs and bytes: where a step's time goes, the "
            + "GFLOP/s and GB/s each pass reaches and the fraction of this machine's roofline (measured: GEMM peak and "
            + "copy bandwidth) that it reaches")
    boolean layers;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "also write the CSV table to this file")
    Path out;

    @Override
    public Integer call() throws Exception {
        String fmt = Formats.parse(format);
        if (fmt.equals("json")) throw new IllegalArgumentException("bench writes table or csv, not json");
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be 0 or more, got " + warmup);
        requireSeconds("--warmup-seconds", warmupSeconds);
        if (batch < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batch);
        requireSeconds("--energy-seconds", energySeconds);
        List<ModelConfig> configs = selectConfigs();
        if (out != null) OutputFiles.requireWritableFile("--out", out);
        Path script = pytorch ? pytorchScript() : null;

        Progress progress = Progress.onConsole();
        List<String[]> rows = new ArrayList<>();
        String[] header = {"id", "device", "batch", "step_ms", "step_ms_min", "train_flops_per_step", "gflops",
                "gemm_peak_gflops", "energy_per_step_j", "energy_source", "pytorch_step_ms", "speedup_vs_pytorch",
                "copy_gbs", "bound_ms", "step_over_bound", "alloc_kb_per_step"};
        String hardware;
        double peak, copy;
        try (Backend backend = Backends.open(device)) {
            hardware = backend.name() + " (" + backend.hardware()
                    + (backend instanceof CpuBackend ? ", " + CpuBackend.kernels() : "") + ")";
            machine = MachineProbe.measure(backend);
            peak = machine.peakGflops();
            copy = StepBound.busGbs(machine.bandwidthGbs(), backend);
        }
        progress.line("device " + hardware + ", large-GEMM peak " + String.format(Locale.ROOT, "%.1f", peak) + " GFLOP/s"
                + String.format(Locale.ROOT, ", copy bandwidth %.1f GB/s (ridge %.1f FLOP/B; %.1f GB/s on the bus, the bound's),"
                        + " load average %.2f on %d cores", machine.bandwidthGbs(), machine.ridgeIntensity(), copy, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors()));
        if (script != null) progress.line("timing PyTorch: " + python + " " + script + ", each configuration just before joules");
        var clips = SyntheticDesed.generate(batch * (warmup + steps), 1);
        for (int i = 0; i < configs.size(); i++) {
            ModelConfig c = configs.get(i);
            progress.status("bench " + c.id(), (double) i / configs.size());
            long flopsPerStep = CostTable.stepFlops(Zoo.network(c), Zoo.SAMPLE_SHAPE, batch);
            double bound = StepBound.ms(StepBound.flops(Zoo.network(c), Zoo.SAMPLE_SHAPE, batch),
                    StepBound.bytes(Zoo.network(c), Zoo.SAMPLE_SHAPE, batch), peak, copy);
            // PyTorch times this configuration in a process of its own right before joules does, so that the two
            // share this machine's phase (on the build VM its speed drifts by 10 to 30 % over minutes; timed all
            // first, PyTorch's and joules' steps were minutes apart) and neither holds memory while the other runs
            Double torch = script == null ? null : runPytorch(script, List.of(c), progress).get(c.id());
            Timing timing;
            // One backend per configuration, as the sweep does: each model's memory is its own and freed after.
            try {
                timing = timeSteps(c, clips, progress);
            } catch (OutOfMemoryError e) {        // the Java heap (the CPU backend); the next model may fit
                progress.line(String.format(Locale.ROOT, "%-22s out of memory (Java heap: raise -Xmx through JOULES_JAVA_OPTS)", c.id()));
                rows.add(new String[] {c.id(), device, Integer.toString(batch), "", "", Long.toString(flopsPerStep), "",
                        Csv.decimal(peak, 1), "", "", "", "", Csv.decimal(copy, 1), Csv.decimal(bound, 3), "", ""});
                continue;
            }
            double[] ms = timing.ms();
            double median = median(ms);
            double min = Arrays.stream(ms).min().orElse(Double.NaN);
            rows.add(new String[] {c.id(), device, Integer.toString(batch), Csv.decimal(median, 3),
                    Csv.decimal(min, 3), Long.toString(flopsPerStep), Csv.decimal(flopsPerStep / (median * 1e6), 2),
                    Csv.decimal(peak, 1), timing.energyPerStep(), timing.energySource(),
                    torch == null ? "" : Csv.decimal(torch, 3), torch == null ? "" : Csv.decimal(torch / median, 2),
                    Csv.decimal(copy, 1), Csv.decimal(bound, 3), Csv.decimal(median / bound, 2),
                    Csv.decimal(timing.allocatedBytesPerStep() / 1024, 1)});
            progress.line(String.format(Locale.ROOT, "%-22s %10.3f ms/step  %8.2f GFLOP/s  bound %.3f ms (x%.2f)%s%s", c.id(),
                    median, flopsPerStep / (median * 1e6), bound, median / bound, torch == null ? "" : String.format(Locale.ROOT,
                            "  PyTorch %.3f ms (x%.2f)", torch, torch / median), allocationWarning(timing.allocatedBytesPerStep())));
        }
        progress.clearStatus();
        print(header, rows, fmt);
        if (layers) printLayers(fmt);
        if (!torchMsEmpty(rows)) {
            System.out.printf(Locale.ROOT, "geometric-mean speed-up vs PyTorch: x%.2f%n", geometricMeanSpeedup(rows));
        }
        return 0;
    }

    /** This machine's roofline (GEMM peak, copy bandwidth), measured before the configurations run. */
    private Hardware machine;

    /** With --layers: each configuration's per-layer times, in the order run. */
    private final Map<String, List<LayerProfile.Row>> layerRows = new java.util.LinkedHashMap<>();

    /**
     * One configuration's step times (ms), the Java heap bytes its timed steps allocated (per step, all threads) and,
     * with --energy, its joules per step and their source (else empty).
     */
    private record Timing(double[] ms, double allocatedBytesPerStep, String energyPerStep, String energySource) {}

    /**
     * A steady-state step allocates a few KB (parallel loops' closures); megabytes mean a kernel runs as calls into the
     * Vector API's Java fallback, which allocates every vector (docs/cpu-backend.md, "What the JIT taught us").
     */
    private static String allocationWarning(double bytesPerStep) {
        return bytesPerStep < ALLOCATING_STEP ? "" : String.format(Locale.ROOT, "  allocates %.0f MB a step", bytesPerStep / (1 << 20));
    }

    /** A step that allocates this much of the Java heap runs vector code that C2 has not compiled (yet). */
    static final long ALLOCATING_STEP = 1 << 20;
    /** The most warm-up that {@link #warmUntilQuiet} adds after --warmup-seconds, per configuration. */
    static final long MAX_QUIET_WAIT_NANOS = 20_000_000_000L;

    /**
     * Runs steps until one allocates less than {@link #ALLOCATING_STEP} of the heap, for at most maxNanos; returns
     * the steps run. On the CPU the JIT may still be compiling the kernels after --warmup-seconds: a CRNN as the
     * first model of a JVM ran its first 10 timed steps after 1 s at 2.4 MB a step (some vector code still in
     * the interpreter or C1, every vector an object), after 5 s at 5 KB (docs/cpu-backend.md).
     */
    static int warmUntilQuiet(Runnable step, java.util.function.LongSupplier heapBytes, long maxNanos) {
        long end = System.nanoTime() + maxNanos;
        int steps = 0;
        while (System.nanoTime() < end) {
            long before = heapBytes.getAsLong();
            step.run();
            steps++;
            if (heapBytes.getAsLong() - before < ALLOCATING_STEP) break;
        }
        return steps;
    }

    /** Warms up, then times --steps steps of configuration c on a backend of its own (and its energy with --energy). */
    private Timing timeSteps(ModelConfig c, FeatureSet clips, Progress progress) throws InterruptedException {
        try (Backend backend = Backends.open(device)) {
            Model model = Zoo.build(c, backend, 1, batch);
            try (Trainer trainer = new Trainer(model, TrainingData.upload(clips, backend), AdamConfig.defaults(), batch, 1)) {
                trainer.timeSteps(warmup);
                for (long end = System.nanoTime() + (long) (warmupSeconds * 1e9); System.nanoTime() < end; ) trainer.timeSteps(1);
                if (backend instanceof CpuBackend) {      // a GPU step's allocations are JNA's, not uncompiled kernels
                    long t0 = System.nanoTime();
                    int extra = warmUntilQuiet(() -> trainer.timeSteps(1), HeapAllocation::bytesSoFar, MAX_QUIET_WAIT_NANOS);
                    if (extra > 1) {
                        progress.line(String.format(Locale.ROOT, "%-22s warmed up %.1f s more, until a step allocated under 1 MB"
                                + " (the JIT was still compiling)", c.id(), (System.nanoTime() - t0) * 1e-9));
                    }
                }
                long heapBefore = HeapAllocation.bytesSoFar();
                double[] ms = trainer.timeSteps(steps);
                double allocated = (double) (HeapAllocation.bytesSoFar() - heapBefore) / steps;
                if (layers) {
                    layerRows.put(c.id(), LayerProfile.measure(model, trainer.adam(), batch, steps, warmup, warmupSeconds));
                }
                String[] e = energy ? energyPerStep(trainer, backend, median(ms)) : new String[] {"", ""};
                return new Timing(ms, allocated, e[0], e[1]);
            }
        }
    }

    /** A duration flag: 0 or more, and finite (an infinite one would never end, or overflow into no time at all). */
    private static void requireSeconds(String flag, double seconds) {
        if (!(seconds >= 0)) throw new IllegalArgumentException(flag + " must be 0 or more, got " + seconds);
        if (Double.isInfinite(seconds)) throw new IllegalArgumentException(flag + " must be finite, got " + seconds);
    }

    private List<ModelConfig> selectConfigs() {
        if (configIds != null && preset != null) throw new IllegalArgumentException("give --configs or --preset, not both");
        if (configIds != null) return configIds.stream().map(Zoo::config).toList();
        return Preset.parse(preset == null ? "quick" : preset).configs();
    }

    /**
     * Energy per step: trains for at least {@code --energy-seconds} (whole chunks of steps) while a meter
     * watches, then divides the measured energy by the steps. Returns {joules per step, source}.
     */
    private String[] energyPerStep(Trainer trainer, Backend backend, double stepMs) throws InterruptedException {
        int chunk = (int) Math.max(1, Math.min(1000, 250 / Math.max(stepMs, 1e-3)));   // about 0.25 s a chunk
        try (EnergyMeter meter = new EnergyMeter(meterOptions(backend))) {
            meter.start();
            long t0 = System.nanoTime();
            long done = 0;
            do {
                trainer.timeSteps(chunk);
                done += chunk;
            } while ((System.nanoTime() - t0) * 1e-9 < energySeconds);
            Measurement m = meter.stop();
            boolean gpu = m.gpu().available();
            double joules = gpu ? m.gpu().joules() : m.cpu().joules();
            return new String[] {Csv.decimal(joules / done, 6), (gpu ? m.gpu() : m.cpu()).source().name().toLowerCase(Locale.ROOT)};
        }
    }

    private MeterOptions meterOptions(Backend backend) {
        MeterOptions o = MeterOptions.defaults().withIdleSeconds(0);
        return backend.name().startsWith("cuda") ? o.withGpu(backend.name().substring(backend.name().indexOf(':') + 1)) : o;
    }

    /**
     * The project's own bench/pytorch_reference.py, found from where this code was loaded: the jar
     * (cli/target/joules.jar) or the classes (cli/target/classes) three folders below the repository's root.
     * Never a script of the current folder: whoever can write there must not choose what runs.
     */
    static Path pytorchScript() {
        Path root = null;
        try {
            Path code = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            root = code.toAbsolutePath().getParent().getParent().getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code location (an unusual class loader): reported below
        }
        Path script = root == null ? null : root.resolve("bench").resolve("pytorch_reference.py");
        if (script != null && Files.isRegularFile(script)) return script;
        throw new IllegalArgumentException("--pytorch needs the project's bench/pytorch_reference.py, which is not beside this"
                + " joules" + (script == null ? "" : " (looked for " + script + ")") + "; run the joules of a repository checkout");
    }

    private Map<String, Double> runPytorch(Path script, List<ModelConfig> configs, Progress progress)
            throws IOException, InterruptedException {
        String ids = String.join(",", configs.stream().map(ModelConfig::id).toList());
        String torchDevice = device.startsWith("cuda") ? device : "cpu";
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--only", ids, "--steps", Integer.toString(steps),
                "--warmup", Integer.toString(warmup),
                "--warmup-seconds", Double.toString(warmupSeconds), "--batch", Integer.toString(batch), "--device", torchDevice,
                "--threads", Integer.toString(Runtime.getRuntime().availableProcessors()), "--out", "-");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalArgumentException("--pytorch: cannot start " + python + " (" + e.getMessage() + "); name another with --python");
        }
        Map<String, Double> ms = new HashMap<>();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch reference failed (exit " + p.exitValue() + ")");
        if (text.isBlank()) throw new IllegalStateException("the PyTorch reference wrote nothing");
        CsvTable table = CsvTable.parse(script, text);      // header: id,family,params,batch,steps,step_ms,...,error
        int id = table.column("id"), stepMs = table.column("step_ms"), error = table.column("error");
        for (CsvTable.Row row : table.rows()) {
            List<String> cells = row.fields();
            if (!cells.get(stepMs).isEmpty()) ms.put(cells.get(id), table.number(row, stepMs, "step_ms"));
            else progress.line("PyTorch could not run " + cells.get(id) + ": " + cells.get(error));
        }
        return ms;
    }

    private void print(String[] header, List<String[]> rows, String fmt) throws IOException {
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        StringBuilder csv = new StringBuilder();
        for (String[] r : all) csv.append(Csv.line(List.of(r))).append('\n');
        if (fmt.equals("csv")) System.out.print(csv);
        else Formats.printTable(System.out, all, 2);
        if (out != null) OutputFiles.write("--out", out, csv.toString());
    }

    /** The --layers table: one row per layer of each configuration (csv: one table with an id column). */
    private void printLayers(String fmt) {
        String[] header = {"id", "layer", "type", "forward_ms", "forward_gflops", "forward_gbs", "forward_roofline_fraction",
                "backward_ms", "backward_gflops", "backward_gbs", "backward_roofline_fraction", "forward_flops", "backward_flops",
                "forward_bytes", "backward_bytes"};
        List<String[]> all = new ArrayList<>();
        all.add(header);
        for (Map.Entry<String, List<LayerProfile.Row>> e : layerRows.entrySet()) {
            for (LayerProfile.Row r : e.getValue()) {
                boolean backward = r.backwardFlops() > 0 || r.backwardBytes() > 0 || r.backwardMs() > 0;
                all.add(new String[] {e.getKey(), r.name(), r.type(),
                        Csv.decimal(r.forwardMs(), 3), perSecond(r.forwardFlops(), r.forwardMs()),
                        perSecond(r.forwardBytes(), r.forwardMs()), Csv.decimal(r.forwardOfRoofline(machine), 3),
                        backward ? Csv.decimal(r.backwardMs(), 3) : "", perSecond(r.backwardFlops(), r.backwardMs()),
                        perSecond(r.backwardBytes(), r.backwardMs()), Csv.decimal(r.backwardOfRoofline(machine), 3),
                        Long.toString(r.forwardFlops()), Long.toString(r.backwardFlops()),
                        Long.toString(r.forwardBytes()), Long.toString(r.backwardBytes())});
            }
        }
        System.out.println();
        if (fmt.equals("csv")) all.forEach(r -> System.out.println(Csv.line(List.of(r))));
        else Formats.printTable(System.out, all, 2);
    }

    /** FLOPs (or bytes) per ms as 10^9 per second: GFLOP/s (or GB/s); empty when there are none or no time. */
    private static String perSecond(long count, double ms) {
        return count == 0 || ms <= 0 ? "" : Csv.decimal(count / (ms * 1e6), 2);
    }

    private static boolean torchMsEmpty(List<String[]> rows) {
        return rows.stream().allMatch(r -> r[10].isEmpty());
    }

    /** exp(mean(log(speed-up))) over the configurations that PyTorch also ran. */
    static double geometricMeanSpeedup(List<String[]> rows) {
        double logSum = 0;
        int n = 0;
        for (String[] r : rows) {
            if (r[11].isEmpty()) continue;
            logSum += Math.log(Double.parseDouble(r[11]));
            n++;
        }
        return Math.exp(logSum / n);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
