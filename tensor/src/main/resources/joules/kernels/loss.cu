// CPU twin: joules.tensor.cpu.Activations.sigmoidBce; definition: joules.tensor.Reference.sigmoidBce and sigmoidBceGrad.
// Checked by CudaBackendTest.sigmoidBceLossAndGradient (against the CPU backend, logits up to +-12).
// The mean binary cross-entropy of sigmoid(x) against targets t, fused with its gradient.
// Per element, computed stably:  l = max(x, 0) - x t + log(1 + exp(-|x|))        FLOPs: 9 n, + n for the mean
//                                dl/dx = (sigmoid(x) - t) / n                     FLOPs: 6 n
// (counted as layers.SigmoidBceLoss and docs/flops.md count them: max, multiply, subtract, abs, negate, exp, add,
// log, add; n - 1 adds and a divide for the mean; the gradient's sigmoid 4, subtract, divide)
// loss[0] = sum(l) / n. Launched as ONE block of 256 threads (the batch's logits are few); the sum is taken
// in double in a fixed order, so the result is deterministic.
extern "C" __global__ void sigmoid_bce(const float* x, const float* t, float* dx, float* loss, long long n) {
    __shared__ double partial[256];
    double sum = 0.0;
    float scale = 1.0f / (float)n;
    for (long long i = threadIdx.x; i < n; i += blockDim.x) {
        float v = x[i];
        float target = t[i];
        float e = expf(-fabsf(v));                       // exp(-|x|), in (0, 1]
        sum += (double)(fmaxf(v, 0.0f) - v * target + log1pf(e));
        float s = v >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);   // sigmoid(x)
        dx[i] = (s - target) * scale;
    }
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0) loss[0] = (float)(partial[0] / (double)n);
}
