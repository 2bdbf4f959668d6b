package joules.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The study's input features: torchaudio's {@code MelSpectrogram(sample_rate=44100, n_fft=2048,
 * win_length=2048, hop_length=256, f_min=0, f_max=22050, n_mels=128, window_fn=hamming_window(periodic=False),
 * power=1, center=True, pad_mode="reflect", norm=None, mel_scale="htk")} of a clip padded with zeros or
 * cropped to 10 s.
 *
 * <p>Frame t of the clip x (length L = 441,000 after padding/cropping), for t = 0 .. frames-1:
 * <pre>
 *   p[i]    = x[reflect(i - 1024)]                     centre: reflect-pad n_fft/2 samples on both sides
 *   s[n]    = p[256 t + n] w[n],  n = 0..2047          w[n] = 0.54 - 0.46 cos(2 pi n / 2047)   (2048 mul)
 *   X[k]    = sum_n s[n] e^(-2 pi i k n / 2048)        real FFT, k = 0..1024          (~2.5 N log2 N flop)
 *   |X[k]|  = sqrt(Re^2 + Im^2)                        power 1: magnitude              (1025 x 4 flop)
 *   mel[m]  = sum_k fb[m][k] |X[k]|                    m = 0..127, see MelFilterbank   (~2 x 2 x 1025 flop)
 * </pre>
 * reflect(j) = -j for j < 0 and 2(L-1) - j for j >= L. Only the requested frames are computed: the first
 * 64 frames (what the study feeds its models) need the first {@link #samplesNeeded}(64) = 17,152 samples.
 *
 * <p>Arithmetic is in double and the result is rounded to float once: closer to the exact value than
 * torchaudio's float32 (whose own error is about 1e-7 relative).
 *
 * <p>An instance owns its FFT buffers: use one per thread.
 */
public final class MelSpectrogram {
    public static final int SAMPLE_RATE = 44100;
    public static final int N_FFT = 2048;
    public static final int HOP = 256;
    public static final int N_MELS = 128;
    public static final double F_MIN = 0.0;
    public static final double F_MAX = 22050.0;
    /** Every clip is padded with zeros or cropped to 10 s. */
    public static final int CLIP_SAMPLES = 10 * SAMPLE_RATE;
    /** Frames of a 10 s clip with centred frames: 1 + 441000 / 256 = 1723. */
    public static final int CLIP_FRAMES = 1 + CLIP_SAMPLES / HOP;
    /** The study's models see the first 64 frames: input (1, 128, 64). */
    public static final int STUDY_FRAMES = 64;
    /** A short text naming every parameter above; part of the feature cache's key. */
    public static final String PARAMETERS = "torchaudio-MelSpectrogram sr=44100 n_fft=2048 win=2048 hop=256 f=0..22050 "
            + "n_mels=128 hamming(periodic=False) power=1 center=reflect norm=None htk clip=441000";

    private static final int BINS = N_FFT / 2 + 1;
    private static final double[] WINDOW = symmetricHamming(N_FFT);
    private static final MelFilterbank FILTERS = new MelFilterbank(BINS, F_MIN, F_MAX, N_MELS, SAMPLE_RATE);

    private final DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
    private final double[] frame = new double[N_FFT];
    private final double[] magnitude = new double[BINS];

    /**
     * How many leading samples of the clip the first {@code frames} frames read: frame t reads samples up to
     * 256 t + 1023, and frame 0 also reads sample 1024 (the reflection of -1024).
     */
    public static int samplesNeeded(int frames) {
        return Math.min(CLIP_SAMPLES, Math.max((frames - 1) * HOP + N_FFT / 2, N_FFT / 2 + 1));
    }

    public static MelFilterbank filterbank() {
        return FILTERS;
    }

    /** A new array [N_MELS][frames] (flat, mel-major) with the first {@code frames} frames of the clip. */
    public float[] compute(float[] signal, int frames) {
        float[] out = new float[N_MELS * frames];
        compute(signal, 0, frames, out, 0);
        return out;
    }

    /**
     * Writes frames [firstFrame, firstFrame + frames) of the clip made from {@code signal} into
     * {@code out[offset + m * frames + (t - firstFrame)]}: mel bins low to high, each a row of frames.
     * The signal may be shorter than 10 s (zeros follow) or longer (it is cropped).
     */
    public void compute(float[] signal, int firstFrame, int frames, float[] out, int offset) {
        if (firstFrame < 0 || frames < 0 || firstFrame + frames > CLIP_FRAMES) {
            throw new IllegalArgumentException("frames " + firstFrame + ".." + (firstFrame + frames) + " outside the clip's 0.." + CLIP_FRAMES);
        }
        for (int t = 0; t < frames; t++) {
            int start = (firstFrame + t) * HOP - N_FFT / 2;
            for (int n = 0; n < N_FFT; n++) frame[n] = clipSample(signal, start + n) * WINDOW[n];
            fft.realForward(frame); // frame = [Re0, Re(N/2), Re1, Im1, Re2, Im2, ...]
            magnitude[0] = Math.abs(frame[0]);
            magnitude[BINS - 1] = Math.abs(frame[1]);
            for (int k = 1; k < BINS - 1; k++) magnitude[k] = Math.sqrt(frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1]);
            for (int m = 0; m < N_MELS; m++) out[offset + m * frames + t] = (float) FILTERS.apply(m, magnitude);
        }
    }

    /** Sample j of the clip (the signal padded with zeros or cropped to 10 s), reflected at both ends. */
    private static float clipSample(float[] signal, int j) {
        if (j < 0) j = -j;
        if (j >= CLIP_SAMPLES) j = 2 * (CLIP_SAMPLES - 1) - j;
        return j < signal.length ? signal[j] : 0f;
    }

    /** w[n] = 0.54 - 0.46 cos(2 pi n / (N - 1)): torch.hamming_window(N, periodic=False). */
    static double[] symmetricHamming(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (n - 1));
        return w;
    }
}
