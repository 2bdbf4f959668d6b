package joules.energy;

import java.util.ArrayList;
import java.util.List;
import joules.energy.estimate.CpuEstimate;
import joules.energy.estimate.RamEstimate;
import joules.energy.nvml.Nvml;
import joules.energy.nvml.NvmlException;
import joules.energy.nvml.NvmlGpuSensor;
import joules.energy.nvml.NvmlLocator;
import joules.energy.nvml.NvmlUnavailableException;
import joules.energy.rapl.Rapl;
import joules.energy.rapl.RaplSensor;

/**
 * Chooses the sensor of each component from what this machine has, best first, with a note for every
 * choice: GPU by NVML; CPU by RAPL package counters, else estimated; RAM by RAPL dram counters, else
 * estimated. A component with no sensor keeps the reason instead.
 */
final class SensorSetup implements AutoCloseable {
    final EnergySensor[] sensors = new EnergySensor[3];      // gpu, cpu, ram
    final String[] unavailable = new String[3];             // the reason where sensors[c] is null
    final List<String> notes = new ArrayList<>();
    private Nvml nvml;

    static SensorSetup detect(MeterOptions options) {
        SensorSetup s = new SensorSetup();
        try {
            s.detectGpu(options);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.detectCpuAndRam(options);
        return s;
    }

    private void detectGpu(MeterOptions options) {
        if (options.gpu() == null) {
            unavailable[0] = "no GPU selected";
            return;
        }
        try {
            nvml = Nvml.open(NvmlLocator.standard(options.nvmlFolder()));
            NvmlGpuSensor gpu = NvmlGpuSensor.probe(nvml.find(options.gpu()));
            for (String n : gpu.notes()) notes.add("gpu: " + n);
            if (gpu.source() == Source.UNAVAILABLE) unavailable[0] = "GPU energy unavailable: " + String.join("; ", gpu.notes());
            else sensors[0] = gpu;
        } catch (NvmlUnavailableException | NvmlException e) {
            unavailable[0] = "GPU energy unavailable: " + e.getMessage();
        }
    }

    private void detectCpuAndRam(MeterOptions options) {
        Rapl.Discovery rapl = Rapl.discover(options.powercapRoot());
        String why = rapl.problems().isEmpty() ? "no RAPL zones under " + rapl.root() : "RAPL not usable: " + rapl.problems().get(0);
        if (!rapl.packages().isEmpty()) {
            sensors[1] = new RaplSensor("CPU packages", rapl.packages());
        } else {
            try {
                sensors[1] = CpuEstimate.create(options.procRoot(), options.cpuTdpWatts());
                notes.add("cpu: estimated (" + why + ")");
            } catch (SensorException e) {
                unavailable[1] = "CPU energy unavailable (" + why + "; no estimate: " + e.getMessage() + ")";
            }
        }
        if (!rapl.dram().isEmpty()) {
            sensors[2] = new RaplSensor("DRAM", rapl.dram());
        } else {
            try {
                sensors[2] = RamEstimate.create(options.procRoot());
                notes.add("ram: estimated (no readable RAPL dram zone)");
            } catch (SensorException e) {
                unavailable[2] = "RAM energy unavailable (no RAPL dram zone; no estimate: " + e.getMessage() + ")";
            }
        }
    }

    @Override
    public void close() {
        if (nvml != null) nvml.close();
        nvml = null;
    }
}
