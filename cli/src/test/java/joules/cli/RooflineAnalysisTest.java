package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import joules.layers.cost.Hardware;
import joules.layers.cost.Roofline;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The +roofline input of analyze and normalize, on the regression module's synthetic results (gpu-a, gpu-b):
 * hardware names mapped to cards (NVML names, or --roofline-card), the method scored beside +flops and +params,
 * a fit whose inputs are checked against times computed here, and a name without a card refused in one line.
 */
class RooflineAnalysisTest {
    static final String A = AnalyzeCommandTest.A;
    static final String B = AnalyzeCommandTest.B;

    @TempDir Path dir;

    /** The study's run (1,578 clips, batch 8, 10 epochs) of a configuration on a card, as the command line computes it. */
    static double runSeconds(String id, String card) {
        return Roofline.trainingRunSeconds(Zoo.network(Zoo.config(id)), Zoo.SAMPLE_SHAPE, 1578, 8, 10, Hardware.byKey(card));
    }

    @Test
    void analyzeScoresRooflineBesideFlopsAndParams() throws Exception {
        Path out = dir.resolve("analysis");
        Cli.Result r = Cli.joules("analyze", A, B, "--splits", "2", "--C", "1", "--epsilon", "0.1", "--out", out.toString(),
                "--roofline", "--roofline-card", "gpu-a=t4", "--roofline-card", "gpu-b=a40");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("joules: +roofline: 'gpu-a' = NVIDIA T4 (8100 GFLOP/s, 320 GB/s), 'gpu-b' = NVIDIA A40"
                + " (37400 GFLOP/s, 696 GB/s); each configuration's predicted time for the study's training run (1578 clips,"
                + " batch 8, 10 epochs) by the roofline model: a model, not a measurement (docs/roofline.md)"), r.err());
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        List<String> rows = lines.stream().filter(l -> l.startsWith("metrics,")).toList();
        assertEquals(2 * 5, rows.size(), String.join("\n", rows));      // both pairs: energy, +flops, +params, +both, +roofline
        for (String pair : List.of("metrics,gpu-a,gpu-b,linear+roofline,energy_j+roofline_source_s+roofline_target_s,all,",
                "metrics,gpu-b,gpu-a,linear+roofline,energy_j+roofline_source_s+roofline_target_s,all,")) {
            String row = rows.stream().filter(l -> l.startsWith(pair)).findFirst().orElseThrow(() -> new AssertionError(pair));
            String[] cells = row.split(",", -1);
            assertEquals("2", cells[header.indexOf("splits_ok")], row);                      // both splits fitted
            assertTrue(Double.parseDouble(cells[header.indexOf("r2_mean")]) > 0.5, row);      // R² on the test points
        }
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("energy + roofline times (a model)"), "the metrics table has the column");
        assertTrue(report.contains("Roofline times are the roofline model's predictions (docs/roofline.md), not measurements"));
    }

    /**
     * A linear+roofline fit on all 43 configurations from gpu-a (named a T4) to gpu-b (an A40), applied: the residuals
     * of a least-squares fit are orthogonal to each of its inputs, so they are to the energy on gpu-a and to the two
     * run times computed here, which shows that the fit read those numbers, each for its own card.
     */
    @Test
    void normalizeFitsAndAppliesOnRooflineTimes() throws Exception {
        Path model = dir.resolve("roofline.json");
        Cli.Result fit = Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear+roofline", "--out",
                model.toString(), "--roofline-card", "gpu-a=t4", "--roofline-card", "gpu-b=a40");
        assertEquals(0, fit.exit(), fit.err());
        assertTrue(fit.err().contains("+roofline: 'gpu-a' = NVIDIA T4"), fit.err());
        assertTrue(Files.readString(model).contains("\"roofline_target_s\""));

        Path predicted = dir.resolve("predicted.csv");
        Cli.Result apply = Cli.joules("normalize", "apply", "--model", model.toString(), "--input", A, "--out", predicted.toString(),
                "--roofline-card", "gpu-a=t4", "--roofline-card", "gpu-b=a40");
        assertEquals(0, apply.exit(), apply.err());
        Map<String, Double> measuredA = energies(Path.of(A));
        Map<String, Double> measuredB = energies(Path.of(B));
        double[] dots = new double[4];      // residuals . (1, E_a, t_t4, t_a40)
        double[] scale = new double[4];
        for (String line : Files.readAllLines(predicted).subList(1, 44)) {
            String[] c = line.split(",");
            double residual = measuredB.get(c[0]) - Double.parseDouble(c[1]);
            double[] x = {1, measuredA.get(c[0]), runSeconds(c[0], "t4"), runSeconds(c[0], "a40")};
            for (int k = 0; k < 4; k++) {
                dots[k] += residual * x[k];
                scale[k] += Math.abs(residual * x[k]);
            }
        }
        for (int k = 0; k < 4; k++) assertTrue(Math.abs(dots[k]) < 1e-6 * scale[k], "input " + k + ": " + dots[k] + " of " + scale[k]);

        assertBadInput(Cli.joules("normalize", "apply", "--model", model.toString(), "--input", A, "--out", predicted.toString()),
                "joules: hardware 'gpu-a' is not a card of the roofline table; name its card with --roofline-card 'gpu-a=KEY'");
    }

    /** Names as NVML gives them need no --roofline-card. */
    @Test
    void nvmlNamesMapToTheirCards() throws Exception {
        Path a = renamed(Path.of(A), "gpu-a", "Tesla T4");
        Path b = renamed(Path.of(B), "gpu-b", "NVIDIA GeForce RTX 2080 Ti");
        Path model = dir.resolve("m.json");
        Cli.Result fit = Cli.joules("normalize", "fit", "--from", a.toString(), "--to", b.toString(), "--method", "linear+roofline",
                "--out", model.toString());
        assertEquals(0, fit.exit(), fit.err());
        assertTrue(fit.err().contains("'Tesla T4' = NVIDIA T4 (8100 GFLOP/s, 320 GB/s), 'NVIDIA GeForce RTX 2080 Ti' = NVIDIA"
                + " GeForce RTX 2080 Ti (13447.7 GFLOP/s, 616 GB/s)"), fit.err());
    }

    @Test
    void badCardsAreOneLine() {
        Path out = dir.resolve("o");
        String keys = "gtx-1080-ti, rtx-2080-ti, t4, a40, h100, h100-pcie, h200, h200-nvl";
        assertBadInput(Cli.joules("analyze", A, B, "--out", out.toString(), "--roofline"),
                "joules: hardware 'gpu-a' is not a card of the roofline table; name its card with --roofline-card 'gpu-a=KEY'"
                        + " (KEY: " + keys + ", or PEAK_GFLOPS:BANDWIDTH_GBS)");
        assertBadInput(Cli.joules("analyze", A, B, "--out", out.toString(), "--roofline-card", "gpu-a=t4"),
                "joules: --roofline-card goes with --roofline");
        assertBadInput(Cli.joules("analyze", A, B, "--out", out.toString(), "--roofline", "--roofline-card", "gpu-z=t4"),
                "joules: --roofline-card 'gpu-z=t4': no hardware 'gpu-z' in the results (they hold: gpu-a, gpu-b)");
        assertBadInput(Cli.joules("analyze", A, B, "--out", out.toString(), "--roofline", "--roofline-card", "gpu-a=v100",
                "--roofline-card", "gpu-b=t4"), "joules: --roofline-card 'gpu-a=v100': unknown hardware 'v100'");
        assertBadInput(Cli.joules("analyze", A, B, "--out", out.toString(), "--roofline", "--roofline-card", "gpu-a=abc:1",
                "--roofline-card", "gpu-b=t4"), "joules: --roofline-card 'gpu-a=abc:1': PEAK_GFLOPS:BANDWIDTH_GBS must be two positive numbers");
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear", "--out", dir.resolve("m.json").toString(),
                "--roofline-card", "gpu-a=t4"), "joules: --roofline-card goes with the method linear+roofline");
        // a card given by its two numbers is accepted
        Cli.Result ok = Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear+roofline", "--out",
                dir.resolve("m.json").toString(), "--roofline-card", "gpu-a=8100:320", "--roofline-card", "gpu-b=a40");
        assertEquals(0, ok.exit(), ok.err());
    }

    private Path renamed(Path results, String from, String to) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(results)) lines.add(l.replace("," + from + ",", "," + to + ","));
        return Files.write(dir.resolve(results.getFileName()), lines);
    }

    /** id -> energy_j of a synthetic results file. */
    private static Map<String, Double> energies(Path results) throws Exception {
        List<String> lines = Files.readAllLines(results);
        List<String> header = List.of(lines.get(0).split(","));
        int id = header.indexOf("id"), energy = header.indexOf("energy_j");
        Map<String, Double> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            m.put(c[id], Double.parseDouble(c[energy]));
        }
        return m;
    }
}
