package joules.regression.report;

import java.util.ArrayList;
import java.util.List;
import joules.regression.analysis.Outcome;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.SplitFit;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.Feature;
import joules.regression.data.PairData;
import joules.regression.eval.Scores;
import joules.regression.eval.Summary;
import joules.results.Csv;
import joules.results.CsvNumber;

/**
 * The analysis as three CSV files that check each other: predictions.csv (every point each fit was made on or
 * scored on, with its prediction), splits.csv (each fit's scores, which follow from its test rows) and results.csv
 * (mean and population std of each score over the splits, which follow from splits.csv). Numbers are written by
 * {@link CsvNumber}, so they read back exactly.
 */
public final class AnalysisCsv {
    private AnalysisCsv() {}

    /** The columns that name one outcome (an analysis, a pair, a method on some inputs, its references). */
    public static final String KEY = "analysis,x_hardware,y_hardware,method,inputs,sampling,ref_percent,ref_count";

    public static final String RESULTS_HEADER = KEY + ",r2_mean,r2_std,mse_mean,mse_std,rmse_mean,rmse_std,rel_error_mean,"
            + "rel_error_std,splits_ok,splits,failures";
    public static final String SPLITS_HEADER = KEY + ",split,test_count,r2,mse,rmse,rel_error,failure";
    public static final String PREDICTIONS_HEADER = KEY + ",split,id,role,x_energy_j,y_energy_j,predicted_j";

    /** One row per outcome: mean and population std (numpy's default, ddof 0) of each score over the splits that fitted. */
    public static String results(StudyAnalysis.Results results) {
        StringBuilder out = new StringBuilder(RESULTS_HEADER).append('\n');
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                List<String> row = new ArrayList<>(key(o));
                int ok = 0;
                for (Scores.Name score : Scores.Name.values()) {
                    Summary s = o.summary(score);
                    row.add(CsvNumber.format(s.mean()));
                    row.add(CsvNumber.format(s.std()));
                    ok = s.count();
                }
                row.add(String.valueOf(ok));
                row.add(String.valueOf(o.splits().size()));
                row.add(String.join("; ", o.failures()));
                line(out, row);
            }
        }
        return out.toString();
    }

    /** One row per outcome and split: the scores on that split's test points. */
    public static String splits(StudyAnalysis.Results results) {
        StringBuilder out = new StringBuilder(SPLITS_HEADER).append('\n');
        for (PairResult p : results.pairs()) {
            for (Outcome o : p.outcomes()) {
                for (SplitFit s : o.splits()) {
                    List<String> row = new ArrayList<>(key(o));
                    row.add(String.valueOf(s.split()));
                    row.add(String.valueOf(s.test().length));
                    for (Scores.Name score : Scores.Name.values()) row.add(CsvNumber.format(s.scores().get(score)));
                    row.add(s.failure());
                    line(out, row);
                }
            }
        }
        return out.toString();
    }

    /**
     * One row per outcome, split and configuration that the split's fit used: role "reference" for the points it
     * was fitted on, "test" for the held-out points its scores are computed on (in the order the scores sum them).
     * predicted_j is empty where the fit failed.
     */
    public static String predictions(StudyAnalysis.Results results) {
        StringBuilder out = new StringBuilder(1 << 20).append(PREDICTIONS_HEADER).append('\n');
        for (PairResult p : results.pairs()) {
            PairData d = p.data();
            String[] x = new String[d.size()];
            String[] y = new String[d.size()];
            String[] ids = new String[d.size()];
            for (int i = 0; i < d.size(); i++) {
                x[i] = CsvNumber.format(d.energyX(i));
                y[i] = CsvNumber.format(d.energyY(i));
                ids[i] = Csv.quote(d.id(i));
            }
            for (Outcome o : p.outcomes()) {
                String key = Csv.line(key(o));
                for (SplitFit s : o.splits()) {
                    for (int r = 0; r < s.references().length; r++) {
                        int i = s.references()[r];
                        predictionLine(out, key, s.split(), ids[i], "reference", x[i], y[i], s.referencePredicted()[r]);
                    }
                    for (int t = 0; t < s.test().length; t++) {
                        int i = s.test()[t];
                        predictionLine(out, key, s.split(), ids[i], "test", x[i], y[i], s.testPredicted()[t]);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void predictionLine(StringBuilder out, String key, int split, String id, String role, String x, String y,
            double predicted) {
        out.append(key).append(',').append(split).append(',').append(id).append(',').append(role).append(',').append(x)
                .append(',').append(y).append(',').append(CsvNumber.format(predicted)).append('\n');
    }

    private static List<String> key(Outcome o) {
        return List.of(o.analysis(), o.xHardware(), o.yHardware(), o.method().id(), Feature.names(o.method().features()),
                o.sampling(), CsvNumber.format(o.percent()), String.valueOf(o.refCount()));
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(Csv.line(cells)).append('\n');
    }
}
