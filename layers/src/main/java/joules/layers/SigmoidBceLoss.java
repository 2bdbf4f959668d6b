package joules.layers;

import static joules.layers.cost.LayerCounts.floatBytes;

import java.util.Arrays;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.tensor.Backend;
import joules.tensor.ShapeCheck;
import joules.tensor.Tensor;

/**
 * The models' output and loss: p = sigmoid(x) against multi-hot targets t, mean binary cross-entropy over
 * all M = N classes elements, fused and computed stably (one backend call gives the loss and its gradient):
 * <pre>
 *   loss = (1/M) sum max(x, 0) - x t + log(1 + exp(-|x|))   9 per element (max, mul, sub, abs, negate,
 *                                                           exp, add, log, add) + M - 1 adds + 1 divide
 *   dloss/dx = (sigmoid(x) - t) / M                         6 per element (4 sigmoid, subtract, divide)
 * </pre>
 */
public final class SigmoidBceLoss {
    private final Tensor dlogits;  // (maxN, classes)
    private final Tensor loss;     // one element
    private Tensor lastDlogits;

    public SigmoidBceLoss(Backend backend, int maxBatch, int classes) {
        this.dlogits = backend.zeros(maxBatch, classes);
        this.loss = backend.zeros(1);
    }

    /** Computes the loss into a one-element tensor on the device (no synchronisation) and keeps dloss/dlogits. */
    public Tensor compute(Tensor logits, Tensor targets) {
        ShapeCheck.same("sigmoid+BCE loss (logits vs targets)", logits, targets);
        int[] s = logits.shape();
        if (s.length != 2 || s[0] > dlogits.dim(0) || s[1] != dlogits.dim(1)) {
            throw new joules.tensor.ShapeMismatchException("sigmoid+BCE loss: logits have shape " + Arrays.toString(s)
                    + ", expected [N, " + dlogits.dim(1) + "] with N at most " + dlogits.dim(0));
        }
        lastDlogits = dlogits.narrowBatch(s[0]);
        logits.backend().sigmoidBceLoss(logits, targets, lastDlogits, loss);
        return loss;
    }

    /** dloss/dlogits of the last {@link #compute}. */
    public Tensor dlogits() {
        if (lastDlogits == null) throw new IllegalStateException("no loss computed yet: call loss() before backward()");
        return lastDlogits;
    }

    /**
     * The cost of the output head for logits of this shape: the DeepSpeed profiler counts the output
     * activation as numel(input); a forward pass computes the sigmoid (4 per element, reads the logits and
     * writes the probabilities); a training step computes the fused loss (10 per element, see above) and its
     * gradient (6 per element) in one pass that reads the logits and the targets and writes the gradient and
     * the loss.
     */
    public static Cost cost(int[] logitsShape, Convention c) {
        long m = Tensor.numel(logitsShape);
        return switch (c) {
            case DEEPSPEED -> new Cost(0, 0, m, floatBytes(m, m));
            case FORWARD -> new Cost(0, 0, 4 * m, floatBytes(m, m));
            case TRAINING -> new Cost(0, 0, 9 * m + (m - 1) + 1 + 6 * m, floatBytes(m, m, m, 1));
        };
    }

    /** The head's row label in cost tables for a convention. */
    public static String type(Convention c) {
        return c == Convention.TRAINING ? "SigmoidBCELoss" : "Sigmoid";
    }
}
