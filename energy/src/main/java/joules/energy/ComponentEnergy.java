package joules.energy;

import java.util.Map;

/**
 * The energy of one component (gpu, cpu or ram) over a measured interval.
 *
 * @param component      "gpu", "cpu" or "ram"
 * @param sensor         what measured it and how, for people
 * @param source         where {@code joules} comes from
 * @param joules         the energy to use: the counter where it worked, else the samples or the estimate; NaN if unavailable
 * @param counterJoules  the counter's difference, NaN without a counter
 * @param sampledJoules  the power samples integrated: trapezoid over instantaneous power, or mean power x interval
 *                       for a counter's differences (then it ends at the last valid sample); NaN without samples
 * @param idleWatts      mean power during the idle baseline, NaN without one
 * @param aboveIdleJoules {@code joules - idleWatts * duration}; clamped at 0 with a note; NaN without a baseline
 * @param samples        power samples that held a value
 * @param stats          extra figures (utilisation, memory peaks)
 */
public record ComponentEnergy(String component, String sensor, Source source, double joules, double counterJoules,
                              double sampledJoules, double idleWatts, double aboveIdleJoules, int samples,
                              Map<String, Double> stats) {

    public static ComponentEnergy unavailable(String component, String reason) {
        return new ComponentEnergy(component, reason, Source.UNAVAILABLE, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, 0, Map.of());
    }

    /** (sampled - counter) / counter: how far the samples are from the counter; NaN unless both exist. */
    public double sampledVsCounter() {
        return (sampledJoules - counterJoules) / counterJoules;
    }

    public boolean available() {
        return source != Source.UNAVAILABLE;
    }
}
