package joules.audio;

import java.util.SplittableRandom;

/**
 * A DESED-shaped synthetic training set: clips with 1 to 3 of the 10 classes (weak labels), each class a
 * characteristic sound, over low background noise; the audio goes through the study's mel pipeline
 * ({@link MelSpectrogram}), so the features look like real ones (magnitudes, spectral shapes, silences).
 *
 * <p>Deterministic: clip i depends only on (seed, i), so the set is the same on any number of threads.
 * Only the first {@code MelSpectrogram.samplesNeeded(64)} = 17,152 samples (0.39 s) of each 10 s clip are
 * synthesised: the 64 frames the models see read nothing else.
 *
 * <p>Label statistics follow DESED's weak training set approximately: class frequencies in proportion to
 * {@link #CLASS_WEIGHTS} and 78 % / 19 % / 3 % of clips with 1 / 2 / 3 labels.
 */
public final class SyntheticDesed {
    /** Clips in DESED's weakly labelled training set. */
    public static final int DEFAULT_CLIPS = 1578;
    /** Approximate clip counts per class in DESED's weak set, study order. */
    static final double[] CLASS_WEIGHTS = {205, 98, 174, 239, 220, 126, 99, 167, 550, 100};
    private static final double[] LABEL_COUNT_CDF = {0.78, 0.97, 1.0};
    private static final int SAMPLES = MelSpectrogram.samplesNeeded(MelSpectrogram.STUDY_FRAMES);

    private SyntheticDesed() {}

    public static FeatureSet generate(int clips, long seed) {
        return generate(clips, seed, ParallelClips.defaultThreads(), Progress.NONE);
    }

    public static FeatureSet generate(int clips, long seed, int threads, Progress progress) {
        if (clips < 1) throw new IllegalArgumentException("a synthetic set needs at least 1 clip, got " + clips);
        if (clips > FeatureSet.MAX_CLIPS) {
            throw new IllegalArgumentException("a synthetic set holds at most " + FeatureSet.MAX_CLIPS + " clips, asked for " + clips);
        }
        float[] features = new float[clips * FeatureSet.CLIP_FLOATS];
        float[] labels = new float[clips * FeatureSet.CLASSES];
        String[] names = new String[clips];
        ParallelClips.forEach(clips, threads, progress, (mel, i) -> {
            SplittableRandom rng = clipRandom(seed, i);
            boolean[] classes = drawLabels(rng);
            for (int c = 0; c < FeatureSet.CLASSES; c++) labels[i * FeatureSet.CLASSES + c] = classes[c] ? 1f : 0f;
            names[i] = String.format("synthetic_%05d.wav", i);
            mel.compute(synthesize(classes, rng), 0, FeatureSet.FRAMES, features, i * FeatureSet.CLIP_FLOATS);
        });
        return new FeatureSet(features, labels, names);
    }

    static SplittableRandom clipRandom(long seed, int clip) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + clip);
    }

    /** 1-3 distinct classes, drawn without replacement with probability proportional to CLASS_WEIGHTS. */
    static boolean[] drawLabels(SplittableRandom rng) {
        double u = rng.nextDouble();
        int count = 1;
        while (u >= LABEL_COUNT_CDF[count - 1]) count++;
        boolean[] chosen = new boolean[FeatureSet.CLASSES];
        for (int k = 0; k < count; k++) {
            double total = 0;
            for (int c = 0; c < chosen.length; c++) if (!chosen[c]) total += CLASS_WEIGHTS[c];
            double pick = rng.nextDouble() * total;
            int c = 0;
            while (chosen[c] || (pick -= CLASS_WEIGHTS[c]) >= 0) c++;
            chosen[c] = true;
        }
        return chosen;
    }

    /** The clip's first SAMPLES samples: its classes' sounds at random levels over background noise, in [-1, 1]. */
    static float[] synthesize(boolean[] classes, SplittableRandom rng) {
        double[] mix = new double[SAMPLES];
        double[] background = Synth.Biquad.lowPass(between(rng, 300, 3000), 0.7).filter(Synth.noise(SAMPLES, rng));
        Synth.mix(mix, background, null, between(rng, 0.002, 0.02));
        for (int c = 0; c < classes.length; c++) {
            if (classes[c]) addEvent(mix, c, between(rng, 0.05, 0.5), rng);
        }
        float[] out = new float[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) out[i] = (float) Math.max(-1, Math.min(1, mix[i])); // a recorder clips at full scale
        return out;
    }

    /** Adds one sound of class c, peak level about gain. */
    private static void addEvent(double[] out, int c, double gain, SplittableRandom rng) {
        int n = out.length;
        double seconds = n / Synth.RATE;
        switch (DesedClasses.NAMES.get(c)) {
            case "Alarm_bell_ringing" -> { // inharmonic bell partials, struck 7-20 times a second
                double f0 = between(rng, 600, 1800);
                double[] partials = {1, 2.76, 5.40, 8.93};
                double[] amps = {1, 0.6, 0.35, 0.2};
                double[] env = Synth.strikes(n, between(rng, 0, 0.05), between(rng, 0.05, 0.15), between(rng, 0.02, 0.08));
                for (int p = 0; p < partials.length; p++) {
                    if (f0 * partials[p] < 20000) Synth.play(out, Synth.harmonicTable(new double[] {1}), f0 * partials[p], null, env, gain * amps[p], rng.nextDouble());
                }
            }
            case "Blender" -> { // motor hum with many harmonics plus a band of grinding noise
                double f0 = between(rng, 150, 400);
                Synth.play(out, Synth.harmonicTable(Synth.harmonics(f0, 8000, 1.0)), f0, null, Synth.tremolo(n, between(rng, 5, 15), 0.2, 0), gain * 0.5, 0);
                Synth.mix(out, Synth.Biquad.bandPass(between(rng, 1000, 5000), 0.8).filter(Synth.noise(n, rng)), null, gain);
            }
            case "Cat" -> { // a meow: harmonic voice whose pitch rises and falls
                double base = between(rng, 350, 600), depth = between(rng, 100, 300);
                double start = between(rng, 0, seconds * 0.4), length = between(rng, 0.2, 0.6);
                double[] pitch = new double[n];
                for (int i = 0; i < n; i++) pitch[i] = base + depth * Math.sin(Math.PI * Math.min(1, Math.max(0, (i / Synth.RATE - start) / length)));
                Synth.play(out, Synth.harmonicTable(Synth.harmonics(base + depth, 12000, 1.5)), 0, pitch, Synth.burst(n, start, length), gain, 0);
            }
            case "Dishes" -> { // clinks: a few struck high resonances, decaying in milliseconds
                int hits = 2 + rng.nextInt(6);
                for (int h = 0; h < hits; h++) {
                    double[] env = Synth.strikes(n, between(rng, 0, seconds), 1e9, between(rng, 0.005, 0.03));
                    for (int r = 0; r < 3; r++) Synth.play(out, Synth.harmonicTable(new double[] {1}), between(rng, 2000, 9000), null, env, gain / 3, rng.nextDouble());
                }
            }
            case "Dog" -> { // 1-3 barks: short harmonic bursts with breath noise
                int barks = 1 + rng.nextInt(3);
                for (int b = 0; b < barks; b++) {
                    double f0 = between(rng, 250, 700), start = between(rng, 0, seconds - 0.06), length = between(rng, 0.06, 0.15);
                    double[] env = Synth.burst(n, start, length);
                    Synth.play(out, Synth.harmonicTable(Synth.harmonics(f0, 6000, 1.2)), f0, null, env, gain, 0);
                    Synth.mix(out, Synth.Biquad.bandPass(between(rng, 800, 2500), 1.0).filter(Synth.noise(n, rng)), env, gain * 0.3);
                }
            }
            case "Electric_shaver_toothbrush" -> { // a steady buzz: sawtooth-like harmonics up to 10 kHz
                double f0 = between(rng, 80, 250);
                Synth.play(out, Synth.harmonicTable(Synth.harmonics(f0, 10000, 1.0)), f0, null, null, gain * 0.5, 0);
                Synth.mix(out, Synth.Biquad.bandPass(between(rng, 3000, 6000), 2.0).filter(Synth.noise(n, rng)), null, gain * 0.2);
            }
            case "Frying" -> { // crackle: random clicks over hissing high-passed noise
                double[] crackle = new double[n];
                double rate = between(rng, 200, 800) / Synth.RATE;
                for (int i = 0; i < n; i++) if (rng.nextDouble() < rate) crackle[i] = 2 * rng.nextDouble() - 1;
                Synth.mix(out, Synth.Biquad.highPass(2000, 0.7).filter(crackle), null, gain * 2);
                Synth.mix(out, Synth.Biquad.highPass(between(rng, 3000, 6000), 0.7).filter(Synth.noise(n, rng)), null, gain * 0.2);
            }
            case "Running_water" -> { // two bands of noise, slowly modulated
                Synth.mix(out, Synth.Biquad.bandPass(between(rng, 800, 3000), 0.7).filter(Synth.noise(n, rng)), Synth.tremolo(n, between(rng, 2, 6), 0.3, rng.nextDouble() * 6), gain);
                Synth.mix(out, Synth.Biquad.bandPass(between(rng, 4000, 9000), 1.0).filter(Synth.noise(n, rng)), null, gain * 0.4);
            }
            case "Speech" -> { // voiced speech: a low pitch with vibrato, harmonics shaped by three formants, syllable rhythm
                double f0 = between(rng, 90, 250);
                double[] formants = {between(rng, 300, 800), between(rng, 900, 2400), between(rng, 2400, 3200)};
                double[] amps = Synth.harmonics(f0, 5000, 0.5);
                for (int h = 0; h < amps.length; h++) {
                    double f = (h + 1) * f0, shape = 0;
                    for (int k = 0; k < 3; k++) shape += Math.exp(-Math.pow((f - formants[k]) / (80.0 + 40 * k), 2)) / (k + 1);
                    amps[h] *= 0.05 + shape;
                }
                double[] pitch = new double[n];
                double vibrato = between(rng, 4, 7);
                for (int i = 0; i < n; i++) pitch[i] = f0 * (1 + 0.03 * Math.sin(2 * Math.PI * vibrato * i / Synth.RATE));
                double[] syllables = Synth.tremolo(n, between(rng, 3, 6), 1.0, rng.nextDouble() * 6);
                Synth.play(out, Synth.harmonicTable(amps), 0, pitch, syllables, gain * 0.5, 0);
            }
            case "Vacuum_cleaner" -> { // loud low-passed broadband noise with a motor whine
                Synth.mix(out, Synth.Biquad.lowPass(between(rng, 2000, 8000), 0.7).filter(Synth.noise(n, rng)), null, gain);
                Synth.play(out, Synth.harmonicTable(new double[] {1, 0.3}), between(rng, 800, 3000), null, null, gain * 0.15, rng.nextDouble());
            }
            default -> throw new IllegalStateException("no sound for class " + c);
        }
    }

    private static double between(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
