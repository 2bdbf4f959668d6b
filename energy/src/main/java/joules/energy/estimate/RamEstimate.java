package joules.energy.estimate;

import java.nio.file.Path;
import java.util.Map;
import joules.energy.EnergySensor;
import joules.energy.SensorException;
import joules.energy.Source;

/**
 * Memory energy where no RAPL dram counter can be read: a constant power per GiB of this process's
 * resident memory, integrated over the samples.
 *
 * <pre>
 *   P = 0.375 W/GiB * VmRSS          (CodeCarbon before v3: "3 W for every 8 GB", after Crucial's figures)
 * </pre>
 * The process's resident memory, not the machine's total, because the study measures the training
 * process alone.
 */
public final class RamEstimate implements EnergySensor {
    public static final double WATTS_PER_GIB = 3.0 / 8.0;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final ProcFiles proc;
    private long peakBytes;

    RamEstimate(ProcFiles proc) {
        this.proc = proc;
    }

    public static RamEstimate create(Path procRoot) throws SensorException {
        ProcFiles proc = new ProcFiles(procRoot);
        proc.residentBytes();  // readable?
        return new RamEstimate(proc);
    }

    @Override
    public String describe() {
        return "0.375 W per GiB of this process's resident memory (CodeCarbon's constant)";
    }

    @Override
    public Source source() {
        return Source.ESTIMATED;
    }

    @Override
    public void begin(long tNanos) {
        peakBytes = 0;
    }

    @Override
    public double powerWatts(long tNanos) throws SensorException {
        long rss = proc.residentBytes();
        peakBytes = Math.max(peakBytes, rss);
        return WATTS_PER_GIB * rss / GIB;
    }

    /** NaN: the meter integrates the samples. */
    @Override
    public double energySinceBeginJoules(long tNanos) {
        return Double.NaN;
    }

    @Override
    public Map<String, Double> stats() {
        return Map.of("resident_peak_mib", peakBytes / (1024.0 * 1024.0));
    }
}
