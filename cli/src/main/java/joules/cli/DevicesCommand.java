package joules.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import joules.energy.Devices;
import joules.energy.MeterOptions;
import joules.tensor.cuda.CudaLibraries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the GPUs, energy sensors and CUDA libraries joules can use.",
                "GPUs through NVML (name, UUID, power limit, whether the energy counter works, which power reading "
                        + "is used); CPU and memory through RAPL; what will be estimated where no sensor can be read; and where "
                        + "the CUDA driver, NVRTC, cuBLAS and cuDNN were found."},
        footer = {"", "Examples:",
                "  joules devices",
                "  joules devices --nvml-lib /usr/lib/x86_64-linux-gnu",
                "      # the folder of libnvidia-ml.so.1 (or set JOULES_NVML_LIB)"})
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
        if (cpuTdp != null) {
            MeterOptions before = options;
            options = ErrorHandler.option("--cpu-tdp", () -> before.withCpuTdpWatts(cpuTdp));
        }
        System.out.print(Devices.describe(options));
        System.out.println("CUDA libraries (the cuda:N backend; JOULES_CUDA_LIB names more folders)");
        CudaLibraries.describe().lines().forEach(l -> System.out.println("  " + l));
        return 0;
    }
}
