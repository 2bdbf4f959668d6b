package joules.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import joules.energy.Devices;
import joules.energy.MeterOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the GPUs and energy sensors joules can use.",
                "GPUs through NVML (name, UUID, power limit, whether the energy counter works, which power reading "
                        + "is used); CPU and memory through RAPL; and what will be estimated where no sensor can be read."},
        footer = {"", "Examples:",
                "  joules devices",
                "  joules devices --nvml-lib /usr/lib/x86_64-linux-gnu   # where libnvidia-ml.so.1 lives (or set JOULES_NVML_LIB)"})
public final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--nvml-lib", paramLabel = "FOLDER",
            description = "folder holding libnvidia-ml.so.1, searched before JOULES_NVML_LIB and the system folders")
    Path nvmlFolder;

    @Option(names = "--cpu-tdp", paramLabel = "WATTS",
            description = "full-load power of all the CPUs, for the CPU estimate (default: from the model table, else 5 W per thread)")
    Double cpuTdp;

    @Override
    public Integer call() {
        if (nvmlFolder != null && !Files.isDirectory(nvmlFolder) && !Files.isRegularFile(nvmlFolder)) {
            throw new IllegalArgumentException("--nvml-lib " + nvmlFolder + ": no such folder");
        }
        MeterOptions options = MeterOptions.defaults().withNvmlFolder(nvmlFolder);
        if (cpuTdp != null) options = options.withCpuTdpWatts(cpuTdp);
        System.out.print(Devices.describe(options));
        return 0;
    }
}
