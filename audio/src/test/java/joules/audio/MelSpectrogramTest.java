package joules.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The mel pipeline against torchaudio 0.13's MelSpectrogram (fixtures from scripts/golden-audio/make_fixtures.py). */
class MelSpectrogramTest {
    /**
     * The bar against torchaudio's float32 result (what the study computed). torchaudio builds its filterbank
     * in float32, which puts its output about 1e-6 (norm) and up to ~6e-5 (single bins) away from the exact
     * value; this pipeline computes in double and lands on the exact value (see {@link #EXACT_TOLERANCE}).
     */
    private static final double TOLERANCE = 1e-4;
    /** The bar against torchaudio's transform run in float64: only float32 rounding of the result remains. */
    private static final double EXACT_TOLERANCE = 1e-6;

    @Test
    void everyWavCaseMatchesTorchaudio() {
        for (Golden.Case c : Golden.cases()) {
            if (c.source().equals("formula")) continue;
            float[] audio = WavReader.read(Golden.path(c.source())).samples();
            float[] actual = new float[MelSpectrogram.N_MELS * c.frames()];
            new MelSpectrogram().compute(audio, c.frameStart(), c.frames(), actual, 0);
            assertMatches(c, actual);
        }
    }

    @Test
    void silenceIsExactlyZero() {
        float[] mel = new MelSpectrogram().compute(WavReader.read(Golden.path("silence_pcm16_mono.wav")).samples(), 64);
        assertEquals(0f, Golden.max(mel));
        assertEquals(0f, Golden.max(Golden.named("silence_pcm16_mono").expected()));
    }

    @Test
    void aShortFileIsPaddedWithZerosToTenSeconds() {
        Golden.Case c = Golden.named("short_padded_all"); // 0.2 s of audio
        float[] audio = WavReader.read(Golden.path(c.source())).samples();
        float[] all = new float[MelSpectrogram.N_MELS * MelSpectrogram.CLIP_FRAMES];
        new MelSpectrogram().compute(audio, 0, MelSpectrogram.CLIP_FRAMES, all, 0);
        float[] head = new float[MelSpectrogram.N_MELS * c.frames()];
        float tailMax = 0;
        for (int m = 0; m < MelSpectrogram.N_MELS; m++) {
            System.arraycopy(all, m * MelSpectrogram.CLIP_FRAMES, head, m * c.frames(), c.frames());
            for (int t = c.frames(); t < MelSpectrogram.CLIP_FRAMES; t++) tailMax = Math.max(tailMax, all[m * MelSpectrogram.CLIP_FRAMES + t]);
        }
        assertMatches(c, head);
        assertEquals(0f, tailMax, "frames past the audio see only the zero padding");
    }

    @Test
    void aLongSignalIsCroppedToTenSecondsAndReflectedAtTheCrop() {
        Golden.Case c = Golden.named("formula_cropped_tail"); // the last 64 frames of a 10.5 s signal cropped to 10 s
        float[] actual = new float[MelSpectrogram.N_MELS * c.frames()];
        new MelSpectrogram().compute(Golden.formulaSignal((int) (10.5 * 44100)), c.frameStart(), c.frames(), actual, 0);
        assertMatches(c, actual);
    }

    @Test
    void filterbankMatchesTorchaudio() {
        Golden.Array fb = Golden.array("melfb.f32"); // (1025 freqs, 128 mels)
        assertArrayEquals(new int[] {1025, 128}, fb.shape());
        MelFilterbank filters = MelSpectrogram.filterbank();
        double worst = 0;
        for (int k = 0; k < 1025; k++) {
            for (int m = 0; m < 128; m++) worst = Math.max(worst, Math.abs(filters.weight(m, k) - fb.data()[k * 128 + m]));
        }
        // torchaudio computes the filter corners in float32: at 20 kHz a corner is off by ~0.002 Hz over a filter
        // ~300 Hz wide, so weights differ by up to ~1e-5 from the exact (double) ones used here
        assertTrue(worst < 2e-5, "largest weight difference " + worst);
    }

    @Test
    void theFirst64FramesReadOnlyTheFirst17152Samples() {
        assertEquals(17152, MelSpectrogram.samplesNeeded(64));
        float[] full = Golden.formulaSignal(MelSpectrogram.CLIP_SAMPLES);
        float[] prefix = Arrays.copyOf(full, MelSpectrogram.samplesNeeded(64));
        assertArrayEquals(new MelSpectrogram().compute(full, 64), new MelSpectrogram().compute(prefix, 64));
    }

    @Test
    void symmetricHammingWindowHasEqualEnds() {
        double[] w = MelSpectrogram.symmetricHamming(2048);
        assertEquals(0.08, w[0], 1e-12);
        assertEquals(0.08, w[2047], 1e-12);
        assertEquals(w[1000], w[1047], 1e-12);
    }

    @Test
    void framesOutsideTheClipAreRefused() {
        MelSpectrogram mel = new MelSpectrogram();
        float[] out = new float[MelSpectrogram.N_MELS * 2];
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> mel.compute(new float[10], MelSpectrogram.CLIP_FRAMES - 1, 2, out, 0));
        assertTrue(e.getMessage().contains("1723"), e.getMessage());
    }

    /**
     * Per spectrogram ||a-b|| / ||b||, and per element |a-b| / |b| on the bins at least 1e-3 of the largest
     * (smaller bins are all edge-of-filter leakage where relative error means little), against torchaudio in
     * float32 (bar 1e-4) and in float64 (bar 1e-6 for the norm, 1e-5 for elements).
     */
    private static void assertMatches(Golden.Case c, float[] actual) {
        float[] expected = c.expected();
        float[] exact = c.exact();
        assertEquals(expected.length, actual.length, c.name());
        double floor = 1e-3 * Golden.max(expected);
        double rel = Golden.relativeError(actual, expected);
        double worst = Golden.worstElementError(actual, expected, floor);
        double rel64 = Golden.relativeError(actual, exact);
        double worst64 = Golden.worstElementError(actual, exact, floor);
        System.out.printf("%-24s vs torchaudio float32: %.2e, worst bin %.2e;  vs float64: %.2e, worst bin %.2e%n",
                c.name(), rel, worst, rel64, worst64);
        assertTrue(rel < TOLERANCE, c.name() + ": relative error " + rel);
        assertTrue(worst < TOLERANCE, c.name() + ": worst element error " + worst + " on bins >= " + floor);
        assertTrue(rel64 < EXACT_TOLERANCE, c.name() + ": relative error vs float64 " + rel64);
        assertTrue(worst64 < 10 * EXACT_TOLERANCE, c.name() + ": worst element error vs float64 " + worst64);
    }
}
