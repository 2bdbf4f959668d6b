package joules.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import joules.energy.nvml.NvmlGpuSensor;

/**
 * Checks the GPU figures against each other under a known load, on a machine with a GPU: the NVML
 * energy counter, the meter's integrated power samples, and nvidia-smi's own power readings taken at
 * the same time ({@code nvidia-smi -i UUID --query-gpu=timestamp,power.draw --format=csv,noheader,nounits
 * -lms 100}; the timestamp column places each reading in time, whatever the pipe buffering).
 *
 * <p>No CUDA here: the caller passes the load, which is run again and again until the duration has
 * passed. {@link #main} runs with an idle load (the GPU at rest) so the check works without a kernel.
 */
public final class NvmlAgreement {
    private static final DateTimeFormatter SMI_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");

    private NvmlAgreement() {
    }

    /**
     * The three GPU figures over one run.
     *
     * @param smiJoules nvidia-smi's mean power over the run (trapezoid over its readings inside the run)
     *                  times the run's duration; NaN without nvidia-smi or with fewer than 2 readings
     */
    public record Result(String gpu, String powerReading, double durationSeconds, double counterJoules,
                         double sampledJoules, double smiJoules, int meterSamples, int smiSamples,
                         double idleWatts, String smiNote, Measurement measurement) {

        public double sampledVsCounter() {
            return (sampledJoules - counterJoules) / counterJoules;
        }

        public double smiVsCounter() {
            return (smiJoules - counterJoules) / counterJoules;
        }

        public String toJson() {
            return new Json().put("gpu", gpu).put("power_reading", powerReading)
                    .put("duration_s", durationSeconds).put("counter_J", counterJoules)
                    .put("sampled_J", sampledJoules).put("smi_J", smiJoules)
                    .put("sampled_vs_counter", sampledVsCounter()).put("smi_vs_counter", smiVsCounter())
                    .put("meter_samples", meterSamples).put("smi_samples", smiSamples)
                    .put("idle_W", idleWatts).put("smi_note", smiNote)
                    .putStrings("notes", measurement.notes()).putStrings("errors", measurement.errors())
                    .toString();
        }
    }

    /** Runs {@code load} repeatedly for {@code seconds} while the meter (options.gpu() must name a GPU) and nvidia-smi watch. */
    public static Result measure(Runnable load, double seconds, MeterOptions options) throws InterruptedException, IOException {
        if (options.gpu() == null) throw new IllegalArgumentException("the agreement check needs a GPU: set MeterOptions.gpu");
        try (EnergyMeter meter = new EnergyMeter(options)) {
            meter.measureIdle();
            if (!(meter.gpuSensor() instanceof NvmlGpuSensor gpu)) {
                throw new IllegalStateException("no GPU energy: " + meter.describe().get(0));
            }
            SmiReader smi = SmiReader.start(gpu.device().uuid());
            long startMs = System.currentTimeMillis();
            meter.start();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            do {
                load.run();
            } while (System.nanoTime() < end);
            Measurement m = meter.stop();
            long stopMs = System.currentTimeMillis();
            smi.stop();
            List<long[]> inside = smi.readingsBetween(startMs, stopMs);
            double smiJoules = Double.NaN;
            if (inside.size() >= 2) {
                long[] t = new long[inside.size()];
                double[] w = new double[inside.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = inside.get(i)[0] * 1_000_000L;
                    w[i] = inside.get(i)[1] / 1000.0;
                }
                double span = (t[t.length - 1] - t[0]) * 1e-9;
                smiJoules = span > 0 ? Trapezoid.integrate(t, w, t.length) / span * m.durationSeconds() : Double.NaN;
            }
            ComponentEnergy g = m.gpu();
            return new Result(g.sensor(), gpu.powerReading().text(), m.durationSeconds(),
                    g.counterJoules(), g.sampledJoules(), smiJoules, g.samples(), inside.size(), g.idleWatts(),
                    smi.note(), m);
        }
    }

    /** nvidia-smi running beside the meter, its readings as {epoch ms, milliwatts}. */
    static final class SmiReader {
        private final Process process;
        private final Thread thread;
        private final List<long[]> readings = new ArrayList<>();
        private final String note;
        private int unreadable;

        private SmiReader(Process process, String note) {
            this.process = process;
            this.note = note;
            this.thread = process == null ? null : new Thread(this::read, "joules-nvidia-smi");
            if (thread != null) {
                thread.setDaemon(true);
                thread.start();
            }
        }

        static SmiReader start(String uuid) throws InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("nvidia-smi"));
            if (!uuid.isEmpty()) cmd.addAll(List.of("-i", uuid));
            cmd.addAll(List.of("--query-gpu=timestamp,power.draw", "--format=csv,noheader,nounits", "-lms", "100"));
            try {
                SmiReader r = new SmiReader(new ProcessBuilder(cmd).redirectErrorStream(true).start(), String.join(" ", cmd));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (r.count() == 0 && System.nanoTime() < deadline && r.process.isAlive()) Thread.sleep(20);
                return r;
            } catch (IOException e) {
                return new SmiReader(null, "nvidia-smi not run: " + e.getMessage());
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long[] r = parse(line, System.currentTimeMillis());
                    synchronized (this) {
                        if (r == null) unreadable++;
                        else readings.add(r);
                    }
                }
            } catch (IOException e) {
                // the process was stopped
            }
        }

        /** "2025/01/15 10:23:45.123, 312.45" -> {epoch ms, milliwatts}; null for "[N/A]" and other non-numbers. */
        static long[] parse(String line, long receivedMs) {
            int comma = line.lastIndexOf(',');
            if (comma < 0) return null;
            long ms = receivedMs;
            try {
                ms = LocalDateTime.parse(line.substring(0, comma).trim(), SMI_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // keep the time it arrived
            }
            try {
                return new long[] {ms, Math.round(Double.parseDouble(line.substring(comma + 1).trim()) * 1000)};
            } catch (NumberFormatException e) {
                return null;
            }
        }

        synchronized int count() {
            return readings.size();
        }

        synchronized List<long[]> readingsBetween(long fromMs, long toMs) {
            return readings.stream().filter(r -> r[0] >= fromMs && r[0] <= toMs).toList();
        }

        void stop() throws InterruptedException {
            if (process == null) return;
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            thread.join(5_000);
        }

        synchronized String note() {
            return note + (unreadable > 0 ? " (" + unreadable + " lines not numbers)" : "");
        }
    }

    /**
     * {@code java -cp … joules.energy.NvmlAgreement [--gpu 0] [--seconds 10] [--period-ms 100] [--idle-s 3]
     * [--out agreement.json] [--trace trace.csv]}: the agreement on an idle GPU, printed and written as JSON.
     */
    public static void main(String[] args) throws Exception {
        MeterOptions o = MeterOptions.defaults().withGpu("0").withIdleSeconds(3);
        double seconds = 10;
        Path out = null;
        Path trace = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--gpu" -> o = o.withGpu(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--period-ms" -> o = o.withSamplePeriodMs(Integer.parseInt(v));
                case "--idle-s" -> o = o.withIdleSeconds(Double.parseDouble(v));
                case "--out" -> out = Path.of(v);
                case "--trace" -> trace = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + ": choose --gpu, --seconds, --period-ms, --idle-s, --out, --trace");
            }
        }
        Result r = measure(() -> sleepQuietly(50), seconds, o);
        String json = r.toJson();
        System.out.println(json);
        System.out.printf(Locale.ROOT, "counter %.2f J, sampled %.2f J (%+.2f %%), nvidia-smi %.2f J (%+.2f %%)%n",
                r.counterJoules(), r.sampledJoules(), 100 * r.sampledVsCounter(), r.smiJoules(), 100 * r.smiVsCounter());
        if (out != null) Files.writeString(out, json + "\n");
        if (trace != null) {
            try (Writer w = Files.newBufferedWriter(trace)) {
                r.measurement().writeTraceCsv(w);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
