package joules.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.Locale;
import joules.energy.Devices;
import joules.energy.MeterOptions;
import joules.energy.NvmlAgreement;
import joules.results.OutputFiles;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.tensor.Tensor;
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
                "  joules devices --energy-check 10 --device cuda:0 --out agreement.json",
                "      # 10 s of 4096 x 4096 GEMMs: NVML's counter vs its power samples vs nvidia-smi",
                "  joules devices --nvml-lib /usr/lib/x86_64-linux-gnu",
                "      # the folder of libnvidia-ml.so.1 (or set JOULES_NVML_LIB)"})
public final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--nvml-lib", paramLabel = "FOLDER",
            description = "folder holding libnvidia-ml.so.1, searched before JOULES_NVML_LIB and the system folders")
    Path nvmlFolder;

    @Option(names = "--cpu-tdp", paramLabel = "WATTS",
            description = "full-load power of all the CPUs, for the CPU estimate (default: from the model table, else 5 W per thread)")
    Double cpuTdp;

    @Option(names = "--energy-check", paramLabel = "SECONDS",
            description = "run a known GPU load (4096 x 4096 SGEMMs) this long and compare NVML's energy counter, its "
                    + "integrated power samples and nvidia-smi's power readings taken at the same time")
    Double energyCheckSeconds;

    @Option(names = "--device", paramLabel = "cuda:N", defaultValue = "cuda:0",
            description = "the GPU of --energy-check (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--out", paramLabel = "FILE.json", description = "with --energy-check: also write the agreement as JSON")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (energyCheckSeconds != null) return energyCheck();
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

    /** The energy check of the GPU check script: a known load, three readings of its energy side by side. */
    private int energyCheck() throws Exception {
        if (!(energyCheckSeconds > 0)) throw new IllegalArgumentException("--energy-check must be a positive number of seconds");
        if (!device.matches("cuda:\\d+")) throw new IllegalArgumentException("--device " + device + ": the energy check needs a GPU, cuda:N");
        if (out != null) OutputFiles.requireWritableFile("--out", out);
        try (Backend gpu = Backends.open(device)) {
            int n = 4096;
            Tensor a = gpu.zeros(n, n), b = gpu.zeros(n, n), c = gpu.zeros(n, n);
            gpu.fill(a, 0.5f);
            gpu.fill(b, 0.25f);
            Runnable load = () -> {                       // about 0.14 TFLOP a call
                for (int i = 0; i < 4; i++) gpu.gemm(false, false, 1f, a, b, 0f, c);
                gpu.synchronize();
            };
            MeterOptions options = MeterOptions.defaults().withGpu(device.substring(5)).withIdleSeconds(3);
            NvmlAgreement.Result r = NvmlAgreement.measure(load, energyCheckSeconds, options);
            System.out.println(r.toJson());
            System.out.printf(Locale.ROOT, "energy check on %s, %.1f s of SGEMM: counter %.2f J, sampled %.2f J (%+.2f %%), "
                    + "nvidia-smi %.2f J (%+.2f %%)%n", gpu.hardware(), r.durationSeconds(), r.counterJoules(), r.sampledJoules(),
                    100 * r.sampledVsCounter(), r.smiJoules(), 100 * r.smiVsCounter());
            if (out != null) OutputFiles.write("--out", out, r.toJson() + "\n");
        }
        return 0;
    }
}
