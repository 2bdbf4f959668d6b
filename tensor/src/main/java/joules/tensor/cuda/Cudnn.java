package joules.tensor.cuda;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * cuDNN 9 ({@code libcudnn.so.9}; headers {@code cudnn_graph.h}, {@code cudnn_ops.h}, {@code cudnn_cnn.h},
 * {@code cudnn_adv.h}): convolution, max pooling and the GRU through the RNN v8 API. Every function but
 * {@link #cudnnGetErrorString} and {@link #cudnnGetVersion} returns a {@code cudnnStatus_t}: 0 is success.
 * Data pointers ({@code void*}) are Pointers; {@code size_t} is a Java long.
 */
public interface Cudnn extends Library {
    // ---- handle (cudnn_graph.h)
    long cudnnGetVersion();

    /** The CUDA runtime version cuDNN was built for, as CUDART_VERSION (13000 for 13.0). */
    long cudnnGetCudartVersion();
    String cudnnGetErrorString(int status);
    int cudnnCreate(PointerByReference handle);
    int cudnnDestroy(Pointer handle);
    int cudnnSetStream(Pointer handle, Pointer stream);

    // ---- tensor, filter, pooling and dropout descriptors (cudnn_ops.h)
    int cudnnCreateTensorDescriptor(PointerByReference desc);
    int cudnnSetTensor4dDescriptor(Pointer desc, int format, int dataType, int n, int c, int h, int w);
    int cudnnSetTensorNdDescriptor(Pointer desc, int dataType, int nbDims, int[] dims, int[] strides);
    int cudnnDestroyTensorDescriptor(Pointer desc);
    int cudnnCreateFilterDescriptor(PointerByReference desc);
    int cudnnSetFilter4dDescriptor(Pointer desc, int dataType, int format, int k, int c, int h, int w);
    int cudnnDestroyFilterDescriptor(Pointer desc);
    int cudnnCreatePoolingDescriptor(PointerByReference desc);
    int cudnnSetPooling2dDescriptor(Pointer desc, int mode, int nanOpt, int windowH, int windowW, int padH, int padW,
                                    int strideH, int strideW);
    int cudnnDestroyPoolingDescriptor(Pointer desc);
    int cudnnPoolingForward(Pointer handle, Pointer poolDesc, float[] alpha, Pointer xDesc, Pointer x, float[] beta,
                            Pointer yDesc, Pointer y);
    int cudnnPoolingBackward(Pointer handle, Pointer poolDesc, float[] alpha, Pointer yDesc, Pointer y, Pointer dyDesc,
                             Pointer dy, Pointer xDesc, Pointer x, float[] beta, Pointer dxDesc, Pointer dx);
    int cudnnCreateDropoutDescriptor(PointerByReference desc);
    int cudnnDropoutGetStatesSize(Pointer handle, LongByReference bytes);
    int cudnnSetDropoutDescriptor(Pointer desc, Pointer handle, float dropout, Pointer states, long stateBytes, long seed);
    int cudnnDestroyDropoutDescriptor(Pointer desc);

    // ---- convolution (cudnn_cnn.h)
    int cudnnCreateConvolutionDescriptor(PointerByReference desc);
    int cudnnSetConvolution2dDescriptor(Pointer desc, int padH, int padW, int strideH, int strideW, int dilationH,
                                        int dilationW, int mode, int computeType);
    int cudnnSetConvolutionMathType(Pointer desc, int mathType);
    int cudnnDestroyConvolutionDescriptor(Pointer desc);
    int cudnnGetConvolutionForwardAlgorithmMaxCount(Pointer handle, IntByReference count);
    int cudnnGetConvolutionBackwardDataAlgorithmMaxCount(Pointer handle, IntByReference count);
    int cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(Pointer handle, IntByReference count);
    int cudnnFindConvolutionForwardAlgorithm(Pointer handle, Pointer xDesc, Pointer wDesc, Pointer convDesc,
                                             Pointer yDesc, int requested, IntByReference returned, Memory perf);
    int cudnnFindConvolutionBackwardDataAlgorithm(Pointer handle, Pointer wDesc, Pointer dyDesc, Pointer convDesc,
                                                  Pointer dxDesc, int requested, IntByReference returned, Memory perf);
    int cudnnFindConvolutionBackwardFilterAlgorithm(Pointer handle, Pointer xDesc, Pointer dyDesc, Pointer convDesc,
                                                    Pointer dwDesc, int requested, IntByReference returned, Memory perf);
    int cudnnGetConvolutionForwardWorkspaceSize(Pointer handle, Pointer xDesc, Pointer wDesc, Pointer convDesc,
                                                Pointer yDesc, int algo, LongByReference bytes);
    int cudnnGetConvolutionBackwardDataWorkspaceSize(Pointer handle, Pointer wDesc, Pointer dyDesc, Pointer convDesc,
                                                     Pointer dxDesc, int algo, LongByReference bytes);
    int cudnnGetConvolutionBackwardFilterWorkspaceSize(Pointer handle, Pointer xDesc, Pointer dyDesc, Pointer convDesc,
                                                       Pointer dwDesc, int algo, LongByReference bytes);
    int cudnnConvolutionForward(Pointer handle, float[] alpha, Pointer xDesc, Pointer x, Pointer wDesc, Pointer w,
                                Pointer convDesc, int algo, Pointer workspace, long workspaceBytes, float[] beta,
                                Pointer yDesc, Pointer y);
    int cudnnConvolutionBackwardData(Pointer handle, float[] alpha, Pointer wDesc, Pointer w, Pointer dyDesc, Pointer dy,
                                     Pointer convDesc, int algo, Pointer workspace, long workspaceBytes, float[] beta,
                                     Pointer dxDesc, Pointer dx);
    int cudnnConvolutionBackwardFilter(Pointer handle, float[] alpha, Pointer xDesc, Pointer x, Pointer dyDesc,
                                       Pointer dy, Pointer convDesc, int algo, Pointer workspace, long workspaceBytes,
                                       float[] beta, Pointer dwDesc, Pointer dw);

    // ---- recurrent networks, v8 API (cudnn_adv.h)
    int cudnnCreateRNNDescriptor(PointerByReference desc);
    int cudnnSetRNNDescriptor_v8(Pointer desc, int algo, int cellMode, int biasMode, int dirMode, int inputMode,
                                 int dataType, int mathPrec, int mathType, int inputSize, int hiddenSize, int projSize,
                                 int numLayers, Pointer dropoutDesc, int auxFlags);
    int cudnnDestroyRNNDescriptor(Pointer desc);
    int cudnnCreateRNNDataDescriptor(PointerByReference desc);
    int cudnnSetRNNDataDescriptor(Pointer desc, int dataType, int layout, int maxSeqLength, int batchSize,
                                  int vectorSize, int[] seqLengths, Pointer paddingFill);
    int cudnnDestroyRNNDataDescriptor(Pointer desc);
    int cudnnGetRNNWeightSpaceSize(Pointer handle, Pointer rnnDesc, LongByReference bytes);
    int cudnnGetRNNTempSpaceSizes(Pointer handle, Pointer rnnDesc, int fwdMode, Pointer xDesc,
                                  LongByReference workspaceBytes, LongByReference reserveBytes);
    int cudnnGetRNNWeightParams(Pointer handle, Pointer rnnDesc, int pseudoLayer, long weightSpaceBytes,
                                Pointer weightSpace, int linLayerId, Pointer mDesc, PointerByReference mAddr,
                                Pointer bDesc, PointerByReference bAddr);
    int cudnnGetTensorNdDescriptor(Pointer desc, int nbDimsRequested, IntByReference dataType, IntByReference nbDims,
                                   int[] dims, int[] strides);
    int cudnnRNNForward(Pointer handle, Pointer rnnDesc, int fwdMode, Pointer devSeqLengths, Pointer xDesc, Pointer x,
                        Pointer yDesc, Pointer y, Pointer hDesc, Pointer hx, Pointer hy, Pointer cDesc, Pointer cx,
                        Pointer cy, long weightSpaceBytes, Pointer weightSpace, long workspaceBytes, Pointer workspace,
                        long reserveBytes, Pointer reserve);
    int cudnnRNNBackwardData_v8(Pointer handle, Pointer rnnDesc, Pointer devSeqLengths, Pointer yDesc, Pointer y,
                                Pointer dy, Pointer xDesc, Pointer dx, Pointer hDesc, Pointer hx, Pointer dhy,
                                Pointer dhx, Pointer cDesc, Pointer cx, Pointer dcy, Pointer dcx, long weightSpaceBytes,
                                Pointer weightSpace, long workspaceBytes, Pointer workspace, long reserveBytes,
                                Pointer reserve);
    int cudnnRNNBackwardWeights_v8(Pointer handle, Pointer rnnDesc, int addGrad, Pointer devSeqLengths, Pointer xDesc,
                                   Pointer x, Pointer hDesc, Pointer hx, Pointer yDesc, Pointer y,
                                   long weightSpaceBytes, Pointer dweightSpace, long workspaceBytes, Pointer workspace,
                                   long reserveBytes, Pointer reserve);

    // ---- constants (values from the cuDNN 9 headers; checked by CudnnConstantsTest)
    int CUDNN_STATUS_SUCCESS = 0;
    int CUDNN_DATA_FLOAT = 0;
    int CUDNN_DATA_INT32 = 4;
    int CUDNN_TENSOR_NCHW = 0;
    int CUDNN_DEFAULT_MATH = 0;
    int CUDNN_TENSOR_OP_MATH = 1;
    int CUDNN_FMA_MATH = 3;
    int CUDNN_NOT_PROPAGATE_NAN = 0;
    int CUDNN_CROSS_CORRELATION = 1;
    int CUDNN_POOLING_MAX_DETERMINISTIC = 3;
    int CUDNN_RNN_ALGO_STANDARD = 0;
    int CUDNN_GRU = 3;
    int CUDNN_RNN_DOUBLE_BIAS = 2;
    int CUDNN_UNIDIRECTIONAL = 0;
    int CUDNN_LINEAR_INPUT = 0;
    int CUDNN_RNN_PADDED_IO_DISABLED = 0;
    int CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_PACKED = 1;
    int CUDNN_FWD_MODE_TRAINING = 1;
    int CUDNN_WGRAD_MODE_ADD = 0;

    /**
     * cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t, one layout for all three:
     * {algo int @0, status int @4, time float @8, memory size_t @16, determinism int @24, mathType int @28,
     * reserved int[3] @32}, 48 bytes with the padding of an 8-byte aligned struct.
     */
    int PERF_BYTES = 48;
    int PERF_ALGO = 0;
    int PERF_STATUS = 4;
    int PERF_TIME = 8;
    int PERF_MEMORY = 16;
    int PERF_MATH_TYPE = 28;
}
