package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JNA bindings against the C headers, without a GPU. The resource lists were extracted from cuda.h
 * (CUDA 13.0), nvrtc.h (13.0), cublas_api.h (13.0) and the cuDNN 9.13 headers: the function names each
 * declares (with the versioned names its #defines map to), and the values of the constants the engine uses,
 * printed by a C program compiled against the headers.
 */
class BindingsTest {

    @Test
    void everyBoundDriverFunctionIsDeclaredInCudaH() throws IOException {
        assertBound(CudaDriver.class, "cuda-driver-symbols.txt");
    }

    @Test
    void everyBoundNvrtcFunctionIsDeclaredInNvrtcH() throws IOException {
        assertBound(Nvrtc.class, "nvrtc-symbols.txt");
    }

    @Test
    void everyBoundCublasFunctionIsDeclaredInCublasApiH() throws IOException {
        assertBound(Cublas.class, "cublas-symbols.txt");
    }

    @Test
    void everyBoundCudnnFunctionIsDeclaredInTheCudnn9Headers() throws IOException {
        assertBound(Cudnn.class, "cudnn-symbols.txt");
    }

    @Test
    void constantsHaveTheHeadersValues() throws IOException {
        Map<String, Integer> h = new HashMap<>();
        for (String line : lines("header-constants.txt")) {
            String[] kv = line.split("=");
            h.put(kv[0], Integer.parseInt(kv[1]));
        }
        assertEquals(h.get("CUDNN_STATUS_SUCCESS"), Cudnn.CUDNN_STATUS_SUCCESS);
        assertEquals(h.get("CUDNN_DATA_FLOAT"), Cudnn.CUDNN_DATA_FLOAT);
        assertEquals(h.get("CUDNN_DATA_INT32"), Cudnn.CUDNN_DATA_INT32);
        assertEquals(h.get("CUDNN_TENSOR_NCHW"), Cudnn.CUDNN_TENSOR_NCHW);
        assertEquals(h.get("CUDNN_DEFAULT_MATH"), Cudnn.CUDNN_DEFAULT_MATH);
        assertEquals(h.get("CUDNN_TENSOR_OP_MATH"), Cudnn.CUDNN_TENSOR_OP_MATH);
        assertEquals(h.get("CUDNN_FMA_MATH"), Cudnn.CUDNN_FMA_MATH);
        assertEquals(h.get("CUDNN_NOT_PROPAGATE_NAN"), Cudnn.CUDNN_NOT_PROPAGATE_NAN);
        assertEquals(h.get("CUDNN_CROSS_CORRELATION"), Cudnn.CUDNN_CROSS_CORRELATION);
        assertEquals(h.get("CUDNN_POOLING_MAX_DETERMINISTIC"), Cudnn.CUDNN_POOLING_MAX_DETERMINISTIC);
        assertEquals(h.get("CUDNN_RNN_ALGO_STANDARD"), Cudnn.CUDNN_RNN_ALGO_STANDARD);
        assertEquals(h.get("CUDNN_GRU"), Cudnn.CUDNN_GRU);
        assertEquals(h.get("CUDNN_RNN_DOUBLE_BIAS"), Cudnn.CUDNN_RNN_DOUBLE_BIAS);
        assertEquals(h.get("CUDNN_UNIDIRECTIONAL"), Cudnn.CUDNN_UNIDIRECTIONAL);
        assertEquals(h.get("CUDNN_LINEAR_INPUT"), Cudnn.CUDNN_LINEAR_INPUT);
        assertEquals(h.get("CUDNN_RNN_PADDED_IO_DISABLED"), Cudnn.CUDNN_RNN_PADDED_IO_DISABLED);
        assertEquals(h.get("CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_PACKED"), Cudnn.CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_PACKED);
        assertEquals(h.get("CUDNN_FWD_MODE_TRAINING"), Cudnn.CUDNN_FWD_MODE_TRAINING);
        assertEquals(h.get("CUDNN_WGRAD_MODE_ADD"), Cudnn.CUDNN_WGRAD_MODE_ADD);
        assertEquals(h.get("SIZEOF_cudnnConvolutionFwdAlgoPerf_t"), Cudnn.PERF_BYTES);
        assertEquals(h.get("CUBLAS_STATUS_SUCCESS"), Cublas.CUBLAS_STATUS_SUCCESS);
        assertEquals(h.get("CUBLAS_OP_N"), Cublas.CUBLAS_OP_N);
        assertEquals(h.get("CUBLAS_OP_T"), Cublas.CUBLAS_OP_T);
        assertEquals(h.get("CUBLAS_POINTER_MODE_HOST"), Cublas.CUBLAS_POINTER_MODE_HOST);
        assertEquals(h.get("CUBLAS_DEFAULT_MATH"), Cublas.CUBLAS_DEFAULT_MATH);
        assertEquals(h.get("CUBLAS_TF32_TENSOR_OP_MATH"), Cublas.CUBLAS_TF32_TENSOR_OP_MATH);
        for (String status : List.of("NOT_INITIALIZED", "ALLOC_FAILED", "INVALID_VALUE", "ARCH_MISMATCH", "MAPPING_ERROR",
                "EXECUTION_FAILED", "INTERNAL_ERROR", "NOT_SUPPORTED", "LICENSE_ERROR")) {
            assertEquals("CUBLAS_STATUS_" + status, Cublas.statusName(h.get("CUBLAS_STATUS_" + status)));
        }
        assertEquals(h.get("NVRTC_SUCCESS"), Nvrtc.NVRTC_SUCCESS);
        assertEquals(h.get("NVRTC_ERROR_COMPILATION"), Nvrtc.NVRTC_ERROR_COMPILATION);
    }

    /** Offsets inside cudnnConvolution*AlgoPerf_t, from offsetof() in the same C program. */
    @Test
    void algorithmPerformanceStructOffsets() {
        assertEquals(16, Cudnn.PERF_MEMORY);
        assertEquals(28, Cudnn.PERF_MATH_TYPE);
        assertEquals(0, Cudnn.PERF_ALGO);
        assertEquals(4, Cudnn.PERF_STATUS);
    }

    private static void assertBound(Class<?> binding, String listFile) throws IOException {
        Set<String> declared = new HashSet<>(lines(listFile));
        int bound = 0;
        for (Method m : binding.getDeclaredMethods()) {
            if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
            assertTrue(declared.contains(m.getName()), binding.getSimpleName() + "." + m.getName()
                    + " is not a function declared in the headers (" + listFile + ")");
            bound++;
        }
        assertTrue(bound > 5, "too few functions bound in " + binding.getSimpleName());
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = BindingsTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::trim).toList();
        }
    }
}
