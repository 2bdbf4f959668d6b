package joules.energy.nvml;

import joules.energy.SensorException;

/** An NVML call that returned an error: "nvmlDeviceGetPowerUsage: Not Supported (3)". */
public final class NvmlException extends SensorException {
    private final int code;

    public NvmlException(String function, String text, int code) {
        super(function + ": " + text + " (" + code + ")");
        this.code = code;
    }

    /** The nvmlReturn_t value. */
    public int code() {
        return code;
    }
}
