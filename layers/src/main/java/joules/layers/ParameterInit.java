package joules.layers;

import java.util.List;
import java.util.SplittableRandom;
import joules.tensor.Backend;

/**
 * PyTorch's default initialisation, drawn on the host so that one seed gives the same model on every
 * backend. The order is fixed: parameters in the model's order (layer by layer; weight then bias; the
 * GRU's weight_ih_lk, weight_hh_lk, bias_ih_lk, bias_hh_lk for k = 0, 1, ...), each parameter's elements
 * in row-major order, all from one {@code java.util.SplittableRandom(seed)}:
 * value = (float) ((2 u - 1) bound), u = nextDouble() in [0, 1), bound = {@link Parameter#initBound()}.
 * (The values differ from PyTorch's own generator; the distributions are the same.)
 */
public final class ParameterInit {
    private ParameterInit() {}

    public static void uniform(List<Parameter> params, long seed, Backend backend) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : params) {
            float[] host = new float[Math.toIntExact(p.numel())];
            double bound = p.initBound();
            for (int i = 0; i < host.length; i++) host[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
            backend.copyFromHost(host, 0, p.value());
        }
    }
}
