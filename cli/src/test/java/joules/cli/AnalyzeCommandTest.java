package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * joules analyze and joules normalize fit/apply on the regression module's synthetic results of four GPUs
 * (43 configurations each): the files written, numbers checked against numpy, and bad input.
 */
class AnalyzeCommandTest {
    static final Path RESULTS = Path.of("..", "regression", "src", "test", "resources", "results");
    static final String A = RESULTS.resolve("gpu-a.csv").toString();
    static final String B = RESULTS.resolve("gpu-b.csv").toString();

    @TempDir Path dir;

    @Test
    void analyzeWritesTablesReportAndFigures() throws Exception {
        Path out = dir.resolve("analysis");
        Cli.Result r = Cli.joules("analyze", A, B, "--splits", "2", "--C", "1", "--epsilon", "0.1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("gpu-a -> gpu-b: references "), lines.get(0));
        assertTrue(lines.get(1).startsWith("gpu-b -> gpu-a: references "), lines.get(1));
        assertTrue(lines.get(2).startsWith("wrote results.csv, splits.csv, predictions.csv, report.md, report.html and "), lines.get(2));
        assertTrue(lines.get(2).contains(" in " + out + " ("), lines.get(2));

        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("analysis,x_hardware,y_hardware,method,inputs,sampling,ref_percent,ref_count,r2_mean,r2_std,"
                + "mse_mean,mse_std,rmse_mean,rmse_std,rel_error_mean,rel_error_std,splits_ok,splits,failures", results.get(0));
        for (String row : results.subList(1, results.size())) {
            List<String> cells = List.of(row.split(",", -1));
            assertEquals(19, cells.size(), row);
            if (cells.get(0).equals("regression") && cells.get(3).equals("linear")) {
                assertTrue(Double.parseDouble(cells.get(8)) > 0.99, row);   // gpu-b is nearly linear in gpu-a
            }
        }
        // both pairs, 2 splits each: every split of every scored variant has a line
        assertEquals(2 * (results.size() - 1) + 1, Files.readAllLines(out.resolve("splits.csv")).size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        assertTrue(Files.isRegularFile(out.resolve("figures").resolve("fig5-regression-types.svg")));
        // predictions.csv, per pair and split: the references of each fit (2, 4, 6, 16, 34 for 10-100 %, random and
        // min-max; 1 + 1 single; 2 dual; 34 for each of 3 regressions and 4 input sets) and the 9 test points of each of the 20
        int perSplit = 2 * (2 + 4 + 6 + 16 + 34) + 1 + 1 + 2 + 7 * 34 + 20 * 9;
        assertEquals(1 + 2 * 2 * perSplit, Files.readAllLines(out.resolve("predictions.csv")).size());
    }

    static final Path STUDY = Path.of("..", "regression", "src", "test", "resources", "study");

    /** --pairs and --reference take full or short names; --short-name renames a hardware in the report and its file names. */
    @Test
    void analyzeLimitsThePairs() throws Exception {
        String t4 = STUDY.resolve("t4.csv").toString();
        String a40 = STUDY.resolve("a40.csv").toString();
        String rtx = STUDY.resolve("rtx2080ti.csv").toString();
        Path out = dir.resolve("pairs");
        Cli.Result r = Cli.joules("analyze", t4, a40, rtx, "--pairs", "T4:A40,NVIDIA GeForce RTX 2080 Ti:t4", "--splits", "2", "--C", "1",
                "--epsilon", "0.1", "--short-name", "NVIDIA GeForce RTX 2080 Ti=RTX", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("T4 -> A40: references "), lines.get(0));
        assertTrue(lines.get(1).startsWith("RTX -> T4: references "), lines.get(1));
        assertTrue(lines.get(2).startsWith("wrote "), lines.get(2));
        assertTrue(r.err().contains("t4.csv: line 45: skipped 'crnn-C2R2-H2048x256' (status 'out_of_memory')"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("figures/fig7-predicted-rtx-to-t4.png")));
        assertTrue(Files.readString(out.resolve("report.md")).contains("t4.csv: line 45: skipped 'crnn-C2R2-H2048x256'"));
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 2 * 20, results.size());
        assertTrue(results.get(1).startsWith("references,Tesla T4,NVIDIA A40,linear,energy_j,random,10,"), results.get(1));

        Cli.Result ref = Cli.joules("analyze", t4, a40, rtx, "--reference", "A40", "--splits", "1", "--C", "1", "--epsilon", "0.1",
                "--out", dir.resolve("ref").toString());
        assertEquals(0, ref.exit(), ref.err());
        assertEquals(List.of("T4 -> A40", "RTX 2080 Ti -> A40"), ref.out().lines().limit(2).map(l -> l.substring(0, l.indexOf(':'))).toList());

        assertBadInput(Cli.joules("analyze", t4, a40, "--pairs", "T4:V100", "--out", dir.resolve("o").toString()),
                "joules: --pairs T4:V100: no hardware 'V100'; known: T4 (Tesla T4), A40 (NVIDIA A40)");
        assertBadInput(Cli.joules("analyze", t4, a40, "--pairs", "T4:A40", "--reference", "A40", "--out", dir.resolve("o").toString()),
                "joules: give --pairs or --reference, not both");
        assertBadInput(Cli.joules("analyze", t4, a40, "--short-name", "T4", "--out", dir.resolve("o").toString()),
                "joules: --short-name T4: give HARDWARE=SHORT");
    }

    @Test
    void analyzeRefusesBadInputBeforeComputing() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertBadInput(Cli.joules("analyze", A, B, "--out", file.toString()), "joules: --out " + file + " is a file; give a folder");
        assertBadInput(Cli.joules("analyze", A, RESULTS.toString(), "--out", dir.resolve("o").toString()),
                "joules: the results file " + RESULTS + " is a folder, not a file");
        assertBadInput(Cli.joules("analyze", A, "--out", dir.resolve("o").toString()),
                "joules: analyze needs results from at least 2 hardware; got 1 ('gpu-a' in " + A + ")");
        assertBadInput(Cli.joules("analyze", A, B, "--splits", "0"), "joules: --splits must be at least 1; got 0");
        assertBadInput(Cli.joules("analyze", A, B, "--C", "1,x", "--out", dir.resolve("o").toString()), "joules: --C 1,x: 'x' is not a number");
        assertBadInput(Cli.joules("analyze", A, B, "--kernel", "poly", "--out", dir.resolve("o").toString()),
                "joules: unknown SVR kernel 'poly'; valid: linear, rbf");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertBadInput(Cli.joules("analyze", A, empty.toString(), "--out", dir.resolve("o").toString()), "joules: " + empty + ": line 1: ");
    }

    /**
     * The dual reference through the lowest and highest energy on gpu-a (crnn-C1R1-H64x64, crnn-C2R2-H1024x256):
     * slope = (E_b(hi) - E_b(lo)) / (E_a(hi) - E_a(lo)), intercept = E_b(lo) - slope E_a(lo); the numbers are numpy's
     * from the two CSV files. The linear fit on all 43 and its predictions are numpy.polyfit's.
     */
    @Test
    void normalizeFitsAndAppliesWithNumpysNumbers() throws Exception {
        Path dual = dir.resolve("models/dual.json");
        Cli.Result fit = Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "dual-ref", "--out", dual.toString());
        assertEquals(0, fit.exit(), fit.err());
        assertEquals("wrote " + dual + ": dual-ref from 'gpu-a' to 'gpu-b' on 2 reference configurations\n", fit.out());
        String json = Files.readString(dual);
        assertTrue(json.contains("\"crnn-C1R1-H64x64\",\n    \"crnn-C2R2-H1024x256\""), json);
        assertEquals(-18.49771724604338, number(json, "intercept"), 1e-9);
        assertEquals(0.8063181350333607, number(json, "slope"), 1e-12);

        Path linear = dir.resolve("linear.json");
        assertEquals(0, Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear", "--out", linear.toString()).exit());
        Path predicted = dir.resolve("predicted.csv");
        Cli.Result apply = Cli.joules("normalize", "apply", "--model", linear.toString(), "--input", A, "--out", predicted.toString());
        assertEquals(0, apply.exit(), apply.err());
        assertEquals("wrote " + predicted + ": 43 predictions of energy on 'gpu-b'\n", apply.out());
        assertEquals("", apply.err());      // nothing negative, nothing outside the references' range: nothing to say
        List<String> rows = Files.readAllLines(predicted);
        assertEquals(44, rows.size());
        assertEquals("id,predicted_energy_j,note", rows.get(0));
        assertEquals("mlp-L1-H512", rows.get(1).split(",")[0]);
        assertEquals(178.700527, Double.parseDouble(rows.get(1).split(",")[1]), 5e-7);
        assertEquals(599.056696, Double.parseDouble(rows.get(3).split(",")[1]), 5e-7);
        assertEquals("", rows.get(1).split(",", -1)[2]);
    }

    /**
     * A linear fit on the five largest models (A40 -> T4) extrapolates far below its references and predicts negative
     * energies: each such row says so and by how much, and one line on stderr counts them; the exit code stays 0.
     */
    @Test
    void normalizeApplyNotesNegativeAndExtrapolatedPredictions() throws Exception {
        String a40 = STUDY.resolve("a40.csv").toString();
        Path model = dir.resolve("big.json");
        assertEquals(0, Cli.joules("normalize", "fit", "--from", a40, "--to", STUDY.resolve("t4.csv").toString(), "--method", "linear",
                "--refs", "mlp-L16-H4096,mlp-L32-H4096,rnn-L14-H2048,crnn-C2R2-H1024x256,rnn-L10-H2048", "--out", model.toString()).exit());
        assertTrue(Files.readString(model).contains("\"reference_ranges\": {\n    \"energy_j\": [160"), Files.readString(model));
        Path predicted = dir.resolve("p.csv");
        Cli.Result r = Cli.joules("normalize", "apply", "--model", model.toString(), "--input", a40, "--out", predicted.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("joules: 36 of 43 predictions are negative; 38 of 43 configurations lie outside the references' range (energy_j"
                + " 1.60e+05 to 4.93e+05), where the model extrapolates; see the note column of " + predicted + "\n", r.err());
        List<String> rows = Files.readAllLines(predicted);
        assertTrue(rows.get(1).startsWith("mlp-L1-H512,-349142.63"), rows.get(1));
        assertTrue(rows.get(1).endsWith(",negative; energy_j 821 is below the references' range 1.60e+05 to 4.93e+05 (0.00512 times"
                + " the lowest)"), rows.get(1));
        long notes = rows.stream().skip(1).filter(l -> !l.endsWith(",")).count();
        assertEquals(38, notes);
        // a model written before ranges were recorded still applies; it can only say "negative"
        String old = Files.readString(model).replaceAll("(?s)\"reference_ranges\": \\{.*?\\},\n  ", "");
        Path oldModel = Files.writeString(dir.resolve("old.json"), old);
        Cli.Result o = Cli.joules("normalize", "apply", "--model", oldModel.toString(), "--input", a40, "--out", predicted.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.err().startsWith("joules: 36 of 43 predictions are negative; the model does not record its references' range"), o.err());
    }

    @Test
    void normalizeRefusesBadInputInOneLine() throws Exception {
        Path model = dir.resolve("m.json");
        assertBadInput(Cli.joules("normalize"), "joules: normalize needs a subcommand: fit or apply");
        assertBadInput(Cli.joules("normalize", "fitt"), "joules: unknown command 'fitt'; did you mean fit? (see 'joules normalize --help')");
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "cubic", "--out", model.toString()),
                "joules: unknown method 'cubic'; valid: linear, poly2, svr, linear+flops, linear+params, linear+flops+params, linear+roofline,"
                        + " single-ref, dual-ref");
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", A, "--method", "linear", "--out", model.toString()),
                "joules: " + A + ": hardware 'gpu-a' is the same as in " + A);
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "dual-ref", "--refs", "min-max:3",
                "--out", model.toString()), "joules: method dual-ref takes exactly 2 reference points");
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear", "--out", dir.toString()),
                "joules: --out " + dir + " is a folder; give a file name");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertBadInput(Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear", "--out", file.resolve("m.json").toString()),
                "joules: --out " + file.resolve("m.json") + ": cannot create its folder " + file.toAbsolutePath());

        assertEquals(0, Cli.joules("normalize", "fit", "--from", A, "--to", B, "--method", "linear", "--out", model.toString()).exit());
        Path out = dir.resolve("p.csv");
        assertBadInput(Cli.joules("normalize", "apply", "--model", dir.toString(), "--input", A, "--out", out.toString()),
                "joules: the model file " + dir + " is a folder, not a file");
        assertBadInput(Cli.joules("normalize", "apply", "--model", A, "--input", A, "--out", out.toString()),
                "joules: " + A + ": line 1, column 1: unexpected character 'i'");
        assertBadInput(Cli.joules("normalize", "apply", "--model", model.toString(), "--input", B, "--out", out.toString()),
                "joules: " + B + ": no rows from hardware 'gpu-a', the source of " + model + " (found: gpu-b)");
        assertTrue(!Files.exists(out));
    }

    /** The number after "name": in a JSON text. */
    private static double number(String json, String name) {
        int at = json.indexOf("\"" + name + "\": ") + name.length() + 4;
        int end = at;
        while (end < json.length() && "-+.eE0123456789".indexOf(json.charAt(end)) >= 0) end++;
        return Double.parseDouble(json.substring(at, end));
    }
}
