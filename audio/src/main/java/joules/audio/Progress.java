package joules.audio;

/** Told how many clips are done; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(int done, int total);
}
