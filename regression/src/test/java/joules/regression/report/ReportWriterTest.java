package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.regression.GoldenCase;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import joules.results.PowerTrace;

/** The whole analysis on the synthetic results of 3 hardware, with a small SVR grid, rendered to a folder. */
class ReportWriterTest {
    @TempDir
    static Path out;
    static StudyAnalysis.Results results;
    static ReportWriter.Written written;

    @BeforeAll
    static void analyse() {
        System.setProperty("java.awt.headless", "true");
        List<HardwareResults> hardware = ResultsReader.readAll(List.of(GoldenCase.resultsFile("gpu-a.csv"),
                GoldenCase.resultsFile("gpu-b.csv"), GoldenCase.resultsFile("gpu-c.csv")), new ArrayList<>());
        StudyAnalysis.Options options = new StudyAnalysis.Options(7, 3, new double[] {10, 50, 100},
                SvrSettings.parse("rbf", "1,10", "0.01,0.1", "scale", 3));
        results = StudyAnalysis.run(hardware, options, (done, total) -> {});
        Map<String, Map<String, PowerTrace>> traces = new HashMap<>();
        for (HardwareResults h : hardware) {
            traces.put(h.hardware(), PowerTrace.readAll(h.file(), h.rows().stream().map(ConfigResult::id).toList(), new ArrayList<>()));
        }
        written = ReportWriter.write(results, traces, out);
    }

    @Test
    void everyOrderedPairHasEveryAnalysis() {
        assertEquals(6, results.pairs().size());
        List<Outcome> first = results.pairs().get(0).outcomes();
        assertEquals(3 * 2 + 3, first.stream().filter(o -> o.analysis().equals("references")).count());
        assertEquals(3, first.stream().filter(o -> o.analysis().equals("regression")).count());
        assertEquals(4, first.stream().filter(o -> o.analysis().equals("metrics")).count());
        for (Outcome o : first) assertEquals(3, o.r2Summary().count(), o.method() + " " + o.sampling() + " " + o.failures());
        // the synthetic hardware are related by power laws: the regressions on all training points fit well
        Outcome linear = first.stream().filter(o -> o.analysis().equals("regression")).findFirst().orElseThrow();
        assertTrue(linear.r2Summary().mean() > 0.9, "R² " + linear.r2Summary().mean());
    }

    @Test
    void csvHasOneRowPerOutcomeAndReadsAsNumbers() throws IOException {
        List<String> lines = Files.readAllLines(written.results());
        assertEquals(Tables.CSV_HEADER, lines.get(0));
        assertEquals(1 + 6 * 16, lines.size());
        String[] row = lines.get(1).split(",", -1);
        assertEquals(15, row.length);
        Double.parseDouble(row[8]); // r2_mean
        Double.parseDouble(row[10]); // mse_mean
        assertEquals(1 + 6 * 16 * 3, Files.readAllLines(written.splits()).size());
    }

    @Test
    void figuresExistAsPngAndSvgAndAreReferenced() throws IOException {
        String md = Files.readString(written.markdown());
        String html = Files.readString(written.html());
        int pngs = 0;
        for (Path f : written.figures()) {
            assertTrue(Files.size(f) > 1000, f + " is too small");
            String name = f.getFileName().toString();
            if (name.endsWith(".png")) {
                BufferedImage image = ImageIO.read(f.toFile());
                assertNotNull(image, name);
                assertTrue(image.getWidth() >= 800, name);
                assertTrue(md.contains("(figures/" + name + ")"), name + " not in report.md");
                pngs++;
            } else {
                assertTrue(Files.readString(f).startsWith("<?xml"), name);
            }
        }
        // fig3, fig5, fig6, one fig1 and one fig4 per pair, power of gpu-a
        assertEquals(3 + 6 + 6 + 1, pngs);
        assertTrue(Files.exists(out.resolve("figures/power-gpu-a.png")));
        assertFalse(Files.exists(out.resolve("figures/power-gpu-b.png")));
        // the HTML is self-contained: every figure inlined, nothing loaded from elsewhere
        assertEquals(pngs, html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("src=\"figures/"));
        assertFalse(html.contains("<link"));
        assertTrue(html.contains("Which method wins"));
    }
}
