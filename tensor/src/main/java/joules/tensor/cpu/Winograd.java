package joules.tensor.cpu;

import joules.tensor.Conv2dGeometry;

/**
 * 3x3 convolutions with stride 1 and padding 1 by Winograd's minimal filtering F(m x m, 3x3) (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2015). The output is cut into m x m tiles; tile t of
 * output channel k reads an a x a patch d (a = m + 2) of each input channel c, and
 * <pre>
 *   y_t,k = A^T [ sum over c of (G g_k,c G^T) ⊙ (B^T d_t,c B) ] A          ({@link Transform} holds B^T, G, A^T)
 * </pre>
 * The sum over c at each of the a^2 positions xi of the transformed tile is a matrix product, so a block of
 * T tiles costs a^2 GEMMs M_xi (T x K) = V_xi (T x C) U_xi (C x K): 2 a^2 K C FLOPs per tile against
 * 2 9 m^2 K C for the direct product, 2.25 times fewer for F(2x2, 3x3) and 4 times fewer for F(4x4, 3x3).
 * <pre>
 *   forward          y  = winograd(x, w) (+ bias)
 *   backward data    dx = winograd(dy, w'),  w'[c, k, i, j] = w[k, c, 2 - i, 2 - j]   (a 3x3 pad-1 conv again)
 *   backward filter  dw_k,c = G^T [ sum over tiles of (A dy_t,k A^T) ⊙ (B^T d_t,c B) ] G
 *                    (per xi, dU_xi (K x C) += dY_xi^T (K x T) V_xi (T x C)), and db_k = sum of dy_k
 * </pre>
 *
 * <p><b>Channels last.</b> Every array between the two ends is laid out with the channels innermost: the
 * input is first copied once into a zero-bordered (n, h, w, c) array ({@link #pad}, the only place where
 * tiles meet the image's edges), so that each transform step reads, combines and writes whole vectors of
 * channels (no shuffles, no edge cases), and a block's transformed tiles V_xi (T x C, row t = one tile's C
 * values) are already the rows that the micro-kernel reads in place
 * ({@link VectorGemm#rowsTimesPanels}: nothing is packed but the weights, once per pass, straight into the
 * micro-kernel's panels). The output transform adds the bias and writes y back in (n, k, h, w).
 *
 * <p><b>Which transform.</b> F(4x4) does 1.8 times fewer multiplications than F(2x2) on the study's maps;
 * its rounding error is larger (coefficients up to 8 and 1/24) but stays far inside the tolerance the
 * engine is held to against PyTorch (1e-4, norm-relative): measured against a float64 direct convolution
 * on the study's layer shapes (64 to 1,024 channels), F(4x4) is within 3.4e-6 (forward and data
 * gradient) and 1.1e-6 (filter gradient), F(2x2) within 5e-7 and im2col within 3e-7 (WinogradTest holds
 * these bounds). {@link #choose} takes the transform with fewer multiplications for the map, counting the
 * tiles cut at its edges: F(4x4) on the study's maps from 8 x 4 up, F(2x2) on 4 x 2.
 *
 * <p>Threads split the tiles into blocks of T tiles; each thread transforms its block, runs the a^2 products
 * and transforms the result back, so the block's transformed data stays near that core. The transforms exist
 * twice, as everywhere in this package: here as loops over the {@link Transform}'s matrices (the path without
 * the Vector API), in {@link VectorWinograd} written out for F(2x2) and F(4x4) with the Vector API.
 */
final class Winograd {
    private Winograd() {}

    /**
     * The matrices of F(m x m, 3x3) for tiles of a = m + 2 inputs: bt = B^T (a x a), g = G (a x 3),
     * at = A^T (m x a) and a = A (a x m), row-major.
     */
    record Transform(int m, float[] bt, float[] g, float[] at, float[] a) {
        /** The transform with A = (A^T)^T (a x m) worked out. */
        static Transform of(int m, float[] bt, float[] g, float[] at) {
            float[] a = new float[at.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m + 2; j++) a[j * m + i] = at[i * (m + 2) + j];
            }
            return new Transform(m, bt, g, at, a);
        }

        int size() { return m + 2; }
        int positions() { return (m + 2) * (m + 2); }
    }

    /** F(2x2, 3x3): interpolation points 0, 1, -1 and infinity. */
    static final Transform F2 = Transform.of(2,
            new float[] {1, 0, -1, 0,   0, 1, 1, 0,   0, -1, 1, 0,   0, 1, 0, -1},
            new float[] {1, 0, 0,   0.5f, 0.5f, 0.5f,   0.5f, -0.5f, 0.5f,   0, 0, 1},
            new float[] {1, 1, 1, 0,   0, 1, -1, -1});

    /** F(4x4, 3x3): interpolation points 0, 1, -1, 2, -2 and infinity. */
    static final Transform F4 = Transform.of(4,
            new float[] {4, 0, -5, 0, 1, 0,   0, -4, -4, 1, 1, 0,   0, 4, -4, -1, 1, 0,
                         0, -2, -1, 2, 1, 0,   0, 2, -1, -2, 1, 0,   0, 4, 0, -5, 0, 1},
            new float[] {1 / 4f, 0, 0,   -1 / 6f, -1 / 6f, -1 / 6f,   -1 / 6f, 1 / 6f, -1 / 6f,
                         1 / 24f, 1 / 12f, 1 / 6f,   1 / 24f, -1 / 12f, 1 / 6f,   0, 0, 1},
            new float[] {1, 1, 1, 1, 1, 0,   0, 1, -1, 2, -2, 0,   0, 1, 1, 4, 4, 0,   0, 1, -1, 8, -8, 1});

    /**
     * The transform for an h x w map: the one whose products do fewer multiplications, a^2 per tile over the
     * tiles that cover the map (F(4x4) on ties: fewer tiles to transform).
     */
    static Transform choose(int h, int w) {
        long f2 = 16L * ((h + 1) / 2) * ((w + 1) / 2), f4 = 36L * ((h + 3) / 4) * ((w + 3) / 4);
        return f4 <= f2 ? F4 : F2;
    }

    /** True for the convolutions this class computes: 3x3 kernel, stride 1, padding 1. */
    static boolean applies(Conv2dGeometry g) {
        return g.kH() == 3 && g.kW() == 3 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 1 && g.padW() == 1;
    }

    /**
     * True where it is also the faster method: both channel counts are the sides of the products, which are
     * too thin to run near the GEMM's peak below 16 (the first layer, one input channel, is im2col's); and not on
     * the small maps with many channels where one im2col product over the batch is faster ({@link Conv2d#batchPays}).
     */
    static boolean pays(Conv2dGeometry g) {
        return applies(g) && g.inC() >= 16 && g.outC() >= 16 && !Conv2d.batchPays(g);
    }

    /** Channels per transform step (a vector register, or 8 without the Vector API). */
    static final int LANES = Simd.VECTOR ? VectorGemm.L : 8;
    /**
     * Where the scratch arrays hold their element 0: the channels-last input and output gradient ({@link #pad}),
     * the transformed weights or the filter gradient's accumulators, and a block's {@code v} and {@code p}, all
     * index from here, the first cache line's start ({@link CacheLines}), so that each vector of 16 channels lies
     * in one line.
     */
    private static final int O = CacheLines.START;

    /** Channel counts are padded to this: the micro-kernel's NR (two vectors), so that every product has whole tiles. */
    static final int PANEL = Simd.VECTOR ? VectorGemm.NR : LANES;

    /**
     * One convolution as Winograd runs it: c input channels to k output channels on n maps of h x w, with the
     * transform f. cp and kp are the channel counts padded to PANEL, tiles are numbered (image, tile row, tile
     * column) and cut into blocks of blockTiles, a multiple of 8.
     */
    record Plan(Transform f, int n, int c, int h, int w, int k, int cp, int kp, int tilesH, int tilesW, int blockTiles) {
        /**
         * The plan of a convolution of c channels to k (the forward: c = inC; the data gradient: c = outC).
         * A block holds T tiles: each transformed weight is used T times per block (T / 2 FLOPs per byte of
         * weights read), and the block's transformed tiles take T a^2 (cp + kp) 4 bytes. T is about cp / 2
         * between 64 and 256 (measured, F(4x4) on 64 x 32 maps, one thread: 128 channels 13 ms at T = 64 against
         * 16 at 256; 512 channels 199 ms at 64, 179 at 128, 166 at 256), then evened out so that every thread
         * gets the same number of blocks of the same size: at 384 channels, 1,024 tiles cut at 192 made 6
         * blocks, the last of 64, and one thread ran 576 tiles to the other's 448; at 176 the same forward ran
         * 50.0 to 53.0 ms against 53.0 to 56.4 (two threads, one process, interleaved).
         */
        static Plan of(Transform f, int n, int c, int h, int w, int k, int threads) {
            return of(f, n, c, h, w, k, threads, 2);
        }

        /** {@link #of} with T = cp / divisor (between 64 and 256). */
        static Plan of(Transform f, int n, int c, int h, int w, int k, int threads, int divisor) {
            int m = f.m(), tilesH = (h + m - 1) / m, tilesW = (w + m - 1) / m;
            int cp = roundUp(c, PANEL), kp = roundUp(k, PANEL);
            int tiles = n * tilesH * tilesW;
            int reuse = Math.max(64, Math.min(256, roundUp(Math.max(cp, kp) / divisor, 8)));
            int blocks = roundUp((tiles + reuse - 1) / reuse, threads);        // a multiple of the threads
            return new Plan(f, n, c, h, w, k, cp, kp, tilesH, tilesW, roundUp((tiles + blocks - 1) / blocks, 8));
        }

        int m() { return f.m(); }
        int a() { return f.size(); }
        int positions() { return f.positions(); }
        int tiles() { return n * tilesH * tilesW; }
        int blocks() { return (tiles() + blockTiles - 1) / blockTiles; }
        /** The zero-bordered input: one row and column of zeros before, enough after for whole tiles. */
        int hp() { return tilesH * m() + 2; }
        int wp() { return tilesW * m() + 2; }
        /** Floats of the bordered channels-last input, {@link #pad}'s output. */
        long paddedFloats() { return (long) n * hp() * wp() * cp; }
        /** Output channels per packed weight panel: the micro-kernel's NR, or all of them without the Vector API. */
        int panel() { return Simd.VECTOR ? VectorGemm.NR : kp; }
        /** Floats of the transformed, packed weights (forward, data gradient) or of one filter-gradient accumulator. */
        long weightFloats() { return (long) positions() * uStride(); }
        /**
         * Floats from one position's transformed weights (cp x kp) to the next's, and likewise in the filter
         * gradient's accumulators: LANES more than cp kp, a multiple of 4 KB, so that the a^2 vectors a transform
         * step stores (or, for the weight gradient, loads) do not all fall into the same cache sets. Measured,
         * 384 channels, 2 threads: the weight transform 2.0 to 2.3 ms a pass with cp kp, 1.4 to 1.6 with the
         * padding (with its loads gathered, {@link #transformWeights}).
         */
        int uStride() { return cp * kp + LANES; }
        /** Floats from one tile's transformed input to the next's in a block (a row of the products' A). */
        int vStride() { return positions() * cp; }
        /** Floats from one tile's products (or transformed output gradient) to the next's. */
        int pStride() { return positions() * kp; }
        /**
         * The filter gradient's layout, position-major: from one position's block of transformed inputs (T rows of
         * cp) to the next's, and likewise for the transformed output gradient. LANES floats more than T rows (a
         * cache line with 512-bit vectors), so that the a^2 positions a transform writes do not all fall into the
         * same cache sets (T cp floats is a multiple of 4 KB).
         */
        int vPositionStride() { return blockTiles * cp + LANES; }
        int pPositionStride() { return blockTiles * kp + LANES; }
        /**
         * Floats of the output gradient laid out channels last with the forward's zero border ({@link #padGradient}):
         * the data gradient's input and what the filter gradient reads.
         */
        long paddedGradientFloats() { return (long) n * hp() * wp() * kp; }
    }

    static int roundUp(int x, int to) { return (x + to - 1) / to * to; }

    /** The plan of the forward of g. */
    static Plan forwardPlan(Conv2dGeometry g, int threads) {
        return Plan.of(choose(g.inH(), g.inW()), g.n(), g.inC(), g.inH(), g.inW(), g.outC(), threads);
    }

    /**
     * The plan of the filter gradient of g: the forward's, with blocks of T = C tiles instead of C / 2 (each block
     * adds its products into a whole accumulator, 36 x C x C floats, so longer blocks touch it less often;
     * measured on 64 x 32 maps, batch 8, 2 threads: 256 channels 33.3 ms at T = 128, 30.4 at 256, 31.2 at 512;
     * 128 channels 8.4 at 64, 8.3 at 128, 9.4 at 256). Where the map has at most one such block per thread, the
     * threads share the blocks ({@link #backwardFilter}), which are then not evened out between them.
     */
    static Plan filterPlan(Conv2dGeometry g, int threads) {
        Transform f = choose(g.inH(), g.inW());
        Plan shared = Plan.of(f, g.n(), g.inC(), g.inH(), g.inW(), g.outC(), 1, 1);
        return shared.blocks() <= threads ? shared : Plan.of(f, g.n(), g.inC(), g.inH(), g.inW(), g.outC(), threads, 1);
    }

    /** Floats of the filter gradient's accumulators: one per thread where the threads run whole blocks, else one. */
    static long filterAccumulatorFloats(Plan pl, int threads) {
        return filterParts(pl, threads) * pl.weightFloats();
    }

    /** The filter gradient's accumulators: one per thread with more blocks than threads, else one that they share. */
    private static int filterParts(Plan pl, int threads) {
        return pl.blocks() > threads ? threads : 1;
    }

    /** The plan of the data gradient of g: the forward of dy (outC channels) with the flipped kernel, to inC channels. */
    static Plan dataPlan(Conv2dGeometry g, int threads) {
        return Plan.of(choose(g.inH(), g.inW()), g.n(), g.outC(), g.outH(), g.outW(), g.inC(), threads);
    }

    /**
     * Per-thread buffers of a block, grown on demand: v (T x a^2 x cp) the transformed input, p (T x a^2 x kp)
     * the products (the forward) or the transformed output gradient (the filter gradient), and small ones for
     * the transforms (a tile's intermediate rows, its outputs, the padded bias, the 3x3 kernels of LANES columns).
     */
    static final class Block {
        float[] v = new float[0], p = new float[0], tmp = new float[0], out = new float[0], bias = new float[0],
                kernels = new float[0], stage = new float[0];
        /** Source and destination offsets of the rows of one {@link VectorWinograd#transpose}. */
        int[] from = new int[0], to = new int[0];

        void fitLanes() {
            if (from.length < LANES) {
                from = new int[LANES];
                to = new int[LANES];
            }
        }

        Block fit(Plan pl) {
            long vLength = Math.max((long) pl.blockTiles() * pl.vStride(), (long) pl.positions() * pl.vPositionStride()),
                    pLength = Math.max((long) pl.blockTiles() * pl.pStride(), (long) pl.positions() * pl.pPositionStride());
            v = CacheLines.fit(v, vLength);
            p = CacheLines.fit(p, pLength);
            if (tmp.length < 64 * LANES) {
                tmp = new float[64 * LANES];
                out = new float[16 * LANES];
                stage = new float[4 * LANES * LANES];
            }
            fitLanes();
            if (bias.length < pl.kp) bias = new float[pl.kp];
            if (kernels.length < 9 * LANES) kernels = new float[9 * LANES];     // pad's channel sums grow it to c themselves
            return this;
        }
    }

    private static final ThreadLocal<Block> BLOCK = ThreadLocal.withInitial(Block::new);
    /** The calling thread's buffer for the bias gradient's per-thread sums. */
    private static final ThreadLocal<double[]> SUMS = ThreadLocal.withInitial(() -> new double[0]);

    // ---- the three passes ---------------------------------------------------------------------

    /**
     * y = x (*) w (+ bias when {@code bias} is not null), or with {@code flipped} the data gradient: x is dy,
     * y is dx and w is read as w' (plan {@link #dataPlan}). {@code padded} holds {@link Plan#paddedFloats},
     * {@code u} {@link Plan#weightFloats}.
     */
    static void convolve(Parallel par, Plan pl, float[] x, int xOff, float[] w, int wOff, boolean flipped,
                         float[] bias, int biasOff, float[] y, int yOff, float[] padded, float[] u) {
        pad(par, pl.n, pl.c, pl.h, pl.w, pl.cp, 1, pl.hp(), pl.wp(), x, xOff, padded, null);
        convolvePadded(par, pl, padded, w, wOff, flipped, bias, biasOff, y, yOff, u);
    }

    /**
     * {@link #convolve} of an input that {@link #pad} (or, for the data gradient, {@link #padGradient}) has
     * already laid out in {@code padded}.
     */
    static void convolvePadded(Parallel par, Plan pl, float[] padded, float[] w, int wOff, boolean flipped,
                               float[] bias, int biasOff, float[] y, int yOff, float[] u) {
        transformWeights(par, pl, w, wOff, flipped, u);
        int positions = pl.positions(), bt = pl.blockTiles(), cp = pl.cp, kp = pl.kp, us = pl.uStride();
        par.forRange(pl.blocks(), 1, (b0, b1) -> {
            Block s = BLOCK.get().fit(pl);
            if (bias != null) System.arraycopy(bias, biasOff, s.bias, 0, pl.k);
            else java.util.Arrays.fill(s.bias, 0f);
            for (int blk = b0; blk < b1; blk++) {
                int t0 = blk * bt, count = Math.min(bt, pl.tiles() - t0), rows = roundUp(count, 8);
                transformInput(pl, padded, t0, count, s.v, O, pl.vStride(), cp, s.tmp);
                java.util.Arrays.fill(s.v, O + count * pl.vStride(), O + rows * pl.vStride(), 0f);   // whole groups of 8 rows
                for (int xi = 0; xi < positions; xi++) {
                    // M_xi (rows x kp) = V_xi (rows x cp) U_xi (cp x kp)
                    if (Simd.VECTOR) {
                        VectorGemm.rowsTimesPanels(s.v, O + xi * cp, pl.vStride(), rows, cp, u, O + xi * us, s.p, O + xi * kp, pl.pStride(), kp);
                    } else {
                        Gemm.gemm(Parallel.SERIAL, false, false, count, kp, cp, 1f, s.v, O + xi * cp, pl.vStride(),
                                u, O + xi * us, kp, 0f, s.p, O + xi * kp, pl.pStride());
                    }
                }
                transformOutput(pl, s, t0, count, y, yOff);
            }
        });
    }

    /**
     * out = dy (the k channels of the plan's output) channels last with the forward's zero border, the layout
     * both gradients read: the data gradient's input ({@link #convolvePadded} with {@link #dataPlan}, whose c
     * channels are these k) and the filter gradient's {@code gradient}. Laid out once when a step wants both.
     * With {@code db}, also db = the sum of dy over all but the channels.
     */
    static void padGradient(Parallel par, Plan pl, float[] dy, int dyOff, float[] out, float[] db, int dbOff) {
        int parts = par.threads();
        double[] sums = db == null ? null : SUMS.get();
        if (sums != null && sums.length < parts * pl.k) SUMS.set(sums = new double[parts * pl.k]);
        pad(par, pl.n, pl.k, pl.h, pl.w, pl.kp, 1, pl.hp(), pl.wp(), dy, dyOff, out, sums);
        if (db != null) for (int k = 0; k < pl.k; k++) db[dbOff + k] = (float) sums[k];
    }

    /**
     * dw = the gradient with respect to the weights, from x and the output gradient that {@link #padGradient}
     * laid out in {@code gradient}: for each block of tiles, x and dy transformed (position-major) and, at each
     * position xi, dU_xi (kp x cp) += dY_xi^T (kp x T) V_xi (T x cp), summed into {@code acc}
     * ({@link #filterAccumulatorFloats}); then dw = G^T dU G. {@code padded} holds {@link Plan#paddedFloats}.
     * With more blocks than threads, each thread runs whole blocks into an accumulator of its own, and the
     * threads' accumulators are added at the end; with at most one block per thread (a small map), the threads
     * share each block instead, into one accumulator (measured, 384 channels, batch 8, 2 threads, alternated: on
     * 16 x 8 maps, 6.7 to 10.0 ms a pass with a block and an accumulator per thread, 4.7 to 5.9 shared; on 64 x 32
     * maps, 55 to 58 against 59 to 60: there each thread reads the whole of every block's V).
     */
    static void backwardFilter(Parallel par, Plan pl, float[] x, int xOff, float[] gradient, float[] dw, int dwOff,
                               float[] padded, float[] acc) {
        pad(par, pl.n, pl.c, pl.h, pl.w, pl.cp, 1, pl.hp(), pl.wp(), x, xOff, padded, null);
        int parts = filterParts(pl, par.threads());
        if (parts > 1) sumBlocksPerThread(par, pl, padded, gradient, acc);
        else sumBlocksShared(par, pl, padded, gradient, acc);
        par.forRange(pl.k, 1, (k0, k1) -> untransformWeightGradient(pl, parts, acc, k0, k1, dw, dwOff));
    }

    /** Each thread sums whole blocks into its own accumulator, acc[part weightFloats ..]. */
    private static void sumBlocksPerThread(Parallel par, Plan pl, float[] padded, float[] gradient, float[] acc) {
        int parts = par.threads(), bt = pl.blockTiles();
        long accSize = pl.weightFloats();
        par.forRange(parts, 1, (p0, p1) -> {
            Block s = BLOCK.get().fit(pl);
            for (int part = p0; part < p1; part++) {
                int first = (int) ((long) pl.blocks() * part / parts), last = (int) ((long) pl.blocks() * (part + 1) / parts);
                int at = Math.toIntExact(O + part * accSize);
                if (first == last) java.util.Arrays.fill(acc, at, Math.toIntExact(at + accSize), 0f);   // no block
                for (int blk = first; blk < last; blk++) {
                    int t0 = blk * bt, count = Math.min(bt, pl.tiles() - t0);
                    transformInput(pl, padded, t0, count, s.v, O, pl.cp, pl.vPositionStride(), s.tmp);
                    transformGradient(pl, gradient, t0, count, s.p, O, pl.kp, pl.pPositionStride(), s.tmp);
                    addProducts(pl, s.v, s.p, count, blk == first ? 0f : 1f, 0, pl.kp, acc, at);
                }
            }
        });
    }

    /**
     * The threads share each block: they transform a share of its tiles each into the calling thread's
     * {@link Block}, then each adds the products of a share of the output channels (rows k0 .. k1 of every dU_xi)
     * over all the block's tiles into the one accumulator.
     */
    private static void sumBlocksShared(Parallel par, Plan pl, float[] padded, float[] gradient, float[] acc) {
        int bt = pl.blockTiles(), cp = pl.cp, kp = pl.kp;
        Block shared = BLOCK.get().fit(pl);
        float[] v = shared.v, e = shared.p;
        for (int blk = 0; blk < pl.blocks(); blk++) {
            int t0 = blk * bt, count = Math.min(bt, pl.tiles() - t0);
            float beta = blk == 0 ? 0f : 1f;
            par.forRange(count, 1, (a, b) -> {
                float[] tmp = BLOCK.get().fit(pl).tmp;
                transformInput(pl, padded, t0 + a, b - a, v, O + a * cp, cp, pl.vPositionStride(), tmp);
                transformGradient(pl, gradient, t0 + a, b - a, e, O + a * kp, kp, pl.pPositionStride(), tmp);
            });
            par.forRange(kp, Simd.VECTOR ? VectorGemm.MR : 1, (k0, k1) -> addProducts(pl, v, e, count, beta, k0, k1, acc, O));
        }
    }

    /**
     * acc[at + xi uStride + k cp + c] = beta acc + (dY_xi^T V_xi)[k, c] for k0 &lt;= k &lt; k1 at each position xi:
     * the block's count tiles of transformed x (v) and dy (e), position-major.
     */
    private static void addProducts(Plan pl, float[] v, float[] e, int count, float beta, int k0, int k1, float[] acc, int at) {
        int cp = pl.cp, kp = pl.kp, vps = pl.vPositionStride(), pps = pl.pPositionStride();
        for (int xi = 0; xi < pl.positions(); xi++) {
            int to = at + xi * pl.uStride() + k0 * cp;
            if (Simd.VECTOR) {
                VectorGemm.transposedTimesRows(e, O + xi * pps + k0, kp, k1 - k0, count, v, O + xi * vps, cp, beta, acc, to, cp, cp);
            } else {
                Gemm.gemm(Parallel.SERIAL, true, false, k1 - k0, cp, count, 1f, e, O + xi * pps + k0, kp, v, O + xi * vps, cp, beta,
                        acc, to, cp);
            }
        }
    }

    // ---- layout -------------------------------------------------------------------------------

    /**
     * out[n, border + i, border + j, ch] = x[n, ch, i, j] (NCHW to channels last, out hp x wp x cp per image),
     * zero in the border, past the map and past the c channels. The map's positions are copied LANES at a
     * time (a row, or several short rows), LANES channels of them by one {@link VectorWinograd#transpose}.
     * With {@code sums} (threads x c), also the sum of each channel over its images and positions: each thread
     * sums its positions in double into its own c values, which are then added in the threads' order into
     * sums[0 .. c).
     */
    static void pad(Parallel par, int n, int c, int h, int w, int cp, int border, int hp, int wp, float[] x, int xOff,
                    float[] out, double[] sums) {
        par.forRange(n * hp, 16, (r0, r1) -> {        // the border and whatever lies past the map
            for (int r = r0; r < r1; r++) {
                int ih = r % hp - border, base = O + r * wp * cp;
                if (ih < 0 || ih >= h) {
                    java.util.Arrays.fill(out, base, base + wp * cp, 0f);
                } else {
                    java.util.Arrays.fill(out, base, base + border * cp, 0f);
                    java.util.Arrays.fill(out, base + (border + w) * cp, base + wp * cp, 0f);
                }
            }
        });
        int plane = h * w, chunks = (plane + LANES - 1) / LANES, grain = (n * chunks + par.threads() - 1) / par.threads();
        if (sums != null) java.util.Arrays.fill(sums, 0, par.threads() * c, 0);
        par.forRange(n * chunks, grain, (q0, q1) -> {
            Block s = BLOCK.get();
            s.fitLanes();
            if (s.kernels.length < c) s.kernels = new float[c];
            int own = q0 / grain * c;                  // this thread's sums
            for (int q = q0; q < q1; q++) {
                int img = q / chunks, p0 = q % chunks * LANES, count = Math.min(LANES, plane - p0);
                for (int r = 0; r < count; r++) {
                    int p = p0 + r;
                    s.to[r] = O + ((img * hp + border + p / w) * wp + border + p % w) * cp;
                }
                for (int ch = 0; ch < cp; ch += LANES) {
                    if (Simd.VECTOR && count == LANES && ch + LANES <= c) {
                        for (int l = 0; l < LANES; l++) s.from[l] = xOff + (img * c + ch + l) * plane + p0;
                        VectorWinograd.transpose(x, s.from, out, s.to, ch);
                    } else {
                        for (int r = 0; r < count; r++) {
                            for (int l = 0; l < LANES; l++) {
                                out[s.to[r] + ch + l] = ch + l < c ? x[xOff + (img * c + ch + l) * plane + p0 + r] : 0f;
                            }
                        }
                    }
                }
                if (sums != null) {                    // the chunk's positions summed in float, the chunks in double
                    for (int ch = 0; ch < c; ch++) s.kernels[ch] = 0f;
                    for (int r = 0; r < count; r++) {
                        int cell = s.to[r];
                        for (int ch = 0; ch < c; ch++) s.kernels[ch] += out[cell + ch];
                    }
                    for (int ch = 0; ch < c; ch++) sums[own + ch] += s.kernels[ch];
                }
            }
        });
        if (sums != null) {
            for (int part = 1; part < par.threads(); part++) {
                for (int ch = 0; ch < c; ch++) sums[ch] += sums[part * c + ch];
            }
        }
    }

    // ---- the transforms -----------------------------------------------------------------------

    /**
     * u[xi, q / P, r, q % P] = (G g G^T)[xi] for the kernel g of GEMM row r and column q (P = {@link Plan#panel}:
     * the micro-kernel's panels, or rows of kp without the Vector API): g = w[q, r] in the forward (r an input
     * channel, q an output channel), g = w[r, q] turned by 180 degrees for the data gradient; zero past the
     * channels. LANES columns q at a time, the rows r of a thread's share in order: each of the a^2 positions'
     * panels is then written front to back, P floats after P floats. (With r outermost, as first written, each
     * of the a^2 stores of a step landed cp P floats, 48 KB at 384 channels, from the last: a new page each,
     * and the pass ran at 6 GB/s, 3.4 ms a forward of a 384-channel layer.) With the Vector API, the LANES
     * kernels of a step are gathered by {@link VectorWinograd#gatherKernels} where they are all inside the
     * channels; measured, 384 channels, 2 threads, with {@link Plan#uStride}: 1.7 to 1.9 ms a pass copying
     * them one float at a time, 1.4 to 1.6 gathered.
     */
    static void transformWeights(Parallel par, Plan pl, float[] w, int wOff, boolean flipped, float[] u) {
        int cp = pl.cp, kp = pl.kp, panel = pl.panel(), r1 = pl.c, q1 = pl.k;
        par.forRange(cp, 1, (rs, re) -> {
            Block s = BLOCK.get().fit(pl);
            float[] kernels = s.kernels;                   // kernels[ij LANES + l]: the 3x3 kernels of columns q0 + l
            int[] lanes = s.from;                          // column q0 + l's kernel lies lanes[l] floats after q0's
            for (int l = 0; l < LANES; l++) lanes[l] = l * 9 * (flipped ? 1 : r1);
            for (int q0 = 0; q0 < kp; q0 += LANES) {
                for (int r = rs; r < re; r++) {
                    // forward: w[q, r, ij]; data gradient: w[r, q, 8 - ij]
                    if (Simd.VECTOR && r < r1 && q0 + LANES <= q1) {
                        VectorWinograd.gatherKernels(w, wOff + (flipped ? r * q1 + q0 : q0 * r1 + r) * 9, lanes, flipped, kernels);
                    } else {
                        for (int l = 0; l < LANES; l++) {
                            int q = q0 + l;
                            if (r < r1 && q < q1) {
                                int src = wOff + (flipped ? r * q1 + q : q * r1 + r) * 9;
                                for (int ij = 0; ij < 9; ij++) kernels[ij * LANES + l] = w[src + (flipped ? 8 - ij : ij)];
                            } else {
                                for (int ij = 0; ij < 9; ij++) kernels[ij * LANES + l] = 0f;
                            }
                        }
                    }
                    int to = O + (q0 / panel * cp + r) * panel + q0 % panel;    // + xi uStride for position xi
                    if (Simd.VECTOR && pl.f() == F4) VectorWinograd.kernelF4(kernels, u, to, pl.uStride(), s.tmp);
                    else if (Simd.VECTOR && pl.f() == F2) VectorWinograd.kernelF2(kernels, u, to, pl.uStride(), s.tmp);
                    else kernel(pl.f(), kernels, u, to, pl.uStride(), s.tmp);
                }
            }
        });
    }

    /** u[to + xi xiStride + l] = (G g G^T)[xi] for the LANES kernels g[ij] = kernels[ij LANES + l]. */
    private static void kernel(Transform f, float[] kernels, float[] u, int to, int xiStride, float[] tmp) {
        int a = f.size();
        float[] gm = f.g();
        for (int i = 0; i < a; i++) {                     // G g: a x 3
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < LANES; l++) {
                    tmp[(i * 3 + j) * LANES + l] = gm[i * 3] * kernels[j * LANES + l] + gm[i * 3 + 1] * kernels[(3 + j) * LANES + l]
                            + gm[i * 3 + 2] * kernels[(6 + j) * LANES + l];
                }
            }
        }
        for (int i = 0; i < a; i++) {                     // (G g) G^T: a x a
            for (int j = 0; j < a; j++) {
                int at = to + (i * a + j) * xiStride;
                for (int l = 0; l < LANES; l++) {
                    u[at + l] = tmp[(i * 3) * LANES + l] * gm[j * 3] + tmp[(i * 3 + 1) * LANES + l] * gm[j * 3 + 1]
                            + tmp[(i * 3 + 2) * LANES + l] * gm[j * 3 + 2];
                }
            }
        }
    }

    /**
     * v[at + t tileStride + xi xiStride + ch] = (B^T d B)[xi] for the a x a patch d of tiles t0 + t, t &lt; count,
     * read from the bordered input (tmp: {@link Block#tmp}). The forward lays a tile's a^2 transformed values side
     * by side (tileStride = a^2 cp, xiStride = cp: its products' rows are tiles); the filter gradient lays each
     * position's tiles side by side ({@link Plan#vPositionStride}: its products run along the tiles, consecutive
     * rows).
     */
    private static void transformInput(Plan pl, float[] padded, int t0, int count, float[] v, int at, int tileStride,
                               int xiStride, float[] tmp) {
        int cp = pl.cp, wp = pl.wp(), m = pl.m(), perImage = pl.tilesH * pl.tilesW;
        for (int t = 0; t < count; t++) {
            int tile = t0 + t, img = tile / perImage, th = tile % perImage / pl.tilesW, tw = tile % pl.tilesW;
            int from = O + ((img * pl.hp() + th * m) * wp + tw * m) * cp, to = at + t * tileStride;
            for (int ch = 0; ch < cp; ch += LANES) {
                if (Simd.VECTOR && pl.f() == F4) VectorWinograd.inputF4(padded, from + ch, wp * cp, cp, v, to + ch, xiStride, tmp);
                else if (Simd.VECTOR && pl.f() == F2) VectorWinograd.inputF2(padded, from + ch, wp * cp, cp, v, to + ch, xiStride, tmp);
                else sandwich(pl.f().bt(), pl.a(), pl.a(), padded, from + ch, wp * cp, cp, v, to + ch, xiStride, tmp);
            }
        }
    }

    /**
     * e[at + t tileStride + xi xiStride + k] = (A g A^T)[xi] for the m x m output gradient g of tile t0 + t (zero past
     * the map), read from the gradient as {@link #padGradient} lays it out (inside its border); the strides as
     * {@link #transformInput}'s.
     */
    private static void transformGradient(Plan pl, float[] gradient, int t0, int count, float[] e, int at, int tileStride,
                                  int xiStride, float[] tmp) {
        int kp = pl.kp, m = pl.m(), wp = pl.wp(), perImage = pl.tilesH * pl.tilesW;
        for (int t = 0; t < count; t++) {
            int tile = t0 + t, img = tile / perImage, th = tile % perImage / pl.tilesW, tw = tile % pl.tilesW;
            int from = O + ((img * pl.hp() + 1 + th * m) * wp + 1 + tw * m) * kp, to = at + t * tileStride;
            for (int k = 0; k < kp; k += LANES) {
                if (Simd.VECTOR && pl.f() == F4) VectorWinograd.gradientF4(gradient, from + k, wp * kp, kp, e, to + k, xiStride, tmp);
                else if (Simd.VECTOR && pl.f() == F2) VectorWinograd.gradientF2(gradient, from + k, wp * kp, kp, e, to + k, xiStride, tmp);
                else sandwich(pl.f().a(), pl.a(), m, gradient, from + k, wp * kp, kp, e, to + k, xiStride, tmp);
            }
        }
    }

    /**
     * y[n, k, m th + i, m tw + j] = (A^T p A)[i, j] + bias[k] for tiles t0 .. t0 + count of the block, inside the
     * map, LANES channels at a time: each tile's m x m outputs of the LANES channels (channel innermost), then
     * written out into the channels' planes. With the Vector API, LANES / m tiles side by side in a tile row
     * hold output rows of LANES floats for each channel: these are written by one
     * {@link VectorWinograd#transpose} per row; the rest one float at a time.
     */
    private static void transformOutput(Plan pl, Block s, int t0, int count, float[] y, int yOff) {
        int m = pl.m(), perImage = pl.tilesH * pl.tilesW, plane = pl.h * pl.w;
        int group = LANES / m, tileFloats = m * m * LANES;
        for (int k = 0; k < pl.k; k += LANES) {
            boolean wholeLanes = k + LANES <= pl.k;
            for (int t = 0; t < count; ) {
                int tile = t0 + t, img = tile / perImage, th = tile % perImage / pl.tilesW, tw = tile % pl.tilesW;
                int rows = Math.min(m, pl.h - th * m), corner = yOff + img * pl.k * plane + th * m * pl.w + tw * m;
                boolean grouped = Simd.VECTOR && wholeLanes && t + group <= count && (tw + group) * m <= pl.w;
                int tiles = grouped ? group : 1;
                // one call site of the transform, so C2 inlines its vector code once (see VectorWinograd)
                for (int g = 0; g < tiles; g++) outputTile(pl, s, t + g, k, s.stage, g * tileFloats);
                if (grouped) {
                    for (int i = 0; i < rows; i++) {   // row i of the group's tiles: group m floats of each channel
                        for (int g = 0; g < group; g++) {
                            for (int j = 0; j < m; j++) s.from[g * m + j] = g * tileFloats + (i * m + j) * LANES;
                        }
                        for (int l = 0; l < LANES; l++) s.to[l] = corner + (k + l) * plane + i * pl.w;
                        VectorWinograd.transpose(s.stage, s.from, y, s.to, 0);
                    }
                } else {
                    int cols = Math.min(m, pl.w - tw * m), lanes = Math.min(LANES, pl.k - k);
                    for (int l = 0; l < lanes; l++) {
                        int to = corner + (k + l) * plane;
                        for (int i = 0; i < rows; i++) {
                            for (int j = 0; j < cols; j++) y[to + i * pl.w + j] = s.stage[(i * m + j) * LANES + l];
                        }
                    }
                }
                t += tiles;
            }
        }
    }

    /** dst[to + (i m + j) LANES + l] = (A^T p A)[i, j] + bias[k + l] for tile t of the block, channels k .. k + LANES. */
    private static void outputTile(Plan pl, Block s, int t, int k, float[] dst, int to) {
        int at = O + t * pl.pStride() + k, xiStride = pl.kp;
        if (Simd.VECTOR && pl.f() == F4) VectorWinograd.outputF4(s.p, at, xiStride, s.bias, k, dst, to, s.tmp);
        else if (Simd.VECTOR && pl.f() == F2) VectorWinograd.outputF2(s.p, at, xiStride, s.bias, k, dst, to, s.tmp);
        else output(pl.f(), s.p, at, xiStride, s.bias, k, dst, to, s.tmp);
    }

    /**
     * out[to + (i m + j) LANES + l] = (A^T p A)[i, j] + bias[k + l] for the a x a values p[xi] = p[at + xi xiStride
     * + l] (LANES channels at a time): the output tile of each channel, channel innermost.
     */
    private static void output(Transform f, float[] p, int at, int xiStride, float[] bias, int k, float[] out, int to,
                               float[] tmp) {
        int m = f.m(), a = f.size();
        float[] mat = f.at();
        for (int i = 0; i < m; i++) {                     // A^T p: m x a
            for (int j = 0; j < a; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) sum += mat[i * a + q] * p[at + (q * a + j) * xiStride + l];
                    tmp[(i * a + j) * LANES + l] = sum;
                }
            }
        }
        for (int i = 0; i < m; i++) {                     // (A^T p) A: m x m
            for (int j = 0; j < m; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) sum += tmp[(i * a + q) * LANES + l] * mat[j * a + q];
                    out[to + (i * m + j) * LANES + l] = sum + bias[k + l];
                }
            }
        }
    }

    /**
     * dst[to + (i r + j) dstStride + l] = (M d M^T)[i, j] for the q x q values d[i, j] = src[from + i rowStride +
     * j colStride + l], M (r x q): the input transform (M = B^T, d an a x a patch) and the output gradient's
     * (M = A, d an m x m tile), LANES channels at a time.
     */
    private static void sandwich(float[] mat, int r, int q, float[] src, int from, int rowStride, int colStride,
                                 float[] dst, int to, int dstStride, float[] tmp) {
        for (int i = 0; i < r; i++) {                     // M d: r x q
            for (int j = 0; j < q; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int p = 0; p < q; p++) sum += mat[i * q + p] * src[from + p * rowStride + j * colStride + l];
                    tmp[(i * q + j) * LANES + l] = sum;
                }
            }
        }
        for (int i = 0; i < r; i++) {                     // (M d) M^T: r x r
            for (int j = 0; j < r; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int p = 0; p < q; p++) sum += tmp[(i * q + p) * LANES + l] * mat[j * q + p];
                    dst[to + (i * r + j) * dstStride + l] = sum;
                }
            }
        }
    }

    /**
     * dw[k, c] = G^T dU_k,c G (3 x 3) for k in [k0, k1), dU summed over the parts' accumulators (acc[part, xi, k, c]),
     * LANES input channels at a time.
     */
    private static void untransformWeightGradient(Plan pl, int parts, float[] acc, int k0, int k1, float[] dw, int dwOff) {
        Block s = BLOCK.get().fit(pl);
        int cp = pl.cp, xiStride = pl.uStride();
        long accSize = pl.weightFloats();
        for (int k = k0; k < k1; k++) {
            for (int c = 0; c < pl.c; c += LANES) {
                int at = O + k * cp + c;
                if (Simd.VECTOR && pl.f() == F4) VectorWinograd.filterF4(acc, at, xiStride, parts, accSize, s.out, s.tmp);
                else if (Simd.VECTOR && pl.f() == F2) VectorWinograd.filterF2(acc, at, xiStride, parts, accSize, s.out, s.tmp);
                else filter(pl.f(), acc, at, xiStride, parts, accSize, s.out, s.tmp);
                int lanes = Math.min(LANES, pl.c - c);
                for (int l = 0; l < lanes; l++) {
                    int to = dwOff + (k * pl.c + c + l) * 9;
                    for (int ij = 0; ij < 9; ij++) dw[to + ij] = s.out[ij * LANES + l];
                }
            }
        }
    }

    /**
     * out[ij LANES + l] = (G^T dU G)[ij] for dU[xi] = the sum over parts of acc[part accSize + at + xi xiStride + l].
     */
    private static void filter(Transform f, float[] acc, int at, int xiStride, int parts, long accSize, float[] out, float[] tmp) {
        int a = f.size();
        float[] gm = f.g();
        for (int i = 0; i < 3; i++) {                     // G^T dU: 3 x a
            for (int j = 0; j < a; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) {
                        float d = 0f;
                        for (int part = 0; part < parts; part++) d += acc[(int) (part * accSize) + at + (q * a + j) * xiStride + l];
                        sum += gm[q * 3 + i] * d;
                    }
                    tmp[(i * a + j) * LANES + l] = sum;
                }
            }
        }
        for (int i = 0; i < 3; i++) {                     // (G^T dU) G: 3 x 3
            for (int j = 0; j < 3; j++) {
                for (int l = 0; l < LANES; l++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) sum += tmp[(i * a + q) * LANES + l] * gm[q * 3 + j];
                    out[(i * 3 + j) * LANES + l] = sum;
                }
            }
        }
    }
}
