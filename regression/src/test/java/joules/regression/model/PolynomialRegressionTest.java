package joules.regression.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import joules.regression.GoldenCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolynomialRegressionTest {
    /** y = a + b x + c x^2 with x = m + s z gives, in standardised z: (a + b m + c m^2) + (b s + 2 c m s) z + c s^2 z^2. */
    @Test
    void recoversKnownCoefficientsInStandardisedUnits() {
        double a = 3;
        double b = -0.4;
        double c = 0.002;
        double[][] x = new double[9][1];
        double[] y = new double[9];
        for (int i = 0; i < 9; i++) {
            x[i][0] = 10 + 25 * i;
            y[i] = a + b * x[i][0] + c * x[i][0] * x[i][0];
        }
        PolynomialRegression fit = new PolynomialRegression(2).fit(x, y);
        double m = fit.standardizer().mean()[0];
        double s = fit.standardizer().std()[0];
        assertEquals(110, m, 1e-12);
        assertArrayEquals(new double[] {a + b * m + c * m * m, b * s + 2 * c * m * s, c * s * s}, fit.coefficients(), 1e-9);
        assertEquals(a + b * 500 + c * 500 * 500, fit.predict(new double[] {500}), 1e-8);
    }

    @Test
    void anyDegreeFitsACubicExactly() {
        double[][] x = new double[8][1];
        double[] y = new double[8];
        for (int i = 0; i < 8; i++) {
            x[i][0] = i - 3.5;
            y[i] = 1 - x[i][0] + 0.5 * Math.pow(x[i][0], 3);
        }
        assertEquals(1 - 10 + 500, new PolynomialRegression(3).fit(x, y).predict(new double[] {10}), 1e-8);
    }

    @Test
    void monomialsFollowScikitLearnOrder() {
        var m = PolynomialRegression.monomials(2, 2);
        assertEquals(5, m.size()); // z0, z1, z0^2, z0 z1, z1^2
        assertArrayEquals(new int[] {0, 1}, m.get(3));
        assertEquals(10, new PolynomialRegression(2).minPoints(3)); // 1 + 3 + 6
    }

    @ParameterizedTest
    @ValueSource(strings = {"poly2-powerlaw.txt", "poly2-three.txt"})
    void predictionsEqualScikitLearn(String file) {
        GoldenCase g = GoldenCase.load(file);
        double[] got = new PolynomialRegression(2).fit(g.trainX(), g.trainY()).predict(g.testX());
        for (int i = 0; i < got.length; i++) assertEquals(g.expected()[i], got[i], 1e-7 * Math.abs(g.expected()[i]) + 1e-7);
    }

    @Test
    void constantInputIsRefused() {
        assertThrows(FitException.class, () -> new PolynomialRegression(2).fit(new double[][] {{2}, {2}, {2}, {2}}, new double[] {1, 2, 3, 4}));
    }
}
