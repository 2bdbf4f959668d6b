package joules.tensor.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * NVRTC, the run-time CUDA C++ compiler ({@code libnvrtc.so.13/12/11.2}, header {@code nvrtc.h}): compiles
 * the engine's {@code .cu} kernels for the card in use. Every function returns an {@code nvrtcResult}:
 * 0 is success, {@link #nvrtcGetErrorString} names the rest.
 */
public interface Nvrtc extends Library {
    String nvrtcGetErrorString(int result);
    int nvrtcVersion(IntByReference major, IntByReference minor);
    int nvrtcCreateProgram(PointerByReference program, String source, String name, int numHeaders,
                           Pointer headers, Pointer includeNames);
    int nvrtcCompileProgram(Pointer program, int numOptions, String[] options);
    int nvrtcGetProgramLogSize(Pointer program, LongByReference size);
    int nvrtcGetProgramLog(Pointer program, byte[] log);
    int nvrtcGetCUBINSize(Pointer program, LongByReference size);
    int nvrtcGetCUBIN(Pointer program, byte[] cubin);
    int nvrtcGetPTXSize(Pointer program, LongByReference size);
    int nvrtcGetPTX(Pointer program, byte[] ptx);
    int nvrtcDestroyProgram(PointerByReference program);

    int NVRTC_SUCCESS = 0;
    int NVRTC_ERROR_COMPILATION = 6;
}
