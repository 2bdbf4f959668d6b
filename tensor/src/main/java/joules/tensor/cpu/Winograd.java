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
 * T tiles costs a^2 GEMMs M_xi (K x T) = U_xi (K x C) V_xi (C x T): 2 a^2 K C FLOPs per tile against
 * 2 9 m^2 K C for the direct product, 2.25 times fewer for F(2x2, 3x3) and 4 times fewer for F(4x4, 3x3).
 * <pre>
 *   forward          y  = winograd(x, w)
 *   backward data    dx = winograd(dy, w'),  w'[c, k, i, j] = w[k, c, 2 - i, 2 - j]   (a 3x3 pad-1 conv again)
 *   backward filter  dw_k,c = G^T [ sum over tiles of (A dy_t,k A^T) ⊙ (B^T d_t,c B) ] G
 *                    (the transpose of the forward: per xi, dM_xi (K x C) += dY_xi (K x T) V_xi^T (T x C))
 * </pre>
 * The backend runs F(2x2, 3x3) ({@link #USED}); F(4x4, 3x3), faster and less accurate, is kept beside it.
 * Threads split the tiles into blocks (whole rows of tiles, about {@link #BLOCK_TILES}
 * each); each thread transforms its block, runs the products on its own and transforms the result back, so
 * the block's transformed data stays near that core.
 */
final class Winograd {
    private Winograd() {}

    /** Tiles per block: V and M of a block are a^2 x C x 256 floats each, 4.5 MB for F(4x4) and 128 channels. */
    static final int BLOCK_TILES = 256;

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
     * The transform of all three passes. F(4x4) does 1.8 times fewer multiplications than F(2x2) and its
     * transforms touch fewer floats per output; its rounding error is larger (coefficients up to 8 and 1/24):
     * a few times 1e-5 of the result's scale with 128 channels, against 2e-6 for F(2x2) and 1e-6 for im2col.
     * The CPU backend is the numerical reference that the GPU and PyTorch are checked against, so it uses the
     * accurate F(2x2) and gives up the 15-25 % that F(4x4) would save on the wide convolutions.
     */
    static final Transform USED = F2;

    /** True for the convolutions this class computes: 3x3 kernel, stride 1, padding 1. */
    static boolean applies(Conv2dGeometry g) {
        return g.kH() == 3 && g.kW() == 3 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 1 && g.padW() == 1;
    }

    /**
     * True where it is also the faster method: both channel counts are the sides of the products, which are
     * too thin to run near the GEMM's peak below 16 (the first layer, one input channel, is im2col's).
     */
    static boolean pays(Conv2dGeometry g) { return applies(g) && g.inC() >= 16 && g.outC() >= 16; }

    /** Floats of scratch the three passes of f need: the transformed weights, or an accumulator per thread, a^2 K C each. */
    static long scratch(Transform f, Conv2dGeometry g, int threads) {
        return (long) f.positions() * g.outC() * g.inC() * threads;
    }

    /**
     * Per-thread buffers: a block's transformed inputs v and products p; for the transforms, the a zero-padded
     * input rows of a tile row, and two sets of a^2 lanes (one per position of a tile, each indexed by the
     * tile's number in the block), the second for half-transformed tiles. The transforms gather a block's
     * tiles into lanes (scalar, strided), then combine whole lanes: loops over hundreds of tiles from index
     * 0, which C2 vectorises.
     */
    private static final class Scratch {
        float[] v = new float[0], p = new float[0];
        float[][] rows = new float[0][0], in = new float[0][0], mid = new float[0][0];

        Scratch fit(long vLength, long pLength, int rowCount, int rowLength, int lanes, int tiles) {
            if (v.length < vLength) v = new float[Math.toIntExact(vLength)];
            if (p.length < pLength) p = new float[Math.toIntExact(pLength)];
            if (rows.length < rowCount || rows[0].length < rowLength) rows = new float[Math.max(rowCount, rows.length)][rowLength];
            if (in.length < lanes || in[0].length < tiles) {
                in = new float[lanes][tiles];
                mid = new float[lanes][tiles];
            }
            return this;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The calling thread's buffer for the packed transformed weights of {@link #run}, grown on demand. */
    private static final ThreadLocal<float[][]> PACKED_WEIGHTS = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] packedWeights(long length) {
        float[][] holder = PACKED_WEIGHTS.get();
        if (holder[0].length < length) holder[0] = new float[Math.toIntExact(length)];
        return holder[0];
    }

    /** The tiling of one geometry: tiles of m x m outputs, numbered (image, tile row, tile column). */
    private record Tiling(Transform f, int tilesH, int tilesW, int rowsPerBlock, int blockTiles, int blocks, int tileRows) {
        static Tiling of(Conv2dGeometry g, Transform f) {
            int tilesH = (g.outH() + f.m() - 1) / f.m(), tilesW = (g.outW() + f.m() - 1) / f.m();
            int rowsPerBlock = Math.max(1, BLOCK_TILES / tilesW), tileRows = g.n() * tilesH;
            return new Tiling(f, tilesH, tilesW, rowsPerBlock, rowsPerBlock * tilesW,
                    (tileRows + rowsPerBlock - 1) / rowsPerBlock, tileRows);
        }

        Scratch scratch(int inC, int outC) {
            int lanes = f.positions();
            return SCRATCH.get().fit((long) lanes * inC * blockTiles, (long) lanes * outC * blockTiles, f.size(),
                    f.m() * tilesW + 2, lanes, blockTiles);
        }

        int firstRow(int block) { return block * rowsPerBlock; }
        int endRow(int block) { return Math.min(tileRows, (block + 1) * rowsPerBlock); }
    }

    // ---- the three passes ---------------------------------------------------------------------

    /** y = x (*) w; {@code scratch} holds at least {@link #scratch} floats. */
    static void forward(Transform f, Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] w, int wOff,
                        float[] y, int yOff, float[] scratch) {
        transformWeights(par, f, g.outC(), g.inC(), w, wOff, false, scratch);
        run(f, par, g, x, xOff, scratch, y, yOff);
    }

    /** dx = the gradient of the forward with respect to x: the forward of dy with the flipped, transposed kernel. */
    static void backwardData(Transform f, Parallel par, Conv2dGeometry g, float[] dy, int dyOff, float[] w, int wOff,
                             float[] dx, int dxOff, float[] scratch) {
        transformWeights(par, f, g.outC(), g.inC(), w, wOff, true, scratch);
        Conv2dGeometry back = new Conv2dGeometry(g.n(), g.outC(), g.outH(), g.outW(), g.inC(), 3, 3, 1, 1, 1, 1);
        run(f, par, back, dy, dyOff, scratch, dx, dxOff);
    }

    /** y = the Winograd convolution of x with the transformed weights u (a^2 x K x C). */
    private static void run(Transform f, Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] u, float[] y, int yOff) {
        int inC = g.inC(), outC = g.outC(), lanes = f.positions();
        Tiling tl = Tiling.of(g, f);
        int bt = tl.blockTiles();
        // with the Vector API, each U_xi is packed for the micro-kernel once here, not once per block of tiles
        long packedSize = Simd.VECTOR ? VectorGemm.packedASize(outC, inC) : 0;
        float[] packedU = Simd.VECTOR ? packedWeights(lanes * packedSize) : null;
        if (Simd.VECTOR) {
            par.forRange(lanes, 1, (x0, x1) -> {
                for (int xi = x0; xi < x1; xi++) {
                    VectorGemm.packWholeA(new Gemm.Operands(false, false, inC, 1f, u, xi * outC * inC, inC, null, 0, 0,
                            0f, null, 0, 0), outC, packedU, xi * packedSize);
                }
            });
        }
        par.forRange(tl.blocks(), 1, (b0, b1) -> {
            Scratch s = tl.scratch(inC, outC);
            for (int blk = b0; blk < b1; blk++) {
                int row0 = tl.firstRow(blk), row1 = tl.endRow(blk), tiles = (row1 - row0) * tl.tilesW();
                for (int c = 0; c < inC; c++) transformInput(g, tl, x, xOff, c, row0, row1, s, c * bt, inC * bt);
                for (int xi = 0; xi < lanes; xi++) {    // M_xi (K x tiles) = U_xi (K x C) V_xi (C x tiles)
                    if (Simd.VECTOR) {
                        VectorGemm.block(new Gemm.Operands(false, false, inC, 1f, u, xi * outC * inC, inC,
                                s.v, xi * inC * bt, bt, 0f, s.p, xi * outC * bt, bt), packedU, xi * packedSize, 0, outC, 0, tiles);
                    } else {
                        Gemm.gemm(Parallel.SERIAL, false, false, outC, tiles, inC, 1f, u, xi * outC * inC, inC,
                                s.v, xi * inC * bt, bt, 0f, s.p, xi * outC * bt, bt);
                    }
                }
                for (int k = 0; k < outC; k++) transformOutput(g, tl, k * bt, outC * bt, k, row0, row1, s, y, yOff);
            }
        });
    }

    /**
     * dw = the gradient with respect to the weights, given x and dy. Each thread sums its tiles' products into
     * its own a^2 x K x C accumulator; {@code scratch} holds at least {@link #scratch} floats.
     */
    static void backwardFilter(Transform f, Parallel par, Conv2dGeometry g, float[] x, int xOff, float[] dy, int dyOff,
                               float[] dw, int dwOff, float[] scratch) {
        int inC = g.inC(), outC = g.outC(), parts = par.threads(), lanes = f.positions();
        Tiling tl = Tiling.of(g, f);
        int bt = tl.blockTiles(), accSize = lanes * outC * inC;
        par.forRange(parts, 1, (p0, p1) -> {
            Scratch s = tl.scratch(inC, outC);
            for (int part = p0; part < p1; part++) {
                int first = (int) ((long) tl.blocks() * part / parts), last = (int) ((long) tl.blocks() * (part + 1) / parts);
                int acc = part * accSize;
                java.util.Arrays.fill(scratch, acc, acc + accSize, 0f);
                for (int blk = first; blk < last; blk++) {
                    int row0 = tl.firstRow(blk), row1 = tl.endRow(blk), tiles = (row1 - row0) * tl.tilesW();
                    for (int c = 0; c < inC; c++) transformInput(g, tl, x, xOff, c, row0, row1, s, c * bt, inC * bt);
                    for (int k = 0; k < outC; k++) transformGradient(g, tl, dy, dyOff, k, row0, row1, s, k * bt, outC * bt);
                    for (int xi = 0; xi < lanes; xi++) {   // dM_xi (K x C) += dY_xi (K x tiles) V_xi^T (tiles x C)
                        Gemm.gemm(Parallel.SERIAL, false, true, outC, inC, tiles, 1f, s.p, xi * outC * bt, bt,
                                s.v, xi * inC * bt, bt, 1f, scratch, acc + xi * outC * inC, inC);
                    }
                }
            }
        });
        par.forRange(accSize, 4096, (i0, i1) -> {
            for (int part = 1; part < parts; part++) {
                for (int i = i0; i < i1; i++) scratch[i] += scratch[part * accSize + i];
            }
        });
        par.forRange(outC * inC, 64, (at0, at1) -> untransformWeightGradient(f, outC, inC, scratch, dw, dwOff, at0, at1));
    }

    // ---- the transforms -----------------------------------------------------------------------

    /**
     * u[xi, k, c] = (G g G^T)[xi] for g = w[k, c] (K x C x 3 x 3), or with flipped = true for the backward
     * data's kernel g = w[c, k] turned by 180 degrees (then u is C x K per xi).
     */
    static void transformWeights(Parallel par, Transform f, int outC, int inC, float[] w, int wOff, boolean flipped,
                                 float[] u) {
        int a = f.size(), rows = flipped ? inC : outC, cols = flipped ? outC : inC, plane = rows * cols;
        float[] gm = f.g();
        par.forRange(outC, 1, (k0, k1) -> {
            float[] g = new float[9], gg = new float[a * 3];
            for (int k = k0; k < k1; k++) {
                for (int c = 0; c < inC; c++) {
                    int src = wOff + (k * inC + c) * 9, at = flipped ? c * cols + k : k * cols + c;
                    for (int i = 0; i < 9; i++) g[i] = flipped ? w[src + 8 - i] : w[src + i];
                    for (int i = 0; i < a; i++) {         // G g: a x 3
                        float g0 = gm[i * 3], g1 = gm[i * 3 + 1], g2 = gm[i * 3 + 2];
                        for (int j = 0; j < 3; j++) gg[i * 3 + j] = g0 * g[j] + g1 * g[3 + j] + g2 * g[6 + j];
                    }
                    for (int i = 0; i < a; i++) {         // (G g) G^T: a x a
                        float h0 = gg[i * 3], h1 = gg[i * 3 + 1], h2 = gg[i * 3 + 2];
                        for (int j = 0; j < a; j++) {
                            u[(i * a + j) * plane + at] = h0 * gm[j * 3] + h1 * gm[j * 3 + 1] + h2 * gm[j * 3 + 2];
                        }
                    }
                }
            }
        });
    }

    /**
     * v[at + xi xiStride + tile] = (B^T d B)[xi] for channel c's a x a patch d of every tile in tile rows
     * [row0, row1): the patches gathered into the lanes (lane a i + j holds d[i, j]), then B^T applied down
     * the columns and along the rows of all of them at once.
     */
    private static void transformInput(Conv2dGeometry g, Tiling tl, float[] x, int xOff, int c, int row0, int row1,
                                       Scratch s, int at, int xiStride) {
        if (Simd.VECTOR && tl.f() == F2) {
            VectorWinograd.input(g, tl.tilesH(), tl.tilesW(), x, xOff, c, row0, row1, s.v, at, xiStride);
            return;
        }
        Transform f = tl.f();
        int m = f.m(), a = f.size(), inH = g.inH(), inW = g.inW(), tilesW = tl.tilesW(), width = m * tilesW + 2;
        float[][] d = s.in;
        int tile = 0;
        for (int tr = row0; tr < row1; tr++) {
            int n = tr / tl.tilesH(), th = tr % tl.tilesH();
            int plane = xOff + (n * g.inC() + c) * inH * inW;
            for (int i = 0; i < a; i++) {                 // padded row i holds input row m th - 1 + i at columns 1 .. inW
                float[] row = s.rows[i];
                int ih = m * th - 1 + i;
                java.util.Arrays.fill(row, 0, width, 0f);
                if (ih >= 0 && ih < inH) System.arraycopy(x, plane + ih * inW, row, 1, Math.min(inW, width - 1));
                for (int j = 0; j < a; j++) {
                    float[] lane = d[i * a + j];
                    for (int tw = 0, t = tile; tw < tilesW; tw++, t++) lane[t] = row[m * tw + j];
                }
            }
            tile += tilesW;
        }
        left(f.bt(), a, a, d, a, s.mid, tile);            // B^T d
        right(s.mid, a, a, f.bt(), a, d, tile);           // (B^T d) B
        for (int xi = 0; xi < a * a; xi++) System.arraycopy(d[xi], 0, s.v, at + xi * xiStride, tile);
    }

    /**
     * y[n, k, m th + i, m tw + j] = (A^T p A)[i, j] for every tile of channel k in tile rows [row0, row1): the
     * block's products copied into the lanes, A^T applied down the columns and along the rows, the m x m
     * outputs of each tile written out.
     */
    private static void transformOutput(Conv2dGeometry g, Tiling tl, int at, int xiStride, int k,
                                        int row0, int row1, Scratch s, float[] y, int yOff) {
        if (Simd.VECTOR && tl.f() == F2) {
            VectorWinograd.output(g, tl.tilesH(), tl.tilesW(), s.p, at, xiStride, k, row0, row1, y, yOff);
            return;
        }
        Transform f = tl.f();
        int m = f.m(), a = f.size(), outH = g.outH(), outW = g.outW(), tilesW = tl.tilesW(), tiles = (row1 - row0) * tilesW;
        for (int xi = 0; xi < a * a; xi++) System.arraycopy(s.p, at + xi * xiStride, s.in[xi], 0, tiles);
        left(f.at(), m, a, s.in, a, s.mid, tiles);        // A^T p: m x a
        right(s.mid, m, a, f.at(), m, s.in, tiles);       // (A^T p) A: m x m, lane m i + j
        int tile = 0;
        for (int tr = row0; tr < row1; tr++, tile += tilesW) {
            int n = tr / tl.tilesH(), oh = m * (tr % tl.tilesH());
            int plane = yOff + (n * g.outC() + k) * outH * outW;
            for (int i = 0; i < m && oh + i < outH; i++) {
                int row = plane + (oh + i) * outW;
                for (int j = 0; j < m; j++) {
                    float[] lane = s.in[i * m + j];
                    int full = Math.min(tilesW, (outW - j + m - 1) / m);    // tiles whose column m tw + j is inside
                    for (int tw = 0; tw < full; tw++) y[row + m * tw + j] = lane[tile + tw];
                }
            }
        }
    }

    /**
     * p[at + xi xiStride + tile] = (A e A^T)[xi] for the m x m output gradient e of each tile of channel k (0
     * past the edge): e gathered into the lanes, then A applied down the columns and along the rows.
     */
    private static void transformGradient(Conv2dGeometry g, Tiling tl, float[] dy, int dyOff, int k, int row0, int row1,
                                          Scratch s, int at, int xiStride) {
        if (Simd.VECTOR && tl.f() == F2) {
            VectorWinograd.gradient(g, tl.tilesH(), tl.tilesW(), dy, dyOff, k, row0, row1, s.p, at, xiStride);
            return;
        }
        Transform f = tl.f();
        int m = f.m(), a = f.size(), outH = g.outH(), outW = g.outW(), tilesW = tl.tilesW();
        int tile = 0;
        for (int tr = row0; tr < row1; tr++, tile += tilesW) {
            int n = tr / tl.tilesH(), oh = m * (tr % tl.tilesH());
            int plane = dyOff + (n * g.outC() + k) * outH * outW;
            for (int i = 0; i < m; i++) {
                boolean inside = oh + i < outH;
                int row = plane + (oh + i) * outW;
                for (int j = 0; j < m; j++) {
                    float[] lane = s.in[i * m + j];
                    for (int tw = 0; tw < tilesW; tw++) {
                        int ow = m * tw + j;
                        lane[tile + tw] = inside && ow < outW ? dy[row + ow] : 0f;
                    }
                }
            }
        }
        left(f.a(), a, m, s.in, m, s.mid, tile);          // A e: a x m
        right(s.mid, a, m, f.a(), a, s.in, tile);         // (A e) A^T: a x a
        for (int xi = 0; xi < a * a; xi++) System.arraycopy(s.in[xi], 0, s.p, at + xi * xiStride, tile);
    }

    /** out (r x w tiles of lanes) = M (r x q) in (q x w): out[i w + j] = sum over p of M[i, p] in[p w + j]. */
    private static void left(float[] mat, int r, int q, float[][] in, int w, float[][] out, int count) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < w; j++) sum(mat, i * q, q, in, j, w, out[i * w + j], count);
        }
    }

    /** out (h x r) = in (h x q) M^T for M (r x q): out[i r + j] = sum over p of M[j, p] in[i q + p]. */
    private static void right(float[][] in, int h, int q, float[] mat, int r, float[][] out, int count) {
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < r; j++) sum(mat, j * q, q, in, i * q, 1, out[i * r + j], count);
        }
    }

    /**
     * dst = sum over p < q of mat[row + p] in[at + p step]: the matrix row's nonzero terms (at most 5 in these
     * transforms) in one loop over the tiles. One loop, not one per term, and no more than 6 arrays in it:
     * with more, C2 no longer vectorises it.
     */
    private static void sum(float[] mat, int row, int q, float[][] in, int at, int step, float[] dst, int count) {
        float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f, c4 = 0f;
        float[] s0 = null, s1 = null, s2 = null, s3 = null, s4 = null;
        int terms = 0;
        for (int p = 0; p < q; p++) {
            float coef = mat[row + p];
            if (coef == 0f) continue;
            float[] src = in[at + p * step];
            switch (terms++) {
                case 0 -> { c0 = coef; s0 = src; }
                case 1 -> { c1 = coef; s1 = src; }
                case 2 -> { c2 = coef; s2 = src; }
                case 3 -> { c3 = coef; s3 = src; }
                case 4 -> { c4 = coef; s4 = src; }
                default -> throw new IllegalStateException("a transform row with more than 5 terms");
            }
        }
        // missing terms: a zero coefficient on a lane already read
        linear(c0, s0, c1, s1 == null ? s0 : s1, c2, s2 == null ? s0 : s2, c3, s3 == null ? s0 : s3,
                c4, s4 == null ? s0 : s4, dst, count);
    }

    /** dst = c0 s0 + c1 s1 + c2 s2 + c3 s3 + c4 s4, lane by lane. */
    private static void linear(float c0, float[] s0, float c1, float[] s1, float c2, float[] s2, float c3, float[] s3,
                               float c4, float[] s4, float[] dst, int count) {
        for (int t = 0; t < count; t++) dst[t] = c0 * s0[t] + c1 * s1[t] + c2 * s2[t] + c3 * s3[t] + c4 * s4[t];
    }

    /** dw[k, c] = G^T dM_k,c G (3 x 3), from the accumulator acc[xi, k, c], for k inC + c in [at0, at1). */
    private static void untransformWeightGradient(Transform f, int outC, int inC, float[] acc, float[] dw, int dwOff,
                                                  int at0, int at1) {
        int a = f.size(), kc = outC * inC;
        float[] gm = new float[3 * a];
        for (int at = at0; at < at1; at++) {
            for (int i = 0; i < 3; i++) {                 // G^T dM: 3 x a
                for (int j = 0; j < a; j++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) sum += f.g()[q * 3 + i] * acc[(q * a + j) * kc + at];
                    gm[i * a + j] = sum;
                }
            }
            for (int i = 0; i < 3; i++) {                 // (G^T dM) G: 3 x 3
                for (int j = 0; j < 3; j++) {
                    float sum = 0f;
                    for (int q = 0; q < a; q++) sum += gm[i * a + q] * f.g()[q * 3 + j];
                    dw[dwOff + at * 9 + i * 3 + j] = sum;
                }
            }
        }
    }
}
