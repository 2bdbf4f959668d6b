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

    /** dbias[c] = sum over o and i of dy[o, c, i], summed in double. */
    static void grad(Parallel par, float[] dy, int dyOff, float[] db, int dbOff, int outer, int channels, int inner) {
        par.forRange(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int o = 0; o < outer; o++) {
                    int base = dyOff + (o * channels + c) * inner;
                    for (int i = 0; i < inner; i++) sum += dy[base + i];
                }
                db[dbOff + c] = (float) sum;
            }
        });
    }
}
