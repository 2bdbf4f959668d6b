package joules.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The meter on the real clock and a real sampler thread: short runs (well under a second each). */
class EnergyMeterThreadTest {

    /** A sensor with a settable constant power (the trapezoid of a constant is exact). */
    static final class LevelSensor implements EnergySensor {
        volatile double watts;

        LevelSensor(double watts) {
            this.watts = watts;
        }

        @Override
        public String describe() {
            return "level";
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
            return watts;
        }

        @Override
        public double energySinceBeginJoules(long tNanos) {
            return Double.NaN;
        }
    }

    private static EnergyMeter meter(EnergySensor gpu, EnergySensor cpu, MeterOptions options) {
        return new EnergyMeter(new EnergySensor[] {gpu, cpu, null}, new String[] {null, null, "no RAM sensor in this test"},
                List.of("setup note"), Clock.SYSTEM, options, null);
    }

    private static boolean samplerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("joules-energy-sampler") && t.isAlive());
    }

    @Test
    void realThreadSamplesAndIntegrates() throws InterruptedException {
        MeterOptions o = MeterOptions.defaults().withSamplePeriodMs(10).withIdleSeconds(0).withCarbonGramsPerKwh(400);
        try (EnergyMeter m = meter(new LevelSensor(50), null, o)) {
            m.start();
            Thread.sleep(150);
            Measurement r = m.stop();
            assertFalse(samplerThreadAlive());
            assertTrue(r.trace().size() >= 3, "samples " + r.trace().size());
            assertEquals(50 * r.durationSeconds(), r.gpu().joules(), 1e-9);
            assertEquals(r.gpu().joules(), r.totalJoules(), 1e-12);          // cpu none, ram unavailable
            assertEquals(r.totalJoules() / 3.6e6 * 400, r.carbonGrams(), 1e-15);
            assertEquals(Source.UNAVAILABLE, r.ram().source());
            assertEquals("no RAM sensor in this test", r.ram().sensor());
            assertTrue(Double.isNaN(r.gpu().aboveIdleJoules()));            // no baseline taken
            assertEquals(List.of("setup note"), r.notes());
        }
    }

    @Test
    void stopWakesTheThreadAtOnceAndLeavesNoThreadBehind() throws InterruptedException {
        // a 60 s period: if stop() waited for the next tick the test would take a minute
        MeterOptions o = MeterOptions.defaults().withSamplePeriodMs(60_000).withIdleSeconds(0);
        try (EnergyMeter m = meter(new LevelSensor(10), null, o)) {
            m.start();
            assertTrue(samplerThreadAlive());
            Thread.sleep(20);
            long before = System.nanoTime();
            Measurement r = m.stop();
            double stopSeconds = (System.nanoTime() - before) * 1e-9;
            assertTrue(stopSeconds < 5, "stop took " + stopSeconds + " s, the period is 60 s");
            assertFalse(samplerThreadAlive());
            assertEquals(2, r.trace().size());  // the start and the stop: a short run still has two samples
            assertEquals(10 * r.durationSeconds(), r.gpu().joules(), 1e-9);
            assertTrue(r.notes().stream().anyMatch(n -> n.contains("only 2 power samples")), r.notes().toString());
        }
    }

    @Test
    void aReadFailingMidRunIsRecordedNotLost() throws InterruptedException {
        MeterOptions o = MeterOptions.defaults().withSamplePeriodMs(10).withIdleSeconds(0);
        ScriptedSensor flaky = new ScriptedSensor(t -> 100, Source.SAMPLED, Set.of(3, 4));
        try (EnergyMeter m = meter(flaky, null, o)) {
            m.start();
            Thread.sleep(100);
            Measurement r = m.stop();
            assertEquals(2, r.errors().size(), r.errors().toString());
            assertTrue(r.errors().get(0).startsWith("gpu: scripted read 3 failed [x1, first at "), r.errors().get(0));
            assertEquals(r.trace().size() - 2, r.gpu().samples());
            assertEquals(100 * r.durationSeconds(), r.gpu().joules(), 1e-9);  // the gap is bridged
            assertTrue(r.toJson().contains("scripted read 4 failed"));
        }
    }

    @Test
    void idleBaselineIsSubtractedAndNeverSilentlyNegative() throws InterruptedException {
        LevelSensor gpu = new LevelSensor(100);
        MeterOptions o = MeterOptions.defaults().withSamplePeriodMs(10).withIdleSeconds(0.1);
        try (EnergyMeter m = meter(gpu, null, o)) {
            m.measureIdle();
            gpu.watts = 150;
            m.start();
            Thread.sleep(60);
            Measurement busy = m.stop();
            assertEquals(100, busy.gpu().idleWatts(), 1e-9);
            assertTrue(busy.idleBaselineSeconds() >= 0.1);
            assertEquals(50 * busy.durationSeconds(), busy.gpu().aboveIdleJoules(), 1e-9);
            assertEquals(busy.gpu().aboveIdleJoules(), busy.totalAboveIdleJoules(), 1e-12);
            assertTrue(busy.notes().stream().anyMatch(n -> n.startsWith("idle baseline over")), busy.notes().toString());

            gpu.watts = 80;  // below idle
            m.start();
            Thread.sleep(30);
            Measurement quiet = m.stop();
            assertEquals(0, quiet.gpu().aboveIdleJoules());
            assertTrue(quiet.notes().stream().anyMatch(n -> n.startsWith("gpu: energy above idle would be -")), quiet.notes().toString());
        }
    }

    @Test
    void readDuringARunGivesTheEnergySoFar() throws InterruptedException {
        MeterOptions o = MeterOptions.defaults().withSamplePeriodMs(10).withIdleSeconds(0);
        try (EnergyMeter m = meter(new LevelSensor(20), new LevelSensor(5), o)) {
            m.start();
            Thread.sleep(30);
            Measurement soFar = m.read();
            assertEquals(20 * soFar.durationSeconds(), soFar.gpu().joules(), 1e-9);
            assertEquals(5 * soFar.durationSeconds(), soFar.cpu().joules(), 1e-9);
            Thread.sleep(20);
            Measurement end = m.stop();
            assertTrue(end.durationSeconds() > soFar.durationSeconds());
            assertThrows(IllegalStateException.class, m::stop);
        }
    }

    @Test
    void closeStopsARunningSampler() throws InterruptedException {
        EnergyMeter m = meter(new LevelSensor(1), null, MeterOptions.defaults().withSamplePeriodMs(10));
        m.start();
        m.close();
        assertFalse(samplerThreadAlive());
    }

    @Test
    void optionsRejectBadValuesWithOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeterOptions.defaults().withSamplePeriodMs(5));
        assertEquals("sample period 5 ms is out of range: choose 10 to 60000 ms", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MeterOptions.defaults().withIdleSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> MeterOptions.defaults().withCpuTdpWatts(0));
        assertEquals(null, MeterOptions.defaults().withGpu("none").gpu());
    }
}
