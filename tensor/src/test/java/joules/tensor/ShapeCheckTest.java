package joules.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ShapeCheckTest {
    static final CpuBackend CPU = new CpuBackend(1);

    @AfterAll
    static void close() { CPU.close(); }

    @Test
    void aFailedCheckNamesTheOperationAndTheShapes() {
        Tensor a = CPU.zeros(2, 3), b = CPU.zeros(3, 2);
        assertEquals("gemm: shapes differ, [2, 3] vs [3, 2]",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.same("gemm", a, b)).getMessage());
        assertEquals("conv: x has shape [2, 3], expected [2, 4]",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.shape("conv", "x", a, 2, 4)).getMessage());
        assertEquals("conv: x has shape [2, 3], expected [2, 3, 1]",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.shape("conv", "x", a, 2, 3, 1)).getMessage());
        assertEquals("copy: element counts differ",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.require(false, "copy", "element counts differ")).getMessage());
        assertEquals("copy: 6 floats into 5", ShapeCheck.mismatch("copy", 6 + " floats into " + 5).getMessage());
    }

    @Test
    void passingChecksThrowNothing() {
        Tensor a = CPU.zeros(2, 3);
        ShapeCheck.same("op", a, CPU.zeros(2, 3));
        ShapeCheck.shape("op", "a", a, 2, 3);
        ShapeCheck.require(true, "op", "never shown");
    }

    /** The checks run in every operation of every step: one that passes allocates nothing (no message, no shape copy). */
    @Test
    void aPassingCheckAllocatesNothing() {
        Tensor a = CPU.zeros(8, 1, 128, 64), b = CPU.zeros(8, 1, 128, 64);
        int[] expected = {8, 1, 128, 64};
        ShapeCheck.shape("conv2dForward", "x", a, expected);
        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            ShapeCheck.shape("conv2dForward", "x", a, expected);
            ShapeCheck.same("reluForward", a, b);
        }
        long bytes = allocatedBytes() - before;
        assertTrue(bytes < 100_000, bytes + " bytes allocated by 200,000 passing checks");   // copying the shape: 2.4 MB
    }

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
