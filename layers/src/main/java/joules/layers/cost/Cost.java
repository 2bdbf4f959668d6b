package joules.layers.cost;

/** Parameters, multiply-accumulates and floating-point operations: exact counts, from the maths. */
public record Cost(long params, long macs, long flops) {
    public static final Cost ZERO = new Cost(0, 0, 0);

    public Cost plus(Cost o) { return new Cost(params + o.params, macs + o.macs, flops + o.flops); }

    /** This cost repeated {@code times} times (parameters are not repeated: they are the same ones). */
    public Cost times(long times) { return new Cost(params, macs * times, flops * times); }
}
