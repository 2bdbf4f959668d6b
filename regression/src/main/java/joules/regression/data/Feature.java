package joules.regression.data;

import java.util.List;

/** An input of a normalisation model: the energy on the source hardware and the model's computational metrics. */
public enum Feature {
    ENERGY("energy_j"),
    FLOPS("flops"),
    PARAMS("params");

    private final String column;

    Feature(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public double of(ConfigResult row) {
        return switch (this) {
            case ENERGY -> row.energyJ();
            case FLOPS -> row.flops();
            case PARAMS -> row.params();
        };
    }

    /** "energy_j+flops" */
    public static String names(List<Feature> features) {
        return String.join("+", features.stream().map(Feature::column).toList());
    }
}
