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
import joules.regression.data.ConfigResult;
import joules.regression.data.RooflineTimes;
import joules.regression.model.FitException;
import joules.regression.model.Regressor;
import joules.regression.model.Regressors;
import joules.results.Column;
import joules.results.Json;
import joules.results.JsonObject;

/**
 * A saved normalisation: it maps a configuration's energy (and FLOPs, params, or roofline times) measured on one
 * hardware to the energy expected on another. Written as JSON naming the hardware, the method, the reference
 * points, the range of each input over them ({@code ranges}: empty for files written before they were recorded)
 * and the fitted coefficients. Roofline times are not saved: the caller gives them again to apply it.
 */
public record NormalizationModel(String fromHardware, String toHardware, Method method, List<String> references,
        List<ReferenceRange> ranges, Regressor model) {
    static final String FORMAT = "joules-normalization";

    /** Fits a method on the reference points of the configurations measured on both hardware. */
    public static NormalizationModel fit(HardwareResults from, HardwareResults to, Method method, ReferenceSpec refs,
            SvrSettings svr, long seed) {
        return fit(from, to, method, refs, svr, seed, RooflineTimes.NONE);
    }

    /** As above, with the roofline times that a +roofline method reads. */
    public static NormalizationModel fit(HardwareResults from, HardwareResults to, Method method, ReferenceSpec refs,
            SvrSettings svr, long seed, RooflineTimes roofline) {
        PairData d = PairData.join(from, to, roofline);
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
    public double predict(ConfigResult row) {
        return predict(row, RooflineTimes.NONE);
    }

    /** As above, with the roofline times that a +roofline method reads. */
    public double predict(ConfigResult row, RooflineTimes roofline) {
        double[] x = new double[method.features().size()];
        for (int f = 0; f < x.length; f++) x[f] = method.features().get(f).of(row, toHardware, roofline);
        return model.predict(x);
    }

    /** Whether an input of the row lies outside the references' range (always false for a model without ranges). */
    public boolean extrapolates(ConfigResult row) {
        return extrapolates(row, RooflineTimes.NONE);
    }

    /** As above, with the roofline times that a +roofline method reads. */
    public boolean extrapolates(ConfigResult row, RooflineTimes roofline) {
        return ranges.stream().anyMatch(r -> !r.outside(r.input().of(row, toHardware, roofline)).isEmpty());
    }

    /**
     * What a reader of a prediction should know: "negative" when it is below zero, and for each input outside the
     * references' range by how much (an extrapolation); "" when neither.
     */
    public String note(ConfigResult row, double predicted) {
        return note(row, RooflineTimes.NONE, predicted);
    }

    /** As above, with the roofline times that a +roofline method reads. */
    public String note(ConfigResult row, RooflineTimes roofline, double predicted) {
        List<String> notes = new ArrayList<>();
        if (predicted < 0) notes.add("negative");
        if (Double.isNaN(predicted)) notes.add("not a number");
        for (ReferenceRange r : ranges) {
            String outside = r.outside(r.input().of(row, toHardware, roofline));
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

    /** The version of the model file this joules writes and reads. */
    static final int VERSION = 1;

    /**
     * Reads a model written by {@link #toJson}, checking every field: the format and its version, the method and
     * the inputs it takes, the hardware, the reference ids, and a model of the method's type whose coefficients fit
     * its inputs and give a finite prediction.
     *
     * @throws IllegalArgumentException naming {@code source} and the field that is wrong
     */
    public static NormalizationModel fromJson(String text, String source) {
        JsonObject o = new JsonObject(Json.parse(text, source), source);
        if (!o.has("format") || !FORMAT.equals(o.string("format"))) {
            throw new IllegalArgumentException(source + ": not a joules normalisation model (field 'format' should be '" + FORMAT + "')");
        }
        double version = o.number("version");
        if (version != VERSION) {
            throw new IllegalArgumentException(source + ": field 'version' is " + Json.write(version).strip() + "; this joules reads version "
                    + VERSION + (version > VERSION ? " (the model comes from a newer joules: update this one)" : ""));
        }
        Method method;
        try {
            method = Method.parse(o.string("method"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": field 'method': " + e.getMessage(), e);
        }
        List<String> inputs = o.strings("inputs");
        List<String> expected = method.features().stream().map(Feature::column).toList();
        if (!inputs.equals(expected)) {
            throw new IllegalArgumentException(source + ": field 'inputs' is " + inputs + "; method " + method.id() + " takes " + expected);
        }
        String from = o.string("from_hardware");
        String to = o.string("to_hardware");
        for (String field : List.of("from_hardware", "to_hardware")) {
            String problem = Column.HARDWARE.problem(o.string(field).strip());        // the results file's rule
            if (problem != null) throw new IllegalArgumentException(source + ": field '" + field + "' " + problem);
        }
        List<String> references = o.strings("references");
        for (String r : references) {
            if (!Column.isId(r)) throw new IllegalArgumentException(source + ": field 'references': '" + r + "' is not a configuration id");
        }
        JsonObject m = o.object("model");
        String type = m.string("type");
        if (!type.equals(modelType(method))) {
            throw new IllegalArgumentException(source + ": field 'model.type' is '" + type + "'; method " + method.id() + " fits a '"
                    + modelType(method) + "' model");
        }
        Regressor model;
        try {
            model = Regressors.fromJson(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(source) ? e.getMessage() : source + ": field 'model': " + e.getMessage(), e);
        }
        double[] probe = new double[expected.size()];
        java.util.Arrays.fill(probe, 1);
        double y;
        try {
            y = model.predict(probe);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": field 'model': its coefficients do not fit the " + expected.size()
                    + " input(s) of method " + method.id() + " (" + e + ")", e);
        }
        if (!Double.isFinite(y)) {
            throw new IllegalArgumentException(source + ": field 'model': it predicts " + y + " for inputs of 1; the file is damaged");
        }
        List<ReferenceRange> ranges;
        try {
            ranges = ReferenceRange.fromJson(o, method.features());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": field 'reference_ranges': " + e.getMessage(), e);
        }
        return new NormalizationModel(from, to, method, references, ranges, model);
    }

    /** The "type" of the model each method fits, as {@link Regressor#toJson} writes it. */
    static String modelType(Method method) {
        return switch (method) {
            case LINEAR, LINEAR_FLOPS, LINEAR_PARAMS, LINEAR_FLOPS_PARAMS, LINEAR_ROOFLINE -> "linear";
            case POLY2 -> "polynomial";
            case SVR -> "svr";
            case SINGLE_REF -> "single-reference";
            case DUAL_REF -> "dual-reference";
        };
    }
}
