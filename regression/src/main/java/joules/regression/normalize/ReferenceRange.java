package joules.regression.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import joules.regression.data.Feature;
import joules.results.JsonObject;

/**
 * The range of one input (energy on the source hardware, FLOPs, parameters) over a model's reference points:
 * what the model was fitted on. A prediction for an input outside it is an extrapolation.
 */
public record ReferenceRange(Feature input, double low, double high) {

    /** The range of each input over the reference rows ({@code inputs[point][input]}). */
    static List<ReferenceRange> of(List<Feature> features, double[][] inputs) {
        List<ReferenceRange> out = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : inputs) {
                lo = Math.min(lo, row[f]);
                hi = Math.max(hi, row[f]);
            }
            out.add(new ReferenceRange(features.get(f), lo, hi));
        }
        return out;
    }

    /**
     * Empty when the value lies in the range; otherwise by how much it does not: "energy_j 120 is below the
     * references' range 267 to 1.89e+06 (0.45 times the lowest)".
     */
    String outside(double value) {
        if (value >= low && value <= high) return "";
        boolean below = value < low;
        double edge = below ? low : high;
        String factor = edge > 0 && value > 0 ? " (" + g(value / edge) + " times the " + (below ? "lowest" : "highest") + ")"
                : " (by " + g(Math.abs(value - edge)) + ")";
        return input.column() + " " + g(value) + " is " + (below ? "below" : "above") + " the references' range " + text() + factor;
    }

    /** "267 to 1.89e+06" */
    public String text() {
        return g(low) + " to " + g(high);
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** {"energy_j": [low, high], ...} */
    static Map<String, Object> toJson(List<ReferenceRange> ranges) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ReferenceRange r : ranges) m.put(r.input().column(), new double[] {r.low(), r.high()});
        return m;
    }

    /** The ranges of a model file; none when the file predates them. */
    static List<ReferenceRange> fromJson(JsonObject model, List<Feature> features) {
        if (!model.has("reference_ranges")) return List.of();
        JsonObject o = model.object("reference_ranges");
        List<ReferenceRange> out = new ArrayList<>();
        for (Feature f : features) {
            double[] v = o.numbers(f.column());
            if (v.length != 2 || !(v[0] <= v[1])) {
                throw new IllegalArgumentException("reference_ranges." + f.column() + ": expected [low, high] with low <= high");
            }
            out.add(new ReferenceRange(f, v[0], v[1]));
        }
        return out;
    }
}
