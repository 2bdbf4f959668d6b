// CPU twin: joules.tensor.cpu.Activations (VectorActivations with the Vector API); definition:
// joules.tensor.Reference.relu, reluBackward and sigmoid.
// Checked by CudaBackendTest.reluAndSigmoidForwardAndBackward (against the CPU backend, outputs NaN-filled first).
// Elementwise activations. Every kernel walks its n elements with a grid-stride loop, so any grid size works.
// Compiled at run time by NVRTC for the card in use (see joules.tensor.cuda.Kernels); no #include allowed.

// y = max(x, 0). y may be x.                                             FLOPs: n
extern "C" __global__ void relu_forward(const float* x, float* y, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        y[i] = fmaxf(x[i], 0.0f);
    }
}

// dx = dy where y > 0, else 0. dx may be dy.                             FLOPs: n
extern "C" __global__ void relu_backward(const float* y, const float* dy, float* dx, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
    }
}

// y = 1 / (1 + exp(-x)), written so that exp never overflows. y may be x.  FLOPs: 4 n
extern "C" __global__ void sigmoid_forward(const float* x, float* y, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float v = x[i];
        if (v >= 0.0f) {
            y[i] = 1.0f / (1.0f + expf(-v));
        } else {
            float e = expf(v);
            y[i] = e / (1.0f + e);
        }
    }
}
