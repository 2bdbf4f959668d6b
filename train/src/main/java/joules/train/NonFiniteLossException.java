package joules.train;

/** The loss became NaN or infinite: training diverged, and further steps would only spread the NaN. */
public final class NonFiniteLossException extends RuntimeException {
    private final int epoch;
    private final int step;

    public NonFiniteLossException(int epoch, int step, float loss) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step + "; training stopped");
        this.epoch = epoch;
        this.step = step;
    }

    /** 1-based epoch. */
    public int epoch() { return epoch; }

    /** 1-based step within the epoch. */
    public int step() { return step; }
}
