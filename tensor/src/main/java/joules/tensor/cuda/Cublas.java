package joules.tensor.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * cuBLAS ({@code libcublas.so.13/12/11}, header {@code cublas_api.h}): the one matrix product the engine
 * needs. Bound by the exported names that {@code cublas_v2.h} maps to ({@code cublasSgemm} is
 * {@code cublasSgemm_v2}). Every function returns a {@code cublasStatus_t}, named by {@link #statusName}.
 * cuBLAS is column-major; {@link CudaBackend#gemm} maps the engine's row-major product onto it.
 */
public interface Cublas extends Library {
    int cublasCreate_v2(PointerByReference handle);
    int cublasDestroy_v2(Pointer handle);
    int cublasGetVersion_v2(Pointer handle, IntByReference version);
    int cublasSetStream_v2(Pointer handle, Pointer stream);
    int cublasSetWorkspace_v2(Pointer handle, Pointer workspace, long bytes);
    int cublasSetMathMode(Pointer handle, int mode);
    int cublasSetPointerMode_v2(Pointer handle, int mode);
    int cublasSgemm_v2(Pointer handle, int transA, int transB, int m, int n, int k, float[] alpha,
                       Pointer a, int lda, Pointer b, int ldb, float[] beta, Pointer c, int ldc);

    int CUBLAS_STATUS_SUCCESS = 0;
    int CUBLAS_OP_N = 0;
    int CUBLAS_OP_T = 1;
    int CUBLAS_POINTER_MODE_HOST = 0;
    /** Plain FP32 (no TF32): the engine's default. */
    int CUBLAS_DEFAULT_MATH = 0;
    /** FP32 products may run on TF32 tensor cores (opt-in: -Djoules.cuda.tf32=true). */
    int CUBLAS_TF32_TENSOR_OP_MATH = 3;

    /** The name of a cublasStatus_t, from cublas_api.h (a table, since cublasGetStatusName is new in 11.4.2). */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "CUBLAS_STATUS_" + status;
        };
    }
}
