package joules.energy.estimate;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import joules.energy.EnergySensor;
import joules.energy.SensorException;
import joules.energy.Source;

/**
 * CPU energy where no RAPL counter can be read: the power of all the machine's CPUs at full load
 * (their TDP) times the share of the machine's CPU time this process used.
 *
 * <pre>
 *   share  = d(utime + stime of /proc/self/stat) / d(all CPU time of /proc/stat)      (0..1)
 *   P      = machineWatts * share
 *   E      = machineWatts * share(t0..t) * (t - t0)
 *   machineWatts = --cpu-tdp option, or TDP / threads of a known model (cpu-tdp.tsv) x logical CPUs,
 *                  or 5 W x logical CPUs
 * </pre>
 * Per busy thread this is machineWatts / logicalCpus per CPU-second, which also holds in a VM that
 * sees a few threads of a large host. It ignores idle power and frequency: an estimate, marked as one.
 */
public final class CpuEstimate implements EnergySensor {
    private final ProcFiles proc;
    private final double machineWatts;
    private final String basis;
    private long process0, machine0, t0;
    private long processPrev, machinePrev;
    private double shareOfInterval = Double.NaN;

    CpuEstimate(ProcFiles proc, double machineWatts, String basis) {
        this.proc = proc;
        this.machineWatts = machineWatts;
        this.basis = basis;
    }

    /** The estimate for the machine behind {@code procRoot}; {@code tdpOverride} (watts, NaN = none) wins. */
    public static CpuEstimate create(Path procRoot, double tdpOverride) throws SensorException {
        ProcFiles proc = new ProcFiles(procRoot);
        int cpus = proc.logicalCpus();
        proc.processTicks();  // readable?
        String model = proc.cpuModel();
        if (!Double.isNaN(tdpOverride)) {
            return new CpuEstimate(proc, tdpOverride, String.format(Locale.ROOT,
                    "TDP %.0f W (option) for %d logical CPUs of %s", tdpOverride, cpus, model));
        }
        Optional<CpuTdpTable.Entry> known = CpuTdpTable.lookup(model);
        double perThread = known.map(CpuTdpTable.Entry::wattsPerThread).orElse(CpuTdpTable.DEFAULT_WATTS_PER_THREAD);
        String why = known.map(e -> String.format(Locale.ROOT, "%s: TDP %.0f W / %d threads", e.modelSubstring(), e.tdpWatts(), e.threads()))
                .orElse("model not in cpu-tdp.tsv: default");
        return new CpuEstimate(proc, perThread * cpus, String.format(Locale.ROOT,
                "%.2f W per busy thread (%s) x %d logical CPUs of %s = %.0f W", perThread, why, cpus, model, perThread * cpus));
    }

    public double machineWatts() {
        return machineWatts;
    }

    @Override
    public String describe() {
        return basis + ", times this process's share of CPU time";
    }

    @Override
    public Source source() {
        return Source.ESTIMATED;
    }

    @Override
    public boolean instantaneous() {
        return false;
    }

    @Override
    public void begin(long tNanos) throws SensorException {
        process0 = processPrev = proc.processTicks();
        machine0 = machinePrev = proc.machineTicks();
        t0 = tNanos;
        shareOfInterval = Double.NaN;
    }

    /** Mean power since the previous call; NaN when /proc/stat has not moved since (ticks are 10 ms). */
    @Override
    public double powerWatts(long tNanos) throws SensorException {
        long process = proc.processTicks();
        long machine = proc.machineTicks();
        double watts = Double.NaN;
        if (machine > machinePrev) {
            double share = Math.min(1.0, (double) (process - processPrev) / (machine - machinePrev));
            watts = machineWatts * share;
            processPrev = process;
            machinePrev = machine;
        }
        return watts;
    }

    @Override
    public double energySinceBeginJoules(long tNanos) throws SensorException {
        long process = proc.processTicks();
        long machine = proc.machineTicks();
        if (machine <= machine0) return 0;
        shareOfInterval = Math.min(1.0, (double) (process - process0) / (machine - machine0));
        return machineWatts * shareOfInterval * (tNanos - t0) * 1e-9;
    }

    @Override
    public Map<String, Double> stats() {
        return Map.of("machine_watts", machineWatts, "process_cpu_share_pct", 100 * shareOfInterval);
    }
}
