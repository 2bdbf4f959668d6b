package joules.regression.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import joules.regression.analysis.Method;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.Feature;
import joules.regression.eval.Summary;

/** The analysis results as CSV files and as the report's tables. */
public final class Tables {
    private Tables() {}

    static final String CSV_HEADER = "analysis,x_hardware,y_hardware,method,inputs,sampling,ref_percent,ref_count,"
            + "r2_mean,r2_std,mse_mean,mse_std,splits_ok,splits,failures";

    /** One row per outcome: means and population stds over the splits that fitted. */
    public static String resultsCsv(StudyAnalysis.Results results) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                Summary r2 = o.r2Summary();
                Summary mse = o.mseSummary();
                out.append(String.join(",", key(o), number(r2.mean()), number(r2.std()), number(mse.mean()), number(mse.std()),
                        String.valueOf(r2.count()), String.valueOf(o.r2().length), csv(String.join("; ", o.failures())))).append('\n');
            }
        }
        return out.toString();
    }

    /** One row per outcome and split. */
    public static String splitsCsv(StudyAnalysis.Results results) {
        StringBuilder out = new StringBuilder("analysis,x_hardware,y_hardware,method,inputs,sampling,ref_percent,ref_count,split,r2,mse\n");
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                for (int s = 0; s < o.r2().length; s++) {
                    out.append(String.join(",", key(o), String.valueOf(s), number(o.r2()[s]), number(o.mse()[s]))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String key(Outcome o) {
        return String.join(",", o.analysis(), csv(o.xHardware()), csv(o.yHardware()), o.method().id(), Feature.names(o.method().features()),
                o.sampling(), number(o.percent()), String.valueOf(o.refCount()));
    }

    /** The report's tables: the summary of winners, then each analysis (R^2 and MSE, mean ± std). */
    public static List<TextTable> reportTables(StudyAnalysis.Results results) {
        List<TextTable> tables = new ArrayList<>();
        List<List<String>> summary = new ArrayList<>();
        for (PairResult p : results.pairs()) {
            Findings f = Findings.of(p);
            summary.add(List.of(f.pair(), Findings.describe(f.bestReferences()), f.dualBeatsSingle() ? "yes" : "no",
                    Findings.describe(f.bestRegression()), Findings.describe(f.bestMetrics())));
        }
        tables.add(new TextTable("Which method wins, per pair (mean R² on the test points)", "",
                List.of("pair (X → Y)", "best reference strategy", "dual beats single reference", "best regression type",
                        "best computational metrics"), summary));

        PairResult first = results.pairs().get(0);
        for (String analysis : List.of("references", "regression", "metrics")) {
            List<Outcome> columns = first.outcomes().stream().filter(o -> o.analysis().equals(analysis)).toList();
            List<String> header = new ArrayList<>();
            header.add("pair (X → Y)");
            for (Outcome o : columns) header.add(columnLabel(o));
            for (boolean r2 : new boolean[] {true, false}) {
                List<List<String>> rows = new ArrayList<>();
                for (PairResult p : results.pairs()) {
                    List<String> row = new ArrayList<>();
                    row.add(p.data().label());
                    for (Outcome o : p.outcomes()) {
                        if (!o.analysis().equals(analysis)) continue;
                        row.add(meanStd(r2 ? o.r2Summary() : o.mseSummary(), r2, o.r2().length));
                    }
                    rows.add(row);
                }
                boolean roofline = columns.stream().anyMatch(o -> o.method().usesRoofline());
                tables.add(new TextTable(title(analysis) + (r2 ? ": R²" : ": MSE (J²)"),
                        "Mean ± std over " + results.options().splits() + " random 80/20 splits, scored on the test points."
                                + (roofline ? " Roofline times are the roofline model's predictions (docs/roofline.md), not"
                                        + " measurements: check them against measured durations before trusting them." : ""),
                        header, rows));
            }
        }
        List<List<String>> failed = new ArrayList<>();
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                for (String f : o.failures()) failed.add(List.of(p.data().label(), o.analysis(), columnLabel(o), f));
            }
        }
        if (!failed.isEmpty()) {
            tables.add(new TextTable("Fits that could not be made", "These splits are left out of the means above.",
                    List.of("pair", "analysis", "method", "reason"), failed));
        }
        return tables;
    }

    private static String title(String analysis) {
        return switch (analysis) {
            case "references" -> "1. Reference points (linear regression on the references, and the single/dual baselines)";
            case "regression" -> "2. Regression type (all training points as references)";
            default -> "3. Computational metrics (linear regression, all training points)";
        };
    }

    static String columnLabel(Outcome o) {
        if (o.analysis().equals("references")) {
            return switch (o.method()) {
                case SINGLE_REF -> "single ref (" + o.sampling() + ")";
                case DUAL_REF -> "dual ref";
                default -> fixed(o.percent(), 0) + " % " + o.sampling();
            };
        }
        return o.method() == Method.LINEAR && o.analysis().equals("metrics") ? "energy only" : o.method().label();
    }

    private static String meanStd(Summary s, boolean r2, int splits) {
        if (s.count() == 0) return "failed";
        String text = r2 ? fixed(s.mean(), 3) + " ± " + fixed(s.std(), 3) : sci(s.mean()) + " ± " + sci(s.std());
        return s.count() < splits ? text + " (" + s.count() + "/" + splits + ")" : text;
    }

    /** A number for CSV: up to 10 significant digits, empty when NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.10g", v).replaceAll("0+(e|$)", "$1").replace(".e", "e").replaceAll("\\.$", "");
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String sci(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3g", v);
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }
}
