package joules.tensor.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opens cuda:0 once for the GPU tests; they skip (JUnit assumption) on machines without a usable GPU. */
final class CudaTestSupport {
    private static CudaBackend backend;
    private static String unavailable;

    private CudaTestSupport() {}

    static synchronized boolean gpuAvailable() {
        if (backend == null && unavailable == null) {
            try {
                backend = CudaBackend.open(0);
            } catch (IllegalArgumentException e) {
                unavailable = e.getMessage();
            }
        }
        return backend != null;
    }

    /** The shared backend, or the test is skipped with the reason. Never closed: the JVM's exit frees it. */
    static CudaBackend backend() {
        assumeTrue(gpuAvailable(), () -> "no GPU: " + unavailable);
        return backend;
    }
}
