package joules.energy;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * What an {@link EnergyMeter} measured between start and stop.
 *
 * @param startEpochMillis   wall-clock time of the start (for logs; durations use a monotonic clock)
 * @param durationSeconds    from the first to the last sample (the start and stop themselves)
 * @param samplePeriodSeconds the sampler's period
 * @param idleBaselineSeconds length of the idle baseline behind the idle figures, 0 without one
 * @param gpu                the GPU's energy (source UNAVAILABLE where there is no GPU or no NVML)
 * @param cpu                the CPU packages' energy (RAPL counter, else estimated)
 * @param ram                the memory's energy (RAPL dram counter, else estimated)
 * @param carbonGrams        total energy x carbon intensity, NaN without an intensity
 * @param trace              the power samples
 * @param notes              how each figure was obtained and what was decided (fallbacks, clamps)
 * @param errors             sensor failures seen during the run, each with its count and first time
 */
public record Measurement(long startEpochMillis, double durationSeconds, double samplePeriodSeconds,
                          double idleBaselineSeconds, ComponentEnergy gpu, ComponentEnergy cpu, ComponentEnergy ram,
                          double carbonGrams, List<PowerSample> trace, List<String> notes, List<String> errors) {

    /** Sum of the available components, joules. */
    public double totalJoules() {
        return sum(gpu.joules(), cpu.joules(), ram.joules());
    }

    /** Sum of the available components' energy above idle, joules; NaN without an idle baseline. */
    public double totalAboveIdleJoules() {
        if (idleBaselineSeconds <= 0) return Double.NaN;
        return sum(gpu.aboveIdleJoules(), cpu.aboveIdleJoules(), ram.aboveIdleJoules());
    }

    public List<ComponentEnergy> components() {
        return List.of(gpu, cpu, ram);
    }

    private static double sum(double... values) {
        double s = 0;
        for (double v : values) if (!Double.isNaN(v)) s += v;
        return s;
    }

    /** The record as one JSON object (without the trace; see {@link #writeTraceCsv}). */
    public String toJson() {
        Json j = new Json()
                .put("start_epoch_ms", startEpochMillis)
                .put("duration_s", durationSeconds)
                .put("sample_period_s", samplePeriodSeconds)
                .put("idle_baseline_s", idleBaselineSeconds)
                .put("total_J", totalJoules())
                .put("total_above_idle_J", totalAboveIdleJoules())
                .put("carbon_g", carbonGrams)
                .put("samples", trace.size());
        for (ComponentEnergy c : components()) {
            j.put(c.component(), new Json()
                    .put("source", c.source().label())
                    .put("sensor", c.sensor())
                    .put("energy_J", c.joules())
                    .put("counter_J", c.counterJoules())
                    .put("sampled_J", c.sampledJoules())
                    .put("sampled_vs_counter", c.sampledVsCounter())
                    .put("idle_W", c.idleWatts())
                    .put("above_idle_J", c.aboveIdleJoules())
                    .put("samples", c.samples())
                    .put("stats", c.stats()));
        }
        return j.putStrings("notes", notes).putStrings("errors", errors).toString();
    }

    /** The power samples as CSV: t_s,gpu_W,cpu_W,ram_W (empty cells where there is no value). */
    public void writeTraceCsv(Writer out) throws IOException {
        out.write("t_s,gpu_W,cpu_W,ram_W\n");
        for (PowerSample s : trace) {
            out.write(String.format(Locale.ROOT, "%.4f,%s,%s,%s%n", s.tSeconds(), cell(s.gpuWatts()), cell(s.cpuWatts()), cell(s.ramWatts())));
        }
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
