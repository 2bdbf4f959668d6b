package joules.regression.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.Method;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.HardwareResults;
import joules.results.PowerTrace;
import joules.regression.data.ConfigResult;
import joules.regression.eval.Scores;
import joules.regression.eval.Split;

/**
 * Writes an analysis to a folder: results.csv, splits.csv and predictions.csv (the numbers, see {@link AnalysisCsv}),
 * report.md (tables and findings), figures/*.png and *.svg, and report.html, which holds everything with the
 * images inlined.
 */
public final class ReportWriter {
    /** Pairs with fewer common configurations are flagged: fewer than 6 test points per split (the study had 43 and 9). */
    public static final int SMALL_PAIR = 30;

    private ReportWriter() {}

    /**
     * What the report needs besides the analysis: the hardware's short names, power traces per hardware and id, and
     * the readers' notices (rows left out, with file and line).
     */
    public record Inputs(HardwareNames names, Map<String, Map<String, PowerTrace>> traces, List<String> notices) {
        public static Inputs of(StudyAnalysis.Results results) {
            List<String> hardware = results.hardware().stream().map(HardwareResults::hardware).toList();
            return new Inputs(HardwareNames.of(hardware, List.of()), Map.of(), List.of());
        }
    }

    /** The files written, for the command to list. */
    public record Written(Path results, Path splits, Path predictions, Path markdown, Path html, List<Path> figures) {}

    public static Written write(StudyAnalysis.Results results, Inputs inputs, Path out) {
        try {
            Files.createDirectories(out.resolve("figures"));
            Path resultsCsv = write(out.resolve("results.csv"), AnalysisCsv.results(results));
            Path splitsCsv = write(out.resolve("splits.csv"), AnalysisCsv.splits(results));
            Path predictionsCsv = write(out.resolve("predictions.csv"), AnalysisCsv.predictions(results));
            HardwareNames names = inputs.names();
            StudyFigures.All figures = StudyFigures.all(results, names, inputs.traces());
            // figures are independent: draw them in parallel, then write them in order
            Map<String, Rendered> rendered = figures.list().parallelStream().map(f -> new Rendered(f, f.png(), f.svg()))
                    .collect(Collectors.toMap(r -> r.figure().name(), r -> r));
            List<Path> figureFiles = new ArrayList<>();
            for (Figure f : figures.list()) {
                Rendered r = rendered.get(f.name());
                Path png = out.resolve("figures").resolve(f.name() + ".png");
                Files.write(png, r.png());
                figureFiles.add(png);
                figureFiles.add(write(out.resolve("figures").resolve(f.name() + ".svg"), r.svg()));
            }

            ReportDocument doc = new ReportDocument();
            doc.section("data", "The data");
            doc.table(hardwareTable(results, names));
            doc.figure(figures.data(), rendered.get(figures.data().name()).png());
            List<String> notices = inputs.notices();
            if (!notices.isEmpty()) {
                doc.paragraph("Rows left out", notices.size() + " row" + (notices.size() == 1 ? " was" : "s were") + " not analysed"
                        + " (a status other than ok, with the file and line):");
                doc.bullets(notices, "skipped");
            }
            doc.note(settings(results.options()));

            List<String> warnings = warnings(results, names, notices.size());
            if (!warnings.isEmpty()) {
                doc.section("warnings", "Warnings");
                doc.bullets(warnings, "warnings");
            }

            doc.section("findings", "What this data shows");
            for (Findings.Paragraph p : Findings.inWords(results, names)) doc.finding(p.heading(), p.sentences());
            doc.table(Tables.winners(results, names));

            doc.section("references", "1. Reference points");
            for (int table = 0; table < 2; table++) {
                for (Scores.Name s : Tables.SHOWN) {
                    doc.table(Tables.analysis(results, names, "references", s).get(table),
                            table == 0 ? "Tables 1a (picked references)" : "Tables 1b (single and dual reference)", Tables.scoreTitle(s));
                }
            }
            doc.figure(figures.referencePoints(), rendered.get(figures.referencePoints().name()).png());
            perPair(doc, figures.normalisation(), rendered, "Figure 1 (per pair)", results, names);

            doc.section("regression", "2. Regression type");
            for (Scores.Name s : Tables.SHOWN) {
                doc.table(Tables.analysis(results, names, "regression", s).get(0), "Tables 2", Tables.scoreTitle(s));
            }
            doc.figure(figures.regressionTypes(), rendered.get(figures.regressionTypes().name()).png());
            perPair(doc, figures.regressionCurves(), rendered, "Figure 4 (per pair)", results, names);

            doc.section("metrics", "3. Computational metrics");
            for (Scores.Name s : Tables.SHOWN) {
                doc.table(Tables.analysis(results, names, "metrics", s).get(0), "Tables 3", Tables.scoreTitle(s));
            }
            doc.figure(figures.metrics(), rendered.get(figures.metrics().name()).png());

            doc.section("predicted", "Predicted against measured, every method");
            doc.paragraph("Each panel shows one method's predictions at the held-out test points of every split: the points its"
                    + " scores above are computed on.");
            perPair(doc, figures.predicted(), rendered, "Figure 7 (per pair)", results, names);

            doc.section("configurations", "Error per configuration");
            doc.table(Tables.perConfiguration(results));

            if (!figures.power().isEmpty()) {
                doc.section("power", "Power over time");
                for (Figure f : figures.power()) doc.figure(f, rendered.get(f.name()).png());
            }
            TextTable failures = Tables.failures(results, names);
            if (!failures.rows().isEmpty()) {
                doc.section("failures", "Fits that could not be made");
                doc.table(failures);
            }
            doc.section("files", "Files and definitions");
            doc.bullets(definitions(results), "definitions");

            String title = "Normalising energy across hardware";
            List<String> head = List.of(results.hardware().size() + " hardware, " + results.pairs().size() + " ordered pair"
                    + (results.pairs().size() == 1 ? "" : "s") + " (X → Y: energy measured on X, predicted on Y), "
                    + results.options().splits() + " random 80/20 splits each, seed " + results.options().seed() + ".");
            Path mdFile = write(out.resolve("report.md"), doc.markdown(title, head));
            Path htmlFile = out.resolve("report.html");
            doc.writeHtml(htmlFile, title, head);
            return new Written(resultsCsv, splitsCsv, predictionsCsv, mdFile, htmlFile, figureFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
    }

    private record Rendered(Figure figure, byte[] png, String svg) {}

    /** One figure per pair, listed in the contents as "Figure 1 (per pair): T4 → A40 · ...". */
    private static void perPair(ReportDocument doc, List<Figure> figures, Map<String, Rendered> rendered, String group,
            StudyAnalysis.Results results, HardwareNames names) {
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            doc.figure(f, rendered.get(f.name()).png(), group, Tables.label(results.pairs().get(i), names));
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static TextTable hardwareTable(StudyAnalysis.Results results, HardwareNames names) {
        List<List<String>> rows = new ArrayList<>();
        for (HardwareResults h : results.hardware()) {
            double lo = h.rows().stream().mapToDouble(ConfigResult::energyJ).min().orElse(Double.NaN);
            double hi = h.rows().stream().mapToDouble(ConfigResult::energyJ).max().orElse(Double.NaN);
            rows.add(List.of(names.of(h.hardware()), h.hardware(), String.valueOf(h.file()), String.valueOf(h.rows().size()),
                    Tables.joules(lo) + " – " + Tables.joules(hi)));
        }
        return new TextTable("Hardware", "Short names are used in the tables and figures; the CSV files keep the full names.",
                List.of("short name", "hardware", "file", "configurations", "energy"), rows);
    }

    /** Small pairs, hardware missing configurations, rows left out and failed fits. */
    static List<String> warnings(StudyAnalysis.Results results, HardwareNames names, int skipped) {
        List<String> out = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>();
        for (HardwareResults h : results.hardware()) for (ConfigResult r : h.rows()) all.add(r.id());
        for (HardwareResults h : results.hardware()) {
            if (h.rows().size() < all.size()) {
                out.add(names.of(h.hardware()) + " (" + h.file() + ") has " + h.rows().size() + " of the " + all.size()
                        + " configurations found in the files; its pairs use only the configurations measured on both.");
            }
        }
        Map<Integer, List<PairResult>> small = new java.util.TreeMap<>();
        for (PairResult p : results.pairs()) {
            if (p.data().size() < SMALL_PAIR) small.computeIfAbsent(p.data().size(), n -> new ArrayList<>()).add(p);
        }
        small.forEach((size, pairs) -> {
            int test = (int) Math.round(size * Split.TEST_FRACTION);
            PairResult widest = null;
            double widestStd = -1;
            for (PairResult p : pairs) {
                double std = linear(p).map(o -> o.r2Summary().std()).orElse(Double.NaN);
                if (std > widestStd) {
                    widest = p;
                    widestStd = std;
                }
            }
            out.add((pairs.size() == 1 ? "1 pair has" : pairs.size() + " pairs have") + " only " + size + " configurations measured on both"
                    + " hardware, so " + (size - test) + " training and " + test + " test points per split (fewer than " + SMALL_PAIR
                    + "; the study had 43): " + String.join(", ", pairs.stream().map(p -> Tables.label(p, names)).toList()) + "."
                    + " Scores on so few test points vary widely between splits" + (widest == null ? "" : " (linear regression: R² "
                    + Tables.r2(linear(widest).get().r2Summary()) + " for " + Tables.label(widest, names) + ")")
                    + "; compare these pairs' methods with care.");
        });
        if (skipped > 0) out.add(skipped + " result row" + (skipped == 1 ? " was" : "s were") + " left out (status not ok): see The data.");
        long failed = results.pairs().stream().flatMap(p -> p.outcomes().stream()).mapToLong(o -> o.failures().size()).sum();
        if (failed > 0) out.add(failed + " fit" + (failed == 1 ? "" : "s") + " could not be made: see Fits that could not be made.");
        return out;
    }

    private static java.util.Optional<joules.regression.analysis.Outcome> linear(PairResult p) {
        return Tables.find(p, o -> o.analysis().equals("regression") && o.method() == Method.LINEAR);
    }

    private static String settings(StudyAnalysis.Options o) {
        return "Settings: seed " + o.seed() + "; " + o.splits() + " random 80/20 splits per pair; references "
                + Arrays.toString(o.percents()) + " % of the training points; SVR: " + o.svr().kernel().id() + " kernel, "
                + o.svr().combinations() + " combinations of C " + Arrays.toString(o.svr().cs()) + ", epsilon "
                + Arrays.toString(o.svr().epsilons()) + ", gamma " + Arrays.toString(o.svr().gammas()).replace("NaN", "scale")
                + " chosen by " + o.svr().folds() + "-fold cross-validation (standardised units).";
    }

    private static List<String> definitions(StudyAnalysis.Results results) {
        int splits = results.options().splits();
        return List.of(
                "predictions.csv: one row per analysis, pair, method, inputs, sampling, reference share, split and configuration that"
                        + " the split's fit used; role \"reference\" for the points the method was fitted on, \"test\" for the held-out"
                        + " points its scores are computed on; x_energy_j and y_energy_j as read, predicted_j the prediction on Y (empty"
                        + " where the fit failed).",
                "splits.csv: the scores of each fit on its test points: r2 = 1 − Σ(y − p)² / Σ(y − ȳ)², mse = Σ(y − p)² / n (J²),"
                        + " rmse = √mse (J), rel_error = Σ|p − y| / y / n (a fraction), over its test_count test rows of predictions.csv.",
                "results.csv: for each outcome, the mean and the population standard deviation (numpy's std, ddof 0) of each score"
                        + " over the " + splits + " splits that fitted (splits_ok of splits), and why the others failed.",
                "Every number in the CSV files is written as the shortest decimal that reads back as the same double, so each score"
                        + " can be recomputed from the files exactly. Tables here round: R² to 3 decimals, RMSE to 3 significant digits"
                        + " (k = 10³, M = 10⁶), relative error in %, MSE to 2 significant digits.",
                "Figures are PNG (inlined here) and SVG in figures/; hardware go by their short names (set with --short-name"
                        + " HARDWARE=NAME).");
    }
}
