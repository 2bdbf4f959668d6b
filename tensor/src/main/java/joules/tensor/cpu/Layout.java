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

    /** y[h W + w, n, c] = x[n, c, h, w]; threads split the (image, block of positions) pairs. */
    static void nchwToSequence(Parallel par, float[] x, int xOff, float[] y, int yOff, int n, int c, int h, int w) {
        int hw = h * w, blocks = (hw + BLOCK - 1) / BLOCK;
        par.forRange(n * blocks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int ni = t / blocks, s0 = (t % blocks) * BLOCK, s1 = Math.min(hw, s0 + BLOCK);
                for (int ci = 0; ci < c; ci++) {
                    int src = xOff + (ni * c + ci) * hw;
                    for (int s = s0; s < s1; s++) y[yOff + (s * n + ni) * c + ci] = x[src + s];
                }
            }
        });
    }

    /** dx[n, c, h, w] = dy[h W + w, n, c]; the same blocks as {@link #nchwToSequence}. */
    static void sequenceToNchw(Parallel par, float[] dy, int dyOff, float[] dx, int dxOff, int n, int c, int h, int w) {
        int hw = h * w, blocks = (hw + BLOCK - 1) / BLOCK;
        par.forRange(n * blocks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int ni = t / blocks, s0 = (t % blocks) * BLOCK, s1 = Math.min(hw, s0 + BLOCK);
                for (int ci = 0; ci < c; ci++) {
                    int dst = dxOff + (ni * c + ci) * hw;
                    for (int s = s0; s < s1; s++) dx[dst + s] = dy[dyOff + (s * n + ni) * c + ci];
                }
            }
        });
    }
}
