package joules.tensor.cpu;

/** Data movement without arithmetic: feature map <-> sequence, and gathering a batch of rows. */
final class Layout {
    private Layout() {}

    /** y[h W + w, n, c] = x[n, c, h, w]. */
    static void nchwToSequence(Parallel par, float[] x, int xOff, float[] y, int yOff, int n, int c, int h, int w) {
        int hw = h * w;
        par.forRange(n * c, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ni = r / c, ci = r % c, src = xOff + r * hw;
                for (int s = 0; s < hw; s++) y[yOff + (s * n + ni) * c + ci] = x[src + s];
            }
        });
    }

    /** dx[n, c, h, w] = dy[h W + w, n, c]. */
    static void sequenceToNchw(Parallel par, float[] dy, int dyOff, float[] dx, int dxOff, int n, int c, int h, int w) {
        int hw = h * w;
        par.forRange(n * c, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ni = r / c, ci = r % c, dst = dxOff + r * hw;
                for (int s = 0; s < hw; s++) dx[dst + s] = dy[dyOff + (s * n + ni) * c + ci];
            }
        });
    }
}
