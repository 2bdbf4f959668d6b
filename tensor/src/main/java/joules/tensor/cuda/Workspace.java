package joules.tensor.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * The scratch buffer that cuDNN calls share (they run one after another on one stream, so one buffer
 * serves them all), and the rule that keeps captured CUDA graphs safe.
 *
 * <p>A captured graph keeps the addresses it was recorded with in its nodes. When a later call needs a
 * bigger workspace (the epoch's last, smaller batch picks other algorithms, for instance), the buffer is
 * replaced; if any graph is alive, the old buffer may still be used by its next replay, so it is kept
 * until the last graph is destroyed instead of freed. Without live graphs it is freed at once.
 * Kept buffers cost memory (at most the sum of the workspace sizes seen), never correctness.
 */
final class Workspace {

    /** Device memory as this class needs it: {@link DeviceMemory} in production, a fake in tests. */
    interface Allocator {
        /** A new block of at least {@code bytes}; throws when it cannot be had. */
        long allocate(long bytes, String what);

        /** Frees a block {@link #allocate} returned. */
        void free(long address);
    }

    private final Allocator memory;
    private final Runnable drainStream;
    private final List<Long> keptForGraphs = new ArrayList<>();
    private long address;
    private long bytes;
    private int liveGraphs;

    /**
     * @param memory      where the buffers come from
     * @param drainStream waits for the queued work that may still use the current buffer (run before freeing)
     */
    Workspace(Allocator memory, Runnable drainStream) {
        this.memory = memory;
        this.drainStream = drainStream;
    }

    /** The address of a buffer of at least {@code needed} bytes (0 while nothing was ever needed). */
    long atLeast(long needed) {
        if (needed <= bytes) return address;
        long old = address;
        address = 0;                   // nothing held if the allocation below fails (no stale pointer)
        bytes = 0;
        if (old != 0) {
            if (liveGraphs > 0) {
                keptForGraphs.add(old);
            } else {
                drainStream.run();
                memory.free(old);
            }
        }
        address = memory.allocate(needed, "cuDNN workspace");
        bytes = needed;
        return address;
    }

    /** A graph that may use the current buffer was instantiated. */
    void graphCreated() { liveGraphs++; }

    /** A graph was destroyed; after the last one, the buffers kept for graphs are freed. */
    void graphDestroyed() {
        if (liveGraphs == 0) throw new IllegalStateException("more graphs destroyed than created");
        liveGraphs--;
        if (liveGraphs == 0 && !keptForGraphs.isEmpty()) {
            drainStream.run();
            for (long a : keptForGraphs) memory.free(a);
            keptForGraphs.clear();
        }
    }

    long bytes() { return bytes; }

    /** How many replaced buffers are kept alive for graphs. */
    int keptBuffers() { return keptForGraphs.size(); }

    int liveGraphs() { return liveGraphs; }
}
