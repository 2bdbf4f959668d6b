package joules.energy.rapl;

import java.util.List;
import joules.energy.EnergySensor;
import joules.energy.SensorException;
import joules.energy.Source;

/**
 * Energy of a few RAPL zones added together (all CPU packages, or all DRAM zones) from their counters.
 *
 * <p>Each counter counts microjoules up to max_energy_range_uj and starts again at zero, so every read
 * adds the difference to the previous read, corrected for one wrap:
 * <pre>
 *   d = now - previous;   if d < 0:  d += max_energy_range_uj
 * </pre>
 * One wrap between reads is all this can see: at 400 W a 262 kJ range wraps every 11 minutes, and the
 * sampler reads every tick (100 ms by default), far more often.
 */
public final class RaplSensor implements EnergySensor {
    private final String label;
    private final List<RaplZone> zones;
    private final long[] previous;
    private long totalMicrojoules;
    private long totalAtLastTick;
    private long lastTickNanos;
    private boolean ticked;

    public RaplSensor(String label, List<RaplZone> zones) {
        if (zones.isEmpty()) throw new IllegalArgumentException("RaplSensor needs at least one zone");
        this.label = label;
        this.zones = List.copyOf(zones);
        this.previous = new long[zones.size()];
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("RAPL ").append(label).append(" (");
        for (int i = 0; i < zones.size(); i++) {
            if (i > 0) s.append(" + ");
            s.append(zones.get(i).id()).append(' ').append(zones.get(i).name());
        }
        return s.append(')').toString();
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
    public void begin(long tNanos) throws SensorException {
        for (int i = 0; i < zones.size(); i++) previous[i] = Rapl.readMicrojoules(zones.get(i));
        totalMicrojoules = 0;
        totalAtLastTick = 0;
        lastTickNanos = tNanos;
        ticked = false;
    }

    /** Mean power since the previous call; NaN on the first call (no interval yet). */
    @Override
    public double powerWatts(long tNanos) throws SensorException {
        update();
        double watts = Double.NaN;
        if (ticked && tNanos > lastTickNanos) {
            watts = (totalMicrojoules - totalAtLastTick) * 1e-6 / ((tNanos - lastTickNanos) * 1e-9);
        }
        ticked = true;
        totalAtLastTick = totalMicrojoules;
        lastTickNanos = tNanos;
        return watts;
    }

    @Override
    public double energySinceBeginJoules(long tNanos) throws SensorException {
        update();
        return totalMicrojoules * 1e-6;
    }

    private void update() throws SensorException {
        for (int i = 0; i < zones.size(); i++) {
            long now = Rapl.readMicrojoules(zones.get(i));
            long d = now - previous[i];
            if (d < 0) d += zones.get(i).maxEnergyRangeMicrojoules();
            totalMicrojoules += d;
            previous[i] = now;
        }
    }
}
