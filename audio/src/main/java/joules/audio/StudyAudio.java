package joules.audio;

import java.nio.file.Path;

/**
 * The audio the study's features are made of: channel 0 of a 44,100 Hz WAV file, of which only the samples
 * that the requested frames read are loaded ({@link MelSpectrogram#samplesNeeded}).
 *
 * <p>Files at another sample rate are refused, not resampled (see audio/README.md): the error names the file,
 * its rate and the sox command that converts it.
 */
public final class StudyAudio {
    private StudyAudio() {}

    /** Channel 0 of the file, at most the samples that the first {@code frames} frames of its 10 s clip need. */
    public static float[] read(Path file, int frames) {
        Wav wav = WavReader.read(file, MelSpectrogram.samplesNeeded(frames));
        if (wav.sampleRate() != MelSpectrogram.SAMPLE_RATE) {
            throw new IllegalArgumentException(String.format(
                    "%s has sample rate %d Hz; the study's features need %d Hz (convert it with: sox %s -r %d %s)",
                    file, wav.sampleRate(), MelSpectrogram.SAMPLE_RATE, file, MelSpectrogram.SAMPLE_RATE, suggestedName(file)));
        }
        return wav.samples();
    }

    private static String suggestedName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "-44100.wav";
    }
}
