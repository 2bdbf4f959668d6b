package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import joules.tensor.Reference;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    private static final CpuBackend cpu = new CpuBackend(3);

    @AfterAll static void close() { cpu.close(); }

    static Stream<Arguments> shapes() {
        // m, n, k: odd sizes, skinny (batch 8 Linear), tall, sizes that cross the blocking, k = 1; with transB
        // and a side of at most 16 rows and k >= 256 the product runs as Dots (a few rows of A, or of B)
        int[][] mnk = {{1, 1, 1}, {3, 5, 7}, {8, 10, 33}, {8, 97, 301}, {17, 129, 65}, {37, 23, 1}, {64, 200, 130},
                {130, 67, 300}, {5, 1100, 9}, {300, 41, 290}, {130, 9, 600}, {16, 40, 512},
                // a tall narrow C runs as its transpose; a small C over a long k splits k between threads
                {500, 64, 192}, {70, 50, 1200}, {12, 10, 5000},
                // Dots over a long k runs in slices of it (VectorDots.LONG_K), the last one short
                {8, 10, 40001}, {13, 5, 16500}};
        Stream.Builder<Arguments> s = Stream.builder();
        for (int[] d : mnk) {
            for (int t = 0; t < 4; t++) s.add(Arguments.of(d[0], d[1], d[2], (t & 1) != 0, (t & 2) != 0));
        }
        return s.build();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void matchesReference(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom rng = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = Check.random(rng, m * k, 1), b = Check.random(rng, k * n, 1), c = Check.random(rng, m * n, 1);
        Tensor ta = cpu.fromArray(a, transA ? k : m, transA ? m : k);
        Tensor tb = cpu.fromArray(b, transB ? n : k, transB ? k : n);

        // beta = 0 overwrites C, even when it holds NaN
        Tensor tc = Check.poisoned(cpu, m, n);
        cpu.gemm(transA, transB, 1f, ta, tb, 0f, tc);
        Check.close("beta 0", Reference.gemm(transA, transB, m, n, k, 1, Check.toDouble(a), Check.toDouble(b), 0, null), tc, 1e-5);

        // alpha and beta
        Tensor tc2 = cpu.fromArray(c, m, n);
        cpu.gemm(transA, transB, -0.75f, ta, tb, 0.5f, tc2);
        Check.close("alpha -0.75 beta 0.5", Reference.gemm(transA, transB, m, n, k, -0.75, Check.toDouble(a),
                Check.toDouble(b), 0.5, Check.toDouble(c)), tc2, 1e-5);
    }

    @Test
    void worksOnViewsInsideALargerStorage() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] all = Check.random(rng, 1000, 1);
        Tensor flat = cpu.fromArray(all, 1000);
        Tensor a = flat.view(13, 6, 9), b = flat.view(200, 9, 11);
        Tensor c = Check.poisoned(cpu, 6, 11);
        cpu.gemm(false, false, 1f, a, b, 0f, c);
        double[] da = Check.toDouble(java.util.Arrays.copyOfRange(all, 13, 13 + 54));
        double[] db = Check.toDouble(java.util.Arrays.copyOfRange(all, 200, 200 + 99));
        Check.close("views", Reference.gemm(false, false, 6, 11, 9, 1, da, db, 0, null), c, 1e-5);
    }

    @Test
    void emptyInnerDimensionScalesC() {
        Tensor a = cpu.zeros(4, 0), b = cpu.zeros(0, 3), c = cpu.fromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
        cpu.gemm(false, false, 1f, a, b, 2f, c);
        Check.exact("k = 0", new float[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, c.toArray());
        cpu.gemm(false, false, 1f, a, b, 0f, c);
        Check.exact("k = 0, beta 0", new float[12], c.toArray());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor a = cpu.zeros(8, 5), b = cpu.zeros(6, 3), c = cpu.zeros(8, 3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> cpu.gemm(false, false, 1f, a, b, 0f, c));
        assertTrue(e.getMessage().contains("[8, 5]") && e.getMessage().contains("[6, 3]"), e.getMessage());
        Tensor wrongC = cpu.zeros(8, 4);
        ShapeMismatchException e2 = assertThrows(ShapeMismatchException.class,
                () -> cpu.gemm(false, true, 1f, a, cpu.zeros(3, 5), 0f, wrongC));
        assertTrue(e2.getMessage().contains("[8, 4]"), e2.getMessage());
    }

    @Test
    void theVectorKernelRunsInTheTestJvm() {
        // the build passes --add-modules jdk.incubator.vector to the tests, so the shapes above ran on VectorGemm
        // (on a CPU with vectors of at least 8 floats: AVX2 or AVX-512)
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorGemm.lanes() >= 8, "vectors of fewer than 8 floats");
        assertTrue(Simd.VECTOR, "Simd.VECTOR is off: is --add-modules jdk.incubator.vector missing from surefire's argLine?");
    }

    /** The two kernels behind {@link Gemm}, each called directly (the process uses only one of them). */
    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void bothKernelsMatchTheReference(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom rng = new SplittableRandom(m * 13L + n * 5L + k);
        float[] a = Check.random(rng, m * k, 1), b = Check.random(rng, k * n, 1), c = Check.random(rng, m * n, 1);
        int lda = transA ? m : k, ldb = transB ? k : n;
        double[] expected = Reference.gemm(transA, transB, m, n, k, -0.75, Check.toDouble(a), Check.toDouble(b), 0.5, Check.toDouble(c));
        float[] scalar = c.clone(), vector = c.clone();
        Gemm.Operands.of(transA, transB, k, -0.75f, a, 0, lda, b, 0, ldb, 0.5f, scalar, 0, n).blockScalar(0, m, 0, n);
        Check.close("scalar kernel", expected, scalar, 1e-5);
        if (VectorGemm.lanes() >= 8) {
            VectorGemm.block(Gemm.Operands.of(transA, transB, k, -0.75f, a, 0, lda, b, 0, ldb, 0.5f, vector, 0, n), 0, m, 0, n);
            Check.close("vector kernel", expected, vector, 1e-5);
        }
        if (transB && Math.min(m, n) <= Dots.MAX_FEW && !transA) {
            float[] dots = c.clone();
            try (Parallel par = new Parallel(3)) {
                Dots.gemmNTScalar(par, m, n, k, -0.75f, a, 0, lda, b, 0, ldb, 0.5f, dots, 0, n);
            }
            Check.close("scalar dots", expected, dots, 1e-5);
            if (VectorGemm.lanes() >= 8) {
                float[] vdots = c.clone();
                try (Parallel par = new Parallel(3)) {
                    VectorDots.gemmNT(par, m, n, k, -0.75f, a, 0, lda, b, 0, ldb, 0.5f, vdots, 0, n);
                }
                Check.close("vector dots", expected, vdots, 1e-5);
            }
        }
    }

    /**
     * Winograd's two products, whose operands lie in place: rowsTimesPanels (A's rows read where they lie, B packed
     * in NR-column panels; past KC_ROWS several k blocks, past GROUP_BYTES of B several groups of panels, the last
     * one short) and transposedTimesRows (C += A^T B, both read in place).
     */
    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @org.junit.jupiter.params.provider.CsvSource({"8, 32, 16", "24, 64, 7", "16, 96, 600", "40, 32, 257", "16, 160, 1100",
            "8, 224, 2100"})
    void theInPlaceProductsMatchTheReference(int m, int n, int k) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Simd.VECTOR, "no Vector API in this JVM");
        int nr = VectorGemm.NR, nPad = (n + nr - 1) / nr * nr;
        SplittableRandom rng = new SplittableRandom(m * 3L + n + k);
        int lda = k + 3, ldc = nPad + 5;                  // A's rows and C's rows apart from each other
        float[] a = Check.random(rng, m * lda, 1), b = Check.random(rng, k * nPad, 1);
        float[] panels = new float[k * nPad + 2];         // B in panels of NR columns, k-major, 2 floats in
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < nPad; j++) panels[2 + j / nr * k * nr + p * nr + j % nr] = b[p * nPad + j];
        }
        float[] c = poisoned(m * ldc);
        VectorGemm.rowsTimesPanels(a, 0, lda, m, k, panels, 2, c, 0, ldc, nPad);
        double[] aDense = new double[m * k];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) aDense[i * k + p] = a[i * lda + p];
        double[] expected = Reference.gemm(false, false, m, nPad, k, 1, aDense, Check.toDouble(b), 0, new double[m * nPad]);
        float[] got = new float[m * nPad];
        for (int i = 0; i < m; i++) System.arraycopy(c, i * ldc, got, i * nPad, nPad);
        Check.close("rows times panels", expected, got, 1e-5);

        // C (m x nPad) += A^T B with A (k x m) and B (k x nPad) read in place
        float[] at = Check.random(rng, k * (m + 1), 1), c0 = Check.random(rng, m * nPad, 1), acc = c0.clone();
        VectorGemm.transposedTimesRows(at, 0, m + 1, m, k, b, 0, nPad, 1f, acc, 0, nPad, nPad);
        double[] atDense = new double[k * m];
        for (int p = 0; p < k; p++) for (int i = 0; i < m; i++) atDense[p * m + i] = at[p * (m + 1) + i];
        Check.close("transposed times rows", Reference.gemm(true, false, m, nPad, k, 1, atDense, Check.toDouble(b), 1,
                Check.toDouble(c0)), acc, 1e-5);
        // and C = A^T B (beta 0): whatever C held is overwritten
        float[] fresh = c0.clone();
        VectorGemm.transposedTimesRows(at, 0, m + 1, m, k, b, 0, nPad, 0f, fresh, 0, nPad, nPad);
        Check.close("transposed times rows, beta 0", Reference.gemm(true, false, m, nPad, k, 1, atDense, Check.toDouble(b), 0,
                Check.toDouble(c0)), fresh, 1e-5);
    }

    private static float[] poisoned(int length) {
        float[] x = new float[length];
        java.util.Arrays.fill(x, Float.NaN);
        return x;
    }
}
