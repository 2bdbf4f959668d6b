package joules.energy;

import java.nio.file.Path;
import joules.energy.rapl.Rapl;

/**
 * How an {@link EnergyMeter} measures.
 *
 * @param gpu               the GPU to measure: an NVML index ("0") or a UUID ("GPU-8e6d…", best: CUDA and
 *                          NVML can number GPUs differently); null for none
 * @param samplePeriodMs    time between power samples, 10 to 60000 ms (default 100)
 * @param idleSeconds       length of the idle baseline taken by {@link EnergyMeter#measureIdle()}; 0 skips it
 * @param cpuTdpWatts       full-load power of all the CPUs the OS sees, for the CPU estimate; NaN = from
 *                          the model table or the default (see energy/README.md)
 * @param carbonGramsPerKwh carbon intensity of the electricity, g CO2e per kWh; NaN = no carbon figure
 * @param nvmlFolder        folder holding libnvidia-ml.so.1, searched first; null = the standard search
 * @param powercapRoot      the powercap tree (tests use a fake one)
 * @param procRoot          the /proc tree (tests use a fake one)
 */
public record MeterOptions(String gpu, int samplePeriodMs, double idleSeconds, double cpuTdpWatts,
                           double carbonGramsPerKwh, Path nvmlFolder, Path powercapRoot, Path procRoot) {

    public static final int MIN_PERIOD_MS = 10;
    public static final int MAX_PERIOD_MS = 60_000;

    public MeterOptions {
        if (gpu != null && (gpu.isBlank() || gpu.equalsIgnoreCase("none"))) gpu = null;
        if (samplePeriodMs < MIN_PERIOD_MS || samplePeriodMs > MAX_PERIOD_MS) {
            throw new IllegalArgumentException("sample period " + samplePeriodMs + " ms is out of range: choose "
                    + MIN_PERIOD_MS + " to " + MAX_PERIOD_MS + " ms");
        }
        if (!(idleSeconds >= 0) || idleSeconds > 3600) {
            throw new IllegalArgumentException("idle baseline " + idleSeconds + " s is out of range: choose 0 (skip) to 3600 s");
        }
        if (!Double.isNaN(cpuTdpWatts) && !(cpuTdpWatts > 0)) {
            throw new IllegalArgumentException("CPU TDP " + cpuTdpWatts + " W must be positive");
        }
        if (!Double.isNaN(carbonGramsPerKwh) && !(carbonGramsPerKwh >= 0)) {
            throw new IllegalArgumentException("carbon intensity " + carbonGramsPerKwh + " g/kWh must be 0 or more");
        }
        if (powercapRoot == null) powercapRoot = Rapl.DEFAULT_ROOT;
        if (procRoot == null) procRoot = Path.of("/proc");
    }

    /** No GPU, 100 ms sampling, 5 s idle baseline, TDP from the table, no carbon figure, the real system trees. */
    public static MeterOptions defaults() {
        return new MeterOptions(null, 100, 5, Double.NaN, Double.NaN, null, null, null);
    }

    public MeterOptions withGpu(String g) {
        return new MeterOptions(g, samplePeriodMs, idleSeconds, cpuTdpWatts, carbonGramsPerKwh, nvmlFolder, powercapRoot, procRoot);
    }

    public MeterOptions withSamplePeriodMs(int ms) {
        return new MeterOptions(gpu, ms, idleSeconds, cpuTdpWatts, carbonGramsPerKwh, nvmlFolder, powercapRoot, procRoot);
    }

    public MeterOptions withIdleSeconds(double s) {
        return new MeterOptions(gpu, samplePeriodMs, s, cpuTdpWatts, carbonGramsPerKwh, nvmlFolder, powercapRoot, procRoot);
    }

    public MeterOptions withCpuTdpWatts(double w) {
        return new MeterOptions(gpu, samplePeriodMs, idleSeconds, w, carbonGramsPerKwh, nvmlFolder, powercapRoot, procRoot);
    }

    public MeterOptions withCarbonGramsPerKwh(double g) {
        return new MeterOptions(gpu, samplePeriodMs, idleSeconds, cpuTdpWatts, g, nvmlFolder, powercapRoot, procRoot);
    }

    public MeterOptions withNvmlFolder(Path p) {
        return new MeterOptions(gpu, samplePeriodMs, idleSeconds, cpuTdpWatts, carbonGramsPerKwh, p, powercapRoot, procRoot);
    }

    public MeterOptions withPowercapRoot(Path p) {
        return new MeterOptions(gpu, samplePeriodMs, idleSeconds, cpuTdpWatts, carbonGramsPerKwh, nvmlFolder, p, procRoot);
    }

    public MeterOptions withProcRoot(Path p) {
        return new MeterOptions(gpu, samplePeriodMs, idleSeconds, cpuTdpWatts, carbonGramsPerKwh, nvmlFolder, powercapRoot, p);
    }
}
