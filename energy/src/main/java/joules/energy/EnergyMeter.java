package joules.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Measures the energy of a piece of work: GPU (NVML), CPU and RAM (RAPL, else estimated).
 *
 * <pre>
 *   try (EnergyMeter meter = new EnergyMeter(MeterOptions.defaults().withGpu(uuid))) {
 *       meter.measureIdle();          // optional: idle power over options.idleSeconds
 *       meter.start();
 *       train();
 *       Measurement m = meter.stop(); // m.gpu().joules(), m.gpu().aboveIdleJoules(), m.toJson() …
 *   }
 * </pre>
 * Between start and stop one background thread samples every sensor each period; counters are read at
 * the start and in the stop's last sample, at the same timestamp. Per component the record keeps the
 * counter figure, the sampled figure (trapezoid over instantaneous power, or the sum of mean power x
 * interval for a counter's differences) and which one is used; a counter that fails falls back to the
 * samples with a note. Energy above idle is {@code energy - idle power x duration}, never silently negative.
 */
public final class EnergyMeter implements AutoCloseable {
    private final EnergySensor[] sensors;
    private final String[] unavailable;
    private final List<String> setupNotes;
    private final Clock clock;
    private final MeterOptions options;
    private final AutoCloseable resources;
    private final double[] idleWatts = {Double.NaN, Double.NaN, Double.NaN};
    private final List<String> idleNotes = new ArrayList<>();
    private double idleSeconds;
    private Sampler running;
    private ErrorLog runningErrors;
    private long runningStartEpochMillis;

    /** A meter with the sensors this machine has (see {@link MeterOptions}). An unknown GPU name throws IllegalArgumentException. */
    public EnergyMeter(MeterOptions options) {
        this(SensorSetup.detect(options), Clock.SYSTEM, options);
    }

    private EnergyMeter(SensorSetup setup, Clock clock, MeterOptions options) {
        this(setup.sensors, setup.unavailable, setup.notes, clock, options, setup);
    }

    /** A meter over given sensors (tests): {@code sensors} = {gpu, cpu, ram}, null where {@code unavailable} says why. */
    EnergyMeter(EnergySensor[] sensors, String[] unavailable, List<String> notes, Clock clock, MeterOptions options,
                AutoCloseable resources) {
        this.sensors = sensors.clone();
        this.unavailable = unavailable.clone();
        this.setupNotes = List.copyOf(notes);
        this.clock = clock;
        this.options = options;
        this.resources = resources;
    }

    /** One line per component: the sensor used, or why there is none. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            out.add(Sampler.COMPONENTS[c] + ": " + (sensors[c] != null ? sensors[c].describe() : unavailable[c]));
        }
        return out;
    }

    /** The GPU sensor, null without one. */
    EnergySensor gpuSensor() {
        return sensors[0];
    }

    /**
     * Idle power of every component over {@code options.idleSeconds()} (skipped when 0), kept for the
     * following measurements' "above idle" figures. Call it with the machine otherwise quiet.
     */
    public synchronized void measureIdle() throws InterruptedException {
        if (running != null) throw new IllegalStateException("measureIdle() during a measurement");
        if (options.idleSeconds() <= 0) return;
        ErrorLog errors = new ErrorLog();
        Sampler idle = new Sampler(sensors, clock, periodNanos(), errors);
        idle.start();
        try {
            clock.sleepUntil(clock.nanoTime() + (long) (options.idleSeconds() * 1e9), new CountDownLatch(1));
        } finally {
            idle.stop();
        }
        idleSeconds = idle.durationSeconds();
        idleNotes.clear();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "idle baseline over %.1f s:", idleSeconds));
        for (int c = 0; c < 3; c++) {
            if (sensors[c] == null) continue;
            idleWatts[c] = energy(idle, c, new ArrayList<>()).joules / idleSeconds;
            line.append(String.format(Locale.ROOT, " %s %.2f W", Sampler.COMPONENTS[c], idleWatts[c]));
        }
        idleNotes.add(line.toString());
        for (String e : errors.lines()) idleNotes.add("idle baseline error: " + e);
    }

    /** Starts a measurement: reads the counters and starts the sampler thread. */
    public synchronized void start() {
        if (running != null) throw new IllegalStateException("start() while a measurement is running");
        runningErrors = new ErrorLog();
        running = new Sampler(sensors, clock, periodNanos(), runningErrors);
        runningStartEpochMillis = System.currentTimeMillis();
        running.start();
    }

    /** The measurement so far, without stopping (takes a sample now). */
    public synchronized Measurement read() {
        if (running == null) throw new IllegalStateException("read() without start()");
        running.snapshot();
        return measurement(running, runningErrors);
    }

    /**
     * Stops the sampler thread, takes the last sample with the counters and returns the record. A sensor
     * read that hangs delays this by about one sample period at most (then the record ends at the last
     * finished sample and its errors say so).
     */
    public synchronized Measurement stop() throws InterruptedException {
        if (running == null) throw new IllegalStateException("stop() without start()");
        Sampler s = running;
        running = null;
        s.stop();
        return measurement(s, runningErrors);
    }

    private long periodNanos() {
        return options.samplePeriodMs() * 1_000_000L;
    }

    /** The energy of component c over a sampler's interval, and how it was found. */
    private record Figure(Source source, double joules, double counter, double sampled) {
    }

    private Figure energy(Sampler s, int c, List<String> notes) {
        EnergySensor sensor = sensors[c];
        double counter = s.counterJoules(c);
        double sampled = s.integrate(c);
        String name = Sampler.COMPONENTS[c];
        if (sensor.source() == Source.COUNTER && !Double.isNaN(counter)) {
            return new Figure(Source.COUNTER, counter, counter, sampled);
        }
        if (sensor.source() == Source.ESTIMATED) {
            double e = Double.isNaN(counter) ? sampled : counter;
            return new Figure(Double.isNaN(e) ? Source.UNAVAILABLE : Source.ESTIMATED, e, Double.NaN, sampled);
        }
        String samples = sensor.instantaneous() ? "power samples" : "mean-power samples (counter differences)";
        if (!Double.isNaN(sampled)) {
            if (sensor.source() == Source.COUNTER) {
                notes.add(name + ": counter failed (see errors): energy from the " + samples + coverage(s, c));
            }
            return new Figure(Source.SAMPLED, sampled, counter, sampled);
        }
        notes.add(name + ": no counter value and " + (sensor.instantaneous()
                ? "fewer than two power samples" : "no mean-power sample after the start") + ": no figure");
        return new Figure(Source.UNAVAILABLE, Double.NaN, counter, sampled);
    }

    /** ", which cover only the first 4.900 s of 10.000 s" when the last valid sample is before the end; else "". */
    private static String coverage(Sampler s, int c) {
        double covered = s.lastValidSampleSeconds(c);
        double duration = s.durationSeconds();
        if (!(covered < duration)) return "";
        return String.format(Locale.ROOT, ", which cover only the first %.3f s of %.3f s", covered, duration);
    }

    private Measurement measurement(Sampler s, ErrorLog errors) {
        double duration = s.durationSeconds();
        List<String> notes = new ArrayList<>(setupNotes);
        notes.addAll(idleNotes);
        ComponentEnergy[] parts = new ComponentEnergy[3];
        for (int c = 0; c < 3; c++) {
            String name = Sampler.COMPONENTS[c];
            if (sensors[c] == null) {
                parts[c] = ComponentEnergy.unavailable(name, unavailable[c]);
                continue;
            }
            Figure f = energy(s, c, notes);
            double above = Double.NaN;
            if (!Double.isNaN(idleWatts[c]) && !Double.isNaN(f.joules)) {
                above = f.joules - idleWatts[c] * duration;
                if (above < 0) {
                    notes.add(String.format(Locale.ROOT, "%s: energy above idle would be %.3f J (mean power %.2f W below the idle %.2f W): reported as 0",
                            name, above, f.joules / duration, idleWatts[c]));
                    above = 0;
                }
            }
            if (sensors[c].instantaneous() && s.validSamples(c) < 10) {
                notes.add(name + ": only " + s.validSamples(c) + " power samples: the sampled figure is coarse"
                        + (f.source == Source.COUNTER ? " (the counter figure is used)" : ""));
            }
            parts[c] = new ComponentEnergy(name, sensors[c].describe(), f.source, f.joules, f.counter, f.sampled,
                    idleWatts[c], above, s.validSamples(c), sensors[c].stats());
        }
        double total = 0;
        for (ComponentEnergy p : parts) if (!Double.isNaN(p.joules())) total += p.joules();
        double carbon = total / 3.6e6 * options.carbonGramsPerKwh();  // J -> kWh, x g/kWh; NaN without intensity
        return new Measurement(runningStartEpochMillis, duration, periodNanos() * 1e-9, idleSeconds,
                parts[0], parts[1], parts[2], carbon, s.samples(), notes, errors.lines());
    }

    /** Stops a running measurement (its result is dropped) and releases NVML. */
    @Override
    public synchronized void close() {
        if (running != null) {
            try {
                running.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = null;
        }
        try {
            if (resources != null) resources.close();
        } catch (Exception e) {
            // releasing NVML cannot fail in a way the caller could act on
        }
    }
}
