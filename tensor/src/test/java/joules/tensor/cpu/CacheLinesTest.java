package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CacheLinesTest {

    @Test
    void startIsTheFirstElementOnALineInAnArrayThatStartsOnOne() {
        int header = sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;       // 16 in a 64-bit JVM with compressed class pointers
        assertTrue(CacheLines.START >= 0 && CacheLines.START < CacheLines.BYTES / Float.BYTES, "start " + CacheLines.START);
        assertEquals(0, (header + Float.BYTES * CacheLines.START) % CacheLines.BYTES, "header " + header);
        if (header == 16) assertEquals(12, CacheLines.START);
    }

    @Test
    void arraysHoldTheirElementsFromStartAndFitGrowsOnlyWhenShort() {
        float[] a = CacheLines.floats(100);
        assertEquals(CacheLines.START + 100, a.length);
        assertSame(a, CacheLines.fit(a, 100));
        assertSame(a, CacheLines.fit(a, 50));
        float[] b = CacheLines.fit(a, 101);
        assertEquals(CacheLines.START + 101, b.length);
    }

    @Test
    void aNewTensorStartsAtStartAndItsViewsCountFromThere() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            Tensor t = cpu.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            assertEquals(CacheLines.START, t.offset());
            assertEquals(CacheLines.START + 6, t.storage().length());
            assertEquals(CacheLines.START + 3, t.view(3, 3).offset());
            Check.exact("the elements from START", new float[] {1, 2, 3, 4, 5, 6},
                    java.util.Arrays.copyOfRange(((CpuStorage) t.storage()).data(), CacheLines.START, CacheLines.START + 6));
        }
    }
}
