package joules.regression.model;

import joules.results.JsonObject;

/** Reads back a fitted model written by {@link Regressor#toJson}. */
public final class Regressors {
    private Regressors() {}

    public static Regressor fromJson(JsonObject o) {
        String type = o.string("type");
        return switch (type) {
            case "linear" -> LinearRegression.fromJson(o);
            case "polynomial" -> PolynomialRegression.fromJson(o);
            case "svr" -> Svr.fromJson(o);
            case "single-reference" -> SingleReference.fromJson(o);
            case "dual-reference" -> DualReference.fromJson(o);
            default -> throw new IllegalArgumentException("unknown model type '" + type
                    + "'; valid: linear, polynomial, svr, single-reference, dual-reference");
        };
    }
}
