package joules.tensor;

/** Thrown when an operation receives tensors whose shapes do not fit together; the message names both. */
public class ShapeMismatchException extends IllegalArgumentException {
    public ShapeMismatchException(String message) { super(message); }
}
