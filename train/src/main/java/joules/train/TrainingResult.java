package joules.train;

import java.util.List;

/** A whole training run: every epoch, the steps and the wall time (the backend synchronised at the end). */
public record TrainingResult(List<EpochResult> epochs, long steps, double seconds) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The mean loss of the last epoch (NaN when no epoch ran). */
    public double finalLoss() { return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).meanLoss(); }
}
