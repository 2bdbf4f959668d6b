package joules.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * Without a GPU: a step graph on a backend that cannot record runs its body every time; over a recording
 * stand-in, each batch size runs once plain, is captured on its second run and replayed after that, a
 * failed capture falls back to plain calls for good, and closing destroys every recording.
 */
class StepGraphLifetimeTest {

    @Test
    void onTheCpuEveryStepRunsTheBodyUntilTheGraphIsClosed() {
        List<String> runs = new ArrayList<>();
        try (CpuBackend cpu = new CpuBackend(1)) {
            StepGraph graph = StepGraph.create(cpu, (rows, start, step) -> runs.add(rows + "@" + start + "#" + step));
            graph.run(8, 0, 1);
            graph.run(8, 8, 2);
            graph.run(4, 16, 3);
            assertEquals(List.of("8@0#1", "8@8#2", "4@16#3"), runs);
            assertFalse(graph.usesGraphs());
            assertEquals("plain launches (not a CUDA backend)", graph.mode());
            graph.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.run(8, 0, 4));
            assertEquals("the step graph is closed", e.getMessage());
            assertEquals(3, runs.size());
            graph.close();
        }
    }

    /** A StepCapture that records what the step graph asks of it; the body's calls during a capture are "recorded". */
    static final class FakeCapture implements StepCapture {
        final List<String> log;
        boolean recording;
        String failEnd;

        FakeCapture(List<String> log) { this.log = log; }

        @Override public void begin() { recording = true; log.add("begin"); }

        @Override public Replay end() {
            recording = false;
            if (failEnd != null) throw new IllegalStateException(failEnd);
            log.add("end");
            return new Replay() {
                boolean destroyed;
                @Override public void launch(int batchStart, int step) {
                    if (destroyed) throw new IllegalStateException("launched after destroy");
                    log.add("replay " + batchStart + "#" + step);
                }
                @Override public void destroy() { if (!destroyed) log.add("destroy"); destroyed = true; }
            };
        }

        @Override public void abort() { recording = false; log.add("abort"); }
    }

    @Test
    void eachBatchSizeRunsPlainThenIsCapturedThenReplayed() {
        List<String> log = new ArrayList<>();
        FakeCapture capture = new FakeCapture(log);
        StepGraph graph = StepGraph.recording(capture,
                (rows, start, step) -> log.add((capture.recording ? "record " : "run ") + rows + "@" + start + "#" + step));
        graph.run(8, 0, 1);
        graph.run(8, 8, 2);
        graph.run(4, 16, 3);
        graph.run(8, 0, 4);
        graph.run(4, 16, 5);
        graph.run(4, 16, 6);
        assertEquals(List.of("run 8@0#1", "begin", "record 8@8#2", "end", "replay 8#2", "run 4@16#3", "replay 0#4",
                "begin", "record 4@16#5", "end", "replay 16#5", "replay 16#6"), log);
        assertEquals("CUDA graph (2 graphs, 4 replays)", graph.mode());
        graph.close();
        assertEquals(List.of("destroy", "destroy"), log.subList(log.size() - 2, log.size()));
    }

    @Test
    void aFailedCaptureRunsTheStepPlainAndEveryLaterOneToo() {
        List<String> log = new ArrayList<>();
        FakeCapture capture = new FakeCapture(log);
        capture.failEnd = "operation not permitted when stream is capturing";
        StepGraph graph = StepGraph.recording(capture,
                (rows, start, step) -> log.add((capture.recording ? "record " : "run ") + rows + "#" + step));
        graph.run(8, 0, 1);
        graph.run(8, 8, 2);
        graph.run(8, 16, 3);
        assertEquals(List.of("run 8#1", "begin", "record 8#2", "abort", "run 8#2", "run 8#3"), log);
        assertFalse(graph.usesGraphs());
        assertEquals("plain launches (capture failed: operation not permitted when stream is capturing)", graph.mode());
        graph.close();
    }
}
