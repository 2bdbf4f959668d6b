package joules.energy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Samples a meter's sensors on one background thread: a tick at the start, one every period, and a last
 * one at the stop, so even a run shorter than one period has two samples. Ticks follow a fixed grid
 * (t0 + k * period); a late tick does not shift the grid, and a tick so late that the next grid point
 * has already passed restarts the grid one period later rather than catching up in a burst.
 * Every tick is stamped with the clock's time just before the sensors are read.
 *
 * <p>The last tick (at the stop) and a tick for a read during the run also read every sensor's counter,
 * so the counters, the samples and the duration of a result all end at the same timestamp: its end.
 *
 * <p>Two locks. Sensor calls hold {@code sensorLock} (one thread at a time, as sensors expect); the
 * results (trace, end, counters) are guarded by this object's lock, held only to copy values in or out,
 * never during a sensor read. So a read that hangs (a stuck NVML call, a hung sysfs file) cannot block
 * stop(): it waits for the thread about one period, then ends the result at the last finished tick.
 */
final class Sampler {
    static final String[] COMPONENTS = {"gpu", "cpu", "ram"};
    /** stop() waits for the thread this long at least, even with a shorter period (a GC pause is not a hung read). */
    private static final long MIN_JOIN_MILLIS = 100;

    private final EnergySensor[] sensors;  // gpu, cpu, ram; null where there is none
    private final Clock clock;
    private final long periodNanos;
    private final ErrorLog errors;
    private final CountDownLatch wake = new CountDownLatch(1);
    private final boolean[] begun = new boolean[3];
    private final ReentrantLock sensorLock = new ReentrantLock();
    private volatile int componentInRead = -1;  // the sensor being read now, -1 between reads
    private Thread thread;
    private long t0;

    // guarded by this: the samples, and the end of the result with the counters read there
    private final SampleLog trace = new SampleLog(3);
    private long tEnd;
    private int samplesAtEnd;
    private final double[] countersAtEnd = {Double.NaN, Double.NaN, Double.NaN};
    private boolean closed;  // after stop(): a hung read that returns late adds nothing

    Sampler(EnergySensor[] sensors, Clock clock, long periodNanos, ErrorLog errors) {
        this.sensors = sensors;
        this.clock = clock;
        this.periodNanos = periodNanos;
        this.errors = errors;
    }

    /** Reads every sensor's start values and takes the first tick; then starts the thread. */
    void start() {
        sensorLock.lock();
        try {
            t0 = clock.nanoTime();
            for (int c = 0; c < 3; c++) {
                if (sensors[c] == null) continue;
                try {
                    sensors[c].begin(t0);
                    begun[c] = true;
                } catch (SensorException | RuntimeException e) {
                    errors.record(COMPONENTS[c], "begin: " + message(e), 0);
                }
            }
            tick(t0, false);  // the first sample shares the start time, so the trace spans exactly the interval
        } finally {
            sensorLock.unlock();
        }
        synchronized (this) {
            tEnd = t0;
            samplesAtEnd = trace.size();
        }
        thread = new Thread(this::loop, "joules-energy-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long deadline = t0;
        try {
            while (true) {
                deadline += periodNanos;
                long now = clock.nanoTime();
                if (deadline <= now) deadline = now + periodNanos;  // fell behind a whole period: skip ahead, no burst
                if (clock.sleepUntil(deadline, wake)) return;
                sensorLock.lock();
                try {
                    if (wake.getCount() == 0) return;  // stop() takes the last tick itself
                    tick(clock.nanoTime(), false);
                } finally {
                    sensorLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Signals the thread, waits for it to end (about one period at most), and takes the last tick with
     * the counters. If the thread is still inside a sensor read by then, the result ends at the last tick
     * that finished, without counters, and the error says so. Returns the end time.
     */
    long stop() throws InterruptedException {
        wake.countDown();
        thread.join(joinMillis());
        if (thread.isAlive()) {
            int c = componentInRead;
            synchronized (this) {
                closed = true;
                tEnd = trace.size() > 0 ? trace.lastTime() : t0;
                samplesAtEnd = trace.size();
                Arrays.fill(countersAtEnd, Double.NaN);
            }
            errors.record(c >= 0 ? COMPONENTS[c] : "sampler", "sensor read still in progress at stop (" + joinMillis()
                    + " ms after the stop signal): no last sample and no counter reading", seconds(clock.nanoTime()));
            return endNanos();
        }
        sensorLock.lock();
        try {
            tick(clock.nanoTime(), true);
        } finally {
            sensorLock.unlock();
        }
        synchronized (this) {
            closed = true;
            return tEnd;
        }
    }

    /**
     * Takes a tick now with the counters (a read during the run). If a sensor read is hanging this gives
     * up after about one period: the result keeps its previous end, and the error says so.
     */
    void snapshot() {
        try {
            if (!sensorLock.tryLock(joinMillis(), TimeUnit.MILLISECONDS)) {
                errors.record("sampler", "sensor read still in progress at a read during the run: result not updated",
                        seconds(clock.nanoTime()));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            tick(clock.nanoTime(), true);
        } finally {
            sensorLock.unlock();
        }
    }

    private long joinMillis() {
        return Math.max(MIN_JOIN_MILLIS, periodNanos / 1_000_000);
    }

    /**
     * Reads every sensor's power at time t (and, with {@code counters}, its counter right after, as the
     * result's end); then appends the row. The caller holds {@code sensorLock}.
     */
    private void tick(long t, boolean counters) {
        double[] row = {Double.NaN, Double.NaN, Double.NaN};
        double[] joules = {Double.NaN, Double.NaN, Double.NaN};
        for (int c = 0; c < 3; c++) {
            if (sensors[c] == null || !begun[c]) continue;
            componentInRead = c;
            try {
                row[c] = sensors[c].powerWatts(t);
            } catch (SensorException | RuntimeException e) {
                errors.record(COMPONENTS[c], message(e), seconds(t));
            }
            if (counters) {
                try {
                    joules[c] = sensors[c].energySinceBeginJoules(t);
                } catch (SensorException | RuntimeException e) {
                    errors.record(COMPONENTS[c], "counter: " + message(e), seconds(t));
                }
            }
            componentInRead = -1;
        }
        synchronized (this) {
            if (closed) return;
            trace.add(t, row);
            if (counters) {
                tEnd = t;
                samplesAtEnd = trace.size();
                System.arraycopy(joules, 0, countersAtEnd, 0, 3);
            }
        }
    }

    /**
     * Energy of component {@code c} from the start to the end, read from the sensor's counter in the
     * same tick as the last sample: NaN when the sensor has no counter or the read failed (recorded).
     */
    synchronized double counterJoules(int c) {
        return countersAtEnd[c];
    }

    /**
     * Energy of component {@code c} from its power samples up to the end: the trapezoid rule for
     * instantaneous power, the sum of mean power x interval for counter differences. NaN without enough samples.
     */
    synchronized double integrate(int c) {
        return sensors[c] != null && !sensors[c].instantaneous()
                ? trace.integrateMeans(c, samplesAtEnd) : trace.integrate(c, samplesAtEnd);
    }

    /** Seconds from the start to the last valid sample of component {@code c} (NaN without one). */
    synchronized double lastValidSampleSeconds(int c) {
        return trace.lastValidSeconds(c, samplesAtEnd);
    }

    synchronized int validSamples(int c) {
        return trace.validCount(c, samplesAtEnd);
    }

    synchronized double durationSeconds() {
        return (tEnd - t0) * 1e-9;
    }

    synchronized long endNanos() {
        return tEnd;
    }

    synchronized int ticks() {
        return samplesAtEnd;
    }

    synchronized List<PowerSample> samples() {
        return trace.samples(samplesAtEnd);
    }

    double seconds(long t) {
        return (t - t0) * 1e-9;
    }

    /** A sensor's own message as is; anything else (a bug, a JNA error) with its class name. */
    static String message(Throwable e) {
        return e instanceof SensorException ? e.getMessage() : e.toString();
    }
}
