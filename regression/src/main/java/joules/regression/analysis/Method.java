package joules.regression.analysis;

import java.util.List;
import joules.regression.data.Feature;
import joules.regression.model.DualReference;
import joules.regression.model.LinearRegression;
import joules.regression.model.PolynomialRegression;
import joules.regression.model.Regressor;
import joules.regression.model.SingleReference;

/** The normalisation methods: what they fit and on which inputs. */
public enum Method {
    LINEAR("linear", "linear", List.of(Feature.ENERGY)),
    POLY2("poly2", "polynomial (degree 2)", List.of(Feature.ENERGY)),
    SVR("svr", "SVR", List.of(Feature.ENERGY)),
    LINEAR_FLOPS("linear+flops", "energy + FLOPs", List.of(Feature.ENERGY, Feature.FLOPS)),
    LINEAR_PARAMS("linear+params", "energy + params", List.of(Feature.ENERGY, Feature.PARAMS)),
    LINEAR_FLOPS_PARAMS("linear+flops+params", "energy + FLOPs + params", List.of(Feature.ENERGY, Feature.FLOPS, Feature.PARAMS)),
    /** Energy and the roofline model's predicted times on both hardware (docs/roofline.md): a model's inputs, not measurements. */
    LINEAR_ROOFLINE("linear+roofline", "energy + roofline times (a model)",
            List.of(Feature.ENERGY, Feature.ROOFLINE_SOURCE, Feature.ROOFLINE_TARGET)),
    SINGLE_REF("single-ref", "single reference", List.of(Feature.ENERGY)),
    DUAL_REF("dual-ref", "dual reference", List.of(Feature.ENERGY));

    private final String id;
    private final String label;
    private final List<Feature> features;

    Method(String id, String label, List<Feature> features) {
        this.id = id;
        this.label = label;
        this.features = features;
    }

    /** The name on the command line and in tables ("linear+flops"). */
    public String id() {
        return id;
    }

    /** A name for figures ("energy + FLOPs"). */
    public String label() {
        return label;
    }

    public List<Feature> features() {
        return features;
    }

    public Regressor newRegressor(SvrSettings svr, long seed) {
        return switch (this) {
            case LINEAR, LINEAR_FLOPS, LINEAR_PARAMS, LINEAR_FLOPS_PARAMS, LINEAR_ROOFLINE -> new LinearRegression(true);
            case POLY2 -> new PolynomialRegression(2);
            case SVR -> svr.newRegressor(seed);
            case SINGLE_REF -> new SingleReference();
            case DUAL_REF -> new DualReference();
        };
    }

    /** Whether this method reads roofline times (which the caller must give). */
    public boolean usesRoofline() {
        return features.stream().anyMatch(Feature::isRoofline);
    }

    /** The fewest reference points this method can be fitted on. */
    public int minPoints(SvrSettings svr) {
        return newRegressor(svr, 0).minPoints(features.size());
    }

    public static Method parse(String s) {
        for (Method m : values()) if (m.id.equalsIgnoreCase(s)) return m;
        throw new IllegalArgumentException("unknown method '" + s + "'; valid: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Method::id).toList()));
    }
}
