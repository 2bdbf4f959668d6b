package joules.energy;

import java.util.Map;

/**
 * One part of the machine whose energy a meter follows (a GPU, the CPU packages, the memory).
 *
 * <p>Life of a sensor during one measured interval, all times from the meter's {@link Clock}:
 * {@code begin(t0)}, then {@code powerWatts(t)} on every sampler tick (t0 first, the stop time last),
 * then {@code energySinceBeginJoules(tEnd)}. Calls come from one thread at a time.
 */
public interface EnergySensor {

    /** What is measured and how, for people: "NVIDIA H100 80GB HBM3 (GPU-…), NVML power: instant field". */
    String describe();

    /** Where {@link #energySinceBeginJoules} comes from: COUNTER, or SAMPLED / ESTIMATED when it is NaN. */
    Source source();

    /** Reads the start values of counters. */
    void begin(long tNanos) throws SensorException;

    /**
     * Power now (an instantaneous reading) or the mean power since the previous call (a counter
     * difference): watts, or NaN when there is no value yet (a counter's first call).
     */
    double powerWatts(long tNanos) throws SensorException;

    /**
     * Energy since {@link #begin} from a counter or an exact model, in joules; NaN when the sensor has
     * none and the meter should integrate the power samples instead.
     */
    double energySinceBeginJoules(long tNanos) throws SensorException;

    /**
     * True when {@link #powerWatts} is the power at that instant (the samples can be integrated by the
     * trapezoid rule); false when it is the mean since the previous call (a counter difference).
     */
    default boolean instantaneous() {
        return true;
    }

    /** Extra figures over the interval, e.g. "utilisation_mean_pct"; empty by default. */
    default Map<String, Double> stats() {
        return Map.of();
    }
}
