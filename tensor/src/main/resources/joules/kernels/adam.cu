// One Adam step over the model's flat parameter buffer, PyTorch's update (no weight decay, no amsgrad):
//   m = b1 m + (1 - b1) g                                   FLOPs: 3 per parameter
//   v = b2 v + (1 - b2) g^2                                 FLOPs: 4
//   p = p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)   FLOPs: 5 (+ 1 sqrt)
// The step t is read from device memory (step_slot[0]) so that a captured CUDA graph uses the right t on
// every replay. The bias corrections are computed once per thread, in double.
extern "C" __global__ void adam_step(float* p, const float* g, float* m, float* v, long long n,
                                     float lr, float beta1, float beta2, float eps, const int* step_slot) {
    double t = (double)step_slot[0];
    float step_size = (float)((double)lr / (1.0 - pow((double)beta1, t)));
    float correction2_sqrt = (float)sqrt(1.0 - pow((double)beta2, t));
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float grad = g[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * grad;
        float vi = beta2 * v[i] + (1.0f - beta2) * grad * grad;
        m[i] = mi;
        v[i] = vi;
        p[i] -= step_size * mi / (sqrtf(vi) / correction2_sqrt + eps);
    }
}
