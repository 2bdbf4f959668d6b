package joules.regression.eval;

/**
 * The scores of one fit on its test points: R^2, MSE (J^2), RMSE (J) and the mean relative error (a fraction),
 * each as {@link Metrics} defines it. NaN when the fit failed.
 */
public record Scores(double r2, double mse, double rmse, double relError) {
    public static final Scores FAILED = new Scores(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Scores of(double[] measured, double[] predicted) {
        return new Scores(Metrics.r2(measured, predicted), Metrics.mse(measured, predicted), Metrics.rmse(measured, predicted),
                Metrics.meanRelativeError(measured, predicted));
    }

    /** The scores by name, in the order of the CSV columns. */
    public enum Name {
        R2("r2"), MSE("mse"), RMSE("rmse"), REL_ERROR("rel_error");

        private final String column;

        Name(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    public double get(Name name) {
        return switch (name) {
            case R2 -> r2;
            case MSE -> mse;
            case RMSE -> rmse;
            case REL_ERROR -> relError;
        };
    }
}
