package joules.energy.nvml;

/** NVML cannot be used on this machine; the message says why in one line, for people (no stack trace needed). */
public final class NvmlUnavailableException extends Exception {
    public NvmlUnavailableException(String message) {
        super(message);
    }
}
