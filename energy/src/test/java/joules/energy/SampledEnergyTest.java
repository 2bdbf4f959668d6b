package joules.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The sampler and the trapezoid against scripted power on a virtual clock: 10 s of signal in no real time. */
class SampledEnergyTest {
    private static final long SECOND = 1_000_000_000L;

    /**
     * A training-like GPU trace in watts (t in seconds): steps of 80 W and 60 W, a ramp of 130 W over 2 s,
     * and a 20 W ripple. At 100 ms sampling the trapezoid's error is at most ~0.25 % over 500 jitter
     * seeds (checked with numpy); a sharper or larger step can cost more, which is why the period can go
     * down to 10 ms.
     */
    static final DoubleUnaryOperator TRAINING = t -> {
        double base;
        if (t < 2.02) base = 250;
        else if (t < 5.0) base = 330;                   // step up
        else if (t < 7.0) base = 330 - 65 * (t - 5.0);  // ramp down to 200 W
        else if (t < 8.45) base = 200;
        else base = 260;                                // step up
        return base + 20 * Math.sin(2 * Math.PI * t / 0.7);
    };

    /** Smooth power for the pause test: a gap can hide a short event, so this one has none. */
    static final DoubleUnaryOperator SMOOTH = t -> 200 + 10 * t + 15 * Math.sin(2 * Math.PI * t / 3.0);

    private static MeterOptions options(int periodMs) {
        return MeterOptions.defaults().withSamplePeriodMs(periodMs).withIdleSeconds(0);
    }

    private static Measurement run(EnergySensor gpu, VirtualClock clock, int periodMs) throws InterruptedException {
        EnergyMeter meter = new EnergyMeter(new EnergySensor[] {gpu, null, null},
                new String[] {null, "none in this test", "none in this test"}, List.of(), clock, options(periodMs), null);
        meter.start();
        clock.reachedEnd.await();
        return meter.stop();
    }

    @Test
    void trapezoidOnJitteredSamplesOfTenSecondsIsWithinHalfAPercent() throws InterruptedException {
        double exact = ScriptedSensor.exactIntegral(TRAINING, 0, 10);
        for (long seed = 1; seed <= 5; seed++) {
            // 100 ms period, each wake-up 0 to 30 ms late
            VirtualClock clock = new VirtualClock(10 * SECOND, 30_000_000L, 0, 0, seed);
            Measurement m = run(ScriptedSensor.sampled(TRAINING), clock, 100);

            assertEquals(10.0, m.durationSeconds(), 1e-9);
            assertEquals(Source.SAMPLED, m.gpu().source());
            assertEquals(m.gpu().sampledJoules(), m.gpu().joules());
            double error = Math.abs(m.gpu().joules() - exact) / exact;
            assertTrue(error < 0.005, "seed " + seed + ": relative error " + error + " (" + m.gpu().joules() + " J, exact " + exact + " J)");
            assertTrue(m.trace().size() >= 99 && m.trace().size() <= 101, "samples " + m.trace().size());
        }
    }

    @Test
    void integrationUsesTheActualTimesAndALatePauseCausesNoBurst() throws InterruptedException {
        // every 13th wake-up comes 350 ms late (a GC pause): the grid skips ahead instead of catching up
        VirtualClock clock = new VirtualClock(10 * SECOND, 30_000_000L, 13, 350_000_000L, 42);
        Measurement m = run(ScriptedSensor.sampled(SMOOTH), clock, 100);
        double exact = ScriptedSensor.exactIntegral(SMOOTH, 0, 10);
        assertEquals(exact, m.gpu().joules(), 0.001 * exact);
        List<PowerSample> trace = m.trace();
        double minGap = Double.MAX_VALUE, maxGap = 0;
        for (int i = 1; i < trace.size() - 1; i++) {  // the last gap ends at the stop, whenever that is
            double gap = trace.get(i).tSeconds() - trace.get(i - 1).tSeconds();
            minGap = Math.min(minGap, gap);
            maxGap = Math.max(maxGap, gap);
        }
        assertTrue(maxGap > 0.35, "max gap " + maxGap);
        assertTrue(minGap > 0.05, "min gap " + minGap + ": a burst of samples after a pause");
    }

    @Test
    void counterIsUsedAndComparedWithTheSamples() throws InterruptedException {
        VirtualClock clock = new VirtualClock(10 * SECOND, 30_000_000L, 0, 0, 3);
        ScriptedSensor gpu = new ScriptedSensor(TRAINING, Source.COUNTER, Set.of());
        Measurement m = run(gpu, clock, 100);
        double exact = ScriptedSensor.exactIntegral(TRAINING, 0, 10);
        assertEquals(Source.COUNTER, m.gpu().source());
        assertEquals(exact, m.gpu().joules(), 1e-6 * exact);
        assertEquals(exact, m.gpu().counterJoules(), 1e-6 * exact);
        assertTrue(Math.abs(m.gpu().sampledVsCounter()) < 0.005, "sampled vs counter " + m.gpu().sampledVsCounter());
    }

    @Test
    void aFailingCounterFallsBackToTheSamplesAndSaysSo() throws InterruptedException {
        VirtualClock clock = new VirtualClock(10 * SECOND, 0, 0, 0, 3);
        ScriptedSensor gpu = new ScriptedSensor(TRAINING, Source.COUNTER, Set.of());
        gpu.counterFails = true;
        Measurement m = run(gpu, clock, 100);
        assertEquals(Source.SAMPLED, m.gpu().source());
        assertEquals(m.gpu().sampledJoules(), m.gpu().joules());
        assertTrue(Double.isNaN(m.gpu().counterJoules()));
        assertTrue(m.errors().stream().anyMatch(e -> e.startsWith("gpu: counter: scripted counter failed")), m.errors().toString());
        assertTrue(m.notes().stream().anyMatch(n -> n.contains("energy from the power samples")), m.notes().toString());
    }

    @Test
    void failedReadsAreRecordedAndBridged() throws InterruptedException {
        VirtualClock clock = new VirtualClock(10 * SECOND, 0, 0, 0, 3);
        // reads 20..24 fail (t = 1.9 .. 2.3 s, all inside the flat 300 W part): the line between neighbours is exact
        ScriptedSensor gpu = new ScriptedSensor(TRAINING, Source.SAMPLED, Set.of(20, 21, 22, 23, 24));
        Measurement m = run(gpu, clock, 100);
        assertEquals(List.of("gpu: scripted read 20 failed [x1, first at 1.900 s]", "gpu: scripted read 21 failed [x1, first at 2.000 s]",
                "gpu: scripted read 22 failed [x1, first at 2.100 s]", "gpu: scripted read 23 failed [x1, first at 2.200 s]",
                "gpu: scripted read 24 failed [x1, first at 2.300 s]"), m.errors());
        assertEquals(101 - 5, m.gpu().samples());
        assertTrue(Double.isNaN(m.trace().get(19).gpuWatts()));
        double exact = ScriptedSensor.exactIntegral(TRAINING, 0, 10);
        assertEquals(exact, m.gpu().joules(), 0.005 * exact);
    }

    @Test
    void trapezoidIsExactForLinesAndSkipsGaps() {
        long[] t = {0, 100_000_000L, 350_000_000L, 400_000_000L, 1_000_000_000L};
        double[] w = {10, 20, Double.NaN, 50, 110};  // w = 10 + 100 t, one sample missing
        assertEquals(60.0, Trapezoid.integrate(t, w, 5), 1e-12);  // integral of 10 + 100 t over [0, 1]
        assertTrue(Double.isNaN(Trapezoid.integrate(t, new double[] {1, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 5)));
    }
}
