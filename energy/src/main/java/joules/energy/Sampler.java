package joules.energy;

import java.util.concurrent.CountDownLatch;

/**
 * Samples a meter's sensors on one background thread: a tick at the start, one every period, and a last
 * one at the stop, so even a run shorter than one period has two samples. Ticks follow a fixed grid
 * (t0 + k * period); a late tick does not shift the grid, and a tick so late that the next grid point
 * has already passed restarts the grid one period later rather than catching up in a burst.
 * Every tick is stamped with the clock's time just before the sensors are read.
 *
 * <p>All sensor calls happen under this object's lock, so {@link #snapshot} from another thread is safe.
 */
final class Sampler {
    static final String[] COMPONENTS = {"gpu", "cpu", "ram"};

    private final EnergySensor[] sensors;  // gpu, cpu, ram; null where there is none
    private final Clock clock;
    private final long periodNanos;
    private final ErrorLog errors;
    private final PowerTrace trace = new PowerTrace(3);
    private final CountDownLatch wake = new CountDownLatch(1);
    private final boolean[] begun = new boolean[3];
    private Thread thread;
    private long t0;
    private long tLast;

    Sampler(EnergySensor[] sensors, Clock clock, long periodNanos, ErrorLog errors) {
        this.sensors = sensors;
        this.clock = clock;
        this.periodNanos = periodNanos;
        this.errors = errors;
    }

    /** Reads every sensor's start values and takes the first tick; then starts the thread. */
    void start() {
        synchronized (this) {
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
            tick(t0);  // the first sample shares the start time, so the trace spans exactly the interval
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
                synchronized (this) {
                    if (wake.getCount() == 0) return;
                    tick();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Signals the thread, waits for it to end, and takes the last tick. Returns the stop time. */
    long stop() throws InterruptedException {
        wake.countDown();
        long joinMillis = Math.max(5_000, 3 * periodNanos / 1_000_000);
        thread.join(joinMillis);
        synchronized (this) {
            if (thread.isAlive()) {
                errors.record("sampler", "thread still in a sensor read " + joinMillis + " ms after stop", seconds(clock.nanoTime()));
            }
            return tick();
        }
    }

    /** Takes a tick now (used by a read during the run). */
    synchronized long snapshot() {
        return tick();
    }

    private long tick() {
        return tick(clock.nanoTime());
    }

    private long tick(long t) {
        double[] row = new double[3];
        for (int c = 0; c < 3; c++) {
            row[c] = Double.NaN;
            if (sensors[c] == null || !begun[c]) continue;
            try {
                row[c] = sensors[c].powerWatts(t);
            } catch (SensorException | RuntimeException e) {
                errors.record(COMPONENTS[c], message(e), seconds(t));
            }
        }
        trace.add(t, row);
        tLast = t;
        return t;
    }

    /**
     * Energy of component {@code c} from the start to the last tick: the sensor's counter where it has
     * one, or NaN (then see {@link #integrate}). A failed counter read is recorded and gives NaN.
     */
    synchronized double counterJoules(int c) {
        if (sensors[c] == null || !begun[c]) return Double.NaN;
        try {
            return sensors[c].energySinceBeginJoules(tLast);
        } catch (SensorException | RuntimeException e) {
            errors.record(COMPONENTS[c], "counter: " + message(e), seconds(tLast));
            return Double.NaN;
        }
    }

    /** Trapezoid integral of component {@code c}'s power samples (NaN with fewer than two). */
    synchronized double integrate(int c) {
        return trace.integrate(c);
    }

    synchronized int validSamples(int c) {
        return trace.validCount(c);
    }

    synchronized double durationSeconds() {
        return (tLast - t0) * 1e-9;
    }

    synchronized int ticks() {
        return trace.size();
    }

    synchronized java.util.List<PowerSample> samples() {
        return trace.samples();
    }

    double seconds(long t) {
        return (t - t0) * 1e-9;
    }

    /** A sensor's own message as is; anything else (a bug, a JNA error) with its class name. */
    static String message(Throwable e) {
        return e instanceof SensorException ? e.getMessage() : e.toString();
    }
}
