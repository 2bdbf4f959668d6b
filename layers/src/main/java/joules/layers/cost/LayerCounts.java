package joules.layers.cost;

/**
 * What one layer costs for one input shape, in every convention at once: each layer computes this in a
 * single method beside its maths. Backward counts hold the data gradient only where the layer's input
 * needs one (not for the model's first layer) plus the parameter gradients.
 *
 * <p>Overflow. Sums are checked ({@link Math#addExact}): a count that does not fit a long throws
 * {@link ArithmeticException}, which {@link CostTable} turns into an error naming the layer. A layer's own
 * products are plain long arithmetic; one that passes {@code Long.MAX_VALUE} wraps, usually into the
 * negatives, and a negative count is refused here for that reason (a product more than 2^64 too large
 * can wrap back to a positive value: that case is not detected).
 */
public record LayerCounts(long params,
                          long deepspeedFlops, long deepspeedMacs,
                          long forwardFlops, long forwardMacs,
                          long backwardFlops, long backwardMacs) {

    /** Adam's FLOPs per parameter and step: m (3), v (4), the update (6); see docs/flops.md. */
    public static final long ADAM_FLOPS_PER_PARAMETER = 13;

    public static final LayerCounts ZERO = new LayerCounts(0, 0, 0, 0, 0, 0, 0);

    /** @throws ArithmeticException when a count is negative: a layer's product went past a long and wrapped */
    public LayerCounts {
        if (params < 0 || deepspeedFlops < 0 || deepspeedMacs < 0 || forwardFlops < 0 || forwardMacs < 0
                || backwardFlops < 0 || backwardMacs < 0) {
            throw new ArithmeticException("a negative count (a product that exceeds " + Long.MAX_VALUE + " and wrapped): "
                    + "params " + params + ", deepspeed " + deepspeedFlops + "/" + deepspeedMacs + ", forward " + forwardFlops
                    + "/" + forwardMacs + ", backward " + backwardFlops + "/" + backwardMacs + " (FLOPs/MACs)");
        }
    }

    /** A layer with no parameters and no MACs (activations, pooling). */
    public static LayerCounts elementwise(long deepspeedFlops, long forwardFlops, long backwardFlops) {
        return new LayerCounts(0, deepspeedFlops, 0, forwardFlops, 0, backwardFlops, 0);
    }

    /** this + o, count by count, each sum checked. */
    public LayerCounts plus(LayerCounts o) {
        return new LayerCounts(Math.addExact(params, o.params),
                Math.addExact(deepspeedFlops, o.deepspeedFlops), Math.addExact(deepspeedMacs, o.deepspeedMacs),
                Math.addExact(forwardFlops, o.forwardFlops), Math.addExact(forwardMacs, o.forwardMacs),
                Math.addExact(backwardFlops, o.backwardFlops), Math.addExact(backwardMacs, o.backwardMacs));
    }

    /**
     * The (params, MACs, FLOPs) triple of one convention; TRAINING adds Adam's update of the parameters:
     * MACs = forward + backward, FLOPs = forward + backward + 13 params (checked).
     */
    public Cost in(Convention c) {
        return switch (c) {
            case DEEPSPEED -> new Cost(params, deepspeedMacs, deepspeedFlops);
            case FORWARD -> new Cost(params, forwardMacs, forwardFlops);
            case TRAINING -> new Cost(params, Math.addExact(forwardMacs, backwardMacs),
                    Math.addExact(Math.addExact(forwardFlops, backwardFlops),
                            Math.multiplyExact(ADAM_FLOPS_PER_PARAMETER, params)));
        };
    }
}
