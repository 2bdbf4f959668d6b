package joules.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** How a measurement ends: a hung sensor read, counters read with the last sample, a counter failing mid-run. */
class SamplerEndTest {
    private static final long SECOND = 1_000_000_000L;

    /** Constant power; read number {@code hangAt} blocks until {@code release} (a stuck NVML call). */
    static final class HangingSensor implements EnergySensor {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final int hangAt;
        private int reads;

        HangingSensor(int hangAt) {
            this.hangAt = hangAt;
        }

        @Override
        public String describe() {
            return "hanging";
        }

        @Override
        public Source source() {
            return Source.SAMPLED;
        }

        @Override
        public void begin(long tNanos) {
        }

        @Override
        public double powerWatts(long tNanos) {
            if (++reads == hangAt) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 40;
        }

        @Override
        public double energySinceBeginJoules(long tNanos) {
            return Double.NaN;
        }
    }

    /** A counter that counts whatever the test says the hardware used, like NVML's or RAPL's: it ignores the time it is given. */
    static final class HardwareCounter implements EnergySensor {
        volatile double hardwareJoules;
        private double atBegin;

        @Override
        public String describe() {
            return "hardware counter";
        }

        @Override
        public Source source() {
            return Source.COUNTER;
        }

        @Override
        public void begin(long tNanos) {
            atBegin = hardwareJoules;
        }

        @Override
        public double powerWatts(long tNanos) {
            return 1;
        }

        @Override
        public double energySinceBeginJoules(long tNanos) {
            return hardwareJoules - atBegin;
        }
    }

    /**
     * A RAPL-like sensor: a counter of the exact energy of {@code watts} (t in seconds), and as power the
     * mean since the previous successful read (NaN on the first); from read {@code failFrom} on, every
     * read, counter included, fails (a zone that vanished mid-run).
     */
    static final class FailingRapl implements EnergySensor {
        private final DoubleUnaryOperator watts;
        private final int failFrom;
        private long t0;
        private long tPrevious = -1;
        private int reads;

        FailingRapl(DoubleUnaryOperator watts, int failFrom) {
            this.watts = watts;
            this.failFrom = failFrom;
        }

        @Override
        public String describe() {
            return "failing rapl";
        }

        @Override
        public Source source() {
            return Source.COUNTER;
        }

        @Override
        public boolean instantaneous() {
            return false;
        }

        @Override
        public void begin(long tNanos) {
            t0 = tNanos;
        }

        private double joules(long t) {
            return ScriptedSensor.exactIntegral(watts, 0, (t - t0) * 1e-9);
        }

        @Override
        public double powerWatts(long tNanos) throws SensorException {
            if (++reads >= failFrom) throw new SensorException("energy_uj: No such file or directory");
            double mean = tPrevious < 0 ? Double.NaN : (joules(tNanos) - joules(tPrevious)) / ((tNanos - tPrevious) * 1e-9);
            tPrevious = tNanos;
            return mean;
        }

        @Override
        public double energySinceBeginJoules(long tNanos) throws SensorException {
            if (reads >= failFrom) throw new SensorException("energy_uj: No such file or directory");
            return joules(tNanos);
        }
    }

    private static EnergyMeter meter(EnergySensor gpu, EnergySensor cpu, Clock clock, int periodMs) {
        return new EnergyMeter(new EnergySensor[] {gpu, cpu, null}, new String[] {"none in this test", "none in this test", "none in this test"},
                List.of(), clock, MeterOptions.defaults().withSamplePeriodMs(periodMs).withIdleSeconds(0), null);
    }

    private static boolean samplerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("joules-energy-sampler") && t.isAlive());
    }

    @Test
    void aHungSensorReadDoesNotBlockStop() throws Exception {
        HangingSensor gpu = new HangingSensor(3);  // read 1 at the start, 2 at the first period, 3 hangs
        try (EnergyMeter m = meter(gpu, null, Clock.SYSTEM, 100)) {
            m.start();
            gpu.entered.await();
            // before the fix stop() waited for the sampler's lock, held by the hung read: forever
            Measurement r = assertTimeoutPreemptively(Duration.ofSeconds(3), m::stop, "stop() blocked by a hung sensor read");
            assertEquals(List.of("gpu"), r.errors().stream().map(e -> e.substring(0, e.indexOf(':'))).toList(), r.errors().toString());
            assertTrue(r.errors().get(0).contains("sensor read still in progress at stop"), r.errors().toString());
            assertEquals(2, r.trace().size());                          // the start and the first period; no last sample
            assertEquals(r.trace().get(1).tSeconds(), r.durationSeconds(), 1e-12);  // the record ends at the last finished sample
            assertEquals(40 * r.durationSeconds(), r.gpu().joules(), 1e-9);
        } finally {
            gpu.release.countDown();
        }
        for (int i = 0; i < 500 && samplerThreadAlive(); i++) Thread.sleep(10);  // the released read ends the thread
        assertFalse(samplerThreadAlive());
    }

    @Test
    void theCounterIsReadInTheLastSampleNotAfterTheStop() throws InterruptedException {
        HardwareCounter gpu = new HardwareCounter();
        gpu.hardwareJoules = 100;
        Sampler s = new Sampler(new EnergySensor[] {gpu, null, null}, Clock.SYSTEM, 60 * SECOND, new ErrorLog());
        s.start();
        gpu.hardwareJoules = 130;  // the measured work
        s.stop();
        gpu.hardwareJoules = 175;  // other work after the stop: not part of the measurement
        assertEquals(30, s.counterJoules(0), 1e-12);
        assertEquals(2, s.samples().size());
    }

    @Test
    void aReadDuringTheRunEndsCountersSamplesAndDurationTogether() throws InterruptedException {
        HardwareCounter gpu = new HardwareCounter();
        try (EnergyMeter m = meter(gpu, null, Clock.SYSTEM, 10)) {
            m.start();
            gpu.hardwareJoules = 12;
            Thread.sleep(30);
            Measurement soFar = m.read();
            assertEquals(12, soFar.gpu().counterJoules(), 1e-12);
            assertEquals(Source.COUNTER, soFar.gpu().source());
            PowerSample last = soFar.trace().get(soFar.trace().size() - 1);
            assertEquals(soFar.durationSeconds(), last.tSeconds(), 1e-12);  // the trace ends where the counter was read
            gpu.hardwareJoules = 20;
            Measurement end = m.stop();
            assertEquals(20, end.gpu().counterJoules(), 1e-12);
            assertEquals(end.durationSeconds(), end.trace().get(end.trace().size() - 1).tSeconds(), 1e-12);
        }
    }

    @Test
    void aRaplCounterFailingMidRunFallsBackToItsMeanPowerSamples() throws InterruptedException {
        DoubleUnaryOperator watts = SampledEnergyTest.TRAINING;
        // 100 ms ticks without jitter: read 1 at 0 s, read k at (k - 1) / 10 s; reads 51 on (5.0 s on) fail
        VirtualClock clock = new VirtualClock(10 * SECOND, 0, 0, 0, 1);
        EnergyMeter m = meter(null, new FailingRapl(watts, 51), clock, 100);
        m.start();
        clock.reachedEnd.await();
        Measurement r = m.stop();
        ComponentEnergy cpu = r.cpu();
        assertEquals(Source.SAMPLED, cpu.source());
        assertTrue(Double.isNaN(cpu.counterJoules()));
        double upToLastGoodRead = ScriptedSensor.exactIntegral(watts, 0, 4.9);
        assertEquals(upToLastGoodRead, cpu.joules(), 1e-6 * upToLastGoodRead);  // means x intervals add up exactly
        assertEquals(49, cpu.samples());
        assertTrue(r.notes().contains("cpu: counter failed (see errors): energy from the mean-power samples (counter differences),"
                + " which cover only the first 4.900 s of 10.000 s"), r.notes().toString());
        assertTrue(r.errors().get(0).startsWith("cpu: energy_uj: No such file or directory [x51, first at 5.000 s]"), r.errors().toString());
    }

    @Test
    void aWorkingRaplCounterAndItsMeanPowerSamplesAgree() throws InterruptedException {
        DoubleUnaryOperator watts = SampledEnergyTest.TRAINING;
        VirtualClock clock = new VirtualClock(10 * SECOND, 30_000_000L, 0, 0, 7);
        EnergyMeter m = meter(null, new FailingRapl(watts, Integer.MAX_VALUE), clock, 100);
        m.start();
        clock.reachedEnd.await();
        Measurement r = m.stop();
        double exact = ScriptedSensor.exactIntegral(watts, 0, 10);
        assertEquals(Source.COUNTER, r.cpu().source());
        assertEquals(exact, r.cpu().joules(), 1e-6 * exact);
        assertEquals(exact, r.cpu().sampledJoules(), 1e-6 * exact);
        assertEquals(List.of(), r.errors());
    }

    @Test
    void meanPowerSumBridgesAFailedRead() {
        long[] t = {0, 100_000_000L, 300_000_000L, 400_000_000L, 1_000_000_000L};
        double[] w = {Double.NaN, 20, Double.NaN, 50, 10};  // the 50 W read covers 0.1 .. 0.4 s: the failed read's interval too
        assertEquals(20 * 0.1 + 50 * 0.3 + 10 * 0.6, MeanPowerSum.integrate(t, w, 5), 1e-12);
        assertTrue(Double.isNaN(MeanPowerSum.integrate(t, new double[] {5, Double.NaN, Double.NaN, Double.NaN, Double.NaN}, 5)));
    }
}
