package joules.regression.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SvrGridSearchTest {
    @Test
    void picksTheCombinationWithTheLowestCrossValidatedError() {
        double[][] x = new double[30][1];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i][0] = i / 5.0;
            y[i] = Math.sin(x[i][0]) * 10 + 0.1 * ((i * 7) % 5 - 2);
        }
        double[] cs = {0.1, 10};
        double[] eps = {0.01, 0.5};
        SvrGridSearch grid = new SvrGridSearch(Kernel.RBF, cs, eps, new double[] {Double.NaN}, 5, 3).fit(x, y);
        // the search's choice has the lowest score among all combinations, computed independently
        int[] fold = SvrGridSearch.foldOfPoint(30, 5, 3);
        double best = Double.POSITIVE_INFINITY;
        for (double c : cs) for (double e : eps) best = Math.min(best, crossValidated(x, y, fold, c, e));
        assertEquals(best, grid.bestScore(), 1e-9 * best);
        assertEquals(10, grid.best().c()); // a sine needs the larger C
    }

    @Test
    void foldsAreBalancedAndSeeded() {
        int[] fold = SvrGridSearch.foldOfPoint(27, 5, 11);
        int[] count = new int[5];
        for (int f : fold) count[f]++;
        for (int c : count) assertTrue(c == 5 || c == 6);
        assertEquals(java.util.Arrays.toString(fold), java.util.Arrays.toString(SvrGridSearch.foldOfPoint(27, 5, 11)));
    }

    private static double crossValidated(double[][] x, double[] y, int[] fold, double c, double e) {
        double total = 0;
        for (int f = 0; f < 5; f++) {
            java.util.List<double[]> tx = new java.util.ArrayList<>();
            java.util.List<Double> ty = new java.util.ArrayList<>();
            for (int i = 0; i < x.length; i++) if (fold[i] != f) {
                tx.add(x[i]);
                ty.add(y[i]);
            }
            Svr s = new Svr(Kernel.RBF, c, e, Double.NaN).fit(tx.toArray(new double[0][]), ty.stream().mapToDouble(Double::doubleValue).toArray());
            double se = 0;
            int n = 0;
            for (int i = 0; i < x.length; i++) if (fold[i] == f) {
                double d = s.predict(x[i]) - y[i];
                se += d * d;
                n++;
            }
            total += se / n;
        }
        return total / 5;
    }
}
