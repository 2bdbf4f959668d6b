package joules.regression.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import joules.results.Json;
import joules.results.JsonObject;
import org.junit.jupiter.api.Test;

class BaselineReferenceTest {
    @Test
    void singleReferenceAppliesTheRatio() {
        SingleReference r = new SingleReference().fit(new double[][] {{200}}, new double[] {50});
        assertEquals(0.25, r.ratio(), 0);
        assertEquals(1000, r.predict(new double[] {4000}), 1e-12);
    }

    @Test
    void dualReferenceIsTheLineThroughBothReferences() {
        DualReference r = new DualReference().fit(new double[][] {{100}, {1100}}, new double[] {30, 530});
        assertEquals(0.5, r.slope(), 1e-15);
        assertEquals(-20, r.intercept(), 1e-12);
        assertEquals(230, r.predict(new double[] {500}), 1e-12);
    }

    @Test
    void degenerateReferencesAreRefused() {
        assertThrows(FitException.class, () -> new DualReference().fit(new double[][] {{100}, {100}}, new double[] {1, 2}));
        assertThrows(FitException.class, () -> new SingleReference().fit(new double[][] {{0}}, new double[] {1}));
        assertThrows(FitException.class, () -> new SingleReference().fit(new double[][] {{1}, {2}}, new double[] {1, 2}));
    }

    @Test
    void everyModelSurvivesJson() {
        double[][] x = {{1}, {2}, {4}, {8}, {16}};
        double[] y = {2, 3, 5, 11, 15};
        Regressor[] models = {new LinearRegression(true).fit(x, y), new PolynomialRegression(2).fit(x, y),
                new DualReference().fit(new double[][] {{1}, {16}}, new double[] {2, 15}),
                new SingleReference().fit(new double[][] {{4}}, new double[] {5})};
        for (Regressor m : models) {
            Regressor back = Regressors.fromJson(new JsonObject(Json.parse(Json.write(m.toJson()), "m.json"), "m.json"));
            for (double v : new double[] {0.5, 3, 20}) assertEquals(m.predict(new double[] {v}), back.predict(new double[] {v}), 0.0);
        }
    }
}
