package joules.regression.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import joules.regression.report.ReportWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import joules.results.PowerTrace;

/**
 * Benchmark, not a test (skipped unless -Djoules.benchmark=true): the full analysis of the 4 study-like hardware
 * (12 ordered pairs, 5 splits, every method, SVR grid 7 x 7 with 5-fold CV) and the report with its 40 figures.
 * Run: mvn -q -o -pl regression test -Dtest=AnalyzeBenchmark -Djoules.benchmark=true
 * (the command line's own figure, cold JVM included: time ./joules analyze regression/src/test/resources/study/{t4,a40,rtx2080ti,gtx1080ti}.csv)
 */
class AnalyzeBenchmark {
    @Test
    void fullAnalysisOfFourHardware() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("joules.benchmark"), "benchmark: run with -Djoules.benchmark=true");
        System.setProperty("java.awt.headless", "true");
        List<Path> files = new ArrayList<>();
        for (String h : List.of("t4", "a40", "rtx2080ti", "gtx1080ti")) {
            files.add(Path.of(AnalyzeBenchmark.class.getResource("/study/" + h + ".csv").toURI()));
        }
        Path out = Files.createTempDirectory("joules-analyze-benchmark");
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            List<HardwareResults> hardware = ResultsReader.readAll(files, new ArrayList<>());
            StudyAnalysis.Results results = StudyAnalysis.run(hardware, StudyAnalysis.Options.defaults(run), (d, t) -> {});
            long analysed = System.nanoTime();
            Map<String, Map<String, PowerTrace>> traces = new HashMap<>();
            for (HardwareResults h : hardware) {
                traces.put(h.hardware(), PowerTrace.readAll(h.file(), h.rows().stream().map(ConfigResult::id).toList(), new ArrayList<>()));
            }
            ReportWriter.write(results, new ReportWriter.Inputs(ReportWriter.Inputs.of(results).names(), traces, List.of()), out);
            long done = System.nanoTime();
            System.out.printf("run %d (%s): analysis %.2f s, report %.2f s, total %.2f s on %d cores%n", run,
                    run == 0 ? "cold JVM" : "warm", (analysed - start) / 1e9, (done - analysed) / 1e9, (done - start) / 1e9,
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
