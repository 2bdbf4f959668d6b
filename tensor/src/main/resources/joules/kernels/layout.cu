// CPU twin: joules.tensor.cpu.Layout (nchw_to_sequence, sequence_to_nchw) and CpuBackend.gatherRows (gather_rows);
// definition: joules.tensor.Reference.nchwToSequence, sequenceToNchw and gatherRows.
// Checked by CudaBackendTest.sequenceLayoutRoundTrip and gatherRowsReadsTheShuffledBatch (against the CPU backend).
// Moving data between layouts. No arithmetic: FLOPs 0.

// y[h * W + w, n, c] = x[n, c, h, w]: a (N, C, H, W) feature map read as H*W steps of (N, C).
extern "C" __global__ void nchw_to_sequence(const float* x, float* y, int N, int C, int H, int W) {
    long long total = (long long)N * C * H * W;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        long long step = i / ((long long)N * C);        // i indexes y: (step, n, c)
        int rest = (int)(i - step * N * C);
        int n = rest / C, c = rest % C;
        int h = (int)(step / W), w = (int)(step % W);
        y[i] = x[(((long long)n * C + c) * H + h) * W + w];
    }
}

// dx[n, c, h, w] = dy[h * W + w, n, c]: the inverse of nchw_to_sequence.
extern "C" __global__ void sequence_to_nchw(const float* dy, float* dx, int N, int C, int H, int W) {
    long long total = (long long)N * C * H * W;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        int w = (int)(i % W);                           // i indexes dx: (n, c, h, w)
        int h = (int)((i / W) % H);
        int c = (int)((i / ((long long)W * H)) % C);
        int n = (int)(i / ((long long)W * H * C));
        dx[i] = dy[(((long long)h * W + w) * N + n) * C + c];
    }
}

// dst[r, :] = src[indices[start + r], :] for r < rows: a batch gathered from a data set kept on the device.
// The start is read from device memory (start_slot[0]), not passed by value, so that a captured CUDA graph
// gathers a new batch on each replay (see joules.tensor.cuda.StepGraph). Indices are floats (exact < 2^24).
extern "C" __global__ void gather_rows(const float* src, const float* indices, const int* start_slot, float* dst,
                                       int rows, long long row_length) {
    int start = start_slot[0];
    long long total = (long long)rows * row_length;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        long long r = i / row_length;
        long long j = i - r * row_length;
        long long from = (long long)indices[start + r];
        dst[i] = src[from * row_length + j];
    }
}
