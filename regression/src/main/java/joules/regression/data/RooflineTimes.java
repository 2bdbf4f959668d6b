package joules.regression.data;

/**
 * A configuration's training time on a hardware as the roofline model predicts it, in seconds: an input the
 * caller supplies (the command line computes it from the model zoo and its table of cards, docs/roofline.md),
 * which the analysis reads as it reads FLOPs and parameters from the results files. The analysis does not
 * know how it was made. It is a model, not a measurement: the methods that use it say so in their label.
 */
@FunctionalInterface
public interface RooflineTimes {
    /**
     * The predicted seconds of configuration {@code id} on {@code hardware} (a name as the results files give it).
     *
     * @throws IllegalArgumentException when there is no prediction for them, saying why
     */
    double seconds(String id, String hardware);

    /** None given: a method that needs roofline times cannot be fitted or applied. */
    RooflineTimes NONE = (id, hardware) -> {
        throw new IllegalArgumentException("no roofline times were given for '" + hardware + "': the methods with"
                + " +roofline need them (joules analyze --roofline, joules normalize --method linear+roofline)");
    };
}
