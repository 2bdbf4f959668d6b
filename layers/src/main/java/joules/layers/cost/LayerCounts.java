package joules.layers.cost;

/**
 * What one layer costs for one input shape, in every convention at once: each layer computes this in a
 * single method beside its maths. Backward counts hold the data gradient only where the layer's input
 * needs one (not for the model's first layer) plus the parameter gradients.
 */
public record LayerCounts(long params,
                          long deepspeedFlops, long deepspeedMacs,
                          long forwardFlops, long forwardMacs,
                          long backwardFlops, long backwardMacs) {

    /** Adam's FLOPs per parameter and step: m (3), v (4), the update (6); see docs/flops.md. */
    public static final long ADAM_FLOPS_PER_PARAMETER = 13;

    public static final LayerCounts ZERO = new LayerCounts(0, 0, 0, 0, 0, 0, 0);

    /** A layer with no parameters and no MACs (activations, pooling). */
    public static LayerCounts elementwise(long deepspeedFlops, long forwardFlops, long backwardFlops) {
        return new LayerCounts(0, deepspeedFlops, 0, forwardFlops, 0, backwardFlops, 0);
    }

    public LayerCounts plus(LayerCounts o) {
        return new LayerCounts(params + o.params, deepspeedFlops + o.deepspeedFlops, deepspeedMacs + o.deepspeedMacs,
                forwardFlops + o.forwardFlops, forwardMacs + o.forwardMacs,
                backwardFlops + o.backwardFlops, backwardMacs + o.backwardMacs);
    }

    /** The (params, MACs, FLOPs) triple of one convention; TRAINING adds Adam's update of the parameters. */
    public Cost in(Convention c) {
        return switch (c) {
            case DEEPSPEED -> new Cost(params, deepspeedMacs, deepspeedFlops);
            case FORWARD -> new Cost(params, forwardMacs, forwardFlops);
            case TRAINING -> new Cost(params, forwardMacs + backwardMacs,
                    forwardFlops + backwardFlops + ADAM_FLOPS_PER_PARAMETER * params);
        };
    }
}
