package joules.regression.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import joules.regression.GoldenCase;
import org.junit.jupiter.api.Test;

/** R^2 and MSE equal scikit-learn's r2_score and mean_squared_error on the fixture's prediction sets. */
class MetricsTest {
    @Test
    void equalScikitLearn() {
        List<String> lines = GoldenCase.lines("/golden/metrics.txt");
        int cases = 0;
        for (int i = 0; i < lines.size(); ) {
            String[] head = lines.get(i++).split("\\s+");
            int n = Integer.parseInt(head[1]);
            double[] measured = new double[n];
            double[] predicted = new double[n];
            for (int k = 0; k < n; k++) {
                String[] v = lines.get(i++).split("\\s+");
                measured[k] = Double.parseDouble(v[0]);
                predicted[k] = Double.parseDouble(v[1]);
            }
            double r2 = Double.parseDouble(head[2]);
            double mse = Double.parseDouble(head[3]);
            assertEquals(r2, Metrics.r2(measured, predicted), 1e-12 * Math.max(1, Math.abs(r2)), head[4]);
            assertEquals(mse, Metrics.mse(measured, predicted), 1e-12 * mse, head[4]);
            cases++;
        }
        assertEquals(9, cases);
    }

    /** RMSE is the root of MSE; the relative error weighs every point alike (sklearn's mean_absolute_percentage_error). */
    @Test
    void rmseAndRelativeError() {
        double[] measured = {100, 1000, 10000};
        double[] predicted = {110, 900, 10000};
        assertEquals(Math.sqrt((100 + 10000) / 3.0), Metrics.rmse(measured, predicted), 1e-12);
        assertEquals((0.1 + 0.1 + 0) / 3, Metrics.meanRelativeError(measured, predicted), 1e-15);
        assertEquals(0, Metrics.meanRelativeError(new double[] {0}, new double[] {0}));
        Scores s = Scores.of(measured, predicted);
        assertEquals(Metrics.r2(measured, predicted), s.r2());
        assertEquals(Metrics.mse(measured, predicted), s.get(Scores.Name.MSE));
    }

    @Test
    void constantMeasurementsFollowScikitLearn() {
        assertEquals(1.0, Metrics.r2(new double[] {2, 2}, new double[] {2, 2}));
        assertEquals(0.0, Metrics.r2(new double[] {2, 2}, new double[] {1, 2}));
    }

    @Test
    void summaryUsesPopulationStdAndSkipsFailedSplits() {
        Summary s = Summary.of(new double[] {1, 3, Double.NaN});
        assertEquals(2, s.mean());
        assertEquals(1, s.std());
        assertEquals(2, s.count());
    }
}
