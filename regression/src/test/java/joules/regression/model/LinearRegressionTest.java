package joules.regression.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.regression.GoldenCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearRegressionTest {
    /** y = 5 + 2 x1 - 3e-9 x2 + 4e-6 x3 on inputs of very different scales (energy, FLOPs, params). */
    @Test
    void recoversKnownCoefficientsWithIntercept() {
        double[][] x = new double[12][];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i] = new double[] {10 + 37 * i, 1e6 * Math.pow(3, i % 7) + 1e5 * i, 1e4 * (i * i + 1)};
            y[i] = 5 + 2 * x[i][0] - 3e-9 * x[i][1] + 4e-6 * x[i][2];
        }
        LinearRegression fit = new LinearRegression(true).fit(x, y);
        double[] b = fit.coefficients();
        assertEquals(5, b[0], 1e-8);
        assertEquals(2, b[1], 1e-11);
        assertEquals(-3e-9, b[2], 1e-20);
        assertEquals(4e-6, b[3], 1e-16);
        assertEquals(5 + 2 * 7 - 3e-9 * 8e9 + 4e-6 * 2e4, fit.predict(new double[] {7, 8e9, 2e4}), 1e-8);
    }

    @Test
    void recoversKnownCoefficientsWithoutIntercept() {
        double[][] x = {{1, 2}, {2, 1}, {3, 5}, {4, 4}};
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) y[i] = 0.5 * x[i][0] + 1.5 * x[i][1];
        assertArrayEquals(new double[] {0.5, 1.5}, new LinearRegression(false).fit(x, y).coefficients(), 1e-12);
    }

    @Test
    void exactlyDeterminedTwoPointsIsTheLineThroughThem() {
        LinearRegression fit = new LinearRegression(true).fit(new double[][] {{100}, {300}}, new double[] {50, 170});
        assertArrayEquals(new double[] {-10, 0.6}, fit.coefficients(), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear-powerlaw.txt", "linear-three.txt"})
    void predictionsEqualScikitLearn(String file) {
        GoldenCase g = GoldenCase.load(file);
        LinearRegression fit = new LinearRegression(true).fit(g.trainX(), g.trainY());
        assertEquals(g.number("intercept"), fit.coefficients()[0], 1e-9 * Math.max(1, Math.abs(g.number("intercept"))));
        double[] got = fit.predict(g.testX());
        for (int i = 0; i < got.length; i++) assertEquals(g.expected()[i], got[i], 1e-9 * Math.abs(g.expected()[i]) + 1e-9);
    }

    @Test
    void collinearInputsAreRefusedWithAClearMessage() {
        double[][] x = {{1, 2}, {2, 4}, {3, 6}, {4, 8}}; // second input = 2 x first
        FitException e = assertThrows(FitException.class, () -> new LinearRegression(true).fit(x, new double[] {1, 2, 3, 5}));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    @Test
    void constantInputAlongsideTheInterceptIsSingular() {
        assertThrows(FitException.class, () -> new LinearRegression(true).fit(new double[][] {{3}, {3}, {3}}, new double[] {1, 2, 3}));
    }

    @Test
    void tooFewPointsSaysHowManyAreNeeded() {
        FitException e = assertThrows(FitException.class,
                () -> new LinearRegression(true).fit(new double[][] {{1, 2, 3}, {2, 3, 1}, {3, 1, 2}}, new double[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("needs at least 4 points; got 3"), e.getMessage());
    }
}
