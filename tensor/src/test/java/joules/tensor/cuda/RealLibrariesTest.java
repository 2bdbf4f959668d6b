package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real NVRTC, cuBLAS and cuDNN libraries, where the library search finds them (a GPU machine, or a
 * folder named by JOULES_CUDA_LIB); none of this needs a GPU. Skipped where a library is not found.
 */
@Tag("gpu")
class RealLibrariesTest {

    private static LibrarySearch.Result find(LibrarySearch.Spec spec) {
        LibrarySearch.Result r = LibrarySearch.system().find(spec, 0);
        assumeTrue(r.found(), spec.label() + " not found on this machine");
        return r;
    }

    @Test
    void nvrtcCompilesEveryKernelToACubin() {
        Nvrtc nvrtc = CudaLibraries.loadNvrtc(find(CudaLibraries.NVRTC), new ArrayList<>());
        for (String file : Kernels.FILES) {
            for (String arch : List.of("sm_90", "sm_75")) {
                byte[] cubin = Kernels.compile(nvrtc, file, Kernels.source(file), Kernels.options(arch));
                assertTrue(cubin.length > 1000, file + " for " + arch + ": " + cubin.length + " bytes");
                assertEquals(0x7f, cubin[0]);
                assertEquals('E', cubin[1]);
                assertEquals('L', cubin[2]);
                assertEquals('F', cubin[3]);
            }
        }
    }

    @Test
    void nvrtcReportsACompileErrorWithItsLog() {
        Nvrtc nvrtc = CudaLibraries.loadNvrtc(find(CudaLibraries.NVRTC), new ArrayList<>());
        CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class, () -> Kernels.compile(nvrtc,
                "broken", "extern \"C\" __global__ void k(float* x) { x[0] = undefined_name; }", Kernels.options("sm_90")));
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION") && e.getMessage().contains("undefined_name"), e.getMessage());
    }

    @Test
    void cudnnLoadsWithItsSubLibrariesAndNamesItsErrors() {
        Cudnn cudnn = CudaLibraries.loadCudnn(find(CudaLibraries.CUDNN), new ArrayList<>());
        assertTrue(cudnn.cudnnGetVersion() >= 90000, "cuDNN version " + cudnn.cudnnGetVersion());
        assertTrue(cudnn.cudnnGetErrorString(2000).contains("BAD_PARAM"), cudnn.cudnnGetErrorString(2000));
    }

    /** Descriptors need no GPU: cuDNN accepts the convolution, filter, pooling and 3-D tensor settings the backend makes. */
    @Test
    void cudnnAcceptsTheBackendsDescriptors() {
        Cudnn cudnn = CudaLibraries.loadCudnn(find(CudaLibraries.CUDNN), new ArrayList<>());
        try (CudnnConv conv = new CudnnConv(cudnn, null, false)) {
            conv.conv(new joules.tensor.Conv2dGeometry(8, 1, 128, 64, 16, 3, 3, 1, 1, 1, 1));
            conv.conv(new joules.tensor.Conv2dGeometry(3, 4, 9, 7, 5, 3, 3, 2, 2, 0, 0));
            conv.pool(new joules.tensor.Pool2dGeometry(8, 16, 128, 64, 2, 2, 2, 2));
        }
        com.sun.jna.ptr.PointerByReference ref = new com.sun.jna.ptr.PointerByReference();
        assertEquals(0, cudnn.cudnnCreateTensorDescriptor(ref));
        com.sun.jna.Pointer h = ref.getValue();
        assertEquals(0, cudnn.cudnnSetTensorNdDescriptor(h, Cudnn.CUDNN_DATA_FLOAT, 3, new int[] {1, 8, 64}, new int[] {512, 64, 1}));
        com.sun.jna.ptr.IntByReference type = new com.sun.jna.ptr.IntByReference(), rank = new com.sun.jna.ptr.IntByReference();
        int[] dims = new int[8], strides = new int[8];
        assertEquals(0, cudnn.cudnnGetTensorNdDescriptor(h, 8, type, rank, dims, strides));
        assertEquals(3, rank.getValue());
        assertEquals(Cudnn.CUDNN_DATA_FLOAT, type.getValue());
        assertEquals(List.of(1, 8, 64, 512, 64, 1), List.of(dims[0], dims[1], dims[2], strides[0], strides[1], strides[2]));
        assertEquals(0, cudnn.cudnnDestroyTensorDescriptor(h));
    }

    @Test
    void everyBoundFunctionIsExportedByTheRealLibraries() {
        List<String> missing = new ArrayList<>();
        missing.addAll(unexported(CudaLibraries.NVRTC, Nvrtc.class));
        missing.addAll(unexported(CudaLibraries.CUBLAS, Cublas.class));
        missing.addAll(unexported(CudaLibraries.CUDNN, Cudnn.class));
        LibrarySearch.Result driver = LibrarySearch.system().find(CudaLibraries.DRIVER, 0);
        if (driver.found()) missing.addAll(unexported(CudaLibraries.DRIVER, CudaDriver.class));
        assertTrue(missing.isEmpty(), "functions not exported: " + missing);
    }

    private static List<String> unexported(LibrarySearch.Spec spec, Class<?> binding) {
        LibrarySearch.Result r = find(spec);
        if (spec == CudaLibraries.CUBLAS) CudaLibraries.loadCublas(r, new ArrayList<>());
        if (spec == CudaLibraries.CUDNN) CudaLibraries.loadCudnn(r, new ArrayList<>());
        if (spec == CudaLibraries.NVRTC) CudaLibraries.loadNvrtc(r, new ArrayList<>());
        NativeLibrary lib = NativeLibrary.getInstance(r.file().toString());
        List<String> missing = new ArrayList<>();
        for (Method m : binding.getDeclaredMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers())) continue;
            try {
                lib.getFunction(m.getName());
            } catch (UnsatisfiedLinkError e) {
                missing.add(r.file().getFileName() + ":" + m.getName());
            }
        }
        return missing;
    }
}
