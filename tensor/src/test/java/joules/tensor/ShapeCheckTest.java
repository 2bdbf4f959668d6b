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
    void gemmChecksAllThreeShapesAndReturnsTheInnerSize() {
        Tensor a = CPU.zeros(4, 3), at = CPU.zeros(3, 4), b = CPU.zeros(3, 5), bt = CPU.zeros(5, 3), c = CPU.zeros(4, 5);
        assertEquals(3, ShapeCheck.gemm(false, false, a, b, c));
        assertEquals(3, ShapeCheck.gemm(true, false, at, b, c));
        assertEquals(3, ShapeCheck.gemm(false, true, a, bt, c));
        assertEquals(3, ShapeCheck.gemm(true, true, at, bt, c));
        assertEquals("gemm: op(A) 4x3 (A [4, 3]) times op(B) 5x3 (B [5, 3]) does not fit C [4, 5]",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.gemm(false, false, a, bt, c)).getMessage());
        assertEquals("gemm: operands must be 2-D, got [4, 3], [3, 5], [20]",
                assertThrows(ShapeMismatchException.class, () -> ShapeCheck.gemm(false, false, a, b, c.reshape(20))).getMessage());
    }

    @Test
    void numelIsTheProductOfTheDimensions() {
        assertEquals(24, Tensor.numel(new int[] {2, 3, 4}));
        assertEquals(1, Tensor.numel(new int[0]));
        assertEquals(0, Tensor.numel(new int[] {5, 0}));
        assertEquals("negative dimension in shape [2, -1]",
                assertThrows(IllegalArgumentException.class, () -> Tensor.numel(new int[] {2, -1})).getMessage());
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
