package joules.train;

/** Hears about a training run as it goes (progress bars, logs); every method may be left out. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /**
     * After each optimiser step; epoch and step count from 1. {@code recentLoss} is the mean BCE of a recent
     * step (the trainer reads one back from the device every quarter second, not every step), NaN until
     * the first read. Called on every step, in the training loop: keep it cheap, and format or allocate
     * only when something will be shown (a status line is redrawn ten times a second at most).
     */
    default void onStep(int epoch, int epochs, int step, int stepsPerEpoch, float recentLoss) {}

    /** After each epoch. */
    default void onEpoch(EpochResult result) {}
}
