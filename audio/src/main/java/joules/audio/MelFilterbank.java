package joules.audio;

import java.util.Arrays;

/**
 * Triangular mel filters on the HTK mel scale without area normalisation, as torchaudio's
 * {@code melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm=None, mel_scale="htk")} builds them.
 *
 * <pre>
 *   mel(f) = 2595 log10(1 + f / 700)            hz(m) = 700 (10^(m / 2595) - 1)
 *   f_k    = k (sample_rate / 2) / (n_freqs - 1)    frequency of FFT bin k = 0 .. n_freqs-1
 *   p_i    = hz(mel(f_min) + i (mel(f_max) - mel(f_min)) / (n_mels + 1))   i = 0 .. n_mels+1
 *   w[m][k] = max(0, min((f_k - p_m) / (p_m+1 - p_m), (p_m+2 - f_k) / (p_m+2 - p_m+1)))
 * </pre>
 *
 * Filter m rises from 0 at p_m to 1 at p_m+1 and falls back to 0 at p_m+2. Its non-zero weights sit on a
 * contiguous run of bins, so each filter is stored as (first bin, weights): applying all of them costs one
 * multiply-add per stored weight (about 2 x n_freqs), not n_freqs x n_mels.
 */
public final class MelFilterbank {
    private final int freqs;
    private final int[] firstBin;     // [mel] first bin with a non-zero weight
    private final double[][] weights; // [mel][bin - firstBin]

    public MelFilterbank(int freqs, double fMin, double fMax, int mels, int sampleRate) {
        this.freqs = freqs;
        double melMin = hzToMel(fMin);
        double melMax = hzToMel(fMax);
        double[] p = new double[mels + 2];
        for (int i = 0; i < p.length; i++) p[i] = melToHz(melMin + i * (melMax - melMin) / (mels + 1));
        double binHz = (sampleRate / 2) / (double) (freqs - 1); // torchaudio: linspace(0, sample_rate // 2, n_freqs)
        firstBin = new int[mels];
        weights = new double[mels][];
        for (int m = 0; m < mels; m++) {
            double[] w = new double[freqs];
            int first = freqs, last = -1;
            for (int k = 0; k < freqs; k++) {
                double f = k * binHz;
                double up = (f - p[m]) / (p[m + 1] - p[m]);
                double down = (p[m + 2] - f) / (p[m + 2] - p[m + 1]);
                w[k] = Math.max(0, Math.min(up, down));
                if (w[k] > 0) {
                    first = Math.min(first, k);
                    last = k;
                }
            }
            firstBin[m] = last < 0 ? 0 : first;
            weights[m] = last < 0 ? new double[0] : Arrays.copyOfRange(w, first, last + 1);
        }
    }

    public static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    public static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }

    public int mels() {
        return weights.length;
    }

    public int freqs() {
        return freqs;
    }

    /** mel[m] = sum_k w[m][k] spectrum[k]   (one multiply-add per stored weight) */
    public double apply(int mel, double[] spectrum) {
        double[] w = weights[mel];
        int first = firstBin[mel];
        double sum = 0;
        for (int i = 0; i < w.length; i++) sum += w[i] * spectrum[first + i];
        return sum;
    }

    /** The weight of bin k in filter m (zero outside the filter's run), for tests and plots. */
    public double weight(int mel, int bin) {
        int i = bin - firstBin[mel];
        return i >= 0 && i < weights[mel].length ? weights[mel][i] : 0.0;
    }
}
