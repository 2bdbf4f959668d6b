package joules.tensor.cpu;

import java.util.Objects;

/**
 * Single-precision matrix product on row-major arrays, BLAS style:
 * C = alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n, C m x n, with leading dimensions
 * (the distance between rows) lda, ldb, ldc. FLOPs: 2 m n k.
 *
 * <p>The blocking of GotoBLAS, shaped by what the JIT (HotSpot C2 of JDK 17) vectorises: a loop becomes
 * SIMD only when its arrays are indexed by the bare loop variable (no offset), so every hot loop here runs
 * on scratch rows that start at index 0, and data moves in and out with {@code System.arraycopy}.
 * <pre>
 *   for each block of NC columns of C:
 *     for each block of KC along k:
 *       pack op(B)[pc .. pc+KC, jc .. jc+NC] into KC row arrays          (fits in the L2 cache)
 *       for each block of MC rows of C:
 *         pack alpha op(A)[ic .. ic+MC, pc .. pc+KC]
 *         for each pair of rows: acc (2 x NC) = sum over 4 k at a time of a[i, p] B[p, :]   (the micro-kernel)
 *                                C rows = acc + (pc == 0 ? beta C : C)
 * </pre>
 * The micro-kernel does 8 fused multiply-adds per column per pass (2 rows x 4 k), loading 4 rows of B and
 * 2 accumulators; that is the widest register blocking C2 still vectorises. Threads split C's longer side
 * (its columns, or its rows when it is taller than wide), each running the blocked loop on its part. Two
 * shapes go around this: a tall C with few columns is computed as its transpose (long rows for the
 * micro-kernel), and a small C over a long k is split along k, one share per thread, added at the end.
 *
 * <p>When the JVM has the Vector API ({@link Simd#VECTOR}), each thread's rectangle runs on
 * {@link VectorGemm}'s register-blocked micro-kernel instead (about 2.3 times faster); the dispatch above
 * (threads, transposed, split k, {@link Dots}) is the same for both.
 */
final class Gemm {
    private Gemm() {}

    static final int KC = 128, NC = 512, MC = 64;
    /** Below this many FLOPs a product runs on the calling thread: waking another costs more. */
    private static final long PARALLEL_FLOPS = 1L << 19;

    /** Per-thread packing buffers, made once per thread. */
    private static final class Scratch {
        final float[][] b = new float[KC][NC];
        final float[] a = new float[(MC + 1) * KC];
        final float[] acc0 = new float[NC], acc1 = new float[NC], row = new float[NC];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static void gemm(Parallel par, boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (!transA && transB && Math.min(m, n) <= Dots.MAX_FEW && k >= 256) {   // x W^T with a few rows of x
            Dots.gemmNT(par, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (n < (Simd.VECTOR ? VectorGemm.NR : NARROW) && m >= 2 * n && k >= NARROW) {
            transposed(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (par.threads() > 1 && k >= SPLIT_K * Math.max(m, n) && (long) m * n <= SPLIT_K_MAX_C
                && 2L * m * n * k >= PARALLEL_FLOPS) {
            splitK(par, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Operands p = Operands.of(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (2L * m * n * k < PARALLEL_FLOPS || par.threads() == 1) {
            p.block(0, m, 0, n);
        } else if (n >= m) {
            // Threads split C's longer side: each packs the whole of the operand along the side it does not split
            // (op(A), m x k, when the columns are split; op(B), k x n, when the rows are), so that is the smaller
            // one. Measured, 2 threads, one process (the batched convolutions of cnn-L6-H384's fifth layer):
            // 384 x 256 x 3,456 (NN) 2.81 to 3.14 ms with the columns split, 2.16 to 2.67 with the rows;
            // 3,456 x 256 x 384 (TN) 3.35 to 3.68 against 2.32 to 2.50; 768 x 256 x 6,912 11.8 to 12.7 against
            // 8.9 to 9.7. (As first written, the columns were split whenever C had 64 of them per thread.)
            par.forRange(n, Simd.VECTOR ? VectorGemm.NR : 16, (j0, j1) -> p.block(0, m, j0, j1));
        } else {
            par.forRange(m, Simd.VECTOR ? VectorGemm.MR : 2, (i0, i1) -> p.block(i0, i1, 0, n));
        }
    }

    /** C narrower than this (and twice as tall) is computed as its transpose, whose rows are long. */
    static final int NARROW = 128;
    /** k at least this many times the larger side of C, and C at most SPLIT_K_MAX_C floats: threads split k. */
    static final int SPLIT_K = 16, SPLIT_K_MAX_C = 1 << 16;

    /**
     * The calling thread's buffers, grown on demand: [0] for C^T, [1] for the shares of a split k (a split k's
     * share may itself run transposed).
     */
    private static final ThreadLocal<float[][]> SIDE = ThreadLocal.withInitial(() -> new float[2][0]);
    private static final int TRANSPOSED = 0, SHARES = 1;

    private static float[] side(int which, long length) {
        float[][] holder = SIDE.get();
        if (holder[which].length < length) holder[which] = new float[Math.toIntExact(length)];
        return holder[which];
    }

    /**
     * A tall, narrow C (a GRU's weight gradient, 192 x 64; its input gradient, 16384 x 64): the micro-kernel
     * vectorises along C's rows, which are too short, so compute C^T (n x m) = op(B)^T op(A)^T, whose rows
     * are long, then C = C^T transposed + beta C.
     */
    private static void transposed(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc) {
        float[] ct = side(TRANSPOSED, (long) n * m);
        gemm(par, !transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m);
        par.forRange(m, 64, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int row = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? ct[j * m + i] : ct[j * m + i] + beta * c[row + j];
            }
        });
    }

    /**
     * A small C over a long k (a weight gradient summed over many rows): splitting C between threads would
     * leave each too few columns, so each thread computes the whole C over its share of k into a buffer of
     * its own, and the shares are added: C = share 0 + share 1 + ... + beta C.
     */
    private static void splitK(Parallel par, boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        int parts = par.threads(), size = m * n;
        float[] shares = side(SHARES, (long) parts * size);
        par.forRange(parts, 1, (p0, p1) -> {
            for (int part = p0; part < p1; part++) {
                int k0 = (int) ((long) k * part / parts), k1 = (int) ((long) k * (part + 1) / parts);
                int aAt = transA ? aOff + k0 * lda : aOff + k0, bAt = transB ? bOff + k0 : bOff + k0 * ldb;
                gemm(Parallel.SERIAL, transA, transB, m, n, k1 - k0, alpha, a, aAt, lda, b, bAt, ldb, 0f, shares, part * size, n);
            }
        });
        par.forRange(m, 16, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int row = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    float sum = shares[i * n + j];
                    for (int part = 1; part < parts; part++) sum += shares[part * size + i * n + j];
                    c[row + j] = beta == 0f ? sum : sum + beta * c[row + j];
                }
            }
        });
    }

    /**
     * The operands of one product; {@link #block} computes a rectangle of C on the calling thread. Each thread
     * keeps one instance and refills it for every product it starts ({@link #of}): a GRU runs a small product per
     * step (4,096 a layer for the CRNN), and a new object each time was most of what a training step allocated.
     * The threads that help with a product only read its fields, and no product starts another on the same
     * thread while it runs.
     */
    static final class Operands {
        private boolean transA, transB;
        private int k, aOff, lda, bOff, ldb, cOff, ldc;
        private float alpha, beta;
        private float[] a, b, c;

        private static final ThreadLocal<Operands> OWN = ThreadLocal.withInitial(Operands::new);

        /** The calling thread's instance, filled with these operands. */
        static Operands of(boolean transA, boolean transB, int k, float alpha, float[] a, int aOff, int lda,
                           float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            Operands o = OWN.get();
            o.transA = transA;
            o.transB = transB;
            o.k = k;
            o.alpha = alpha;
            o.a = a;
            o.aOff = aOff;
            o.lda = lda;
            o.b = b;
            o.bOff = bOff;
            o.ldb = ldb;
            o.beta = beta;
            o.c = c;
            o.cOff = cOff;
            o.ldc = ldc;
            return o;
        }

        boolean transA() { return transA; }
        boolean transB() { return transB; }
        int k() { return k; }
        float alpha() { return alpha; }
        float[] a() { return a; }
        int aOff() { return aOff; }
        int lda() { return lda; }
        float[] b() { return b; }
        int bOff() { return bOff; }
        int ldb() { return ldb; }
        float beta() { return beta; }
        float[] c() { return c; }
        int cOff() { return cOff; }
        int ldc() { return ldc; }

        void block(int i0, int i1, int j0, int j1) {
            if (Simd.VECTOR) VectorGemm.block(this, i0, i1, j0, j1);
            else blockScalar(i0, i1, j0, j1);
        }

        /** {@link #block} on the auto-vectorised kernel {@link #kernel2}, the path without the Vector API. */
        void blockScalar(int i0, int i1, int j0, int j1) {
            Scratch s = SCRATCH.get();
            if (k == 0) {
                for (int i = i0; i < i1; i++) {
                    for (int jc = j0; jc < j1; jc += NC) writeBack(s, null, i, jc, Math.min(NC, j1 - jc), true);
                }
                return;
            }
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc), kc4 = (kc + 3) & ~3;
                    packB(s.b, pc, kc, kc4, jc, nc);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(s.a, ic, mc, pc, kc, kc4);
                        for (int ir = 0; ir < mc; ir += 2) {
                            kernel2(s.a, ir * kc4, kc4, s.b, s.acc0, s.acc1, nc);
                            writeBack(s, s.acc0, ic + ir, jc, nc, pc == 0);
                            if (ir + 1 < mc) writeBack(s, s.acc1, ic + ir + 1, jc, nc, pc == 0);
                            else java.util.Arrays.fill(s.acc1, 0, nc, 0f);    // the zero padding row
                        }
                    }
                }
            }
        }

        /**
         * b[p][j] = op(B)[pc + p, jc + j]: rows copied, or gathered down a column when B is transposed; rows
         * kc .. kc4 are zero.
         */
        private void packB(float[][] panel, int pc, int kc, int kc4, int jc, int nc) {
            for (int p = kc; p < kc4; p++) java.util.Arrays.fill(panel[p], 0f);
            if (!transB) {
                for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, panel[p], 0, nc);
            } else {
                // a transpose, 16 columns at a time: each panel row gets a whole cache line, and the 16 rows
                // of B being read stay in L1 while p walks along them
                for (int j0 = 0; j0 < nc; j0 += 16) {
                    int width = Math.min(16, nc - j0), src = bOff + (jc + j0) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        float[] row = panel[p];
                        for (int j = 0; j < width; j++) row[j0 + j] = b[src + j * ldb + p];
                    }
                }
            }
        }

        /** a[i kc4 + p] = alpha op(A)[ic + i, pc + p], zero for p >= kc and for a missing odd last row. */
        private void packA(float[] packed, int ic, int mc, int pc, int kc, int kc4) {
            java.util.Arrays.fill(packed, 0, ((mc + 1) & ~1) * kc4, 0f);
            if (!transA) {
                for (int i = 0; i < mc; i++) {
                    int src = aOff + (ic + i) * lda + pc;
                    for (int p = 0; p < kc; p++) packed[i * kc4 + p] = alpha * a[src + p];
                }
            } else {    // read A along its rows (contiguous), write the packed block down its columns
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic;
                    for (int i = 0; i < mc; i++) packed[i * kc4 + p] = alpha * a[src + i];
                }
            }
        }

        /**
         * C[i, jc .. jc+nc) = acc + beta C (first k block) or C + acc (later blocks), then acc = 0 for the
         * next use; acc null means zero.
         */
        private void writeBack(Scratch s, float[] acc, int i, int jc, int nc, boolean first) {
            int at = cOff + i * ldc + jc;
            if (first && beta == 0f) {
                if (acc == null) java.util.Arrays.fill(c, at, at + nc, 0f);
                else System.arraycopy(acc, 0, c, at, nc);
            } else {
                addRow(s.row, acc, first ? beta : 1f, c, at, nc);
            }
            if (acc != null) java.util.Arrays.fill(acc, 0, nc, 0f);
        }

        /** c[at .. at+nc) = scale c + acc, through a scratch row that starts at index 0. */
        private static void addRow(float[] row, float[] acc, float scale, float[] c, int at, int nc) {
            System.arraycopy(c, at, row, 0, nc);
            if (acc == null) {
                for (int j = 0; j < nc; j++) row[j] = scale * row[j];
            } else {
                for (int j = 0; j < nc; j++) row[j] = Math.fma(scale, row[j], acc[j]);
            }
            System.arraycopy(row, 0, c, at, nc);
        }
    }

    /**
     * The micro-kernel: acc0 += sum over p of a[i0 + p] b[p], acc1 += sum over p of a[i0 + kc + p] b[p]
     * (two packed rows of A against the packed panel), four p at a time so each pass over the columns does
     * 8 FMAs per column. kc is a multiple of 4 (the packing pads with zeros), at least 4.
     *
     * <p>This method must stay a single loop nest compiled on its own: C2 stops vectorising it when it is
     * inlined into a caller with other loops (4 times slower, and whether that happens depends on which
     * method the JIT compiles first). HotSpot never inlines a hot method of more than 325 bytes of bytecode
     * (FreqInlineSize), so the bounds checks below keep it above that: {@code Objects.checkIndex} is an
     * intrinsic range check that C2 hoists like its own (an {@code if ... throw} here stops the vectoriser).
     */
    static void kernel2(float[] a, int i0, int kc, float[][] b, float[] acc0, float[] acc1, int nc) {
        Objects.checkIndex(i0, a.length);                       // both packed rows of a lie inside it
        Objects.checkIndex(i0 + 2 * kc - 1, a.length);
        Objects.checkIndex(kc - 1, b.length);                   // kc rows of b, each at least nc long
        Objects.checkIndex(nc - 1, b[0].length);
        Objects.checkIndex(nc - 1, b[kc - 1].length);
        Objects.checkIndex(nc - 1, acc0.length);                // nc accumulators in each row
        Objects.checkIndex(nc - 1, acc1.length);
        int i1 = i0 + kc;
        for (int p = 0; p < kc; p += 4) {
            float a0 = a[i0 + p], a1 = a[i0 + p + 1], a2 = a[i0 + p + 2], a3 = a[i0 + p + 3];
            float e0 = a[i1 + p], e1 = a[i1 + p + 1], e2 = a[i1 + p + 2], e3 = a[i1 + p + 3];
            float[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
            for (int j = 0; j < nc; j++) {
                float x0 = b0[j], x1 = b1[j], x2 = b2[j], x3 = b3[j];
                acc0[j] = Math.fma(a3, x3, Math.fma(a2, x2, Math.fma(a1, x1, Math.fma(a0, x0, acc0[j]))));
                acc1[j] = Math.fma(e3, x3, Math.fma(e2, x2, Math.fma(e1, x1, Math.fma(e0, x0, acc1[j]))));
            }
        }
    }
}
