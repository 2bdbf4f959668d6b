package joules.regression.model;

/**
 * A fit that these points cannot determine: too few points, a constant input, collinear inputs.
 * It is an {@link IllegalArgumentException} because it comes from the data the user chose, and its
 * message says what to change.
 */
public final class FitException extends IllegalArgumentException {
    public FitException(String message) {
        super(message);
    }
}
