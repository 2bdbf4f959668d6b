package joules.tensor;

import joules.tensor.cpu.CpuBackend;

/** Opens a backend by device name: "cpu" or "cuda:N". */
public final class Backends {
    private Backends() {}

    public static Backend open(String device) {
        String d = device == null ? "" : device.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu")) return new CpuBackend();
        if (d.matches("cuda(:\\d+)?")) {
            throw new IllegalArgumentException("device '" + device + "': the CUDA backend is not available in this build; use --device cpu");
        }
        throw new IllegalArgumentException("unknown device '" + device + "'; valid devices: cpu, cuda:N (N = GPU index)");
    }
}
