package joules.train;

import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * Adam over a model's flat parameter buffer, PyTorch's {@code torch.optim.Adam} update with bias
 * correction (no weight decay, no amsgrad):
 * <pre>
 *   t = t + 1
 *   m = b1 m + (1 - b1) g                       first moment
 *   v = b2 v + (1 - b2) g^2                     second moment
 *   p = p - lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * 13 FLOPs per parameter and step. The moments are allocated once, beside the parameters, and the whole
 * update is one backend call ({@link Backend#adamStep}): one kernel per step on a GPU.
 */
public final class Adam {
    private final Tensor params;
    private final Tensor grads;
    private final Tensor m;
    private final Tensor v;
    private final AdamConfig config;
    private int step;

    /** Adam for this flat parameter buffer and its gradient buffer (same length, same backend). */
    public Adam(Tensor params, Tensor grads, AdamConfig config) {
        if (params.numel() != grads.numel()) {
            throw new IllegalArgumentException("Adam: " + params.numel() + " parameters but " + grads.numel() + " gradients");
        }
        Backend backend = params.backend();
        this.params = params;
        this.grads = grads;
        this.m = backend.zeros(params.shape());
        this.v = backend.zeros(params.shape());
        this.config = config;
    }

    /** Applies the gradients now in the gradient buffer as the next step. */
    public void step() {
        apply(nextStep());
    }

    /** Counts one more step and returns its number t, counted from 1, for a later {@link #apply}. */
    public int nextStep() {
        return ++step;
    }

    /**
     * Applies the gradients as step {@code t}. Split from {@link #nextStep} so that a step recorded as a CUDA
     * graph can be replayed with a new t (the graph reads t from device memory).
     */
    public void apply(int t) {
        params.backend().adamStep(params, grads, m, v, config, t);
    }

    /** Steps taken since creation or the last {@link #reset}. */
    public int steps() { return step; }

    public AdamConfig config() { return config; }

    /** Forgets the moments and the step count, as a new optimiser would (used after warm-up steps). */
    public void reset() {
        Backend b = params.backend();
        b.fill(m, 0f);
        b.fill(v, 0f);
        step = 0;
    }
}
