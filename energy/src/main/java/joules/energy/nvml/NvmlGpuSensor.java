package joules.energy.nvml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import joules.energy.EnergySensor;
import joules.energy.SensorException;
import joules.energy.Source;

/**
 * A GPU's energy through NVML: the total-energy counter (millijoules, Volta and newer) read at start and
 * stop, and the power sampled on every tick (integrated by the meter as a second figure, and as the only
 * one where the counter is missing).
 *
 * <p>Which power reading: field NVML_FI_DEV_POWER_INSTANT where the driver has it, because
 * nvmlDeviceGetPowerUsage is a 1 s average on Ampere (except GA100) and newer cards, which smears steps
 * and lags the run; nvmlDeviceGetPowerUsage otherwise. {@link #probe} decides once and says why.
 * Utilisation and memory are read at most every 0.5 s (the driver updates them no faster).
 */
public final class NvmlGpuSensor implements EnergySensor {

    /** How power is read. */
    public enum PowerReading {
        INSTANT_FIELD("field NVML_FI_DEV_POWER_INSTANT (power now)"),
        POWER_USAGE("nvmlDeviceGetPowerUsage"),
        NONE("none");

        final String text;

        PowerReading(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final long STATS_PERIOD_NANOS = 500_000_000L;
    private static final double COUNTER_STUCK_SECONDS = 2.0;

    private final NvmlDevice device;
    private final PowerReading reading;
    private final boolean counter;
    private final List<String> notes;
    private long counter0;
    private long t0;
    private long lastStatsNanos;
    private double utilSum;
    private int utilCount;
    private long memoryPeak;
    private boolean statsWork = true;

    private NvmlGpuSensor(NvmlDevice device, PowerReading reading, boolean counter, List<String> notes) {
        this.device = device;
        this.reading = reading;
        this.counter = counter;
        this.notes = List.copyOf(notes);
    }

    /** Tries the counter and the power readings once and keeps what works. */
    public static NvmlGpuSensor probe(NvmlDevice device) {
        List<String> notes = new ArrayList<>();
        boolean counter = false;
        try {
            long mj = device.energyMillijoules();
            if (mj > 0) counter = true;
            else notes.add("energy counter reads 0: not used");
        } catch (NvmlException e) {
            notes.add("no energy counter (" + e.getMessage() + "; Volta and newer have one): energy from power samples");
        }
        PowerReading reading = PowerReading.NONE;
        try {
            if (device.instantPowerWatts() > 0) reading = PowerReading.INSTANT_FIELD;
            else notes.add("NVML_FI_DEV_POWER_INSTANT reads 0 W: not used");
        } catch (NvmlException e) {
            notes.add("no NVML_FI_DEV_POWER_INSTANT (" + e.getMessage() + ")");
        }
        if (reading == PowerReading.NONE) {
            try {
                device.powerUsageWatts();
                reading = PowerReading.POWER_USAGE;
                if (isAveragedPowerUsage(device)) {
                    notes.add("power from nvmlDeviceGetPowerUsage, a 1 s average on this card: samples lag the load");
                }
            } catch (NvmlException e) {
                notes.add("no power reading (" + e.getMessage() + ")");
            }
        }
        return new NvmlGpuSensor(device, reading, counter, notes);
    }

    /** Ampere and newer average nvmlDeviceGetPowerUsage over 1 s, except GA100 (A100, A30). */
    static boolean isAveragedPowerUsage(NvmlDevice device) {
        int arch = device.architecture();
        boolean ga100 = device.name().contains("A100") || device.name().contains("A30");
        return arch >= NvmlConstants.ARCH_AMPERE && arch != -1 && !(arch == NvmlConstants.ARCH_AMPERE && ga100);
    }

    public NvmlDevice device() {
        return device;
    }

    public PowerReading powerReading() {
        return reading;
    }

    public boolean hasCounter() {
        return counter;
    }

    /** What the probe found out, for the measurement's notes. */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s) via NVML: %s, power: %s", device.name(), device.uuid(),
                counter ? "energy counter" : "no energy counter", reading.text());
    }

    @Override
    public Source source() {
        if (counter) return Source.COUNTER;
        return reading == PowerReading.NONE ? Source.UNAVAILABLE : Source.SAMPLED;
    }

    @Override
    public void begin(long tNanos) throws SensorException {
        t0 = tNanos;
        lastStatsNanos = tNanos - STATS_PERIOD_NANOS;
        utilSum = 0;
        utilCount = 0;
        memoryPeak = 0;
        if (counter) counter0 = device.energyMillijoules();
    }

    @Override
    public double powerWatts(long tNanos) throws SensorException {
        double watts = switch (reading) {
            case INSTANT_FIELD -> device.instantPowerWatts();
            case POWER_USAGE -> device.powerUsageWatts();
            case NONE -> Double.NaN;
        };
        if (statsWork && tNanos - lastStatsNanos >= STATS_PERIOD_NANOS) {
            lastStatsNanos = tNanos;
            readStats();
        }
        return watts;
    }

    /** Utilisation and memory are extras: a card that cannot give them (MIG, vGPU) just goes without. */
    private void readStats() {
        try {
            utilSum += device.utilizationPercent()[0];
            utilCount++;
            memoryPeak = Math.max(memoryPeak, device.memoryBytes()[1]);
        } catch (NvmlException e) {
            statsWork = false;
        }
    }

    /**
     * Counter difference in joules; NaN without a counter. A counter that has not moved over more than
     * 2 s of a run is reported as an error (some boards answer but never count), so the meter falls back
     * to the samples.
     */
    @Override
    public double energySinceBeginJoules(long tNanos) throws SensorException {
        if (!counter) return Double.NaN;
        long mj = device.energyMillijoules();
        double seconds = (tNanos - t0) * 1e-9;
        if (mj == counter0 && seconds > COUNTER_STUCK_SECONDS) {
            throw new SensorException(String.format(Locale.ROOT, "energy counter did not move in %.1f s: not used", seconds));
        }
        return (mj - counter0) / 1000.0;
    }

    @Override
    public Map<String, Double> stats() {
        return Map.of("utilisation_mean_pct", utilCount == 0 ? Double.NaN : utilSum / utilCount,
                "memory_used_peak_mib", memoryPeak / (1024.0 * 1024.0));
    }
}
