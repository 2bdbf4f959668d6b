package joules.energy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Time for the sampler: a monotonic nanosecond clock and a sleep that a stop signal cuts short.
 * Tests pass a virtual clock so that ten seconds of sampling take no real time.
 */
public interface Clock {

    /** Monotonic time in nanoseconds (only differences mean anything). */
    long nanoTime();

    /**
     * Sleeps until {@code deadlineNanos} or until {@code wake} reaches zero, whichever comes first.
     * Returns true when woken by {@code wake}.
     */
    boolean sleepUntil(long deadlineNanos, CountDownLatch wake) throws InterruptedException;

    /** The real clock: {@link System#nanoTime()}. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean sleepUntil(long deadlineNanos, CountDownLatch wake) throws InterruptedException {
            return wake.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    };
}
