package joules.audio;

import java.util.SplittableRandom;

/**
 * Small sound-synthesis tools for {@link SyntheticDesed}: white noise, RBJ-cookbook biquad filters and a
 * harmonic wavetable oscillator. Every tool adds into a buffer ({@code out[i] += ...}) so sounds mix by
 * calling them one after another on the same array.
 */
final class Synth {
    static final double RATE = MelSpectrogram.SAMPLE_RATE;
    private static final int TABLE = 4096;
    private static final double[] SINE = new double[TABLE];

    static {
        for (int i = 0; i < TABLE; i++) SINE[i] = Math.sin(2 * Math.PI * i / TABLE);
    }

    private Synth() {}

    /** Uniform white noise in [-1, 1). */
    static double[] noise(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * rng.nextDouble() - 1;
        return x;
    }

    /**
     * A biquad filter y[i] = b0 x[i] + b1 x[i-1] + b2 x[i-2] - a1 y[i-1] - a2 y[i-2] (5 mul, 4 add per sample)
     * applied in place, coefficients from R. Bristow-Johnson's Audio EQ Cookbook (normalised by a0).
     */
    static final class Biquad {
        final double b0, b1, b2, a1, a2;

        private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
            this.b0 = b0 / a0;
            this.b1 = b1 / a0;
            this.b2 = b2 / a0;
            this.a1 = a1 / a0;
            this.a2 = a2 / a0;
        }

        /** Band-pass with 0 dB peak gain at {@code hz}, bandwidth hz / q. */
        static Biquad bandPass(double hz, double q) {
            double w = 2 * Math.PI * hz / RATE, alpha = Math.sin(w) / (2 * q);
            return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * Math.cos(w), 1 - alpha);
        }

        static Biquad lowPass(double hz, double q) {
            double w = 2 * Math.PI * hz / RATE, alpha = Math.sin(w) / (2 * q), c = Math.cos(w);
            return new Biquad((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        static Biquad highPass(double hz, double q) {
            double w = 2 * Math.PI * hz / RATE, alpha = Math.sin(w) / (2 * q), c = Math.cos(w);
            return new Biquad((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
        }

        double[] filter(double[] x) {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = 0; i < x.length; i++) {
                double y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = x[i];
                y2 = y1;
                y1 = y;
                x[i] = y;
            }
            return x;
        }
    }

    /**
     * One period of sum_h amps[h] sin(2 pi (h+1) phase), tabulated at 4096 points (read back with linear
     * interpolation): the cost of playing it does not grow with the number of harmonics.
     */
    static double[] harmonicTable(double[] amps) {
        double[] table = new double[TABLE + 1];
        for (int h = 0; h < amps.length; h++) {
            if (amps[h] == 0) continue;
            for (int i = 0; i < TABLE; i++) table[i] += amps[h] * SINE[(h + 1) * i & (TABLE - 1)]; // (h+1) i mod TABLE
        }
        table[TABLE] = table[0];
        return table;
    }

    /** Harmonic amplitudes 1/h^tilt for h = 1.. while h f0 stays below maxHz (no aliasing). */
    static double[] harmonics(double f0, double maxHz, double tilt) {
        int count = Math.max(1, (int) (maxHz / f0));
        double[] amps = new double[count];
        for (int h = 0; h < count; h++) amps[h] = Math.pow(h + 1, -tilt);
        return amps;
    }

    /**
     * Adds gain env(i) table(phase) with phase advancing by hz(i) / RATE each sample.
     * pitch and envelope are arrays of length out.length, or null for a constant (f0, 1).
     */
    static void play(double[] out, double[] table, double f0, double[] pitch, double[] envelope, double gain, double startPhase) {
        double phase = startPhase;
        for (int i = 0; i < out.length; i++) {
            double p = phase * TABLE;
            int k = (int) p;
            double v = table[k] + (p - k) * (table[k + 1] - table[k]);
            out[i] += gain * (envelope == null ? 1 : envelope[i]) * v;
            phase += (pitch == null ? f0 : pitch[i]) / RATE;
            if (phase >= 1) phase -= 1; // increments stay below 1: pitch < RATE
        }
    }

    /** Adds gain x[i] env[i] (env null: 1). */
    static void mix(double[] out, double[] x, double[] envelope, double gain) {
        for (int i = 0; i < out.length; i++) out[i] += gain * (envelope == null ? 1 : envelope[i]) * x[i];
    }

    /** An envelope of repeated strikes: 1 at each onset, decaying as exp(-(t - onset) / tau). */
    static double[] strikes(int n, double firstSeconds, double periodSeconds, double tauSeconds) {
        double[] env = new double[n];
        double decay = Math.exp(-1 / (tauSeconds * RATE)); // per sample: exp(-(t + dt) / tau) = exp(-t / tau) decay
        double nextOnset = firstSeconds * RATE, level = 0;
        for (int i = 0; i < n; i++) {
            if (i >= nextOnset) {
                level = 1;
                nextOnset += periodSeconds * RATE;
            }
            env[i] = level;
            level *= decay;
        }
        return env;
    }

    /** A smooth burst: sin^2 rise and fall over [start, start + length) seconds, zero elsewhere. */
    static double[] burst(int n, double startSeconds, double lengthSeconds) {
        double[] env = new double[n];
        for (int i = 0; i < n; i++) {
            double u = (i / RATE - startSeconds) / lengthSeconds;
            if (u > 0 && u < 1) env[i] = Math.pow(Math.sin(Math.PI * u), 2);
        }
        return env;
    }

    /** 1 + depth sin(2 pi hz t + phase): a slow amplitude modulation. */
    static double[] tremolo(int n, double hz, double depth, double phase) {
        double[] env = new double[n];
        for (int i = 0; i < n; i++) env[i] = 1 + depth * Math.sin(2 * Math.PI * hz * i / RATE + phase);
        return env;
    }
}
