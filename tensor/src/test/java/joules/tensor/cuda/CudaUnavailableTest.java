package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import joules.tensor.Backends;
import org.junit.jupiter.api.Test;

/** Without a GPU (CI, this machine), opening a CUDA device fails with one line that says why and where it looked. */
class CudaUnavailableTest {

    @Test
    void openingCudaWithoutAGpuGivesOneClearLine() {
        assumeFalse(CudaTestSupport.gpuAvailable(), "a GPU is present: this test is for machines without one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaBackend.open(0));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertTrue(message.startsWith("device 'cuda:0': the CUDA backend is not available: "), message);
        assertTrue(message.contains("libcuda.so.1") || message.contains("cuInit"), message);
    }

    @Test
    void backendsOpenNamesTheDeviceAndWhatIsMissing() {
        assumeFalse(CudaTestSupport.gpuAvailable(), "a GPU is present: this test is for machines without one");
        for (String device : new String[] {"cuda:0", "cuda", "CUDA:0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.open(device));
            assertTrue(e.getMessage().startsWith("device 'cuda:0': the CUDA backend is not available: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void describeNeverThrowsAndNamesEveryLibrary() {
        String d = CudaLibraries.describe();
        for (String label : new String[] {"CUDA driver:", "NVRTC:", "cuBLAS:", "cuDNN:"}) {
            assertTrue(d.contains(label), d);
        }
    }
}
