package joules.regression.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configurations measured on both hardware of an ordered pair (X, Y), joined on id in X's file order:
 * each is a point (energy on X, energy on Y) with its FLOPs and parameters (taken from X's file), and the
 * roofline times the caller gave ({@link RooflineTimes#NONE} when none).
 */
public record PairData(String xHardware, String yHardware, List<ConfigResult> x, List<ConfigResult> y, RooflineTimes roofline) {

    public static PairData join(HardwareResults from, HardwareResults to) {
        return join(from, to, RooflineTimes.NONE);
    }

    public static PairData join(HardwareResults from, HardwareResults to, RooflineTimes roofline) {
        Map<String, ConfigResult> other = to.byId();
        List<ConfigResult> xs = new ArrayList<>();
        List<ConfigResult> ys = new ArrayList<>();
        for (ConfigResult r : from.rows()) {
            ConfigResult match = other.get(r.id());
            if (match != null) {
                xs.add(r);
                ys.add(match);
            }
        }
        return new PairData(from.hardware(), to.hardware(), List.copyOf(xs), List.copyOf(ys), roofline);
    }

    public int size() {
        return x.size();
    }

    public String id(int i) {
        return x.get(i).id();
    }

    public String family(int i) {
        return x.get(i).family();
    }

    public double energyX(int i) {
        return x.get(i).energyJ();
    }

    public double energyY(int i) {
        return y.get(i).energyJ();
    }

    public double[] energyX() {
        return x.stream().mapToDouble(ConfigResult::energyJ).toArray();
    }

    public double[] energyY() {
        return y.stream().mapToDouble(ConfigResult::energyJ).toArray();
    }

    /** Input rows (the features of X's rows) of the given points. */
    public double[][] inputs(List<Feature> features, int[] points) {
        double[][] out = new double[points.length][features.size()];
        for (int i = 0; i < points.length; i++) {
            for (int f = 0; f < features.size(); f++) out[i][f] = features.get(f).of(x.get(points[i]), yHardware, roofline);
        }
        return out;
    }

    /** Targets (energy on Y) of the given points. */
    public double[] targets(int[] points) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) out[i] = y.get(points[i]).energyJ();
        return out;
    }

    /** Whether roofline times were given, so that the +roofline methods can be fitted. */
    public boolean hasRoofline() {
        return roofline != RooflineTimes.NONE;
    }

    public String label() {
        return xHardware + " -> " + yHardware;
    }
}
