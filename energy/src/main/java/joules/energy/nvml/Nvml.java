package joules.energy.nvml;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An initialised NVML: nvmlInit_v2 on open, nvmlShutdown on close (NVML counts them, so several can be
 * open at once). Turns error codes into {@link NvmlException}s and finds devices by index or UUID.
 */
public final class Nvml implements AutoCloseable {
    private final NvmlLibrary lib;
    private final Path file;
    private boolean closed;

    private Nvml(NvmlLibrary lib, Path file) {
        this.lib = lib;
        this.file = file;
    }

    /** Loads and initialises NVML, or says in one line why it cannot be used. */
    public static Nvml open(NvmlLocator locator) throws NvmlUnavailableException {
        Optional<Path> found = locator.find();
        if (found.isEmpty()) {
            throw new NvmlUnavailableException(NvmlLocator.SONAME + " not found (is the NVIDIA driver installed? set "
                    + NvmlLocator.ENV + " to its folder); looked in: " + String.join(", ", locator.looked()));
        }
        Path file = found.get();
        NvmlLibrary lib;
        try {
            lib = Native.load(file.toString(), NvmlLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlUnavailableException("found " + file + " but could not load it: " + dlopenError(e));
        }
        int rc;
        try {
            rc = lib.nvmlInit_v2();
        } catch (UnsatisfiedLinkError e) {
            throw new NvmlUnavailableException(file + " has no nvmlInit_v2: not an NVML library, or a driver older than 2015");
        }
        if (rc != NvmlConstants.SUCCESS) {
            throw new NvmlUnavailableException(initFailure(rc, errorString(lib, rc), file));
        }
        return new Nvml(lib, file);
    }

    /** JNA's message lists every place it tried, one per line; the second line is dlopen's own error. */
    static String dlopenError(UnsatisfiedLinkError e) {
        String[] lines = String.valueOf(e.getMessage()).split("\\R");
        return (lines.length > 1 ? lines[1] : lines[0]).trim();
    }

    static String initFailure(int rc, String text, Path file) {
        String why = switch (rc) {
            case NvmlConstants.ERROR_DRIVER_NOT_LOADED -> "the NVIDIA kernel driver is not loaded (no GPU here, or the container was started without GPU access)";
            case NvmlConstants.ERROR_LIB_RM_VERSION_MISMATCH -> "driver/library version mismatch: " + file
                    + " does not match the loaded kernel module (reboot, or reload the nvidia module after a driver update)";
            case NvmlConstants.ERROR_NO_PERMISSION -> "no permission to open the GPU device files /dev/nvidia*";
            case NvmlConstants.ERROR_LIBRARY_NOT_FOUND -> file + " is not a working NVML (a stub library?)";
            default -> "nvmlInit_v2 failed";
        };
        return why + ": " + text + " (" + rc + ")";
    }

    public Path libraryFile() {
        return file;
    }

    NvmlLibrary lib() {
        return lib;
    }

    /** nvmlErrorString of {@code rc}, e.g. "Not Supported". */
    String errorString(int rc) {
        return errorString(lib, rc);
    }

    private static String errorString(NvmlLibrary lib, int rc) {
        try {
            String s = lib.nvmlErrorString(rc);
            return s == null ? "error" : s;
        } catch (UnsatisfiedLinkError e) {
            return "error";
        }
    }

    /** Throws {@link NvmlException} unless {@code rc} is NVML_SUCCESS. */
    void check(String function, int rc) throws NvmlException {
        if (rc != NvmlConstants.SUCCESS) throw new NvmlException(function, errorString(rc), rc);
    }

    /** Calls a function that older drivers may lack: a missing symbol becomes NVML_ERROR_FUNCTION_NOT_FOUND. */
    int optional(java.util.function.IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return NvmlConstants.ERROR_FUNCTION_NOT_FOUND;
        }
    }

    public String driverVersion() {
        byte[] b = new byte[NvmlConstants.SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        return lib.nvmlSystemGetDriverVersion(b, b.length) == NvmlConstants.SUCCESS ? Native.toString(b) : "unknown";
    }

    public String nvmlVersion() {
        byte[] b = new byte[NvmlConstants.SYSTEM_NVML_VERSION_BUFFER_SIZE];
        return lib.nvmlSystemGetNVMLVersion(b, b.length) == NvmlConstants.SUCCESS ? Native.toString(b) : "unknown";
    }

    /** The CUDA version the driver supports, "13.0", or "unknown". */
    public String cudaDriverVersion() {
        IntByReference v = new IntByReference();
        if (optional(() -> lib.nvmlSystemGetCudaDriverVersion(v)) != NvmlConstants.SUCCESS) return "unknown";
        return v.getValue() / 1000 + "." + (v.getValue() % 1000) / 10;
    }

    public int deviceCount() throws NvmlException {
        IntByReference n = new IntByReference();
        check("nvmlDeviceGetCount_v2", lib.nvmlDeviceGetCount_v2(n));
        return n.getValue();
    }

    public NvmlDevice device(int index) throws NvmlException {
        PointerByReference handle = new PointerByReference();
        check("nvmlDeviceGetHandleByIndex_v2", lib.nvmlDeviceGetHandleByIndex_v2(index, handle));
        return new NvmlDevice(this, handle.getValue());
    }

    public List<NvmlDevice> devices() throws NvmlException {
        List<NvmlDevice> out = new ArrayList<>();
        for (int i = 0, n = deviceCount(); i < n; i++) out.add(device(i));
        return out;
    }

    /**
     * The GPU named by an NVML index ("0") or a UUID ("GPU-8e6d…"; a unique prefix will do). An unknown
     * name is bad input: IllegalArgumentException listing the GPUs there are.
     */
    public NvmlDevice find(String indexOrUuid) throws NvmlException {
        String key = indexOrUuid.trim();
        List<NvmlDevice> all = devices();
        if (key.matches("\\d+")) {
            int index = Integer.parseInt(key);
            if (index < all.size()) return all.get(index);
        } else {
            List<NvmlDevice> matching = all.stream().filter(d -> d.uuid().startsWith(key)).toList();
            if (matching.size() == 1) return matching.get(0);
        }
        StringBuilder choices = new StringBuilder();
        for (NvmlDevice d : all) {
            if (choices.length() > 0) choices.append("; ");
            choices.append(d.index()).append(" = ").append(d.uuid()).append(" (").append(d.name()).append(')');
        }
        throw new IllegalArgumentException("GPU '" + key + "' not found: NVML sees " + all.size() + " GPU(s)"
                + (all.isEmpty() ? "" : ": " + choices));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lib.nvmlShutdown();
        }
    }
}
