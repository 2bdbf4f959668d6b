package joules.tensor;

/**
 * A backend's ability to record the device work of one training step once and replay it with one launch
 * (CUDA graphs). {@link StepGraph} drives it; a backend without it ({@link Backend#stepCapture()} is null)
 * runs every step with plain calls.
 *
 * <p>While recording, the backend queues nothing: it notes each operation. Two values may change from
 * replay to replay, the batch's start given to {@link Backend#gatherRows} and the Adam step given to
 * {@link Backend#adamStep}; the backend reads both from device memory that {@link Replay#launch} writes.
 */
public interface StepCapture {

    /** Starts recording the backend's work instead of running it. */
    void begin();

    /** Stops recording and makes the replayable step; on failure the recording is abandoned and the error thrown. */
    Replay end();

    /** Ends a recording that failed part-way, discarding it; never throws. */
    void abort();

    /** A recorded step. */
    interface Replay {
        /** Runs the recorded step again, for a batch starting at {@code batchStart} and Adam step {@code step}. */
        void launch(int batchStart, int step);

        /** Frees the recording; launching it afterwards is refused. Destroying twice does nothing more. */
        void destroy();
    }
}
