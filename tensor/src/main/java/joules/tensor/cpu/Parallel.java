package joules.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a loop over [0, n) on a fixed number of threads, in a few big contiguous chunks (never one task per
 * element). The calling thread takes the first chunk itself, so a 2-thread backend wakes one pool thread.
 */
final class Parallel implements AutoCloseable {
    /** The body of a parallel loop: handles indices [start, end). */
    interface Range {
        void run(int start, int end);
    }

    /** One thread, the caller's: for work that a caller already runs on each of its threads. */
    static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final ForkJoinPool pool;

    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads - 1) : null;
    }

    int threads() { return threads; }

    /**
     * Splits [0, n) into at most {@code threads} chunks of at least {@code grain} indices each (a chunk
     * boundary is always a multiple of {@code grain}, so callers can keep blocks aligned) and runs them.
     */
    void forRange(int n, int grain, Range body) {
        if (n <= 0) return;
        int blocks = (n + grain - 1) / grain;
        int chunks = Math.min(threads, blocks);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
        for (int c = 1; c < chunks; c++) {
            int start = chunkStart(c, chunks, blocks, grain, n);
            int end = chunkStart(c + 1, chunks, blocks, grain, n);
            tasks[c] = pool.submit(() -> body.run(start, end));
        }
        Throwable failure = null;
        try {
            body.run(0, chunkStart(1, chunks, blocks, grain, n));
        } catch (Throwable t) {
            failure = t;
        }
        for (int c = 1; c < chunks; c++) {
            try {
                tasks[c].join();
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
    }

    private static int chunkStart(int c, int chunks, int blocks, int grain, int n) {
        return (int) Math.min(n, (long) blocks * c / chunks * grain);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
