package joules.regression.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import joules.regression.GoldenCase;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairSelection;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import joules.results.PowerTrace;

/**
 * The report of the study-like files (the study's four GPUs by name, 225 J to 1.9 MJ), with one hardware that
 * lacks half its configurations and one failed row, for three pairs picked with --pairs: its sections, warnings,
 * findings and figures.
 */
class ReportWriterTest {
    @TempDir
    static Path out;
    static StudyAnalysis.Results results;
    static ReportWriter.Written written;
    static String md;
    static String html;

    static Path study(String name) throws Exception {
        return Path.of(ReportWriterTest.class.getResource("/study/" + name).toURI());
    }

    @BeforeAll
    static void analyse() throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> notices = new ArrayList<>();
        List<HardwareResults> hardware = ResultsReader.readAll(List.of(study("t4.csv"), study("a40.csv"), study("gtx1080ti-half.csv"),
                GoldenCase.resultsFile("gpu-a.csv")), notices);
        List<String> all = hardware.stream().map(HardwareResults::hardware).toList();
        HardwareNames names = HardwareNames.of(all, List.of("gpu-a=Synthetic A"));
        List<PairSelection.OrderedPair> pairs = PairSelection.select(all, names, "T4:A40,A40:T4,T4:GTX 1080 Ti", null);
        StudyAnalysis.Options options = new StudyAnalysis.Options(3, 5, new double[] {10, 15, 20, 50, 100},
                SvrSettings.parse("rbf", "1,10", "0.01,0.1", "scale", 3));
        results = StudyAnalysis.run(hardware, pairs, options, (done, total) -> {});
        Map<String, Map<String, PowerTrace>> traces = new HashMap<>();
        for (HardwareResults h : hardware) {
            traces.put(h.hardware(), PowerTrace.readAll(h.file(), h.rows().stream().map(ConfigResult::id).toList(), new ArrayList<>()));
        }
        written = ReportWriter.write(results, new ReportWriter.Inputs(names, traces, notices), out);
        md = Files.readString(written.markdown());
        html = Files.readString(written.html());
    }

    @Test
    void analysesTheChosenPairsOnly() {
        assertEquals(List.of("Tesla T4 -> NVIDIA A40", "NVIDIA A40 -> Tesla T4", "Tesla T4 -> NVIDIA GeForce GTX 1080 Ti"),
                results.pairs().stream().map(p -> p.data().label()).toList());
        Outcome dual = results.pairs().get(2).outcomes().stream().filter(o -> o.method().id().equals("dual-ref")).findFirst().orElseThrow();
        assertEquals(4, dual.splits().get(0).test().length);     // 21 configurations in common: 17 train, 4 test
        assertEquals(17 + 4, results.pairs().get(2).data().size());
    }

    @Test
    void reportHasContentsFindingsWarningsAndSkippedRows() {
        for (String section : List.of("## Contents", "## The data", "## Warnings", "## What this data shows", "## 1. Reference points",
                "## 2. Regression type", "## 3. Computational metrics", "## Predicted against measured, every method",
                "## Error per configuration", "## Power over time", "## Files and definitions")) {
            assertTrue(md.contains("\n" + section + "\n"), section);
        }
        // the contents link every section and table; anchors exist
        assertTrue(md.contains("1. [The data](#data)"), md.substring(0, 600));
        assertTrue(md.contains("Figure 1 (per pair): [T4 → A40](#fig1-normalisation-t4-to-a40)"));
        assertTrue(md.contains("<a id=\"fig1-normalisation-t4-to-a40\"></a>"));
        assertTrue(html.contains("<a href=\"#findings\">What this data shows</a>"));
        // the file missing half its configurations and the pair it leaves small
        assertTrue(md.contains("GTX 1080 Ti (") && md.contains("gtx1080ti-half.csv) has 21 of the 43 configurations found in the files"));
        assertTrue(md.contains("1 pair has only 21 configurations measured on both hardware, so 17 training and 4 test points per split"
                + " (fewer than 30; the study had 43): T4 → GTX 1080 Ti."));
        // the failed row of t4.csv, with file and line
        assertTrue(md.contains("t4.csv: line 45: skipped 'crnn-C2R2-H2048x256' (status 'out_of_memory')"));
        // findings name each of the study's analyses and say when a gap is within the spread
        for (String f : List.of("**Choice of references (figure 1).**", "**Number and selection of references (figure 3).**",
                "**Regression type (figures 4 and 5).**", "**Adding FLOPs and parameters (figure 6).**")) {
            assertTrue(md.contains(f), f);
        }
        assertTrue(md.contains("within the spread in "));
        // std is named: population std over the splits
        assertTrue(md.contains("population standard deviation (numpy's std, ddof 0)"));
    }

    @Test
    void headersShowReferenceCounts() {
        assertTrue(md.contains("| pair (X → Y) | picked | 10 % (2 refs) | 15 % (2–4 refs) | 20 % (2–6 refs) | 50 % (8–16 refs) | 100 % (17–34 refs) |"),
                md);
        assertTrue(md.contains("single reference, lowest energy (1 ref)"));
        assertTrue(md.contains("dual reference (2 refs)"));
    }

    @Test
    void perConfigurationErrorsCoverEveryTestedConfiguration() {
        TextTable t = Tables.perConfiguration(results);
        assertEquals(43, t.rows().size()); // the configurations of T4 and A40 (GTX 1080 Ti holds a subset)
        int tested = 0;
        for (List<String> row : t.rows()) tested += Integer.parseInt(row.get(2));
        // each split holds out 9 + 9 + 4 configurations over the three pairs
        assertEquals(5 * (9 + 9 + 4), tested);
    }

    /**
     * FLOPs proportional to parameters: energy + FLOPs + params cannot be fitted on any split. The failure is written,
     * not hidden: empty predictions, the reason in splits.csv, splits_ok 0 in results.csv, "failed" cells and a
     * section of the report.
     */
    @Test
    void failedFitsAreWrittenNotHidden(@TempDir Path dir) throws IOException {
        List<HardwareResults> hardware = new ArrayList<>();
        for (String h : List.of("X", "Y")) {
            List<ConfigResult> rows = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                double flops = 1e6 * (i + 1) * (i + 1);
                rows.add(new ConfigResult("m" + i, "mlp", h, (h.equals("X") ? 100 : 80) * (i + 1) + 3 * i * i, flops, flops / 2, i + 2));
            }
            hardware.add(new HardwareResults(h, dir.resolve(h + ".csv"), rows));
        }
        StudyAnalysis.Results r = StudyAnalysis.run(hardware, new StudyAnalysis.Options(1, 2, new double[] {50, 100},
                SvrSettings.parse("rbf", "1", "0.1", "scale", 3)), (d, t) -> {});
        ReportWriter.Written w = ReportWriter.write(r, ReportWriter.Inputs.of(r), dir.resolve("out"));
        String failing = "metrics,X,Y,linear+flops+params,energy_j+flops+params,all,100,16,";
        List<String> predictions = Files.readAllLines(w.predictions()).stream().filter(l -> l.startsWith(failing)).toList();
        assertEquals(2 * (16 + 4), predictions.size());
        assertTrue(predictions.stream().allMatch(l -> l.endsWith(",")), "no prediction where the fit failed");
        List<String> splits = Files.readAllLines(w.splits()).stream().filter(l -> l.startsWith(failing)).toList();
        assertEquals(2, splits.size());
        assertTrue(splits.get(0).startsWith(failing + "0,4,,,,,least squares is singular"), splits.get(0));
        String result = Files.readAllLines(w.results()).stream().filter(l -> l.startsWith(failing)).findFirst().orElseThrow();
        assertTrue(result.startsWith(failing + ",,,,,,,,0,2,split 0: least squares is singular"), result);
        String report = Files.readString(w.markdown());
        assertTrue(report.contains("## Fits that could not be made"));
        assertTrue(report.contains("| failed |"));
        long failed = r.pairs().stream().flatMap(p -> p.outcomes().stream()).mapToLong(o -> o.failures().size()).sum();
        assertEquals(2 * 2, failed); // both pairs, both splits, energy + FLOPs + params only
        assertTrue(report.contains("- 4 fits could not be made: see Fits that could not be made."), report);
        for (Path f : w.figures()) {
            if (f.toString().endsWith(".svg")) assertFalse(Files.readString(f).contains("NaN"), f.toString());
        }
    }

    @Test
    void figuresExistAsPngAndSvgAndAreInlined() throws IOException {
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
                String svg = Files.readString(f);
                assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), name);
                assertFalse(svg.contains("NaN") || svg.contains("Infinity"), name + " holds a non-finite coordinate");
            }
        }
        // fig0, fig3, fig5, fig6; fig1, fig4 and fig7 per pair; power of Synthetic A (gpu-a has traces)
        assertEquals(4 + 3 * 3 + 1, pngs);
        for (String name : List.of("fig0-energy-flops-params", "fig1-normalisation-t4-to-gtx-1080-ti", "fig4-regressions-a40-to-t4",
                "fig7-predicted-t4-to-a40", "power-synthetic-a")) {
            assertTrue(Files.exists(out.resolve("figures/" + name + ".png")), name);
        }
        // the HTML is self-contained: every figure inlined, nothing loaded from elsewhere
        assertEquals(pngs, html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("src=\"figures/"));
        assertFalse(html.contains("<link"));
        assertTrue(html.contains("<meta name=\"viewport\""));
    }
}
