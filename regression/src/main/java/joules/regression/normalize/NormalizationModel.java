package joules.regression.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.regression.analysis.Method;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.Feature;
import joules.regression.data.HardwareResults;
import joules.regression.data.PairData;
import joules.regression.data.ResultRow;
import joules.regression.json.Json;
import joules.regression.json.JsonObject;
import joules.regression.model.FitException;
import joules.regression.model.Regressor;
import joules.regression.model.Regressors;

/**
 * A saved normalisation: it maps a configuration's energy (and FLOPs, params) measured on one hardware to
 * the energy expected on another. Written as JSON naming the hardware, the method, the reference points,
 * the range of each input over them ({@code ranges}: empty for files written before they were recorded) and
 * the fitted coefficients.
 */
public record NormalizationModel(String fromHardware, String toHardware, Method method, List<String> references,
        List<ReferenceRange> ranges, Regressor model) {
    static final String FORMAT = "joules-normalization";

    /** Fits a method on the reference points of the configurations measured on both hardware. */
    public static NormalizationModel fit(HardwareResults from, HardwareResults to, Method method, ReferenceSpec refs,
            SvrSettings svr, long seed) {
        PairData d = PairData.join(from, to);
        int[] points = refs.select(d);
        int need = method.minPoints(svr);
        String source = "'" + from.hardware() + "' (" + from.file() + ") and '" + to.hardware() + "' (" + to.file() + ")";
        if (method == Method.SINGLE_REF && points.length != 1 || method == Method.DUAL_REF && points.length != 2) {
            throw new IllegalArgumentException("method " + method.id() + " takes exactly " + need + " reference point"
                    + (need == 1 ? "" : "s") + "; --refs " + refs.text() + " gives " + points.length
                    + (method == Method.DUAL_REF ? " (try --refs min-max:2)" : " (try --refs min-max:1 or one id)"));
        }
        if (points.length < need) {
            throw new IllegalArgumentException("method " + method.id() + " needs at least " + need + " reference points; --refs "
                    + refs.text() + " gives " + points.length + " of the " + d.size() + " configurations common to " + source);
        }
        Regressor model = method.newRegressor(svr, seed);
        double[][] inputs = d.inputs(method.features(), points);
        try {
            model.fit(inputs, d.targets(points));
        } catch (FitException e) {
            throw new FitException("cannot fit " + method.id() + " on " + points.length + " reference points of " + source + ": " + e.getMessage());
        }
        List<String> ids = new ArrayList<>();
        for (int p : points) ids.add(d.id(p));
        return new NormalizationModel(from.hardware(), to.hardware(), method, List.copyOf(ids),
                ReferenceRange.of(method.features(), inputs), model);
    }

    /** The energy expected on the destination hardware for a row measured on the source hardware. */
    public double predict(ResultRow row) {
        double[] x = new double[method.features().size()];
        for (int f = 0; f < x.length; f++) x[f] = method.features().get(f).of(row);
        return model.predict(x);
    }

    /** Whether an input of the row lies outside the references' range (always false for a model without ranges). */
    public boolean extrapolates(ResultRow row) {
        return ranges.stream().anyMatch(r -> !r.outside(r.input().of(row)).isEmpty());
    }

    /**
     * What a reader of a prediction should know: "negative" when it is below zero, and for each input outside the
     * references' range by how much (an extrapolation); "" when neither.
     */
    public String note(ResultRow row, double predicted) {
        List<String> notes = new ArrayList<>();
        if (predicted < 0) notes.add("negative");
        if (Double.isNaN(predicted)) notes.add("not a number");
        for (ReferenceRange r : ranges) {
            String outside = r.outside(r.input().of(row));
            if (!outside.isEmpty()) notes.add(outside);
        }
        return String.join("; ", notes);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1);
        m.put("from_hardware", fromHardware);
        m.put("to_hardware", toHardware);
        m.put("method", method.id());
        m.put("inputs", new ArrayList<Object>(method.features().stream().map(Feature::column).toList()));
        m.put("references", new ArrayList<Object>(references));
        m.put("reference_ranges", ReferenceRange.toJson(ranges));
        m.put("model", model.toJson());
        return Json.write(m);
    }

    public static NormalizationModel fromJson(String text, String source) {
        JsonObject o = new JsonObject(Json.parse(text, source), source);
        if (!o.has("format") || !FORMAT.equals(o.string("format"))) {
            throw new IllegalArgumentException(source + ": not a joules normalisation model (field 'format' should be '" + FORMAT + "')");
        }
        Method method = Method.parse(o.string("method"));
        return new NormalizationModel(o.string("from_hardware"), o.string("to_hardware"), method, o.strings("references"),
                ReferenceRange.fromJson(o, method.features()), Regressors.fromJson(o.object("model")));
    }
}
