package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** Without a GPU: a step graph on another backend runs its body every time, and no step runs once it is closed. */
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
}
