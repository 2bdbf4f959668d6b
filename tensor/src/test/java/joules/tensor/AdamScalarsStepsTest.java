package joules.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scalars from the kept decimals are those of the decimal round trip done at every step, bit for bit. */
class AdamScalarsStepsTest {

    /** How the scalars were computed before the decimals were kept: the string round trip on every call. */
    private static AdamScalars everyStep(AdamConfig cfg, int step) {
        double lr = AdamScalars.decimal(cfg.lr()), beta1 = AdamScalars.decimal(cfg.beta1()), beta2 = AdamScalars.decimal(cfg.beta2());
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        return new AdamScalars((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) AdamScalars.decimal(cfg.eps()), (float) (-lr / biasCorrection1), (float) Math.sqrt(biasCorrection2));
    }

    @Test
    void theSameFloatsOverStepsOneToOneHundredThousandAndAcrossConfigChanges() {
        AdamConfig[] configs = {AdamConfig.defaults(), AdamConfig.withLr(0.05f), new AdamConfig(3e-4f, 0.8f, 0.99f, 1e-6f)};
        for (int step = 1; step <= 100_000; step++) {
            for (AdamConfig cfg : configs) {             // a new config every call: the kept decimals are replaced each time
                assertEquals(everyStep(cfg, step), AdamScalars.of(cfg, step));   // record equality: Float.compare on each float
            }
            assertEquals(everyStep(configs[0], step), AdamScalars.of(configs[0], step));
            assertEquals(everyStep(configs[0], step), AdamScalars.of(configs[0], step));   // the kept decimals, reused
        }
    }

    @Test
    void theKeptDecimalsAreTheConfigs() {
        AdamConfig cfg = new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f);
        AdamScalars.Decimals d = AdamScalars.Decimals.of(cfg);
        assertEquals(0.001, d.lr());
        assertEquals(0.9, d.beta1());
        assertEquals(0.999, d.beta2());
        assertEquals(1e-8, d.eps());
        assertEquals(d, AdamScalars.Decimals.of(AdamConfig.defaults()));
    }
}
