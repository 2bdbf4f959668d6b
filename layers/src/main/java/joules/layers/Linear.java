package joules.layers;

import java.util.List;
import static joules.layers.cost.LayerCounts.floatBytes;

import joules.layers.cost.LayerCounts;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/**
 * y = x W^T + b, as PyTorch's nn.Linear: x (N, in), W (out, in), b (out), y (N, out).
 * Initialisation: W and b from U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform with a = sqrt(5)).
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private Tensor y;   // (maxN, out)
    private Tensor dx;  // (maxN, in), only when the input needs a gradient
    private Tensor x;   // the input of the last forward pass

    public Linear(String name, int in, int out) {
        super(name);
        this.in = in;
        this.out = out;
        double bound = 1.0 / Math.sqrt(in);
        this.weight = new Parameter(name + ".weight", bound, out, in);
        this.bias = new Parameter(name + ".bias", bound, out);
    }

    public int inFeatures() { return in; }
    public int outFeatures() { return out; }

    @Override public String type() { return "Linear"; }
    @Override public List<Parameter> parameters() { return List.of(weight, bias); }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length != 2 || s[1] != in) throw mismatch(s, "[N, " + in + "]");
        return new int[] {s[0], out};
    }

    @Override
    protected void allocateBuffers(Backend backend, int[] maxIn) {
        y = backend.zeros(maxIn[0], out);
        if (inputGradNeeded()) dx = backend.zeros(maxIn[0], in);
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = checkInput(x);
        this.x = x;
        Backend be = x.backend();
        Tensor yn = y.narrowBatch(n);
        be.gemm(false, true, 1f, x, weight.value(), 0f, yn);   // y = x W^T      n out (2 in - 1)
        be.addBias(yn, bias.value());                           // y += b         n out
        return yn;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int n = dy.dim(0);
        Backend be = dy.backend();
        be.gemm(true, false, 1f, dy, x, 0f, weight.grad());     // dW = dy^T x    out in (2 n - 1)
        be.biasGrad(dy, bias.grad());                           // db = sum_n dy  out (n - 1)
        if (!inputGradNeeded()) return null;
        Tensor dxn = dx.narrowBatch(n);
        be.gemm(false, false, 1f, dy, weight.value(), 0f, dxn); // dx = dy W      n in (2 out - 1)
        return dxn;
    }

    @Override
    public LayerCounts counts(int[] s) {
        outputShape(s);
        long n = s[0];
        long macs = n * in * out;
        long params = (long) in * out + out;
        long forward = n * out * (2L * in - 1) + n * out;                  // = 2 n in out
        long forwardBytes = floatBytes(n * in, (long) out * in, out, n * out);   // read x, W, b; write y
        long backward = (long) out * in * (2 * n - 1) + out * (n - 1);    // dW, db
        long backwardBytes = floatBytes(n * out, n * in, (long) out * in, out);  // read dy, x; write dW, db
        long backwardMacs = macs;
        if (inputGradNeeded()) {
            backward += n * in * (2L * out - 1);                          // dx
            backwardBytes += floatBytes((long) out * in, n * in);         // read W; write dx
            backwardMacs += macs;
        }
        // DeepSpeed: 2 numel(input) out, the bias is not counted; MACs half of that.
        return new LayerCounts(params, 2 * macs, macs, forward, macs, backward, backwardMacs, forwardBytes, backwardBytes);
    }
}
