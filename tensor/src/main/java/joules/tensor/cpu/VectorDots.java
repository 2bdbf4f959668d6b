package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dots} with the JDK's Vector API, used when {@link Simd#VECTOR}: C = alpha A B^T + beta C where one
 * side has only a few rows, every entry a dot product of two rows, 2 k FLOPs each. The many rows (a weight
 * matrix, read once from memory) go past in blocks of 4; each block meets the few rows 4 at a time, and the
 * 4 x 4 dot products run side by side in 16 vector accumulators:
 * <pre>
 *   for each block of 4 many rows (threads split them; the block, 4 k floats, stays in L2 for the next group):
 *     for each group of 4 few rows:
 *       acc[i][j] += few_i[q .. q+L) * many_j[q .. q+L)     along k, L floats a step
 *       C[i, j] = alpha (sum of the lanes of acc[i][j] + the scalar tail) + beta C[i, j]
 * </pre>
 * A group or block that runs past the last row repeats that row and drops the repeated results.
 *
 * <p>A long k (over {@link #LONG_K}: the Linear after cnn-L1's first block, 8 rows of x and 10 of W over
 * 262,144 to 2,097,152 inputs) runs in slices of k instead: a block's 4 rows no longer stay in L2 while the
 * groups go past, so each x row was read from memory once per block and each W row once per group (3 and 2
 * times at 8 x 10), and 3 blocks kept only 2 threads busy. Each slice's rows of both sides (18 x 16 KB) are
 * read from memory once and meet each other in L2; threads split the slices; each slice's dot products go to a
 * row of partial sums, added in slice order at the end (the same floats whatever the thread count):
 * <pre>
 *   for each slice s of SLICE along k (threads split them):
 *     for each block of 4 many rows, each group of 4 few rows:  part[s][i, j] = dot over the slice
 *   C[i, j] = alpha (part[0][i, j] + part[1][i, j] + ...) + beta C[i, j]
 * </pre>
 */
final class VectorDots {
    private VectorDots() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** The same contract as {@link Dots#gemmNT}: row-major A (m x k), B (n x k), min(m, n) at most Dots.MAX_FEW. */
    static void gemmNT(Parallel par, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        boolean fewIsA = m <= n;
        int few = fewIsA ? m : n, many = fewIsA ? n : m;
        float[] fewData = fewIsA ? a : b, manyData = fewIsA ? b : a;
        int fewOff = fewIsA ? aOff : bOff, fewLd = fewIsA ? lda : ldb;
        int manyOff = fewIsA ? bOff : aOff, manyLd = fewIsA ? ldb : lda;
        if (k > LONG_K) {
            sliced(par, fewIsA, few, many, k, alpha, fewData, fewOff, fewLd, manyData, manyOff, manyLd, beta, c, cOff, ldc);
            return;
        }
        long flops = 2L * m * n * k;
        int blocks = (many + 3) / 4, grain = flops < (1L << 19) ? blocks : 1;
        par.forRange(blocks, grain, (b0, b1) -> {
            float[] dots = new float[16];
            for (int blk = b0; blk < b1; blk++) {
                int j0 = 4 * blk;
                for (int i0 = 0; i0 < few; i0 += 4) {
                    dot4x4(fewData, fewOff, fewLd, i0, few, manyData, manyOff, manyLd, j0, many, k, dots);
                    for (int i = i0; i < Math.min(i0 + 4, few); i++) {
                        for (int j = j0; j < Math.min(j0 + 4, many); j++) {
                            float dot = alpha * dots[(i - i0) * 4 + (j - j0)];
                            int at = fewIsA ? cOff + i * ldc + j : cOff + j * ldc + i;
                            c[at] = beta == 0f ? dot : dot + beta * c[at];
                        }
                    }
                }
            }
        });
    }

    /** Longer than this, k runs in slices of SLICE floats (a multiple of any vector length). */
    static final int LONG_K = 1 << 14, SLICE = 1 << 12;

    /** The calling thread's partial sums of a sliced product, grown on demand. */
    private static final ThreadLocal<float[][]> PARTS = ThreadLocal.withInitial(() -> new float[1][0]);

    /** {@link #gemmNT} over k in slices (see the class comment); the operands already named few and many. */
    private static void sliced(Parallel par, boolean fewIsA, int few, int many, int k, float alpha, float[] fewData,
                               int fewOff, int fewLd, float[] manyData, int manyOff, int manyLd, float beta,
                               float[] c, int cOff, int ldc) {
        int slices = (k + SLICE - 1) / SLICE, cells = few * many;
        float[][] holder = PARTS.get();
        if (holder[0].length < slices * cells) holder[0] = new float[slices * cells];
        float[] parts = holder[0];
        par.forRange(slices, 1, (s0, s1) -> {
            float[] dots = new float[16];
            for (int s = s0; s < s1; s++) {
                int p0 = s * SLICE, len = Math.min(SLICE, k - p0), row = s * cells;
                for (int j0 = 0; j0 < many; j0 += 4) {
                    for (int i0 = 0; i0 < few; i0 += 4) {
                        dot4x4(fewData, fewOff + p0, fewLd, i0, few, manyData, manyOff + p0, manyLd, j0, many, len, dots);
                        for (int i = i0; i < Math.min(i0 + 4, few); i++) {
                            for (int j = j0; j < Math.min(j0 + 4, many); j++) parts[row + i * many + j] = dots[(i - i0) * 4 + (j - j0)];
                        }
                    }
                }
            }
        });
        for (int i = 0; i < few; i++) {
            for (int j = 0; j < many; j++) {
                float sum = 0f;
                for (int s = 0; s < slices; s++) sum += parts[s * cells + i * many + j];
                float dot = alpha * sum;
                int at = fewIsA ? cOff + i * ldc + j : cOff + j * ldc + i;
                c[at] = beta == 0f ? dot : dot + beta * c[at];
            }
        }
    }

    /**
     * dots[4 i + j] = sum over p < k of few row (i0 + i) [p] many row (j0 + j) [p] for i, j < 4; a row index at
     * or past its count is clamped to the last row.
     */
    private static void dot4x4(float[] f, int fOff, int fLd, int i0, int fewRows, float[] g, int gOff, int gLd,
                               int j0, int manyRows, int k, float[] dots) {
        int f0 = fOff + Math.min(i0, fewRows - 1) * fLd, f1 = fOff + Math.min(i0 + 1, fewRows - 1) * fLd,
            f2 = fOff + Math.min(i0 + 2, fewRows - 1) * fLd, f3 = fOff + Math.min(i0 + 3, fewRows - 1) * fLd;
        int g0 = gOff + Math.min(j0, manyRows - 1) * gLd, g1 = gOff + Math.min(j0 + 1, manyRows - 1) * gLd,
            g2 = gOff + Math.min(j0 + 2, manyRows - 1) * gLd, g3 = gOff + Math.min(j0 + 3, manyRows - 1) * gLd;
        FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00,
                s13 = s00, s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int kv = k - k % L;
        for (int p = 0; p < kv; p += L) {
            FloatVector y0 = FloatVector.fromArray(F, g, g0 + p), y1 = FloatVector.fromArray(F, g, g1 + p),
                    y2 = FloatVector.fromArray(F, g, g2 + p), y3 = FloatVector.fromArray(F, g, g3 + p), x;
            x = FloatVector.fromArray(F, f, f0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(F, f, f1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(F, f, f2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(F, f, f3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        dots[0] = s00.reduceLanes(VectorOperators.ADD);
        dots[1] = s01.reduceLanes(VectorOperators.ADD);
        dots[2] = s02.reduceLanes(VectorOperators.ADD);
        dots[3] = s03.reduceLanes(VectorOperators.ADD);
        dots[4] = s10.reduceLanes(VectorOperators.ADD);
        dots[5] = s11.reduceLanes(VectorOperators.ADD);
        dots[6] = s12.reduceLanes(VectorOperators.ADD);
        dots[7] = s13.reduceLanes(VectorOperators.ADD);
        dots[8] = s20.reduceLanes(VectorOperators.ADD);
        dots[9] = s21.reduceLanes(VectorOperators.ADD);
        dots[10] = s22.reduceLanes(VectorOperators.ADD);
        dots[11] = s23.reduceLanes(VectorOperators.ADD);
        dots[12] = s30.reduceLanes(VectorOperators.ADD);
        dots[13] = s31.reduceLanes(VectorOperators.ADD);
        dots[14] = s32.reduceLanes(VectorOperators.ADD);
        dots[15] = s33.reduceLanes(VectorOperators.ADD);
        int[] fRows = {f0, f1, f2, f3}, gRows = {g0, g1, g2, g3};
        for (int p = kv; p < k; p++) {          // the scalar tail, fewer than L steps
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) dots[4 * i + j] += f[fRows[i] + p] * g[gRows[j] + p];
            }
        }
    }
}
