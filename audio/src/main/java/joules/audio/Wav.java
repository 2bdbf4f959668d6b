package joules.audio;

import java.nio.file.Path;

/**
 * Channel 0 of a WAV file as floats in [-1, 1], with what the header said.
 *
 * @param file          where it came from (for messages)
 * @param sampleRate    samples per second and channel
 * @param channels      channels in the file (only channel 0 is kept, as the study does)
 * @param encoding      how a sample is stored, e.g. "PCM 16-bit" or "float 32-bit"
 * @param totalFrames   sample frames in the file (one frame = one sample of every channel)
 * @param samples       channel 0: the first {@code samples.length} frames (fewer than totalFrames when
 *                      the reader was asked for a prefix)
 */
public record Wav(Path file, int sampleRate, int channels, String encoding, long totalFrames, float[] samples) {
    public double seconds() {
        return totalFrames / (double) sampleRate;
    }
}
