package joules.tensor.cpu;

/**
 * Where a {@code float[]}'s elements meet the 64-byte cache lines. A Java array holds its elements a header's
 * length into the object ({@code sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET}: 16 bytes in a 64-bit JVM with
 * compressed class pointers), so in an array that starts on a line, element 0 does not: every 16-float vector
 * from index 0, 16, 32 ... then spans two lines, and each load or store of it touches both. The CPU backend's
 * arrays therefore keep {@link #START} floats unused at their front and put their element 0 there.
 *
 * <p>That puts element 0 on a line only where the array starts on one: the {@code joules} launcher starts the
 * JVM with {@code -XX:ObjectAlignmentInBytes=64}, which places every object on a 64-byte boundary (the default, 8,
 * leaves an array's lines to chance: 1 in 8 lands aligned). Without the flag nothing is wrong, only slower.
 * Measured (2-core AMD EPYC, AVX-512, docs/cpu-backend.md, "Arrays on cache lines"): a load, multiply and store
 * loop over an L2-sized slice 25 to 30 % faster on lines, Adam's loop over 8.4 M parameters 20 %, whole training
 * steps 0 to 11 % (the CNNs, RNNs and CRNNs 4 to 8 %).
 */
final class CacheLines {
    private CacheLines() {}

    /** Bytes in a cache line. */
    static final int BYTES = 64;

    /**
     * The index of the first element that starts a cache line, in an array that starts on one: 12 with a 16-byte
     * array header (16 + 4 x 12 = 64).
     */
    static final int START = (BYTES - sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET % BYTES) % BYTES / Float.BYTES;

    /** A new zero-filled array for {@code n} elements from index {@link #START}. */
    static float[] floats(long n) {
        return new float[Math.toIntExact(START + n)];
    }

    /** {@code a} when it holds {@code n} elements from {@link #START}, else a new array that does. */
    static float[] fit(float[] a, long n) {
        return a.length >= START + n ? a : floats(n);
    }
}
