// CPU twin: joules.tensor.cpu.Adam (VectorAdam with the Vector API); definition: joules.tensor.Reference.adamStep.
// Checked by CudaBackendTest.adamMatchesTheCpuBitForBitOverSeveralSteps (the same floats as the CPU over several
// steps) and AdamScalarsTest (the scalars and this arithmetic, bit for bit).
// One Adam step over the model's flat parameter buffer, PyTorch's update (no weight decay, no amsgrad),
// bit for bit the CPU backend's (joules.tensor.cpu.Adam):
//   m = b1 m + (1 - b1) g                                   FLOPs: 3 per parameter
//   v = b2 v + (1 - b2) g^2                                 FLOPs: 4
//   p = p - step_size m / (sqrt(v) / sqrt(1 - b2^t) + eps),  step_size = lr / (1 - b1^t)   FLOPs: 5 (+ 1 sqrt)
// Every scalar comes from the host (AdamScalars), computed in double from the decimal each float stands for
// (0.999, not 0.99900001287), as PyTorch and the CPU backend do. The two that change with the step t are
// read from device memory, step_scalars[0] = -step_size and step_scalars[1] = sqrt(1 - b2^t), so that a
// captured CUDA graph uses the right ones on every replay (the host writes them before each launch).
// The explicit _rn intrinsics keep the CPU's order and rounding: the compiler may not fuse a multiply and
// an add into one FMA except where the CPU uses one (m's update).
extern "C" __global__ void adam_step(float* p, const float* g, float* m, float* v, long long n,
                                     float b1, float one_minus_b1, float b2, float one_minus_b2, float eps,
                                     const float* step_scalars) {
    float neg_step_size = step_scalars[0];
    float correction2_sqrt = step_scalars[1];
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float grad = g[i];
        float mi = __fmaf_rn(grad, one_minus_b1, __fmul_rn(m[i], b1));                        // fma(g, 1-b1, m b1)
        float vi = __fadd_rn(__fmul_rn(v[i], b2), __fmul_rn(__fmul_rn(one_minus_b2, grad), grad));  // v b2 + (1-b2) g g
        float denom = __fadd_rn(__fdiv_rn(__fsqrt_rn(vi), correction2_sqrt), eps);              // sqrt(v) / bc2_sqrt + eps
        m[i] = mi;
        v[i] = vi;
        p[i] = __fadd_rn(p[i], __fdiv_rn(__fmul_rn(neg_step_size, mi), denom));                 // p + (-step_size m) / denom
    }
}
