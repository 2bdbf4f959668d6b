package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import joules.energy.EnergyMeter;
import joules.energy.MeterOptions;
import joules.results.Column;
import joules.results.Csv;
import joules.results.Merge;
import joules.results.PowerTrace;
import joules.results.ResultRow;
import joules.results.ResultsFile;
import joules.results.RunStatus;
import joules.tensor.cpu.CpuBackend;
import joules.train.Trainer;
import joules.train.TrainingData;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    @TempDir Path dir;

    private static List<String> ids(List<ResultRow> rows) {
        return rows.stream().map(ResultRow::id).toList();
    }

    private static List<String> ids(List<ModelConfig> configs, boolean unused) {
        return configs.stream().map(ModelConfig::id).toList();
    }

    private static Sweep.Summary run(SweepOptions o, Sweep.ModelFactory factory, List<String> notices) throws Exception {
        try (Sweep s = Sweep.open(o)) {
            if (factory != null) s.modelFactory(factory);
            return s.run(TinySweep.DATA, "synthetic", new SweepListener() {
                @Override
                public void onNotice(String line) { notices.add(line); }
            });
        }
    }

    @Test
    void writesOneCompleteRowPerConfigurationWithItsMeasurementsAndTrace() throws Exception {
        Path out = dir.resolve("results.csv");
        Sweep.Summary s = run(TinySweep.options(out), null, new ArrayList<>());
        assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size(), 0, 0, false), s);
        List<ResultRow> rows = ResultsFile.read(out).rows();
        assertEquals(ids(TinySweep.CONFIGS, true), ids(rows));
        for (ResultRow r : rows) {
            ModelConfig c = TinySweep.CONFIGS.stream().filter(x -> x.id().equals(r.id())).findFirst().orElseThrow();
            assertEquals("ok", r.get(Column.STATUS), r.toLine());
            assertEquals("", r.get(Column.ERROR));
            assertEquals(c.family().label(), r.get(Column.FAMILY));
            assertEquals("cpu", r.get(Column.DEVICE));
            assertEquals("2", r.get(Column.STEPS));                       // 12 clips, batches of 8 and 4
            assertEquals(String.valueOf(TinySweep.CLIPS), r.get(Column.SAMPLES));
            assertEquals("0.001", r.get(Column.LR));
            var deepspeed = Zoo.costs(c, joules.layers.cost.Convention.DEEPSPEED, 1).total();
            assertEquals(deepspeed.flops(), Long.parseLong(r.get(Column.FLOPS)));
            assertEquals(deepspeed.macs(), Long.parseLong(r.get(Column.MACS)));
            assertEquals(Zoo.parameterCount(c), Long.parseLong(r.get(Column.PARAMS)));
            long train = Zoo.costs(c, joules.layers.cost.Convention.TRAINING, 8).total().flops()
                    + Zoo.costs(c, joules.layers.cost.Convention.TRAINING, 4).total().flops();
            assertEquals(train, Long.parseLong(r.get(Column.TRAIN_FLOPS)));
            assertTrue(Double.parseDouble(r.get(Column.DURATION_S)) > 0);
            assertTrue(Double.parseDouble(r.get(Column.FINAL_LOSS)) > 0);
            assertTrue(Long.parseLong(r.get(Column.PEAK_MEMORY_BYTES)) >= 4L * TinySweep.CLIPS * 8192);
            // on the CPU, energy_j is the CPU's: a counter (RAPL) or an estimate, never left empty
            assertEquals(r.get(Column.CPU_ENERGY_J), r.get(Column.ENERGY_J));
            assertEquals(r.get(Column.CPU_ENERGY_SOURCE), r.get(Column.ENERGY_SOURCE));
            assertTrue(List.of("counter", "sampled", "estimated").contains(r.get(Column.ENERGY_SOURCE)), r.get(Column.ENERGY_SOURCE));
            assertTrue(Double.parseDouble(r.get(Column.ENERGY_J)) >= 0);
            assertEquals("", r.get(Column.GPU_ENERGY_COUNTER_J));
            assertEquals("", r.get(Column.IDLE_POWER_W));                   // no idle baseline asked
            assertEquals(CpuBackend.vectorKernels() ? "cpu-vector" : "cpu-scalar", r.get(Column.STEP_MODE));
            Path trace = PowerTrace.folderFor(out).resolve(r.id() + ".csv");
            List<String> lines = Files.readAllLines(trace);
            assertEquals("t_s,power_w,gpu_w,cpu_w,ram_w", lines.get(0));
        }
    }

    @Test
    void aFailingConfigurationIsRecordedAndTheOthersRun() throws Exception {
        Path out = dir.resolve("results.csv");
        List<String> notices = new ArrayList<>();
        Sweep.Summary s = run(TinySweep.options(out), (c, b, seed, maxBatch) -> {
            if (c.id().equals("rnn-L1-H4")) throw new IllegalStateException("simulated CUDA error 700");
            if (c.id().equals("cnn-L2-H2")) throw new RuntimeException("CUDA_ERROR_OUT_OF_MEMORY: out of memory");
            return Zoo.build(c, b, seed, maxBatch);
        }, notices);
        assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size() - 2, 2, 0, false), s);
        Map<String, ResultRow> rows = ResultsFile.read(out).rows().stream().collect(Collectors.toMap(ResultRow::id, Function.identity()));
        assertEquals(TinySweep.CONFIGS.size(), rows.size());
        assertEquals("failed", rows.get("rnn-L1-H4").get(Column.STATUS));
        assertTrue(rows.get("rnn-L1-H4").get(Column.ERROR).startsWith("java.lang.IllegalStateException: simulated CUDA error 700 at "));
        assertEquals("", rows.get("rnn-L1-H4").get(Column.ENERGY_J));
        assertEquals("out_of_memory", rows.get("cnn-L2-H2").get(Column.STATUS));
        assertEquals("ok", rows.get("mlp-L2-H8").get(Column.STATUS));
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("rnn-L1-H4 failed (failed): java.lang.IllegalStateException")), notices.toString());

        // a rerun skips the failed ones too, unless asked to retry them
        notices.clear();
        assertEquals(new Sweep.Summary(0, 0, TinySweep.CONFIGS.size(), false), run(TinySweep.options(out), null, notices));
        assertTrue(notices.get(0).contains("2 failed: rnn-L1-H4, cnn-L2-H2; --retry-failed"), notices.get(0));
        Sweep.Summary retry = run(TinySweep.options(out, Shard.ALL, 1, false, true), null, new ArrayList<>());
        assertEquals(new Sweep.Summary(2, 0, TinySweep.CONFIGS.size() - 2, false), retry);
        List<ResultRow> after = ResultsFile.read(out).rows();
        assertEquals(TinySweep.CONFIGS.size(), after.size());
        assertTrue(after.stream().allMatch(r -> r.status() == RunStatus.OK));
    }

    @Test
    void aNaNLossIsRecordedWithItsEpochAndStep() throws Exception {
        Path out = dir.resolve("results.csv");
        run(TinySweep.options(out), (c, b, seed, maxBatch) -> {
            var m = Zoo.build(c, b, seed, maxBatch);
            if (c.id().equals("mlp-L1-H8")) b.fill(m.parameter("out.bias").value(), Float.NaN);
            return m;
        }, new ArrayList<>());
        ResultRow r = ResultsFile.read(out).rows().get(0);
        assertEquals("mlp-L1-H8", r.id());
        assertEquals("non_finite_loss", r.get(Column.STATUS));
        assertEquals("loss is NaN at epoch 1, step 1; training stopped", r.get(Column.ERROR));
    }

    @Test
    void twoShardsCoverEveryConfigurationExactlyOnceAndMergeBack() throws Exception {
        Path a = dir.resolve("shard0.csv");
        Path b = dir.resolve("shard1.csv");
        run(TinySweep.options(a, Shard.parse("0/2"), 1, false, false), null, new ArrayList<>());
        run(TinySweep.options(b, Shard.parse("1/2"), 1, false, false), null, new ArrayList<>());
        List<String> first = ids(ResultsFile.read(a).rows());
        List<String> second = ids(ResultsFile.read(b).rows());
        assertEquals(List.of("mlp-L1-H8", "rnn-L1-H4", "crnn-C2R1-H2x4", "mlp-L1-H4"), first);
        assertEquals(List.of("cnn-L1-H2", "mlp-L2-H8", "cnn-L2-H2"), second);
        Path merged = dir.resolve("merged.csv");
        Merge.Report r = Merge.merge(List.of(a, b), merged);
        assertEquals(TinySweep.CONFIGS.size(), r.rows());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        List<String> all = new ArrayList<>(ids(ResultsFile.read(merged).rows()));
        all.sort(null);
        List<String> expected = new ArrayList<>(ids(TinySweep.CONFIGS, true));
        expected.sort(null);
        assertEquals(expected, all);
    }

    @Test
    void aRerunSkipsWhatIsDoneAndForceRedoesIt() throws Exception {
        Path out = dir.resolve("results.csv");
        run(TinySweep.options(out), null, new ArrayList<>());
        List<ResultRow> before = ResultsFile.read(out).rows();
        List<String> notices = new ArrayList<>();
        assertEquals(new Sweep.Summary(0, 0, TinySweep.CONFIGS.size(), false), run(TinySweep.options(out), null, notices));
        assertEquals(before.stream().map(ResultRow::toLine).toList(), ResultsFile.read(out).rows().stream().map(ResultRow::toLine).toList());
        assertTrue(notices.get(0).startsWith("skipping " + TinySweep.CONFIGS.size() + " configuration(s) already in"), notices.get(0));

        Sweep.Summary forced = run(TinySweep.options(out, Shard.ALL, 1, true, false), null, new ArrayList<>());
        assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size(), 0, 0, false), forced);
        List<ResultRow> after = ResultsFile.read(out).rows();
        assertEquals(ids(before), ids(after));                          // still one row each, same order
        for (int i = 0; i < after.size(); i++) {
            assertEquals(before.get(i).get(Column.FINAL_LOSS), after.get(i).get(Column.FINAL_LOSS));   // same seeds, same training
        }
    }

    @Test
    void otherSettingsInTheResultsFileAreRejectedBeforeTraining() throws Exception {
        Path out = dir.resolve("results.csv");
        ModelConfig one = TinySweep.CONFIGS.get(0);
        SweepOptions first = new SweepOptions(List.of(one), Shard.ALL, "cpu", 1, 8, 1e-3f, 1, 0, out, false, false, TinySweep.METER, "test");
        run(first, null, new ArrayList<>());
        SweepOptions other = new SweepOptions(List.of(one), Shard.ALL, "cpu", 2, 8, 1e-3f, 1, 0, out, false, false, TinySweep.METER, "test");
        try (Sweep s = Sweep.open(other)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.run(TinySweep.DATA, "synthetic", SweepListener.NONE));
            assertEquals(out + " line 2 (mlp-L1-H8) was trained with epochs 1, this run uses 2; "
                    + "rerun with that file's settings, or choose another --out", e.getMessage());
        }
        assertEquals(1, ResultsFile.read(out).rows().size());
    }

    /** A meter that finds no energy sensor at all: no GPU selected, no RAPL, no /proc for the estimates. */
    private MeterOptions meterWithoutSensors() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        return TinySweep.METER.withPowercapRoot(empty).withProcRoot(empty);
    }

    @Test
    void aRunWithoutItsHeadlineEnergyIsRecordedAsNoEnergyNotOk() throws Exception {
        Path out = dir.resolve("results.csv");
        SweepOptions o = new SweepOptions(TinySweep.CONFIGS.subList(0, 2), Shard.ALL, "cpu", 1, 8, 1e-3f, 1, 0, out,
                false, false, meterWithoutSensors(), "test");
        List<String> notices = new ArrayList<>();
        assertEquals(new Sweep.Summary(0, 2, 0, false), run(o, null, notices));
        for (ResultRow r : ResultsFile.read(out).rows()) {
            assertEquals("no_energy", r.get(Column.STATUS), r.toLine());
            assertEquals("", r.get(Column.ENERGY_J));
            assertEquals("unavailable", r.get(Column.ENERGY_SOURCE));
            assertTrue(r.get(Column.ERROR).startsWith("no cpu energy figure: CPU energy unavailable (no RAPL zones under " + dir.resolve("empty")),
                    r.get(Column.ERROR));
            assertEquals("2", r.get(Column.STEPS));                       // it did train
            // the trace keeps every tick, with empty cells where there is no power
            List<String> trace = Files.readAllLines(PowerTrace.folderFor(out).resolve(r.id() + ".csv"));
            assertTrue(trace.size() >= 3, trace.toString());
            assertTrue(trace.get(1).matches("0\\.?0*,,,,"), trace.get(1));
        }
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("mlp-L1-H8 failed (no_energy): no cpu energy figure")), notices.toString());
        // not a result: the next run skips it as failed, --retry-failed trains it again
        SweepOptions retry = new SweepOptions(TinySweep.CONFIGS.subList(0, 2), Shard.ALL, "cpu", 1, 8, 1e-3f, 1, 0, out,
                false, true, TinySweep.METER, "test");
        assertEquals(new Sweep.Summary(2, 0, 0, false), run(retry, null, new ArrayList<>()));
        assertTrue(ResultsFile.read(out).rows().stream().allMatch(r -> r.status() == RunStatus.OK));
    }

    @Test
    void aGpuRunIsRefusedWhenTheMeterCannotMeasureTheGpu() throws Exception {
        try (EnergyMeter meter = new EnergyMeter(TinySweep.METER)) {           // no GPU selected
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.requireGpuEnergy(meter, "cuda:0"));
            assertEquals("GPU energy is unavailable for cuda:0: no GPU selected; give --meter-gpu with the GPU's NVML index "
                    + "or UUID, or train with --device cpu", e.getMessage());
            meter.start();                                                     // the probe left the meter usable
            assertTrue(meter.stop().cpu().available());
        }
    }

    @Test
    void startedAtIsTheStartOfTheMeasuredRun() throws Exception {
        Path out = dir.resolve("results.csv");
        SweepOptions o = new SweepOptions(TinySweep.CONFIGS.subList(0, 1), Shard.ALL, "cpu", 1, 8, 1e-3f, 1, 1, out,
                false, false, TinySweep.METER, "test");
        Instant before = Instant.now();
        run(o, (c, b, seed, maxBatch) -> {
            try {
                Thread.sleep(1200);                                            // a slow build, before the measured run
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Zoo.build(c, b, seed, maxBatch);
        }, new ArrayList<>());
        Instant after = Instant.now();
        ResultRow r = ResultsFile.read(out).rows().get(0);
        Instant start = Instant.parse(r.get(Column.STARTED_AT));
        long durationMs = Math.round(Double.parseDouble(r.get(Column.DURATION_S)) * 1000);
        assertTrue(!start.isBefore(before.plusMillis(1200)), start + " should be after the build, which ended after " + before.plusMillis(1200));
        assertTrue(!start.plusMillis(durationMs).isAfter(after.plusMillis(1)), start + " + " + durationMs + " ms is after " + after);
    }

    @Test
    void theIdleBaselineIsMeasuredWithTheDeviceOpen() throws Exception {
        Path out = dir.resolve("results.csv");
        SweepOptions o = new SweepOptions(TinySweep.CONFIGS.subList(0, 1), Shard.ALL, "cpu", 1, 8, 1e-3f, 1, 0, out,
                false, false, TinySweep.METER.withIdleSeconds(0.2), "test");
        List<String> notices = new ArrayList<>();
        run(o, null, notices);
        assertTrue(notices.contains("measuring idle power for 0.2 s with cpu open (keep the machine quiet)"), notices.toString());
        ResultRow r = ResultsFile.read(out).rows().get(0);
        assertTrue(Double.parseDouble(r.get(Column.IDLE_POWER_W)) >= 0, r.toLine());
    }

    @Test
    void anUnknownDeviceIsBadInput() {
        SweepOptions o = new SweepOptions(TinySweep.CONFIGS, Shard.ALL, "tpu:0", 1, 8, 1e-3f, 1, 0, dir.resolve("r.csv"),
                false, false, TinySweep.METER, "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.open(o));
        assertTrue(e.getMessage().startsWith("unknown device 'tpu:0'"), e.getMessage());
    }

    @Test
    void anInterruptedSweepWritesNoFurtherRowAndSaysHowToResume() throws Exception {
        Path out = dir.resolve("results.csv");
        AtomicReference<String> message = new AtomicReference<>();
        try (Sweep s = Sweep.open(TinySweep.options(out))) {
            Sweep.Summary summary = s.run(TinySweep.DATA, "synthetic", new SweepListener() {
                @Override
                public void onConfigStart(int index, int count, ModelConfig config, long trainFlops) {
                    if (index == 3) message.set(s.interrupt());            // as Ctrl-C during the third
                }
            });
            assertEquals(new Sweep.Summary(2, 0, 0, true), summary);
            ResultsFile.openForAppend(out).close();                      // interrupt released the file's lock
        }
        assertEquals(List.of("mlp-L1-H8", "cnn-L1-H2"), ids(ResultsFile.read(out).rows()));
        assertEquals("interrupted: 2 configuration(s) of this run are recorded in " + out
                + "; rnn-L1-H4 was not finished and has no row; run the same command again to resume", message.get());
        Sweep.Summary resumed = run(TinySweep.options(out), null, new ArrayList<>());
        assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size() - 2, 0, 2, false), resumed);
        assertFalse(ResultsFile.read(out).rows().isEmpty());
    }

    @Test
    void aSecondSweepOnTheSameFileIsRefusedUntilTheFirstCloses() throws Exception {
        Path out = dir.resolve("results.csv");
        try (Sweep first = Sweep.open(TinySweep.options(out))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.open(TinySweep.options(out)));
            assertEquals(out + " is being written by another joules run (pid " + ProcessHandle.current().pid()
                    + "); wait until it ends, or write elsewhere", e.getMessage());
            assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size(), 0, 0, false),
                    first.run(TinySweep.DATA, "synthetic", new SweepListener() {}));
        }
        Sweep.Summary second = run(TinySweep.options(out), null, new ArrayList<>());
        assertEquals(new Sweep.Summary(0, 0, TinySweep.CONFIGS.size(), false), second);
        // a sweep that fails (here: its model cannot be built) releases the lock too
        Path other = dir.resolve("other.csv");
        assertThrows(IllegalStateException.class, () -> {
            try (Sweep s = Sweep.open(TinySweep.options(other))) {
                throw new IllegalStateException("boom");
            }
        });
        ResultsFile.openForAppend(other).close();
    }

    @Test
    void aFileOfAnEarlierVersionIsResumedWithTheNewColumnAdded() throws Exception {
        Path out = dir.resolve("results.csv");
        run(TinySweep.options(out), null, new ArrayList<>());
        List<ResultRow> rows = ResultsFile.read(out).rows();
        List<Column> before = new ArrayList<>(List.of(Column.values()));     // the version before step_mode
        before.remove(Column.STEP_MODE);
        StringBuilder old = new StringBuilder(Csv.line(Column.headers(before))).append('\n');
        for (ResultRow r : rows.subList(0, 2)) old.append(Csv.line(before.stream().map(r::get).toList())).append('\n');
        Files.writeString(out, old);
        List<String> notices = new ArrayList<>();
        Sweep.Summary s = run(TinySweep.options(out), null, notices);
        assertEquals(new Sweep.Summary(TinySweep.CONFIGS.size() - 2, 0, 2, false), s);
        assertTrue(notices.contains("added the column(s) step_mode to " + out + " (written by an earlier version); empty in its 2 earlier row(s)"),
                notices.toString());
        List<ResultRow> after = ResultsFile.read(out).rows();
        assertEquals(ids(TinySweep.CONFIGS, true), ids(after));
        assertEquals("", after.get(0).get(Column.STEP_MODE));
        assertEquals(rows.get(2).get(Column.STEP_MODE), after.get(2).get(Column.STEP_MODE));
    }

    @Test
    void cpuRowsSayWhichKernelsRanAndAGpuRowWithoutGraphsSaysPlain() throws Exception {
        // a JVM started without --add-modules jdk.incubator.vector runs the auto-vectorised loops
        Path out = dir.resolve("scalar.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classpath, "-XX:TieredStopAtLevel=1", SweepChild.class.getName(),
                out.toString(), "1").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        for (ResultRow r : ResultsFile.read(out).rows()) assertEquals("cpu-scalar", r.get(Column.STEP_MODE), r.id());
        // this JVM has the module (the build passes it to the tests): the Vector API kernels where vectors hold 8 floats;
        assertEquals(CpuBackend.vectorKernels(), CpuBackend.kernels().startsWith("Vector API kernels, "), CpuBackend.kernels());
        assertEquals(CpuBackend.vectorKernels() ? "cpu-vector" : "cpu-scalar", Sweep.stepMode("cpu", null));
        try (CpuBackend cpu = new CpuBackend(1);
             Trainer t = new Trainer(Zoo.build(TinySweep.CONFIGS.get(0), cpu, 1, 8), TrainingData.upload(TinySweep.DATA, cpu),
                     joules.tensor.AdamConfig.defaults(), 8, 1)) {
            assertEquals("plain", Sweep.stepMode("cuda:0", t));       // steps without CUDA graphs
        }
    }
}
