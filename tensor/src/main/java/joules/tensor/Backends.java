package joules.tensor;

import joules.tensor.cpu.CpuBackend;
import joules.tensor.cuda.CudaBackend;

/** Opens a backend by device name: "cpu" or "cuda:N". */
public final class Backends {
    private Backends() {}

    public static Backend open(String device) {
        String d = device == null ? "" : device.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu")) return new CpuBackend();
        if (d.matches("cuda(:\\d+)?")) {
            // "cuda" alone is cuda:0; a missing driver, library or device is reported in one line naming what and where
            return CudaBackend.open(d.equals("cuda") ? 0 : Integer.parseInt(d.substring(5)));
        }
        throw new IllegalArgumentException("unknown device '" + device + "'; valid devices: cpu, cuda:N (N = GPU index)");
    }
}
