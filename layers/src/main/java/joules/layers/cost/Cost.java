package joules.layers.cost;

/**
 * Parameters, multiply-accumulates, floating-point operations and bytes of memory traffic: exact counts,
 * from the maths. Sums and repeats are checked: a count that does not fit a long throws
 * {@link ArithmeticException} instead of wrapping ({@link CostTable} names the layer).
 */
public record Cost(long params, long macs, long flops, long bytes) {
    public static final Cost ZERO = new Cost(0, 0, 0, 0);

    /** this + o, count by count. */
    public Cost plus(Cost o) {
        return new Cost(Math.addExact(params, o.params), Math.addExact(macs, o.macs), Math.addExact(flops, o.flops),
                Math.addExact(bytes, o.bytes));
    }

    /** This cost repeated {@code times} times (parameters are not repeated: they are the same ones). */
    public Cost times(long times) {
        return new Cost(params, Math.multiplyExact(macs, times), Math.multiplyExact(flops, times),
                Math.multiplyExact(bytes, times));
    }

    /**
     * Arithmetic intensity: FLOPs per byte of memory traffic. NaN when nothing moves (a view such as Flatten:
     * no FLOP and no byte); 0 for a copy (bytes, no FLOP).
     */
    public double intensity() { return bytes == 0 ? Double.NaN : (double) flops / bytes; }
}
