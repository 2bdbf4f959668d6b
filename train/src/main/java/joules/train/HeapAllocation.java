package joules.train;

import java.lang.management.ManagementFactory;

/**
 * The Java heap a piece of work allocates, counted over all of the JVM's live threads (the CPU backend's pool
 * threads included) with ThreadMXBean: read it before and after. A steady-state training step allocates a few KB
 * (parallel loops' closures); megabytes mean a Vector API kernel runs as calls into the API's Java fallback
 * (docs/cpu-backend.md, "What the JIT taught us").
 */
public final class HeapAllocation {
    private HeapAllocation() {}

    /** The bytes all live threads have allocated so far. */
    public static long bytesSoFar() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) sum += Math.max(0, bytes);
        return sum;
    }
}
