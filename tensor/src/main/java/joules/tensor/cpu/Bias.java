package joules.tensor.cpu;

/**
 * The bias of dimension 1, for y viewed as (outer, channels, inner): a Linear output (batch, features) has
 * inner = 1, a convolution output (n, c, h, w) has inner = h w.
 */
final class Bias {
    private Bias() {}

    /** y[o, c, i] += bias[c]. 1 FLOP per element of y. */
    static void add(Parallel par, float[] y, int yOff, float[] bias, int bOff, int outer, int channels, int inner) {
        par.forRange(outer * channels, Math.max(1, (1 << 14) / inner), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float b = bias[bOff + r % channels];
                int base = yOff + r * inner;
                for (int i = 0; i < inner; i++) y[base + i] += b;
            }
        });
    }

    /** Floats per block of a long row: the row is summed in this many float lanes, then the lanes in double. */
    private static final int LANES = 256;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][LANES]);

    /**
     * dbias[c] = sum over o and i of dy[o, c, i]. Long rows (a convolution's planes) are summed in LANES float
     * lanes, block by block through a buffer that starts at 0 (a vectorised add; each lane sums inner / LANES
     * values per row), then the lanes in double; short rows (a Linear layer's, inner = 1) in double directly.
     */
    static void grad(Parallel par, float[] dy, int dyOff, float[] db, int dbOff, int outer, int channels, int inner) {
        par.forRange(channels, 1, (c0, c1) -> {
            float[][] buffers = BUFFERS.get();
            float[] lanes = buffers[0], block = buffers[1];
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int o = 0; o < outer; o++) {
                    int base = dyOff + (o * channels + c) * inner, i = 0;
                    if (inner >= LANES) {
                        for (; i + LANES <= inner; i += LANES) {
                            System.arraycopy(dy, base + i, block, 0, LANES);
                            addInto(lanes, block);
                        }
                    }
                    for (; i < inner; i++) sum += dy[base + i];
                }
                if (inner >= LANES) {
                    for (int q = 0; q < LANES; q++) sum += lanes[q];
                    java.util.Arrays.fill(lanes, 0f);
                }
                db[dbOff + c] = (float) sum;
            }
        });
    }

    private static void addInto(float[] lanes, float[] block) {
        for (int q = 0; q < LANES; q++) lanes[q] += block[q];
    }
}
