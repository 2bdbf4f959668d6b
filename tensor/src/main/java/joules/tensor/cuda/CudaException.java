package joules.tensor.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * A failed call into the CUDA driver, NVRTC, cuBLAS or cuDNN. The message names the function, the error's
 * name (CUDA_ERROR_OUT_OF_MEMORY, CUBLAS_STATUS_INVALID_VALUE, CUDNN_STATUS_BAD_PARAM, ...) and its number,
 * and what the engine was doing.
 */
public class CudaException extends RuntimeException {
    private final int code;

    public CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The library's error code (CUresult, nvrtcResult, cublasStatus_t or cudnnStatus_t). */
    public int code() { return code; }

    /** Throws when a driver call failed: "cuMemAlloc_v2 failed: CUDA_ERROR_OUT_OF_MEMORY (2, out of memory)". */
    static void check(CudaDriver cu, int result, String function) {
        if (result != CudaDriver.CUDA_SUCCESS) throw new CudaException(function + " failed: " + errorName(cu, result), result);
    }

    /** "CUDA_ERROR_NO_DEVICE (100, no CUDA-capable device is detected)", from cuGetErrorName and cuGetErrorString. */
    static String errorName(CudaDriver cu, int result) {
        PointerByReference name = new PointerByReference();
        PointerByReference text = new PointerByReference();
        String n = cu.cuGetErrorName(result, name) == 0 && name.getValue() != null ? name.getValue().getString(0) : "CUresult";
        String t = cu.cuGetErrorString(result, text) == 0 && text.getValue() != null ? text.getValue().getString(0) : "unknown error";
        return n + " (" + result + ", " + t + ")";
    }

    static void checkNvrtc(Nvrtc nvrtc, int result, String function) {
        if (result != Nvrtc.NVRTC_SUCCESS) {
            throw new CudaException(function + " failed: " + nvrtc.nvrtcGetErrorString(result) + " (" + result + ")", result);
        }
    }

    static void checkCublas(int status, String function) {
        if (status != Cublas.CUBLAS_STATUS_SUCCESS) {
            throw new CudaException(function + " failed: " + Cublas.statusName(status) + " (" + status + ")", status);
        }
    }

    static void checkCudnn(Cudnn cudnn, int status, String function) {
        if (status != Cudnn.CUDNN_STATUS_SUCCESS) {
            throw new CudaException(function + " failed: " + cudnn.cudnnGetErrorString(status) + " (" + status + ")", status);
        }
    }

    /** A pointer-sized out-parameter's value, never null (a null handle from a successful call is a bug). */
    static Pointer value(PointerByReference ref, String function) {
        Pointer p = ref.getValue();
        if (p == null) throw new CudaException(function + " returned success but a null handle", 0);
        return p;
    }
}
