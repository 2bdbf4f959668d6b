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
import joules.regression.data.ResultRow;
import joules.regression.data.ResultsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NormalizationModelTest {
    static final HardwareResults A = ResultsReader.read(GoldenCase.resultsFile("gpu-a.csv"), new ArrayList<>()).get(0);
    static final HardwareResults B = ResultsReader.read(GoldenCase.resultsFile("gpu-b.csv"), new ArrayList<>()).get(0);
    static final SvrSettings SMALL_GRID = SvrSettings.parse("rbf", "1,10", "0.01,0.1", "scale", 3);

    @ParameterizedTest
    @EnumSource(Method.class)
    void everyMethodFitsSavesAndPredictsTheSame(Method method) {
        ReferenceSpec refs = method == Method.SINGLE_REF ? ReferenceSpec.parse("min-max:1")
                : method == Method.DUAL_REF ? ReferenceSpec.parse("min-max:2") : ReferenceSpec.parse("min-max:10");
        NormalizationModel model = NormalizationModel.fit(A, B, method, refs, SMALL_GRID, 1);
        NormalizationModel back = NormalizationModel.fromJson(model.toJson(), "model.json");
        assertEquals("gpu-a", back.fromHardware());
        assertEquals("gpu-b", back.toHardware());
        assertEquals(model.references(), back.references());
        for (ResultRow r : A.rows()) assertEquals(model.predict(r), back.predict(r), 0.0);
        // a sensible mapping: within a factor 2 of the measured energy on the largest model
        ResultRow big = A.rows().get(A.rows().size() - 1);
        double measured = B.byId().get(big.id()).energyJ();
        double predicted = model.predict(big);
        assertTrue(predicted > measured / 2 && predicted < measured * 2, method + ": " + predicted + " vs " + measured);
    }

    @Test
    void dualReferenceUsesTheLowestAndHighestEnergyModels() {
        NormalizationModel model = NormalizationModel.fit(A, B, Method.DUAL_REF, ReferenceSpec.parse("min-max:2"), SMALL_GRID, 1);
        ResultRow low = A.rows().stream().min((p, q) -> Double.compare(p.energyJ(), q.energyJ())).orElseThrow();
        ResultRow high = A.rows().stream().max((p, q) -> Double.compare(p.energyJ(), q.energyJ())).orElseThrow();
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
        double lowest = A.rows().stream().mapToDouble(ResultRow::energyJ).min().orElseThrow();
        assertEquals(lowest, energy.low());            // min-max: the lowest energy is a reference
        ResultRow inside = A.rows().stream().filter(r -> !back.extrapolates(r)).findFirst().orElseThrow();
        assertEquals("", back.note(inside, 100));
        ResultRow big = new ResultRow("x", "mlp", "gpu-a", energy.high() * 3, energy.high(), 1, 2);
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
}
