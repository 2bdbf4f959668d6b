package joules.train.sweep;

import joules.results.ResultRow;
import joules.train.TrainingListener;
import joules.train.zoo.ModelConfig;

/**
 * Hears about a sweep as it goes: the progress display of {@code joules run}, or a test. The training
 * events of the configuration in progress arrive through {@link TrainingListener}.
 */
public interface SweepListener extends TrainingListener {
    SweepListener NONE = new SweepListener() {};

    /** A line for people: the plan, a skipped configuration, a repaired file, a measurement note. */
    default void onNotice(String line) {}

    /** Configuration {@code index} (1-based) of {@code count} to train in this run is about to start. */
    default void onConfigStart(int index, int count, ModelConfig config, long trainFlops) {}

    /** Its row has been written (with status ok or the failure). */
    default void onConfigDone(int index, int count, ResultRow row) {}
}
