package joules.regression.data;

import java.util.List;

/**
 * An input of a normalisation model: the energy on the source hardware, the model's computational metrics, and
 * the roofline model's predicted times of the configuration on the source and on the target hardware.
 */
public enum Feature {
    ENERGY("energy_j"),
    FLOPS("flops"),
    PARAMS("params"),
    ROOFLINE_SOURCE("roofline_source_s"),
    ROOFLINE_TARGET("roofline_target_s");

    private final String column;

    Feature(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    /**
     * This input for a row measured on the source hardware, in a normalisation to {@code targetHardware}; the
     * roofline inputs come from {@code roofline} (the others from the row).
     */
    public double of(ConfigResult row, String targetHardware, RooflineTimes roofline) {
        return switch (this) {
            case ENERGY -> row.energyJ();
            case FLOPS -> row.flops();
            case PARAMS -> row.params();
            case ROOFLINE_SOURCE -> roofline.seconds(row.id(), row.hardware());
            case ROOFLINE_TARGET -> roofline.seconds(row.id(), targetHardware);
        };
    }

    /** Whether this input is a roofline model's prediction rather than a column of the results. */
    public boolean isRoofline() {
        return this == ROOFLINE_SOURCE || this == ROOFLINE_TARGET;
    }

    /** "energy_j+flops" */
    public static String names(List<Feature> features) {
        return String.join("+", features.stream().map(Feature::column).toList());
    }
}
