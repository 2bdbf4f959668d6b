package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The blocked product of {@link Gemm} with a register-blocked micro-kernel written in the JDK's Vector API
 * (module {@code jdk.incubator.vector}), used when that module is loaded ({@link Simd#VECTOR}).
 *
 * <p>C = alpha op(A) op(B) + beta C is cut as in GotoBLAS / BLIS:
 * <pre>
 *   for each block of NC columns of C:                     (threads split the columns before this)
 *     for each block of KC along k:
 *       pack op(B)[pc .. pc+KC, jc .. jc+NC] as panels of NR columns, k-major   (1 MB, stays in L2)
 *       for each block of MC rows of C:
 *         pack alpha op(A)[ic .. ic+MC, pc .. pc+KC] as panels of MR rows, k-major   (the A panel, 8 KB, in L1)
 *         for each MR panel of A:                              (so C is written along its rows)
 *           for each NR panel of B:
 *             tile (MR x NR) = sum over p of a[:, p] b[p, :]   -- the micro-kernel
 *             C tile = tile + beta C (first k block) or C + tile (later blocks)
 * </pre>
 * B is not packed when A has a single panel (a batch of 8 rows): each panel of B would be used once, so the
 * micro-kernel reads it where it lies, KC_DIRECT rows at a time.
 * The micro-kernel holds the 8 x 32 tile of C in 16 vector registers of 16 floats (AVX-512) for the whole
 * k loop; each step loads one row of the B panel (2 vectors), broadcasts the 8 values of the A panel and
 * does 16 fused multiply-adds: 2 MR NR FLOPs per step, with no load or store of C inside the loop. That is
 * what the auto-vectorised kernel of {@link Gemm} cannot do (C2 keeps its accumulators in memory), and it
 * reaches about 150 GFLOP/s per core here against about 56.
 *
 * <p>The Vector API is fast only once C2 has compiled the kernel (interpreted, it is about 100 times
 * slower), so the first products of a process are slow for well under a second.
 */
final class VectorGemm {
    private VectorGemm() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector register (16 with AVX-512, 8 with AVX2). */
    static final int L = F.length();
    /** The micro-tile: MR rows by NR = 2 vectors of columns. */
    static final int MR = 8, NR = 2 * L;
    static final int KC = 256, MC = 128, NC = 1024;
    /** The k block when B is read in place (one panel of A): short walks down B, long ones along its rows. */
    static final int KC_DIRECT = 32;
    /**
     * {@link #rowsTimesPanels}' blocks: k in blocks of KC_ROWS (all of k for the study's channel counts, so C is
     * written once), B's panels in groups of about GROUP_BYTES (half of a core's L2 here) that stay in L2 while
     * the rows of A pass, each MR rows read once into L1 for all the group's panels.
     */
    static final int KC_ROWS = 1024, GROUP_BYTES = 512 * 1024;

    /**
     * Per-thread packing buffers, made once per thread. B's panels start at {@link CacheLines#START}, on a cache
     * line, so that each of the micro-kernel's loads of a panel row lies in one line.
     */
    private static final class Scratch {
        final float[] b = CacheLines.floats(KC * NC);
        final float[] a = new float[MC * KC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Floats per vector register of the preferred species; the vector path is used from 8 on. */
    static int lanes() {
        return L;
    }

    /** Rows i0 .. i1 and columns j0 .. j1 of C = alpha op(A) op(B) + beta C, on the calling thread. */
    static void block(Gemm.Operands g, int i0, int i1, int j0, int j1) {
        if (g.k() == 0) {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int at = g.cOff() + i * g.ldc() + j;
                    g.c()[at] = g.beta() == 0f ? 0f : g.beta() * g.c()[at];
                }
            }
            return;
        }
        Scratch s = SCRATCH.get();
        // with one panel of A, each panel of B is used once: read it where it lies instead of packing it; with
        // two, the second finds it in L1
        boolean direct = !g.transB() && i1 - i0 <= 2 * MR;
        // and then walk it a few rows at a time, so that each row is read along its length (prefetched) rather
        // than KC rows one page apart
        int kcMax = direct ? KC_DIRECT : KC;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < g.k(); pc += kcMax) {
                int kc = Math.min(kcMax, g.k() - pc);
                float scale = pc == 0 ? g.beta() : 1f;
                if (!direct) {
                    for (int jr = 0; jr < nc; jr += NR) packB(g, s.b, CacheLines.START + jr * kc, pc, kc, jc + jr, Math.min(NR, nc - jr));
                }
                // A's rows read in place, unpacked, where few panels of B would use each packed value
                boolean inPlace = !direct && !g.transA() && g.alpha() == 1f && nc <= IN_PLACE_PANELS * NR;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    if (!inPlace || mc % MR != 0 || nc % NR != 0) packA(g, s.a, ic, mc, pc, kc);   // for edge tiles
                    int wide = wideRows(g, mc);
                    for (int ir = 0; ir < mc; ir += MR) {      // rows of tiles: C is written along its rows
                        int rows = Math.min(MR, mc - ir);
                        int ai = ir < wide ? (ir - ir % L) * kc + ir % L : ir * kc, ap = ir < wide ? L : MR;
                        for (int jr = 0; jr < nc; jr += NR) {
                            int cols = Math.min(NR, nc - jr), at = g.cOff() + (ic + ir) * g.ldc() + jc + jr;
                            float[] panel = s.b;
                            int bi = CacheLines.START + jr * kc, ldp = NR;
                            if (direct && cols == NR) {
                                panel = g.b();
                                bi = g.bOff() + pc * g.ldb() + jc + jr;
                                ldp = g.ldb();
                            } else if (direct) {
                                packB(g, s.b, bi = CacheLines.START, pc, kc, jc + jr, cols);
                            }
                            if (inPlace && rows == MR && cols == NR) {
                                int aIn = g.aOff() + (ic + ir) * g.lda() + pc;
                                if (scale == 0f) {
                                    kernelRows(g.a(), aIn, g.lda(), panel, bi, kc, g.c(), at, g.ldc());
                                } else {
                                    kernelRows(g.a(), aIn, g.lda(), panel, bi, kc, s.tile, 0, NR);
                                    store(s.tile, MR, g.c(), at, g.ldc(), scale);
                                }
                                continue;
                            }
                            if (rows == MR && cols == NR && scale == 0f) {     // a whole tile, C overwritten
                                kernel(s.a, ai, ap, panel, bi, ldp, kc, g.c(), at, g.ldc());
                                continue;
                            }
                            kernel(s.a, ai, ap, panel, bi, ldp, kc, s.tile, 0, NR);
                            if (cols == NR) store(s.tile, rows, g.c(), at, g.ldc(), scale);
                            else merge(s.tile, rows, cols, g.c(), at, g.ldc(), scale);    // a right edge tile
                        }
                    }
                }
            }
        }
    }

    /**
     * C (m x n) = A (m x k) B (k x n) for an A whose rows lie in place (row i at aOff + i lda) and a B packed
     * whole into panels of NR columns (panel j, k-major, at bOff + j k NR: {@link Winograd}'s transformed
     * weights); m a multiple of MR, n of NR. Nothing is packed: the micro-kernel {@link #kernelRows} reads the
     * MR rows of A where they lie. k runs in blocks of {@link #KC_ROWS} (the first overwrites C, the later ones
     * add to it); for each group of panels (about {@link #GROUP_BYTES} of B, in L2), each MR rows of A go
     * through every panel of the group while they are in L1. (Panels outermost with k in blocks of 256, as
     * first written, each MR rows came from L2 once per panel, and at 384 channels C was written twice:
     * one Winograd forward, one process, the two orders interleaved, 384 channels on 32 x 64 maps 56.3 to
     * 59.6 ms against 52.9 to 55.2, 128 channels on 64 x 32 8.1 to 9.1 against 7.6 to 8.4.)
     */
    static void rowsTimesPanels(float[] a, int aOff, int lda, int m, int k, float[] b, int bOff, float[] c, int cOff,
                                int ldc, int n) {
        float[] tile = SCRATCH.get().tile;
        for (int pc = 0; pc < k; pc += KC_ROWS) {
            int kc = Math.min(KC_ROWS, k - pc);
            int group = Math.max(NR, GROUP_BYTES / (4 * kc) / NR * NR);
            for (int j0 = 0; j0 < n; j0 += group) {
                int j1 = Math.min(n, j0 + group);
                for (int ir = 0; ir < m; ir += MR) {
                    int ai = aOff + ir * lda + pc;
                    for (int jr = j0; jr < j1; jr += NR) {
                        int bi = bOff + jr * k + pc * NR, at = cOff + ir * ldc + jr;   // panel jr / NR starts at jr k
                        if (pc == 0) {
                            kernelRows(a, ai, lda, b, bi, kc, c, at, ldc);
                        } else {
                            kernelRows(a, ai, lda, b, bi, kc, tile, 0, NR);
                            store(tile, MR, c, at, ldc, 1f);
                        }
                    }
                }
            }
        }
    }

    /**
     * C (m x n) = A^T B + beta C (beta 0 or 1) for an A (k x m) and a B (k x n) both read in place, row p at aOff +
     * p lda and bOff + p ldb; m a multiple of MR, n of NR. Each MR x NR tile of C is summed over all of k in
     * registers ({@link #kernel} with A's rows as its steps), then stored or added to C: {@link Winograd}'s
     * weight gradient, where k is a block's tiles and nothing needs packing.
     */
    static void transposedTimesRows(float[] a, int aOff, int lda, int m, int k, float[] b, int bOff, int ldb, float beta,
                                    float[] c, int cOff, int ldc, int n) {
        float[] tile = SCRATCH.get().tile;
        for (int ir = 0; ir < m; ir += MR) {
            for (int jr = 0; jr < n; jr += NR) {
                kernel(a, aOff + ir, lda, b, bOff + jr, ldb, k, tile, 0, NR);
                store(tile, MR, c, cOff + ir * ldc + jr, ldc, beta);
            }
        }
    }

    /**
     * panel[at + p NR + j] = op(B)[pc + p, j0 + j] for j < cols, zero for cols <= j < NR: the kc x NR slice of
     * op(B) the micro-kernel walks down, one row (2 vectors) per step.
     */
    private static void packB(Gemm.Operands g, float[] panel, int at, int pc, int kc, int j0, int cols) {
        float[] b = g.b();
        if (cols < NR) java.util.Arrays.fill(panel, at, at + kc * NR, 0f);
        if (!g.transB()) {                  // rows of B are contiguous: copy cols floats per row
            for (int p = 0; p < kc; p++) System.arraycopy(b, g.bOff() + (pc + p) * g.ldb() + j0, panel, at + p * NR, cols);
        } else {                            // op(B)[p, j] = B[j, p]: read each row of B along p
            for (int j = 0; j < cols; j++) {
                int src = g.bOff() + (j0 + j) * g.ldb() + pc;
                for (int p = 0; p < kc; p++) panel[at + p * NR + j] = b[src + p];
            }
        }
    }

    /**
     * The first rows of a block of mc that {@link #packA} lays out L to a step (a vector register's worth) rather
     * than MR: those of a transposed A, whose L values of a step lie side by side in A and are copied as one
     * vector; the rest, and all of an A not transposed, MR to a step.
     */
    private static int wideRows(Gemm.Operands g, int mc) {
        return g.transA() ? mc / L * L : 0;
    }

    /**
     * panels[ip kc MR + p MR + i] = alpha op(A)[ic + ip MR + i, pc + p] for the mc rows, zero past them: the MR
     * values the micro-kernel broadcasts at step p lie side by side. The first {@link #wideRows} rows go L to a
     * step instead, panels[iw kc L + p L + i] for rows ic + iw L + i: the MR rows from ir then start at
     * (ir - ir % L) kc + ir % L and their steps lie L floats apart. Copying a vector a step instead of MR scalars
     * matters where each packed value feeds few panels of B: a GRU's weight gradient, 192 x 64 over k = 16,384
     * (2 panels), where the scalar copy took as long as a third of the products.
     */
    private static void packA(Gemm.Operands g, float[] panels, int ic, int mc, int pc, int kc) {
        float[] a = g.a();
        float alpha = g.alpha();
        int wide = wideRows(g, mc);
        for (int iw = 0; iw < wide; iw += L) {
            packSteps(a, g.aOff() + pc * g.lda() + ic + iw, g.lda(), alpha, panels, iw * kc, kc);
        }
        for (int ir = wide; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir), base = ir * kc;
            if (rows < MR) java.util.Arrays.fill(panels, base, base + kc * MR, 0f);
            if (!g.transA()) {              // op(A)[i, p] = A[i, p]: the MR rows read side by side along p
                int src = g.aOff() + (ic + ir) * g.lda() + pc, lda = g.lda();
                if (rows == MR) {
                    for (int p = 0; p < kc; p++) {
                        int to = base + p * MR, at = src + p;
                        for (int i = 0; i < MR; i++) panels[to + i] = alpha * a[at + i * lda];
                    }
                } else {
                    for (int i = 0; i < rows; i++) {
                        for (int p = 0; p < kc; p++) panels[base + p * MR + i] = alpha * a[src + i * lda + p];
                    }
                }
            } else {                        // op(A)[i, p] = A[p, i]: row p of A holds the MR values of step p
                for (int p = 0; p < kc; p++) {
                    int src = g.aOff() + (pc + p) * g.lda() + ic + ir;
                    for (int i = 0; i < rows; i++) panels[base + p * MR + i] = alpha * a[src + i];
                }
            }
        }
    }

    /**
     * panels[base + p L + i] = alpha a[src + p lda + i] for p &lt; kc, i &lt; L: a vector a step. A method of its own,
     * small, so that C2 inlines its Vector API calls whatever it inlines into {@link #packA}.
     */
    private static void packSteps(float[] a, int src, int lda, float alpha, float[] panels, int base, int kc) {
        for (int p = 0; p < kc; p++) FloatVector.fromArray(F, a, src + p * lda).mul(alpha).intoArray(panels, base + p * L);
    }

    /** C[at ..] (rows x cols, leading dimension ldc) = tile + scale C, or = tile when scale is 0. */
    private static void merge(float[] tile, int rows, int cols, float[] c, int at, int ldc, float scale) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int to = at + i * ldc + j;
                c[to] = scale == 0f ? tile[i * NR + j] : Math.fma(scale, c[to], tile[i * NR + j]);
            }
        }
    }

    /** C[at ..] (rows x NR, leading dimension ldc) = tile + scale C, or = tile when scale is 0: full-width rows. */
    private static void store(float[] tile, int rows, float[] c, int at, int ldc, float scale) {
        FloatVector s = FloatVector.broadcast(F, scale);
        for (int i = 0; i < rows; i++) {
            int row = at + i * ldc;
            for (int j = 0; j < NR; j += L) {
                FloatVector t = FloatVector.fromArray(F, tile, i * NR + j);
                if (scale == 0f) t.intoArray(c, row + j);
                else FloatVector.fromArray(F, c, row + j).fma(s, t).intoArray(c, row + j);     // one rounding
            }
        }
    }

    /**
     * {@link #kernel} for an A read in place: c[at + i ldc + j] = sum over p &lt; kc of a[ai + i lda + p]
     * b[bi + p NR + j]. The MR rows of A are walked with stride 1 (each row's index is p plus a base fixed
     * before the loop): C2 then hoists the range checks out of the loop, which it cannot do for an index
     * p lda + i (variable stride), about 1.6 times slower.
     */
    static void kernelRows(float[] a, int ai, int lda, float[] b, int bi, int kc, float[] c, int at, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00,
                c70 = c00, c71 = c00;
        int a0 = ai, a1 = ai + lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda, a4 = ai + 4 * lda, a5 = ai + 5 * lda,
                a6 = ai + 6 * lda, a7 = ai + 7 * lda;
        for (int p = 0; p < kc; p++) {
            int r = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, r), b1 = FloatVector.fromArray(F, b, r + L), x;
            x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, at + ldc);
        c11.intoArray(c, at + ldc + L);
        c20.intoArray(c, at + 2 * ldc);
        c21.intoArray(c, at + 2 * ldc + L);
        c30.intoArray(c, at + 3 * ldc);
        c31.intoArray(c, at + 3 * ldc + L);
        c40.intoArray(c, at + 4 * ldc);
        c41.intoArray(c, at + 4 * ldc + L);
        c50.intoArray(c, at + 5 * ldc);
        c51.intoArray(c, at + 5 * ldc + L);
        c60.intoArray(c, at + 6 * ldc);
        c61.intoArray(c, at + 6 * ldc + L);
        c70.intoArray(c, at + 7 * ldc);
        c71.intoArray(c, at + 7 * ldc + L);
    }

    /**
     * Up to this many panels of B in a block, {@link #block} reads the rows of an A not transposed in place
     * ({@link #kernelRows}) instead of packing them: packing transposes MR rows one float at a time, which costs
     * about as much as one or two panels' products of the packed values. Measured, 2 threads, best of 0.7 s, ms
     * (packed → in place): 16,384 x 64 x 192 (a GRU's input gradient, 2 panels) 1.8-2.2 → 1.1-1.5; 4,096 x 96 x 96
     * 0.31-0.33 → 0.20-0.21; 384 x 64 x 3,456 0.84-0.96 → 0.55-0.66; 16,384 x 128 x 384 6.8-8.4 → 4.8-7.4. At 8
     * panels it was mixed (16,384 x 256 x 192 5.0-6.0 → 4.5-6.5, 768 x 256 x 6,912 10.2-13.1 → 12.2-12.4), at 16
     * level (2,048 x 512 x 256).
     */
    static final int IN_PLACE_PANELS = 4;

    /** The most rows {@link #fewRowsTimes} takes: a 4 x NR tile in 8 accumulators. */
    static final int FEW_ROWS = MR / 2;

    /**
     * C (m x n) = A (m x k) B (k x n) + beta C (beta 0 or 1) for m &lt;= FEW_ROWS rows of A and all of B read in
     * place (row i of A at aOff + i lda, row p of B at bOff + p ldb), n a multiple of NR: each 4 x NR tile of C
     * summed over all of k in registers ({@link #kernelRowsFew}), nothing packed. A GRU's recurrent product, once
     * per step, is this shape: each thread's 4 of the batch's 8 rows, 4 x 192 x 64 (forward) and 4 x 64 x 192
     * (backward) for the CRNN's 64 hidden units, 2,048 steps a pass. Through {@link #block} the same product
     * packed A and computed 8 rows (half of them zero) in k blocks of 32, each merged into C: a third of the
     * step's product went to the packing, the zero rows and the merges.
     */
    static void fewRowsTimes(float[] a, int aOff, int lda, int m, int k, float[] b, int bOff, int ldb, int n,
                             float beta, float[] c, int cOff, int ldc) {
        float[] tile = SCRATCH.get().tile;
        for (int jr = 0; jr < n; jr += NR) {
            if (m == FEW_ROWS && beta == 0f) {
                kernelRowsFew(a, aOff, lda, m, b, bOff + jr, ldb, k, c, cOff + jr, ldc);
            } else {
                kernelRowsFew(a, aOff, lda, m, b, bOff + jr, ldb, k, tile, 0, NR);
                store(tile, m, c, cOff + jr, ldc, beta);
            }
        }
    }

    /**
     * The micro-kernel for a few rows of A read in place: c[at + i ldc + j] = sum over p &lt; kc of a[ai + i lda + p]
     * b[bi + p ldb + j] for i &lt; FEW_ROWS (rows at or past m repeat row m - 1; the caller keeps m rows of the tile)
     * and j &lt; NR. Written out again rather than shared with {@link #kernel}: a micro-kernel is one register shape
     * unrolled by hand (as BLIS keeps one per shape), and a row count tested inside the loop would cost the 8-row
     * kernel, the products' hot loop, on every step.
     */
    static void kernelRowsFew(float[] a, int ai, int lda, int m, float[] b, int bi, int ldb, int kc, float[] c, int at,
                              int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a0 = ai, a1 = ai + Math.min(1, m - 1) * lda, a2 = ai + Math.min(2, m - 1) * lda, a3 = ai + Math.min(3, m - 1) * lda;
        for (int p = 0; p < kc; p++) {
            int r = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, r), b1 = FloatVector.fromArray(F, b, r + L), x;
            x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, at + ldc);
        c11.intoArray(c, at + ldc + L);
        c20.intoArray(c, at + 2 * ldc);
        c21.intoArray(c, at + 2 * ldc + L);
        c30.intoArray(c, at + 3 * ldc);
        c31.intoArray(c, at + 3 * ldc + L);
    }

    /**
     * The micro-kernel: c[at + i ldc + j] = sum over p &lt; kc of a[ai + p ap + i] b[bi + p ldb + j], for the MR x NR
     * tile. A is a packed panel (ap = MR) or, read in place, a matrix whose rows hold the MR values of each step side
     * by side (ap its leading dimension: the transposed A of {@link #transposedTimesRows}); B likewise a packed panel
     * (ldb = NR) or B itself. c is C itself when the tile overwrites it, otherwise the scratch tile that
     * {@link #store} or {@link #merge} adds in. The 16
     * accumulators are locals so that C2 keeps them in registers for the whole loop. The method stays small
     * (the tile is merged into C by {@link #store}): C2 inlines the Vector API's calls only within a budget,
     * and a vector that crosses a call it did not inline is boxed, many times slower.
     */
    static void kernel(float[] a, int ai, int ap, float[] b, int bi, int ldb, int kc, float[] c, int at, int ldc) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00,
                c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++) {
            int q = ai + p * ap, r = bi + p * ldb;
            FloatVector b0 = FloatVector.fromArray(F, b, r), b1 = FloatVector.fromArray(F, b, r + L), x;
            x = FloatVector.broadcast(F, a[q]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[q + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[q + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[q + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[q + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[q + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, a[q + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, a[q + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, at);
        c01.intoArray(c, at + L);
        c10.intoArray(c, at + ldc);
        c11.intoArray(c, at + ldc + L);
        c20.intoArray(c, at + 2 * ldc);
        c21.intoArray(c, at + 2 * ldc + L);
        c30.intoArray(c, at + 3 * ldc);
        c31.intoArray(c, at + 3 * ldc + L);
        c40.intoArray(c, at + 4 * ldc);
        c41.intoArray(c, at + 4 * ldc + L);
        c50.intoArray(c, at + 5 * ldc);
        c51.intoArray(c, at + 5 * ldc + L);
        c60.intoArray(c, at + 6 * ldc);
        c61.intoArray(c, at + 6 * ldc + L);
        c70.intoArray(c, at + 7 * ldc);
        c71.intoArray(c, at + 7 * ldc + L);
    }
}
