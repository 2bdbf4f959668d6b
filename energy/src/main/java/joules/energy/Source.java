package joules.energy;

/** Where an energy figure comes from, best first. */
public enum Source {
    /** A hardware energy counter read at start and stop (NVML total-energy counter, RAPL). */
    COUNTER,
    /** Power samples integrated over time (trapezoid on the actual sample times). */
    SAMPLED,
    /** A documented model (TDP x CPU share, watts per GB of memory): see energy/README.md. */
    ESTIMATED,
    /** No figure: the reason is in the measurement's notes. */
    UNAVAILABLE;

    /** The lower-case name used in CSV and JSON: "counter", "sampled", "estimated", "unavailable". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
