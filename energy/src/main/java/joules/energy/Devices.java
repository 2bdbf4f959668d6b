package joules.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import joules.energy.estimate.CpuEstimate;
import joules.energy.estimate.RamEstimate;
import joules.energy.nvml.Nvml;
import joules.energy.nvml.NvmlConstants;
import joules.energy.nvml.NvmlDevice;
import joules.energy.nvml.NvmlException;
import joules.energy.nvml.NvmlGpuSensor;
import joules.energy.nvml.NvmlLocator;
import joules.energy.nvml.NvmlUnavailableException;
import joules.energy.rapl.Rapl;
import joules.energy.rapl.RaplZone;

/** What `joules devices` prints: the GPUs NVML sees, the CPU and memory sensors found, what will be estimated. */
public final class Devices {
    private Devices() {
    }

    /** The report for this machine with the standard search paths. */
    public static String describe() {
        return describe(MeterOptions.defaults());
    }

    /** The report, using the options' NVML folder, powercap and /proc roots and CPU TDP. */
    public static String describe(MeterOptions options) {
        return describe(options, NvmlLocator.standard(options.nvmlFolder()));
    }

    /** The report with NVML looked up by {@code locator} (tests pass one that finds nothing). */
    static String describe(MeterOptions options, NvmlLocator locator) {
        List<String> out = new ArrayList<>();
        describeGpus(locator, out);
        describeCpuAndRam(options, out);
        return String.join(System.lineSeparator(), out) + System.lineSeparator();
    }

    private static void describeGpus(NvmlLocator locator, List<String> out) {
        out.add("GPU energy (NVML)");
        try (Nvml nvml = Nvml.open(locator)) {
            out.add("  library: " + nvml.libraryFile() + " (NVML " + nvml.nvmlVersion() + ", driver "
                    + nvml.driverVersion() + ", CUDA " + nvml.cudaDriverVersion() + ")");
            List<NvmlDevice> devices = nvml.devices();
            if (devices.isEmpty()) out.add("  GPU energy unavailable: NVML sees no GPU");
            for (NvmlDevice d : devices) describeGpu(d, out);
        } catch (NvmlUnavailableException | NvmlException e) {
            out.add("  GPU energy unavailable: " + e.getMessage());
        }
    }

    private static void describeGpu(NvmlDevice d, List<String> out) {
        out.add(String.format(Locale.ROOT, "  GPU %d: %s, %s, %s", d.index(), d.name(), d.uuid(),
                NvmlConstants.architectureName(d.architecture())));
        out.add("    power limit: " + orError(() -> String.format(Locale.ROOT, "%.0f W", d.powerLimitWatts())));
        NvmlGpuSensor probe = NvmlGpuSensor.probe(d);
        out.add("    energy counter: " + (probe.hasCounter()
                ? orError(() -> String.format(Locale.ROOT, "works (%.0f J since the driver loaded)", d.energyMillijoules() / 1000.0))
                : "not available: energy will be integrated from power samples"));
        out.add("    power reading: " + probe.powerReading().text()
                + (probe.powerReading() == NvmlGpuSensor.PowerReading.NONE ? "" :
                orError(() -> String.format(Locale.ROOT, ", now %.1f W", probe.powerReading() == NvmlGpuSensor.PowerReading.INSTANT_FIELD
                        ? d.instantPowerWatts() : d.powerUsageWatts()))));
        out.add("    utilisation / memory: " + orError(() -> {
            long[] mem = d.memoryBytes();
            return String.format(Locale.ROOT, "%d %%, %.0f of %.0f MiB used", d.utilizationPercent()[0],
                    mem[1] / 1048576.0, mem[0] / 1048576.0);
        }));
        for (String n : probe.notes()) out.add("    note: " + n);
    }

    private static void describeCpuAndRam(MeterOptions options, List<String> out) {
        Rapl.Discovery rapl = Rapl.discover(options.powercapRoot());
        out.add("CPU and memory energy (RAPL under " + rapl.root() + ")");
        for (RaplZone z : rapl.packages()) out.add("  " + z.id() + " " + z.name() + ": readable");
        for (RaplZone z : rapl.dram()) out.add("  " + z.id() + " " + z.name() + ": readable");
        for (String p : rapl.problems()) out.add("  not usable: " + p);
        if (rapl.packages().isEmpty() && rapl.dram().isEmpty() && rapl.problems().isEmpty()) out.add("  no RAPL zones found");
        if (rapl.packages().isEmpty()) {
            out.add("  CPU: estimated: " + orError(() -> CpuEstimate.create(options.procRoot(), options.cpuTdpWatts()).describe()));
        } else {
            out.add("  CPU: measured by the package counters");
        }
        if (rapl.dram().isEmpty()) {
            out.add("  RAM: estimated: " + orError(() -> RamEstimate.create(options.procRoot()).describe()));
        } else {
            out.add("  RAM: measured by the dram counters");
        }
    }

    private interface Query {
        String get() throws SensorException;
    }

    private static String orError(Query q) {
        try {
            return q.get();
        } catch (SensorException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
