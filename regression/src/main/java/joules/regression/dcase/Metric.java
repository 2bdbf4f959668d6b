package joules.regression.dcase;

/** A performance figure of the submitted system, as given after --metric: "PSDS1=0.48". */
public record Metric(String name, double value) {

    public static Metric parse(String text) {
        int eq = text.indexOf('=');
        String name = eq > 0 ? text.substring(0, eq).trim() : "";
        if (eq <= 0 || name.isEmpty()) {
            throw new IllegalArgumentException("--metric '" + text + "': give NAME=VALUE, for example PSDS1=0.48");
        }
        String v = text.substring(eq + 1).trim();
        double value;
        try {
            value = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metric '" + text + "': '" + v + "' is not a number");
        }
        if (!Double.isFinite(value)) throw new IllegalArgumentException("--metric '" + text + "': the value must be finite");
        return new Metric(name, value);
    }

    /**
     * The energy-weighted metric of DCASE Task 4 (Ronchini and Serizel, "Performance and energy balance",
     * ICASSP 2024, arXiv:2310.03455), with both energies measured on the same hardware:
     *
     * <pre>  EW = metric x E_baseline / E_system  </pre>
     */
    public double energyWeighted(double baselineEnergy, double systemEnergy) {
        return value * baselineEnergy / systemEnergy;
    }
}
