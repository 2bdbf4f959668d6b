package joules.energy;

/**
 * One tick of the sampler: seconds since the start of the interval and the power of each component in
 * watts (NaN where the component has no sensor, or its read failed, or a counter has no previous value).
 * For counters (RAPL) the value is the mean power since the previous tick.
 */
public record PowerSample(double tSeconds, double gpuWatts, double cpuWatts, double ramWatts) {
}
