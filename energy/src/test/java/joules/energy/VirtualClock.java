package joules.energy;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock whose time moves only when the sampler sleeps: each sleep ends at its deadline plus a random
 * lateness (0 to {@code maxLateNanos}), and once in a while much later (a "GC pause"). When the next
 * wake-up would pass {@code endNanos}, time stops at {@code endNanos} and the sampler waits for stop().
 */
final class VirtualClock implements Clock {
    private final AtomicLong now = new AtomicLong();
    private final long endNanos;
    private final long maxLateNanos;
    private final long pauseEvery;
    private final long pauseNanos;
    private final Random random;
    private long sleeps;
    final CountDownLatch reachedEnd = new CountDownLatch(1);

    VirtualClock(long endNanos, long maxLateNanos, long pauseEvery, long pauseNanos, long seed) {
        this.endNanos = endNanos;
        this.maxLateNanos = maxLateNanos;
        this.pauseEvery = pauseEvery;
        this.pauseNanos = pauseNanos;
        this.random = new Random(seed);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public boolean sleepUntil(long deadlineNanos, CountDownLatch wake) throws InterruptedException {
        if (wake.getCount() == 0) return true;
        sleeps++;
        long late = (long) (random.nextDouble() * maxLateNanos);
        if (pauseEvery > 0 && sleeps % pauseEvery == 0) late += pauseNanos;
        long t = Math.max(now.get(), deadlineNanos + late);
        if (t >= endNanos) {
            now.set(endNanos);
            reachedEnd.countDown();
            wake.await();
            return true;
        }
        now.set(t);
        return false;
    }
}
