package joules.regression.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.regression.GoldenCase;
import java.util.ArrayList;
import java.util.List;
import joules.regression.analysis.Method;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import joules.regression.data.RooflineTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NormalizationModelTest {
    static final HardwareResults A = ResultsReader.read(GoldenCase.resultsFile("gpu-a.csv"), new ArrayList<>()).get(0);
    static final HardwareResults B = ResultsReader.read(GoldenCase.resultsFile("gpu-b.csv"), new ArrayList<>()).get(0);
    static final SvrSettings SMALL_GRID = SvrSettings.parse("rbf", "1,10", "0.01,0.1", "scale", 3);

    /**
     * A stand-in for the roofline times that the command line computes from its table of cards: the larger of a
     * configuration's FLOPs over a peak and 28 bytes a parameter over a bandwidth, gpu-a slower than gpu-b.
     */
    static final RooflineTimes TIMES = (id, hardware) -> {
        ConfigResult r = A.byId().get(id);
        boolean a = hardware.equals("gpu-a");
        if (!a && !hardware.equals("gpu-b")) throw new IllegalArgumentException("no card for " + hardware);
        return Math.max(r.flops() / (a ? 1e13 : 4e13), 28 * r.params() / (a ? 3e11 : 7e11));
    };

    @ParameterizedTest
    @EnumSource(Method.class)
    void everyMethodFitsSavesAndPredictsTheSame(Method method) {
        ReferenceSpec refs = method == Method.SINGLE_REF ? ReferenceSpec.parse("min-max:1")
                : method == Method.DUAL_REF ? ReferenceSpec.parse("min-max:2") : ReferenceSpec.parse("min-max:10");
        NormalizationModel model = NormalizationModel.fit(A, B, method, refs, SMALL_GRID, 1, TIMES);
        NormalizationModel back = NormalizationModel.fromJson(model.toJson(), "model.json");
        assertEquals("gpu-a", back.fromHardware());
        assertEquals("gpu-b", back.toHardware());
        assertEquals(model.references(), back.references());
        for (ConfigResult r : A.rows()) assertEquals(model.predict(r, TIMES), back.predict(r, TIMES), 0.0);
        // a sensible mapping: within a factor 2 of the measured energy on the largest model
        ConfigResult big = A.rows().get(A.rows().size() - 1);
        double measured = B.byId().get(big.id()).energyJ();
        double predicted = model.predict(big, TIMES);
        assertTrue(predicted > measured / 2 && predicted < measured * 2, method + ": " + predicted + " vs " + measured);
    }

    /**
     * Energies on a target that are exactly 2 + 0.5 E_a + 1000 t_a + 3000 t_b, where t_a and t_b are the roofline
     * times on the source and on the target: linear+roofline finds those coefficients, in that order, so each time
     * is read for the right hardware. Without roofline times it says what is missing.
     */
    @Test
    void linearPlusRooflineReadsTheTimesOfBothHardware() {
        List<ConfigResult> target = new ArrayList<>();
        for (ConfigResult r : A.rows()) {
            double e = 2 + 0.5 * r.energyJ() + 1000 * TIMES.seconds(r.id(), "gpu-a") + 3000 * TIMES.seconds(r.id(), "gpu-b");
            target.add(new ConfigResult(r.id(), r.family(), "gpu-b", e, r.flops(), r.params(), r.line()));
        }
        HardwareResults b = new HardwareResults("gpu-b", B.file(), target);
        NormalizationModel model = NormalizationModel.fit(A, b, Method.LINEAR_ROOFLINE, ReferenceSpec.ALL, SMALL_GRID, 1, TIMES);
        String json = model.toJson();
        assertTrue(json.contains("\"inputs\": [\n    \"energy_j\",\n    \"roofline_source_s\",\n    \"roofline_target_s\"\n  ]"), json);
        for (ConfigResult r : A.rows()) assertEquals(b.byId().get(r.id()).energyJ(), model.predict(r, TIMES), 1e-6 * b.byId().get(r.id()).energyJ());
        assertTrue(Method.LINEAR_ROOFLINE.usesRoofline() && !Method.LINEAR_FLOPS.usesRoofline());
        assertEquals(Method.LINEAR_ROOFLINE, Method.parse("linear+roofline"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationModel.fit(A, b, Method.LINEAR_ROOFLINE, ReferenceSpec.ALL, SMALL_GRID, 1));
        assertEquals("no roofline times were given for 'gpu-a': the methods with +roofline need them (joules analyze --roofline,"
                + " joules normalize --method linear+roofline)", e.getMessage());
    }

    @Test
    void dualReferenceUsesTheLowestAndHighestEnergyModels() {
        NormalizationModel model = NormalizationModel.fit(A, B, Method.DUAL_REF, ReferenceSpec.parse("min-max:2"), SMALL_GRID, 1);
        ConfigResult low = A.rows().stream().min((p, q) -> Double.compare(p.energyJ(), q.energyJ())).orElseThrow();
        ConfigResult high = A.rows().stream().max((p, q) -> Double.compare(p.energyJ(), q.energyJ())).orElseThrow();
        assertEquals(List.of(low.id(), high.id()).stream().sorted().toList(), model.references().stream().sorted().toList());
        assertEquals(B.byId().get(low.id()).energyJ(), model.predict(low), 1e-9);
        assertEquals(B.byId().get(high.id()).energyJ(), model.predict(high), 1e-6);
    }

    /** The model keeps the range of each input over its references, and says when a prediction leaves it or is negative. */
    @Test
    void notesExtrapolationAndNegativePredictions() {
        NormalizationModel model = NormalizationModel.fit(A, B, Method.LINEAR_FLOPS, ReferenceSpec.parse("min-max:4"), SMALL_GRID, 1);
        NormalizationModel back = NormalizationModel.fromJson(model.toJson(), "model.json");
        assertEquals(model.ranges(), back.ranges());
        assertEquals(List.of("energy_j", "flops"), back.ranges().stream().map(r -> r.input().column()).toList());
        ReferenceRange energy = back.ranges().get(0);
        double lowest = A.rows().stream().mapToDouble(ConfigResult::energyJ).min().orElseThrow();
        assertEquals(lowest, energy.low());            // min-max: the lowest energy is a reference
        ConfigResult inside = A.rows().stream().filter(r -> !back.extrapolates(r)).findFirst().orElseThrow();
        assertEquals("", back.note(inside, 100));
        ConfigResult big = new ConfigResult("x", "mlp", "gpu-a", energy.high() * 3, energy.high(), 1, 2);
        assertEquals("negative; energy_j " + String.format(java.util.Locale.ROOT, "%.3g", 3 * energy.high()) + " is above the references'"
                + " range " + energy.text() + " (3.00 times the highest)", back.note(big, -5).replaceAll("; flops.*", ""));
        assertTrue(back.extrapolates(big));
    }

    @Test
    void tooFewReferencesSayHowManyTheMethodNeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationModel.fit(A, B, Method.LINEAR_FLOPS_PARAMS, ReferenceSpec.parse("min-max:3"), SMALL_GRID, 1));
        assertTrue(e.getMessage().contains("needs at least 4 reference points; --refs min-max:3 gives 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationModel.fit(A, B, Method.DUAL_REF, ReferenceSpec.ALL, SMALL_GRID, 1));
        assertTrue(e.getMessage().contains("takes exactly 2 reference points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationModel.fit(A, B, Method.LINEAR, ReferenceSpec.parse("mlp-L1-H512,nope"), SMALL_GRID, 1));
        assertTrue(e.getMessage().contains("id 'nope' is not among the 43 configurations"), e.getMessage());
    }

    @Test
    void badModelFilesAreReportedWithTheirPlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NormalizationModel.fromJson("{\n  \"format\": \"joules-normalization\",\n  \"method\": oops\n}", "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: line 3, column 13"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NormalizationModel.fromJson("{\"format\": \"other\"}", "m.json"));
        assertTrue(e.getMessage().contains("not a joules normalisation model"), e.getMessage());
    }

    /** Every field of a model file is checked on load, and a wrong one is named with its file. */
    @Test
    void aModelIsValidatedFullyNamingFileAndField() {
        String good = NormalizationModel.fit(A, B, Method.LINEAR_FLOPS, ReferenceSpec.parse("min-max:10"), SMALL_GRID, 1).toJson();
        String dual = NormalizationModel.fit(A, B, Method.DUAL_REF, ReferenceSpec.parse("min-max:2"), SMALL_GRID, 1).toJson();
        record Case(String json, String message) {}
        List<Case> cases = List.of(
                new Case(good.replace("\"version\": 1", "\"version\": 99"),
                        "m.json: field 'version' is 99; this joules reads version 1 (the model comes from a newer joules: update this one)"),
                new Case(good.replace("\"version\": 1", "\"version\": \"1\""), "m.json: field 'version' should be a number"),
                new Case(good.replace("\"flops\"", "\"watts\""),
                        "m.json: field 'inputs' is [energy_j, watts]; method linear+flops takes [energy_j, flops]"),
                new Case(good.replace("\"method\": \"linear+flops\"", "\"method\": \"linear\""),
                        "m.json: field 'inputs' is [energy_j, flops]; method linear takes [energy_j]"),
                new Case(good.replace("\"method\": \"linear+flops\"", "\"method\": \"cubic\""), "m.json: field 'method': unknown method 'cubic'"),
                new Case(good.replace("\"type\": \"linear\"", "\"type\": \"svr\""),
                        "m.json: field 'model.type' is 'svr'; method linear+flops fits a 'linear' model"),
                new Case(good.replaceFirst("(\"references\": \\[\\s*)\"[^\"]+\"", "$1\"../../x\""), "m.json: field 'references': '../../x' is not a configuration id"),
                new Case(dual.replaceFirst("\"slope\": [-0-9.eE]+", "\"slope\": 1e999"), "the number 1e999 is beyond the range of a double"),
                new Case(dual.replaceFirst("\"slope\": [-0-9.eE]+", "\"slope\": \"steep\""), "m.json.model: field 'slope' should be a number"),
                new Case(good.replaceFirst("\"coefficients\": \\[[^]]*]", "\"coefficients\": [1]"),
                        "m.json: field 'model': its coefficients do not fit the 2 input(s) of method linear+flops"));
        for (Case c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalizationModel.fromJson(c.json(), "m.json"),
                    c.message());
            assertTrue(e.getMessage().contains(c.message()), "expected '" + c.message() + "' in: " + e.getMessage());
        }
        assertEquals(Method.LINEAR_FLOPS, NormalizationModel.fromJson(good, "m.json").method());
    }
}
