package joules.train;

/** One epoch: its 1-based number, the mean of its steps' losses, its step count and wall time. */
public record EpochResult(int epoch, double meanLoss, int steps, double seconds) {}
