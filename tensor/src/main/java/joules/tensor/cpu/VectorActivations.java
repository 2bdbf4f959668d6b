package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' ReLU with the JDK's Vector API (used when {@link Simd#VECTOR}), straight on the arrays
 * at their offsets (the auto-vectorised loops need copies into buffers that start at index 0). The same
 * operations as the scalar path, so the same floats:
 * <pre>
 *   forward:  y = max(x, 0)                        Math.max: NaN stays NaN, -0 becomes 0
 *   backward: dx = dy min(y 2^149, 1)              the mask is 1 for y > 0 and 0 for y = 0
 * </pre>
 * Both stream their arrays through memory once, so their speed is the memory's.
 */
final class VectorActivations {
    private VectorActivations() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Elements per task handed to a thread. */
    private static final int GRAIN = 1 << 15;

    static void reluForward(Parallel par, float[] x, int xOff, float[] y, int yOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            int i = i0;
            for (; i <= i1 - L; i += L) FloatVector.fromArray(F, x, xOff + i).max(0f).intoArray(y, yOff + i);
            for (; i < i1; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
        });
    }

    static void reluBackward(Parallel par, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff, int n) {
        par.forRange(n, GRAIN, (i0, i1) -> {
            int i = i0;
            for (; i <= i1 - L; i += L) {
                FloatVector mask = FloatVector.fromArray(F, y, yOff + i).mul(0x1p127f).mul(0x1p22f).min(1f);
                FloatVector.fromArray(F, dy, dyOff + i).mul(mask).intoArray(dx, dxOff + i);
            }
            for (; i < i1; i++) dx[dxOff + i] = dy[dyOff + i] * Math.min(y[yOff + i] * 0x1p127f * 0x1p22f, 1f);
        });
    }
}
