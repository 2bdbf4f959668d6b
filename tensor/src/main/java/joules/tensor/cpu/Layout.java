package joules.tensor.cpu;

/** Data movement without arithmetic: feature map <-> sequence, and gathering a batch of rows. */
final class Layout {
    private Layout() {}

    /**
     * Positions per block of the transposes below: a block moves a C x 16 tile, whose 16 destination (or
     * source) rows of C floats stay in the L1 cache while the C source (or destination) rows go by. One
     * position at a time, every write (or read) of the sequence side lands on its own cache line.
     */
    private static final int BLOCK = 16;
    /** Channels and positions per {@link VectorWinograd#transpose} (a vector register's floats). */
    private static final int LANES = Winograd.LANES;
    /** Per-thread rows of the transposes: where each of the LANES rows is read, and where each is written. */
    private static final ThreadLocal<int[][]> ROWS = ThreadLocal.withInitial(() -> new int[2][LANES]);

    /**
     * y[h W + w, n, c] = x[n, c, h, w]; threads split the (image, block of positions) pairs. With the Vector API,
     * LANES channels of LANES positions at a time are transposed in registers (a CRNN's 64 channels on 64 x 32:
     * 1 M floats each way a step, about a twentieth of crnn-C1R1-H64x64's step one float at a time).
     */
    static void nchwToSequence(Parallel par, float[] x, int xOff, float[] y, int yOff, int n, int c, int h, int w) {
        int hw = h * w, blocks = (hw + BLOCK - 1) / BLOCK;
        par.forRange(n * blocks, 1, (t0, t1) -> {
            int[] from = ROWS.get()[0], to = ROWS.get()[1];
            for (int t = t0; t < t1; t++) {
                int ni = t / blocks, s0 = (t % blocks) * BLOCK, s1 = Math.min(hw, s0 + BLOCK), ci = 0;
                for (; Simd.VECTOR && s1 - s0 == BLOCK && ci + LANES <= c; ci += LANES) {
                    for (int sv = s0; sv < s1; sv += LANES) {
                        for (int l = 0; l < LANES; l++) {
                            from[l] = xOff + (ni * c + ci + l) * hw + sv;       // channel ci + l from position sv
                            to[l] = yOff + ((sv + l) * n + ni) * c;             // position sv + l, channel 0
                        }
                        VectorWinograd.transpose(x, from, y, to, ci);
                    }
                }
                for (; ci < c; ci++) {
                    int src = xOff + (ni * c + ci) * hw;
                    for (int s = s0; s < s1; s++) y[yOff + (s * n + ni) * c + ci] = x[src + s];
                }
            }
        });
    }

    /** dx[n, c, h, w] = dy[h W + w, n, c]; the same blocks and transposes as {@link #nchwToSequence}. */
    static void sequenceToNchw(Parallel par, float[] dy, int dyOff, float[] dx, int dxOff, int n, int c, int h, int w) {
        int hw = h * w, blocks = (hw + BLOCK - 1) / BLOCK;
        par.forRange(n * blocks, 1, (t0, t1) -> {
            int[] from = ROWS.get()[0], to = ROWS.get()[1];
            for (int t = t0; t < t1; t++) {
                int ni = t / blocks, s0 = (t % blocks) * BLOCK, s1 = Math.min(hw, s0 + BLOCK), ci = 0;
                for (; Simd.VECTOR && s1 - s0 == BLOCK && ci + LANES <= c; ci += LANES) {
                    for (int sv = s0; sv < s1; sv += LANES) {
                        for (int l = 0; l < LANES; l++) {
                            from[l] = dyOff + ((sv + l) * n + ni) * c + ci;     // position sv + l, channel ci
                            to[l] = dxOff + (ni * c + ci + l) * hw + sv;        // channel ci + l from position sv
                        }
                        VectorWinograd.transpose(dy, from, dx, to, 0);
                    }
                }
                for (; ci < c; ci++) {
                    int dst = dxOff + (ni * c + ci) * hw;
                    for (int s = s0; s < s1; s++) dx[dst + s] = dy[dyOff + (s * n + ni) * c + ci];
                }
            }
        });
    }
}
