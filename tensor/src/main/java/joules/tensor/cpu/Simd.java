package joules.tensor.cpu;

/**
 * Whether the CPU backend runs its Vector API kernels ({@code Vector*} classes: {@link VectorGemm},
 * {@link VectorDots}, ...) or their auto-vectorised twins. The Vector API is the JDK's incubating module
 * {@code jdk.incubator.vector}: it is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code joules} launcher does for the commands that train, the
 * build does for the tests), its vectors hold at least 8 floats (AVX2, AVX-512), and the system property
 * {@code joules.cpu.vector} is not {@code false}. A {@code Vector*} class is loaded only when this is true.
 */
final class Simd {
    private Simd() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("joules.cpu.vector")) && VectorGemm.lanes() >= 8;
}
