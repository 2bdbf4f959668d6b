package joules.energy;

import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * A sensor whose power is a function of time (seconds since begin), optionally failing on chosen reads,
 * optionally with an exact counter (the integral of the function, computed finely).
 */
final class ScriptedSensor implements EnergySensor {
    private final DoubleUnaryOperator watts;
    private final Source source;
    private final Set<Integer> failingReads;
    private long t0;
    private int reads;
    volatile boolean counterFails;

    ScriptedSensor(DoubleUnaryOperator watts, Source source, Set<Integer> failingReads) {
        this.watts = watts;
        this.source = source;
        this.failingReads = failingReads;
    }

    static ScriptedSensor sampled(DoubleUnaryOperator watts) {
        return new ScriptedSensor(watts, Source.SAMPLED, Set.of());
    }

    @Override
    public String describe() {
        return "scripted " + source.label();
    }

    @Override
    public Source source() {
        return source;
    }

    @Override
    public void begin(long tNanos) {
        t0 = tNanos;
        reads = 0;
    }

    @Override
    public double powerWatts(long tNanos) throws SensorException {
        reads++;
        if (failingReads.contains(reads)) throw new SensorException("scripted read " + reads + " failed");
        return watts.applyAsDouble((tNanos - t0) * 1e-9);
    }

    @Override
    public double energySinceBeginJoules(long tNanos) throws SensorException {
        if (source != Source.COUNTER) return Double.NaN;
        if (counterFails) throw new SensorException("scripted counter failed");
        return exactIntegral(watts, 0, (tNanos - t0) * 1e-9);
    }

    /** The integral of f over [a, b] by the midpoint rule on 10 microsecond steps (error below 1e-5 J per step of the signal). */
    static double exactIntegral(DoubleUnaryOperator f, double a, double b) {
        int n = (int) Math.max(1, Math.round((b - a) * 1e5));
        double h = (b - a) / n;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += f.applyAsDouble(a + (i + 0.5) * h);
        return sum * h;
    }

}
