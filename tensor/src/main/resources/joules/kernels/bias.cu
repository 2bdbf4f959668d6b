// CPU twin: joules.tensor.cpu.Bias (add, grad); definition: joules.tensor.Reference.addBias and biasGrad.
// Checked by CudaBackendTest.biasAddAndGradientForLinearAndConvolutionShapes (against the CPU backend).
// Bias of dimension 1 of a tensor (outer, channels, inner): a Linear's (batch, out) has inner = 1,
// a convolution's (batch, channels, h, w) has inner = h * w.

// y[o, c, s] += bias[c]                                                  FLOPs: n
extern "C" __global__ void add_bias(float* y, const float* bias, long long n, int channels, long long inner) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        y[i] += bias[(i / inner) % channels];
    }
}

// dbias[c] = sum over o and s of dy[o, c, s]. One block per channel; each thread sums a strided share
// in double, then the block adds the shares up in a tree (blockDim.x must be 256).   FLOPs: n
extern "C" __global__ void bias_grad(const float* dy, float* dbias, long long outer, int channels, long long inner) {
    __shared__ double partial[256];
    int c = blockIdx.x;
    long long count = outer * inner;
    double sum = 0.0;
    for (long long j = threadIdx.x; j < count; j += blockDim.x) {
        long long o = j / inner;
        long long s = j - o * inner;
        sum += dy[(o * channels + c) * inner + s];
    }
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0) dbias[c] = (float)partial[0];
}
