package joules.layers.cost;

/**
 * What one layer costs for one input shape, in every convention at once: each layer computes this in a
 * single method beside its maths. Backward counts hold the data gradient only where the layer's input
 * needs one (not for the model's first layer) plus the parameter gradients.
 *
 * <p>Bytes are the pass's compulsory memory traffic: every tensor the pass reads (inputs, parameters, saved
 * activations, incoming gradients) and writes (outputs, saved activations, gradients) counted once, at
 * {@link #FLOAT_BYTES} bytes per float32 element. Intermediates that a kernel may keep in registers or caches
 * (the GRU's gate pre-activations, a matrix product's partial sums) are not counted: they are what a perfect
 * kernel would not move. docs/roofline.md derives every layer's formula.
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
                          long backwardFlops, long backwardMacs,
                          long forwardBytes, long backwardBytes) {

    /** Adam's FLOPs per parameter and step: m (3), v (4), the update (6); see docs/flops.md. */
    public static final long ADAM_FLOPS_PER_PARAMETER = 13;

    /** Bytes of one float32 element. */
    public static final long FLOAT_BYTES = 4;

    /** Adam's bytes per parameter and step: reads p, g, m, v and writes p, m, v, 7 floats. */
    public static final long ADAM_BYTES_PER_PARAMETER = 7 * FLOAT_BYTES;

    public static final LayerCounts ZERO = new LayerCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @throws ArithmeticException when a count is negative: a layer's product went past a long and wrapped */
    public LayerCounts {
        if (params < 0 || deepspeedFlops < 0 || deepspeedMacs < 0 || forwardFlops < 0 || forwardMacs < 0
                || backwardFlops < 0 || backwardMacs < 0 || forwardBytes < 0 || backwardBytes < 0) {
            throw new ArithmeticException("a negative count (a product that exceeds " + Long.MAX_VALUE + " and wrapped): "
                    + "params " + params + ", deepspeed " + deepspeedFlops + "/" + deepspeedMacs + ", forward " + forwardFlops
                    + "/" + forwardMacs + ", backward " + backwardFlops + "/" + backwardMacs + " (FLOPs/MACs), bytes "
                    + forwardBytes + "/" + backwardBytes + " (forward/backward)");
        }
    }

    /** A layer with no parameters and no MACs (activations, pooling, copies). */
    public static LayerCounts elementwise(long deepspeedFlops, long forwardFlops, long backwardFlops,
                                          long forwardBytes, long backwardBytes) {
        return new LayerCounts(0, deepspeedFlops, 0, forwardFlops, 0, backwardFlops, 0, forwardBytes, backwardBytes);
    }

    /** The bytes of tensors of these element counts, {@link #FLOAT_BYTES} each (checked). */
    public static long floatBytes(long... elements) {
        long sum = 0;
        for (long e : elements) sum = Math.addExact(sum, e);
        return Math.multiplyExact(FLOAT_BYTES, sum);
    }

    /** this + o, count by count, each sum checked. */
    public LayerCounts plus(LayerCounts o) {
        return new LayerCounts(Math.addExact(params, o.params),
                Math.addExact(deepspeedFlops, o.deepspeedFlops), Math.addExact(deepspeedMacs, o.deepspeedMacs),
                Math.addExact(forwardFlops, o.forwardFlops), Math.addExact(forwardMacs, o.forwardMacs),
                Math.addExact(backwardFlops, o.backwardFlops), Math.addExact(backwardMacs, o.backwardMacs),
                Math.addExact(forwardBytes, o.forwardBytes), Math.addExact(backwardBytes, o.backwardBytes));
    }

    /**
     * The (params, MACs, FLOPs, bytes) of one convention. DEEPSPEED counts no bytes of its own: it gets the
     * forward pass's traffic. TRAINING adds Adam's update of the parameters: MACs = forward + backward,
     * FLOPs = forward + backward + 13 params, bytes = forward + backward + 28 params (checked).
     */
    public Cost in(Convention c) {
        return switch (c) {
            case DEEPSPEED -> new Cost(params, deepspeedMacs, deepspeedFlops, forwardBytes);
            case FORWARD -> new Cost(params, forwardMacs, forwardFlops, forwardBytes);
            case TRAINING -> new Cost(params, Math.addExact(forwardMacs, backwardMacs),
                    Math.addExact(Math.addExact(forwardFlops, backwardFlops), adamFlops()),
                    Math.addExact(Math.addExact(forwardBytes, backwardBytes), adamBytes()));
        };
    }

    /** Forward and backward of this layer without the optimiser: what the layer's own kernels do in a training step. */
    public Cost passes() {
        return new Cost(params, Math.addExact(forwardMacs, backwardMacs), Math.addExact(forwardFlops, backwardFlops),
                Math.addExact(forwardBytes, backwardBytes));
    }

    /** Adam's FLOPs on this layer's parameters in one step. */
    public long adamFlops() { return Math.multiplyExact(ADAM_FLOPS_PER_PARAMETER, params); }

    /** Adam's bytes on this layer's parameters in one step. */
    public long adamBytes() { return Math.multiplyExact(ADAM_BYTES_PER_PARAMETER, params); }
}
