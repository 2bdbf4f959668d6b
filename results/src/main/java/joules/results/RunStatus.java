package joules.results;

/** How the training run of one configuration ended; written to the {@code status} column in lower case. */
public enum RunStatus {
    /** Trained every epoch; the energy is the whole run's. */
    OK,
    /**
     * Trained every epoch, but the headline energy (the GPU's on a GPU, the CPU's on the CPU) has no
     * figure: energy_j is empty and the error says why. Not a result; analyses skip it.
     */
    NO_ENERGY,
    /** The loss became NaN or infinite (the error names the epoch and step). */
    NON_FINITE_LOSS,
    /** The device (or the Java heap) ran out of memory. */
    OUT_OF_MEMORY,
    /** Any other failure: a CUDA error, a bug; the error column holds the exception. */
    FAILED;

    public String cell() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The status a cell names ("ok", "failed", in any case); anything else is an {@link IllegalArgumentException}. */
    public static RunStatus parse(String cell) {
        for (RunStatus s : values()) if (s.cell().equalsIgnoreCase(cell.trim())) return s;
        throw new IllegalArgumentException("unknown status '" + cell + "'; valid: " + String.join(", ", cells()));
    }

    /** The cells of every status, in declaration order. */
    public static java.util.List<String> cells() {
        return java.util.Arrays.stream(values()).map(RunStatus::cell).toList();
    }
}
