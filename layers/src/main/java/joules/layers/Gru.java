package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import java.util.ArrayList;
import java.util.List;
import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.GruGeometry;
import joules.tensor.Tensor;

/**
 * PyTorch's nn.GRU (batch_first = false, unidirectional, bias, h0 = 0) with {@code layers} stacked layers:
 * layer k reads the outputs of layer k - 1 (layer 0 reads x), I_k = input size for k = 0, else H.
 * For every step t, with G = 3H gate rows ordered r, z, n:
 * <pre>
 *   gi = W_ih x_t + b_ih                 2 G I      (G rows of I products, I - 1 adds, 1 bias add)
 *   gh = W_hh h_{t-1} + b_hh             2 G H
 *   r  = sigmoid(gi_r + gh_r)            5 H        (add, then negate, exp, add, divide)
 *   z  = sigmoid(gi_z + gh_z)            5 H
 *   n  = tanh(gi_n + r * gh_n)           3 H
 *   h_t = (1 - z) * n + z * h_{t-1}      4 H
 * </pre>
 * Backward through time, per step from the last (dh = dy_t + the gradient coming from step t + 1):
 * <pre>
 *   dn = dh (1 - z)   dz = dh (h_{t-1} - n)   dh_direct = dh z                          5 H
 *   da_n = dn (1 - n^2)   da_z = dz z (1 - z)   dr = da_n gh_n   da_r = dr r (1 - r)     10 H
 *   dgi = (da_r, da_z, da_n)   dgh = (da_r, da_z, da_n r)                              1 H
 *   dx_t = W_ih^T dgi                              I (2 G - 1)   (not for the model's first layer)
 *   dh_{t-1} = W_hh^T dgh + dh_direct + dy_{t-1}   2 G H + H     (steps t >= 1 only: h0 needs none)
 *   dW_ih = sum_t dgi x_t^T, dW_hh = sum_t dgh h_{t-1}^T, db_ih = sum_t dgi, db_hh = sum_t dgh
 * </pre>
 * Memory traffic per layer, 4 bytes a float: forward reads x, W_ih, W_hh, b_ih, b_hh and writes y and the
 * saved [r, z, n, gh_n] (4 H per step and sample, what backward reads); backward reads dy, x, the saved gates,
 * h_{t-1} (y of steps 0 .. T - 2: h0 = 0 is not stored), W_hh (steps t >= 1 only) and W_ih (for dx), and writes
 * the four parameter gradients and dx. gi, gh and the gate gradients are intermediates, not counted.
 * The layer's parameters are named {@code weight_ih_l{k}}, {@code weight_hh_l{k}}, {@code bias_ih_l{k}},
 * {@code bias_hh_l{k}}; all initialised from U(-1/sqrt(H), 1/sqrt(H)). Input (T, N, I), output (T, N, H):
 * every step's hidden state of the last layer.
 */
public final class Gru extends Module {
    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final List<Parameter> params = new ArrayList<>();
    private GruGeometry[] maxGeometry;
    private Tensor[] y;        // per layer (T, maxN, H)
    private Tensor[] dx;       // per layer (T, maxN, I_k); layer 0 only when the input needs a gradient
    private Tensor[] reserve;  // per layer, what the backend keeps from forward for backward
    private Tensor x;
    private int lastBatch;

    public Gru(String name, int inputSize, int hidden, int layers) {
        super(name);
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.layers = layers;
        double bound = 1.0 / Math.sqrt(hidden);
        int g = 3 * hidden;
        for (int k = 0; k < layers; k++) {
            params.add(new Parameter(name + ".weight_ih_l" + k, bound, g, inputSize(k)));
            params.add(new Parameter(name + ".weight_hh_l" + k, bound, g, hidden));
            params.add(new Parameter(name + ".bias_ih_l" + k, bound, g));
            params.add(new Parameter(name + ".bias_hh_l" + k, bound, g));
        }
    }

    private int inputSize(int k) { return k == 0 ? inputSize : hidden; }

    private Parameter p(int k, int which) { return params.get(4 * k + which); }

    public int hidden() { return hidden; }

    @Override public String type() { return "GRU"; }
    @Override public List<Parameter> parameters() { return params; }
    @Override protected int batchDim() { return 1; }

    /**
     * Over sequences of one step (the study's RNN: the clip as one step of 8192 features) every layer's W_hh
     * multiplies h0 = 0 only, so dW_hh = dgh h0^T = 0 at every step: those weights never change in training.
     * (b_hh does get a gradient: it is added to gh whatever h is.)
     */
    @Override
    public List<Parameter> parametersWithoutGradient(int[] inputShape) {
        if (outputShape(inputShape)[0] != 1) return List.of();
        List<Parameter> hh = new ArrayList<>();
        for (int k = 0; k < layers; k++) hh.add(p(k, 1));
        return hh;
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 3 || s[2] != inputSize) throw mismatch(s, "[T, N, " + inputSize + "] (steps, batch, features)");
        return new int[] {s[0], s[1], hidden};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        int steps = maxIn[0];
        int maxN = maxIn[1];
        maxGeometry = new GruGeometry[layers];
        y = new Tensor[layers];
        dx = new Tensor[layers];
        reserve = new Tensor[layers];
        for (int k = 0; k < layers; k++) {
            maxGeometry[k] = new GruGeometry(steps, maxN, inputSize(k), hidden);
            y[k] = backend.zeros(steps, maxN, hidden);
            reserve[k] = backend.zeros(Math.toIntExact(backend.gruReserveSize(maxGeometry[k])));
            if (k > 0 || inputGradNeeded()) dx[k] = backend.zeros(steps, maxN, inputSize(k));
        }
    }

    /**
     * The first {@code shape}-sized floats of a buffer allocated for the largest batch. A sequence
     * (T, N, F) with a smaller N is not a prefix along dimension 0, so the smaller batch gets a fresh
     * contiguous layout at the start of the same memory.
     */
    private static Tensor prefix(Tensor buffer, int... shape) { return buffer.view(0, shape); }

    private Tensor reserveFor(int k, GruGeometry g) {
        return prefix(reserve[k], Math.toIntExact(reserve[k].backend().gruReserveSize(g)));
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        this.x = x;
        this.lastBatch = n;
        Backend be = x.backend();
        Tensor in = x;
        for (int k = 0; k < layers; k++) {
            GruGeometry g = maxGeometry[k].withBatch(n);
            Tensor yk = prefix(y[k], g.outputShape());
            be.gruForward(g, in, null, p(k, 0).value(), p(k, 1).value(), p(k, 2).value(), p(k, 3).value(),
                    yk, reserveFor(k, g));
            in = yk;
        }
        return in;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = lastBatch;
        Backend be = dy.backend();
        for (int k = layers - 1; k >= 0; k--) {
            GruGeometry g = maxGeometry[k].withBatch(n);
            Tensor in = k == 0 ? x : prefix(y[k - 1], maxGeometry[k - 1].withBatch(n).outputShape());
            Tensor dxk = dx[k] == null ? null : prefix(dx[k], g.inputShape());
            be.gruBackward(g, in, null, p(k, 0).value(), p(k, 1).value(), p(k, 2).value(), p(k, 3).value(),
                    prefix(y[k], g.outputShape()), reserveFor(k, g), dy,
                    dxk, p(k, 0).grad(), p(k, 1).grad(), p(k, 2).grad(), p(k, 3).grad());
            dy = dxk;
        }
        return inputGradNeeded() ? dy : null;
    }

    @Override
    public LayerCounts counts(int[] s) {
        outputShape(s);
        long steps = s[0];
        long nt = steps * s[1];                 // (step, sample) pairs
        long h = hidden;
        long g = 3 * h;
        long params = 0;
        long deepspeed = 0;
        long forward = 0;
        long macs = 0;
        long backward = 0;
        long backwardMacs = 0;
        long forwardBytes = 0;
        long backwardBytes = 0;
        for (int k = 0; k < layers; k++) {
            long i = inputSize(k);
            params += g * i + g * h + 2 * g;
            // read x, W_ih, W_hh, b_ih, b_hh; write y and the saved [r, z, n, gh_n]
            forwardBytes += floatBytes(nt * i, g * i, g * h, g, g, nt * h, nt * 4 * h);
            // read dy, x, the saved gates, h_{t-1} for t >= 1, W_hh for t >= 1; write dW_ih, dW_hh, db_ih, db_hh
            backwardBytes += floatBytes(nt * h, nt * i, nt * 4 * h, (steps - 1) * s[1] * h, steps > 1 ? g * h : 0,
                    g * i, g * h, g, g);
            // DeepSpeed's rule, per (step, sample): both matrix products, r * (W_hn h + b_hn), the adds of
            // both states, the last two products and the add, the biases.
            deepspeed += nt * ((2 * g * i - g) + (2 * g * h - g) + h + 3 * h + 3 * h + 2 * g);
            forward += nt * (2 * g * i + 2 * g * h + 17 * h);
            macs += nt * (g * i + g * h);
            backward += nt * 16 * h                              // gate gradients
                    + (steps - 1) * s[1] * (2 * g * h + h)        // dh_{t-1}, steps t >= 1
                    + g * i * (2 * nt - 1) + g * h * (2 * nt - 1) // dW_ih, dW_hh
                    + 2 * g * (nt - 1);                           // db_ih, db_hh
            backwardMacs += (steps - 1) * s[1] * g * h + nt * (g * i + g * h);
            if (k > 0 || inputGradNeeded()) {
                backward += nt * i * (2 * g - 1);                 // dx
                backwardMacs += nt * g * i;
                backwardBytes += floatBytes(g * i, nt * i);       // read W_ih; write dx
            }
        }
        return new LayerCounts(params, deepspeed, 0, forward, macs, backward, backwardMacs, forwardBytes, backwardBytes);
    }
}
