package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import joules.regression.GoldenCase;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ResultsReader;
import joules.regression.data.RooflineTimes;
import joules.regression.eval.Scores;
import org.junit.jupiter.api.Test;

/** The +roofline input in the metrics analysis: scored beside +flops and +params only when times are given, and labelled a model. */
class RooflineMetricTest {
    static final List<HardwareResults> HARDWARE = ResultsReader.readAll(List.of(GoldenCase.resultsFile("gpu-a.csv"),
            GoldenCase.resultsFile("gpu-b.csv")), new ArrayList<>());
    static final StudyAnalysis.Options OPTIONS = new StudyAnalysis.Options(3, 2, new double[] {50, 100},
            SvrSettings.parse("rbf", "1", "0.1", "scale", 3));

    /** Roofline-like times: FLOPs over a peak or 28 bytes a parameter over a bandwidth, whichever is longer, per hardware. */
    static final RooflineTimes TIMES = (id, hardware) -> {
        var row = HARDWARE.get(0).byId().get(id);
        boolean a = hardware.equals("gpu-a");
        return Math.max(row.flops() / (a ? 1e13 : 4e13), 28 * row.params() / (a ? 3e11 : 7e11));
    };

    @Test
    void scoredBesideFlopsAndParamsWhenGiven() {
        StudyAnalysis.Results with = StudyAnalysis.run(HARDWARE, OPTIONS, TIMES, (done, total) -> {});
        List<Method> metrics = with.pairs().get(0).outcomes().stream().filter(o -> o.analysis().equals("metrics"))
                .map(Outcome::method).toList();
        assertEquals(List.of(Method.LINEAR, Method.LINEAR_FLOPS, Method.LINEAR_PARAMS, Method.LINEAR_FLOPS_PARAMS,
                Method.LINEAR_ROOFLINE), metrics);
        for (PairResult p : with.pairs()) {
            Outcome roofline = p.outcomes().stream().filter(o -> o.method() == Method.LINEAR_ROOFLINE).findFirst().orElseThrow();
            assertEquals(2, roofline.r2Summary().count(), roofline.failures().toString());
            assertTrue(roofline.r2Summary().mean() > 0.5, "R² " + roofline.r2Summary().mean());
        }
        assertTrue(AnalysisCsv.results(with).contains(",linear+roofline,energy_j+roofline_source_s+roofline_target_s,all,100,"));
        HardwareNames names = HardwareNames.of(List.of("gpu-a", "gpu-b"), List.of());
        TextTable metricsR2 = Tables.analysis(with, names, "metrics", Scores.Name.R2).get(0);
        assertTrue(metricsR2.note().contains("roofline model's predictions (docs/roofline.md), not measurements"), metricsR2.note());
        assertTrue(metricsR2.header().contains("energy + roofline times (a model)"), metricsR2.header().toString());

        StudyAnalysis.Results without = StudyAnalysis.run(HARDWARE, OPTIONS, (done, total) -> {});
        assertFalse(without.pairs().get(0).outcomes().stream().anyMatch(o -> o.method().usesRoofline()));
    }
}
