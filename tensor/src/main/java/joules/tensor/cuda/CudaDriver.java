package joules.tensor.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few functions of the CUDA driver API ({@code libcuda.so.1}, header {@code cuda.h}) that the engine
 * uses, bound by their exported symbol names. Where {@code cuda.h} maps a name to a versioned symbol
 * ({@code #define cuMemAlloc cuMemAlloc_v2}), the method carries the versioned name; each of these symbols
 * exists in every driver from CUDA 11.4 on. Every function returns a {@code CUresult}: 0 is success, see
 * {@link CudaException#check(int, String)} for the rest. Device pointers ({@code CUdeviceptr}, an unsigned
 * 64-bit integer) are Java longs; handles (context, stream, module, function, graph, event) are Pointers.
 */
public interface CudaDriver extends Library {
    // ---- initialisation and devices
    int cuInit(int flags);
    int cuDriverGetVersion(IntByReference version);
    int cuGetErrorName(int error, PointerByReference name);
    int cuGetErrorString(int error, PointerByReference text);
    int cuDeviceGetCount(IntByReference count);
    int cuDeviceGet(IntByReference device, int ordinal);
    int cuDeviceGetName(byte[] name, int length, int device);
    int cuDeviceGetAttribute(IntByReference value, int attribute, int device);
    int cuDeviceTotalMem_v2(LongByReference bytes, int device);

    // ---- context: the device's primary context, shared with cuBLAS and cuDNN (they use the runtime API)
    int cuDevicePrimaryCtxRetain(PointerByReference context, int device);
    int cuDevicePrimaryCtxRelease_v2(int device);
    int cuCtxSetCurrent(Pointer context);
    int cuCtxSynchronize();

    // ---- memory
    int cuMemGetInfo_v2(LongByReference free, LongByReference total);
    int cuMemAlloc_v2(LongByReference pointer, long bytes);
    int cuMemFree_v2(long pointer);
    int cuMemcpyHtoDAsync_v2(long dst, Pointer src, long bytes, Pointer stream);
    int cuMemcpyDtoHAsync_v2(Pointer dst, long src, long bytes, Pointer stream);
    int cuMemcpyDtoDAsync_v2(long dst, long src, long bytes, Pointer stream);
    int cuMemsetD32Async(long dst, int value, long count, Pointer stream);

    // ---- modules and kernels
    int cuModuleLoadData(PointerByReference module, Pointer image);
    int cuModuleUnload(Pointer module);
    int cuModuleGetFunction(PointerByReference function, Pointer module, String name);
    int cuLaunchKernel(Pointer function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedMemBytes, Pointer stream, Pointer kernelParams, Pointer extra);

    // ---- streams and events
    int cuStreamCreate(PointerByReference stream, int flags);
    int cuStreamSynchronize(Pointer stream);
    int cuStreamDestroy_v2(Pointer stream);
    int cuEventCreate(PointerByReference event, int flags);
    int cuEventRecord(Pointer event, Pointer stream);
    int cuEventSynchronize(Pointer event);
    int cuEventElapsedTime(FloatByReference milliseconds, Pointer start, Pointer end);
    int cuEventDestroy_v2(Pointer event);

    // ---- graphs: capture a stream's work, instantiate it once, launch it many times
    int cuStreamBeginCapture_v2(Pointer stream, int mode);
    int cuStreamEndCapture(Pointer stream, PointerByReference graph);
    int cuStreamIsCapturing(Pointer stream, IntByReference status);
    int cuGraphInstantiateWithFlags(PointerByReference graphExec, Pointer graph, long flags);
    int cuGraphLaunch(Pointer graphExec, Pointer stream);
    int cuGraphExecDestroy(Pointer graphExec);
    int cuGraphDestroy(Pointer graph);

    // ---- constants from cuda.h
    int CUDA_SUCCESS = 0;
    int CUDA_ERROR_OUT_OF_MEMORY = 2;
    int CUDA_ERROR_NO_DEVICE = 100;
    int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    int CU_STREAM_NON_BLOCKING = 1;
    int CU_EVENT_DEFAULT = 0;
    int CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;
    int CU_STREAM_CAPTURE_STATUS_NONE = 0;
}
