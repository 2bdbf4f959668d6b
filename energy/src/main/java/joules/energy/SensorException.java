package joules.energy;

/** A sensor read that failed (a file that vanished, an NVML error code). The sampler records it and goes on. */
public class SensorException extends Exception {
    public SensorException(String message) {
        super(message);
    }

    public SensorException(String message, Throwable cause) {
        super(message, cause);
    }
}
