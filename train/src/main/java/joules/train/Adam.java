package joules.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 *
 * <p>Parameters whose gradient is zero by the model's maths ({@code Model#parametersWithoutGradient}: the study's
 * RNN, a GRU over one step from h0 = 0, never gives W_hh a gradient) can be left out: with g = 0 from the first step,
 * m and v stay 0 and the update is lr * 0 / (0 + eps) = 0, so p stays bit for bit what it was, while the pass
 * would still read and write 28 bytes per parameter (in rnn-L14-H2048, 176 M of its 390 M parameters). The update
 * then runs as one call per span of the rest, on views of the four buffers made once. (With eps = 0 the update of
 * a zero gradient is 0 / 0, NaN in PyTorch, so nothing is left out then.)
 */
public final class Adam {
    private final Tensor params;
    private final Tensor grads;
    private final Tensor m;
    private final Tensor v;
    private final AdamConfig config;
    private final List<Tensor[]> spans = new ArrayList<>();   // {p, g, m, v} views of what is updated
    private int step;

    /** Adam for this flat parameter buffer and its gradient buffer (same length, same backend). */
    public Adam(Tensor params, Tensor grads, AdamConfig config) {
        this(params, grads, config, List.of());
    }

    /**
     * Adam that leaves out {@code withoutGradient}: views into {@code params} whose gradient is zero at every step
     * by the model's maths (not merely small: the update must be exactly zero for them to stay put).
     */
    public Adam(Tensor params, Tensor grads, AdamConfig config, List<Tensor> withoutGradient) {
        if (params.numel() != grads.numel()) {
            throw new IllegalArgumentException("Adam: " + params.numel() + " parameters but " + grads.numel() + " gradients");
        }
        Backend backend = params.backend();
        this.params = params;
        this.grads = grads;
        this.m = backend.zeros(params.shape());
        this.v = backend.zeros(params.shape());
        this.config = config;
        long from = 0;
        for (long[] gap : gaps(params, config.eps() > 0 ? withoutGradient : List.of())) {
            addSpan(from, gap[0]);
            from = gap[1];
        }
        addSpan(from, params.numel());
    }

    /** The left-out views as sorted [start, end) offsets into {@code params}, each checked to lie inside it. */
    private static List<long[]> gaps(Tensor params, List<Tensor> views) {
        List<long[]> gaps = new ArrayList<>();
        for (Tensor t : views) {
            long start = t.offset() - params.offset();
            if (t.storage() != params.storage() || start < 0 || start + t.numel() > params.numel()) {
                throw new IllegalArgumentException("Adam: a parameter left out (" + t + ") is not a view into the parameters");
            }
            gaps.add(new long[] {start, start + t.numel()});
        }
        gaps.sort(Comparator.comparingLong(g -> g[0]));
        for (int i = 1; i < gaps.size(); i++) {
            if (gaps.get(i)[0] < gaps.get(i - 1)[1]) throw new IllegalArgumentException("Adam: parameters left out overlap");
        }
        return gaps;
    }

    private void addSpan(long from, long to) {
        if (to <= from) return;
        int n = Math.toIntExact(to - from);
        spans.add(new Tensor[] {params.view(from, n), grads.view(from, n), m.view(from, n), v.view(from, n)});
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
        Backend b = params.backend();
        for (Tensor[] s : spans) b.adamStep(s[0], s[1], s[2], s[3], config, t);
    }

    /** Steps taken since creation or the last {@link #reset}. */
    public int steps() { return step; }

    public AdamConfig config() { return config; }

    /** Parameters updated at each step: all of them but those left out. */
    public long updatedCount() {
        long n = 0;
        for (Tensor[] s : spans) n += s[0].numel();
        return n;
    }

    /** Forgets the moments and the step count, as a new optimiser would (used after warm-up steps). */
    public void reset() {
        Backend b = params.backend();
        b.fill(m, 0f);
        b.fill(v, 0f);
        step = 0;
    }
}
