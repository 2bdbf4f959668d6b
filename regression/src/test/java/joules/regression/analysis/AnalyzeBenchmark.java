package joules.regression.analysis;

import joules.regression.GoldenCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import joules.regression.data.HardwareResults;
import joules.regression.data.PowerTrace;
import joules.regression.data.ResultRow;
import joules.regression.data.ResultsReader;
import joules.regression.report.ReportWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (skipped unless -Djoules.benchmark=true): the full analysis of 4 hardware
 * (12 ordered pairs, 5 splits, every method, SVR grid 7 x 7 with 5-fold CV) and the report.
 * Run: mvn -q -o -pl regression test -Dtest=AnalyzeBenchmark -Djoules.benchmark=true
 */
class AnalyzeBenchmark {
    @Test
    void fullAnalysisOfFourHardware() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("joules.benchmark"), "benchmark: run with -Djoules.benchmark=true");
        System.setProperty("java.awt.headless", "true");
        List<Path> files = new ArrayList<>();
        for (String h : List.of("a", "b", "c", "d")) files.add(GoldenCase.resultsFile("gpu-" + h + ".csv"));
        Path out = Files.createTempDirectory("joules-analyze-benchmark");
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            List<HardwareResults> hardware = ResultsReader.readAll(files, new ArrayList<>());
            StudyAnalysis.Results results = StudyAnalysis.run(hardware, StudyAnalysis.Options.defaults(run), (d, t) -> {});
            long analysed = System.nanoTime();
            Map<String, Map<String, PowerTrace>> traces = new HashMap<>();
            for (HardwareResults h : hardware) {
                traces.put(h.hardware(), PowerTrace.readAll(h.file(), h.rows().stream().map(ResultRow::id).toList(), new ArrayList<>()));
            }
            ReportWriter.write(results, new ReportWriter.Inputs(ReportWriter.Inputs.of(results).names(), traces, List.of()), out);
            long done = System.nanoTime();
            System.out.printf("run %d (%s): analysis %.2f s, report %.2f s, total %.2f s on %d cores%n", run,
                    run == 0 ? "cold JVM" : "warm", (analysed - start) / 1e9, (done - analysed) / 1e9, (done - start) / 1e9,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
