package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import joules.train.TrainingListener;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Test;

/**
 * The progress listeners hear about every training step: between redraws they must make no text and
 * allocate nothing (the text used to be formatted on every step, about 4 KB each), and still draw the
 * same status line when it is due.
 */
class StepProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String shown() { return bytes.toString(StandardCharsets.UTF_8); }

    private Progress progress(boolean terminal) {
        return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated by 100,000 calls of onStep in the middle of an epoch (each call one step). */
    private static long bytesOfManySteps(TrainingListener l) {
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) l.onStep(1, 2, 2 + i % 90, 100, 0.25f);
        return allocatedBytes() - before;
    }

    @Test
    void trainDrawsItsStatusLineWhenDueAndMakesNoTextBetweenRedraws() {
        TrainCommand.EpochLog log = new TrainCommand.EpochLog(progress(true), null, null);
        log.onStep(1, 2, 1, 100, Float.NaN);
        assertTrue(shown().startsWith("\repoch 1/2 step 1/100 loss - [--------------------]   1%"), shown());
        long allocated = bytesOfManySteps(log);
        assertTrue(allocated < 256 * 1024, allocated + " bytes for 100,000 steps");      // about 400 MB before
        log.onStep(2, 2, 100, 100, 0.5f);                   // the last step is always drawn
        assertTrue(shown().contains("\repoch 2/2 step 100/100 loss 0.5000 [####################] 100%  ETA 0s"), shown());
        assertEquals("epoch 1/2 step 5/100 loss 0.1235", TrainCommand.EpochLog.text(1, 2, 5, 100, 0.12345f));
    }

    @Test
    void runWritesOneLogLineAMinuteAndNothingElseWithoutATerminal() {
        RunCommand.Listener l = new RunCommand.Listener(progress(false), List.of(Zoo.config("mlp-L1-H512")), 20, 8, 2);
        long allocated = bytesOfManySteps(l);
        assertEquals("", shown());
        assertTrue(allocated < 64 * 1024, allocated + " bytes for 100,000 steps");
    }

    @Test
    void runRedrawsItsStatusLineOnATerminalWithoutMakingTextBetweenRedraws() {
        RunCommand.Listener l = new RunCommand.Listener(progress(true), List.of(Zoo.config("mlp-L1-H512")), 20, 8, 2);
        l.onConfigStart(1, 1, Zoo.config("mlp-L1-H512"), 1000);
        l.onStep(1, 2, 1, 3, Float.NaN);
        assertTrue(shown().contains("\r[1/1] mlp-L1-H512 epoch 1/2 step 1/3 loss - ["), shown());
        long allocated = bytesOfManySteps(l);
        assertTrue(allocated < 256 * 1024, allocated + " bytes for 100,000 steps");
    }

    @Test
    void aStatusIsDueTenTimesASecondAtMostAndAlwaysAtTheEnd() throws InterruptedException {
        Progress p = progress(true);
        assertTrue(p.statusDue(0.1));
        p.status("a", 0.1);
        assertTrue(!p.statusDue(0.2));
        assertTrue(p.statusDue(1));
        Thread.sleep(110);
        assertTrue(p.statusDue(0.2));
        assertTrue(!progress(false).statusDue(1));           // no terminal: never
    }
}
