package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * joules bench's warm-up goes on while steps allocate megabytes (vector code the JIT has not compiled yet), and
 * stops at the first step that does not, or at its time limit.
 */
class BenchWarmUpTest {
    @Test
    void stopsAtTheFirstStepThatAllocatesLittle() {
        AtomicLong heap = new AtomicLong();
        int[] ran = {0};
        Runnable step = () -> heap.addAndGet(++ran[0] <= 3 ? 3L << 20 : 4096);   // 3 MB for 3 steps, then 4 KB
        int steps = BenchCommand.warmUntilQuiet(step, heap::get, 60_000_000_000L);
        assertEquals(4, steps);
        assertEquals(4, ran[0]);
    }

    @Test
    void oneStepWhenTheFirstIsAlreadyQuiet() {
        AtomicLong heap = new AtomicLong();
        assertEquals(1, BenchCommand.warmUntilQuiet(() -> heap.addAndGet(BenchCommand.ALLOCATING_STEP - 1), heap::get,
                60_000_000_000L));
    }

    @Test
    void givesUpAtItsTimeLimit() {
        AtomicLong heap = new AtomicLong();
        long t0 = System.nanoTime();
        int steps = BenchCommand.warmUntilQuiet(() -> {
            heap.addAndGet(BenchCommand.ALLOCATING_STEP);      // always allocating
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }, heap::get, 100_000_000L);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertTrue(steps >= 2 && seconds >= 0.1 && seconds < 5, steps + " steps in " + seconds + " s");
    }
}
