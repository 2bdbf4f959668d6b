package joules.tensor.cpu;

/**
 * C = alpha A B^T + beta C when A or B has only a few rows (at most {@link #MAX_FEW}): every entry is a dot
 * product of a row of A with a row of B, C[i, j] = sum_p A[i, p] B[j, p], 2 k FLOPs each. Two products of
 * the study have this shape: a Linear layer's forward y = x W^T with x 8 rows, and the weight gradient
 * of a first convolution dW = dy col^T with col 9 rows. The blocked GEMM would transpose the many rows
 * into its packing buffer (a slow gather) and then run on 8 or 9 columns, too few to vectorise.
 *
 * <p>Instead the many rows stream past once, KB floats at a time (one copy into a buffer that starts at 0,
 * so that C2 vectorises), against the few rows packed once into blocks of KB. Each (few row, many row) pair
 * keeps KB partial sums, one per position in the block (the SIMD lanes), folded to one number at the end
 * of the row:
 * <pre>
 *   for each many row j (threads split them):
 *     for each block of KB along k:   part_i[q] += few_i[q] many_j[q]      q < KB, for each few row i
 *     C[i, j] = alpha (sum over q of part_i[q]) + beta C[i, j]            (a halving fold, then 16 adds)
 * </pre>
 *
 * <p>With the Vector API ({@link Simd#VECTOR}) {@link VectorDots} does the same with 4 x 4 dot products in registers.
 */
final class Dots {
    private Dots() {}

    /** The most rows the small operand may have. */
    static final int MAX_FEW = 16;
    private static final int KB = 256;

    /** Per-thread buffers: one block of a many row and the partial sums of every few row. */
    private static final class Scratch {
        final float[] many = new float[KB], half = new float[KB / 2];
        final float[][] part = new float[MAX_FEW][KB];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * C (m x n, leading dimension ldc) = alpha A B^T + beta C for row-major A (m x k) and B (n x k);
     * min(m, n) must be at most MAX_FEW.
     */
    static void gemmNT(Parallel par, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                       float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Math.min(m, n) > MAX_FEW) throw new IllegalArgumentException("Dots needs at most " + MAX_FEW + " rows on one side, got " + Math.min(m, n));
        if (Simd.VECTOR) VectorDots.gemmNT(par, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        else gemmNTScalar(par, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** {@link #gemmNT} on auto-vectorised loops, the path without the Vector API. */
    static void gemmNTScalar(Parallel par, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        boolean fewIsA = m <= n;
        int few = fewIsA ? m : n, many = fewIsA ? n : m;
        if (few > MAX_FEW) throw new IllegalArgumentException("Dots needs at most " + MAX_FEW + " rows on one side, got " + few);
        // the few rows, packed into blocks of KB (zero past k): packed[blk * few + i][q] = row i at blk KB + q
        float[] fewData = fewIsA ? a : b, manyData = fewIsA ? b : a;
        int fewOff = fewIsA ? aOff : bOff, fewLd = fewIsA ? lda : ldb;
        int manyOff = fewIsA ? bOff : aOff, manyLd = fewIsA ? ldb : lda;
        int blocks = (k + KB - 1) / KB;
        float[][] packed = packedFew(blocks * few);
        for (int blk = 0; blk < blocks; blk++) {
            int len = Math.min(KB, k - blk * KB);
            for (int i = 0; i < few; i++) {
                System.arraycopy(fewData, fewOff + i * fewLd + blk * KB, packed[blk * few + i], 0, len);
                if (len < KB) java.util.Arrays.fill(packed[blk * few + i], len, KB, 0f);
            }
        }
        long flops = 2L * m * n * k;
        int grain = flops < (1L << 19) ? many : 1;
        par.forRange(many, grain, (j0, j1) -> {
            Scratch s = SCRATCH.get();
            for (int j = j0; j < j1; j++) {
                int row = manyOff + j * manyLd;
                for (int blk = 0; blk < blocks; blk++) {
                    int len = Math.min(KB, k - blk * KB);
                    System.arraycopy(manyData, row + blk * KB, s.many, 0, len);
                    if (len < KB) java.util.Arrays.fill(s.many, len, KB, 0f);
                    for (int i = 0; i < few; i++) multiplyAdd(packed[blk * few + i], s.many, s.part[i]);
                }
                for (int i = 0; i < few; i++) {
                    float dot = alpha * fold(s.part[i], s.half);
                    int at = fewIsA ? cOff + i * ldc + j : cOff + j * ldc + i;
                    c[at] = beta == 0f ? dot : dot + beta * c[at];
                }
            }
        });
    }

    /** The calling thread's buffer for the packed few rows, grown on demand. */
    private static final ThreadLocal<float[][][]> PACKED = ThreadLocal.withInitial(() -> new float[1][0][]);

    private static float[][] packedFew(int rows) {
        float[][][] holder = PACKED.get();
        if (holder[0].length < rows) holder[0] = new float[rows][KB];
        return holder[0];
    }

    /** part[q] += x[q] y[q] for q < KB: the vectorised inner loop. */
    private static void multiplyAdd(float[] x, float[] y, float[] part) {
        for (int q = 0; q < KB; q++) part[q] = Math.fma(x[q], y[q], part[q]);
    }

    /** The sum of part[0 .. KB), by halving (each step a vectorised add of the upper half onto the lower); leaves part zero. */
    private static float fold(float[] part, float[] half) {
        for (int len = KB / 2; len >= 16; len /= 2) {
            System.arraycopy(part, len, half, 0, len);
            addInto(part, half, len);
        }
        float sum = 0f;
        for (int q = 0; q < 16; q++) sum += part[q];
        java.util.Arrays.fill(part, 0f);
        return sum;
    }

    private static void addInto(float[] acc, float[] x, int len) {
        for (int q = 0; q < len; q++) acc[q] += x[q];
    }
}
