package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rule that keeps captured graphs safe, on a fake allocator (no GPU): a workspace buffer that a live
 * graph may use is never freed when a bigger one replaces it. Before this rule the backend freed the old
 * buffer at once, and a graph captured for the full batch replayed into freed memory after the epoch's
 * last, smaller batch had grown the workspace.
 */
class WorkspaceTest {

    /** Hands out increasing addresses and records which blocks are held and when the stream was drained. */
    static final class FakeMemory implements Workspace.Allocator {
        final Set<Long> held = new LinkedHashSet<>();
        final List<String> events = new ArrayList<>();
        long next = 0x1000;

        @Override
        public long allocate(long bytes, String what) {
            long a = next;
            next += 0x1000 + bytes;
            held.add(a);
            events.add("allocate " + bytes);
            return a;
        }

        @Override
        public void free(long address) {
            assertTrue(held.remove(address), "freed a block that is not held: " + address);
            events.add("free");
        }
    }

    @Test
    void withoutGraphsAReplacedBufferIsFreedAfterTheStreamDrains() {
        FakeMemory memory = new FakeMemory();
        Workspace ws = new Workspace(memory, () -> memory.events.add("drain"));
        long first = ws.atLeast(100);
        assertEquals(first, ws.atLeast(50), "a smaller need reuses the buffer");
        long second = ws.atLeast(200);
        assertEquals(Set.of(second), memory.held);
        assertEquals(List.of("allocate 100", "drain", "free", "allocate 200"), memory.events);
        assertEquals(200, ws.bytes());
    }

    @Test
    void aBufferALiveGraphMayUseIsKeptUntilTheLastGraphIsDestroyed() {
        FakeMemory memory = new FakeMemory();
        Workspace ws = new Workspace(memory, () -> memory.events.add("drain"));
        long fullBatch = ws.atLeast(100);          // the full batch's calls, then its graph is captured
        ws.graphCreated();
        long lastBatch = ws.atLeast(300);          // the last, smaller batch needs more: a new buffer
        assertTrue(memory.held.contains(fullBatch), "the full batch's graph still records this address");
        assertTrue(memory.held.contains(lastBatch));
        assertEquals(1, ws.keptBuffers());
        ws.graphCreated();                          // the last batch's graph
        long bigger = ws.atLeast(500);
        assertEquals(Set.of(fullBatch, lastBatch, bigger), memory.held);
        ws.graphDestroyed();
        assertEquals(3, memory.held.size(), "one graph is still alive");
        ws.graphDestroyed();
        assertEquals(Set.of(bigger), memory.held, "kept buffers go with the last graph, the current one stays");
        assertEquals(0, ws.keptBuffers());
        assertEquals("drain", memory.events.get(memory.events.size() - 3), "the stream drains before kept buffers are freed");
    }

    @Test
    void aFailedAllocationLeavesNoStalePointer() {
        FakeMemory memory = new FakeMemory();
        Workspace ws = new Workspace(new Workspace.Allocator() {
            int calls;
            @Override public long allocate(long bytes, String what) {
                if (++calls == 2) throw new IllegalArgumentException("out of GPU memory");
                return memory.allocate(bytes, what);
            }
            @Override public void free(long address) { memory.free(address); }
        }, () -> {});
        ws.atLeast(100);
        assertThrows(IllegalArgumentException.class, () -> ws.atLeast(1 << 30));
        assertEquals(0, ws.bytes(), "after the failure nothing is held, so the next call allocates again");
        assertTrue(memory.held.isEmpty());
    }

    @Test
    void destroyingMoreGraphsThanWereCreatedIsABug() {
        Workspace ws = new Workspace(new FakeMemory(), () -> {});
        assertThrows(IllegalStateException.class, ws::graphDestroyed);
    }
}
