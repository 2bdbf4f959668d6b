package joules.regression.dcase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.normalize.ReferenceSpec;
import org.junit.jupiter.api.Test;

/** The DCASE energy figures, checked by hand on the worked example of docs/codecarbon.md. */
class DcaseComparisonTest {
    private static final double KWH = 3.6e6;
    private static final double EPS = 1e-9;

    private static HardwareResults hardware(String name, Object... idAndKwh) {
        List<ConfigResult> rows = new java.util.ArrayList<>();
        for (int i = 0; i < idAndKwh.length; i += 2) {
            rows.add(new ConfigResult((String) idAndKwh[i], "", name, (double) idAndKwh[i + 1] * KWH, Double.NaN, Double.NaN, i / 2 + 2));
        }
        return new HardwareResults(name, Path.of(name + ".csv"), rows);
    }

    /** The submission: a system and two reference models on an RTX 3090. */
    private static final HardwareResults RTX = hardware("RTX 3090", "my-sed-system", 0.8, "mlp-L1-H512", 0.02, "rnn-L14-H2048", 0.42);
    /** The baseline and the same two references on an A40. */
    private static final HardwareResults A40 = hardware("A40", "mlp-L1-H512", 0.015, "rnn-L14-H2048", 0.215, "crnn-C2R2-H1024x256", 0.5);

    @Test
    void sameHardwareGivesTheRawScore() {
        HardwareResults sub = hardware("A40", "my-sed-system", 0.8);
        HardwareResults base = hardware("A40", "crnn-C2R2-H1024x256", 0.5);
        DcaseComparison c = DcaseComparison.compare(sub, base, null, null, null);
        assertTrue(c.sameHardware());
        assertNull(c.normalised());
        assertEquals(0.8, c.systemKwh(), EPS);
        assertEquals(0.5, c.baselineKwh(), EPS);
        // EW = 0.48 x 0.5 kWh / 0.8 kWh = 0.3
        assertEquals(0.3, c.energyWeighted(new Metric("PSDS1", 0.48)), EPS);
    }

    @Test
    void differentHardwareIsNormalisedThroughTheTwoSharedReferences() {
        DcaseComparison c = DcaseComparison.compare(RTX, A40, null, null, null);
        assertEquals("my-sed-system", c.system().id());          // the only id the baseline file lacks
        assertEquals("crnn-C2R2-H1024x256", c.baseline().id());  // the only id the submission file lacks
        assertTrue(!c.sameHardware());
        // raw: 0.48 x 0.5 / 0.8 = 0.3 (hardware and models mixed)
        assertEquals(0.3, c.energyWeighted(new Metric("PSDS1", 0.48)), EPS);
        // the line through (0.02, 0.015) and (0.42, 0.215) kWh: slope 0.2 / 0.4 = 0.5, intercept 0.015 - 0.01 = 0.005 kWh
        DcaseComparison.Normalised n = c.normalised();
        assertEquals(List.of("mlp-L1-H512", "rnn-L14-H2048"), n.references());
        assertEquals(0.5, n.line().slope(), EPS);
        assertEquals(0.005 * KWH, n.line().intercept(), 1e-6);
        // the system on the A40: 0.015 + (0.8 - 0.02) x 0.5 = 0.405 kWh
        assertEquals(0.405, n.systemKwh(), EPS);
        // EW = 0.48 x 0.5 / 0.405 = 0.592592...
        assertEquals(0.48 * 0.5 / 0.405, c.energyWeightedNormalised(new Metric("PSDS1", 0.48)), EPS);
        assertEquals(0.5925925925925926, c.energyWeightedNormalised(new Metric("PSDS1", 0.48)), 1e-12);
    }

    @Test
    void referencesCanBeNamedAndMustBeTwo() {
        HardwareResults rtx = hardware("RTX 3090", "my-sed-system", 0.8, "mlp-L1-H512", 0.02, "cnn-L1-H128", 0.1, "rnn-L14-H2048", 0.42);
        HardwareResults a40 = hardware("A40", "mlp-L1-H512", 0.015, "cnn-L1-H128", 0.06, "rnn-L14-H2048", 0.215, "crnn-C2R2-H1024x256", 0.5);
        DcaseComparison c = DcaseComparison.compare(rtx, a40, null, null, ReferenceSpec.parse("cnn-L1-H128,rnn-L14-H2048"));
        // slope (0.215 - 0.06) / (0.42 - 0.1) = 0.484375; system: 0.06 + 0.7 x 0.484375 = 0.3990625 kWh
        assertEquals(0.3990625, c.normalised().systemKwh(), EPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DcaseComparison.compare(rtx, a40, null, null, ReferenceSpec.parse("cnn-L1-H128")));
        assertEquals("--refs cnn-L1-H128 gives 1 reference; dual-reference normalisation takes exactly two", e.getMessage());
    }

    @Test
    void fewerThanTwoSharedReferencesLeaveOnlyTheRawComparisonAndSayWhy() {
        HardwareResults rtx = hardware("RTX 3090", "my-sed-system", 0.8, "mlp-L1-H512", 0.02);
        HardwareResults a40 = hardware("A40", "mlp-L1-H512", 0.015, "crnn-C2R2-H1024x256", 0.5);
        DcaseComparison c = DcaseComparison.compare(rtx, a40, null, null, null);
        assertNull(c.normalised());
        assertTrue(c.whyNot().startsWith("the two files share 1 reference configuration besides the system and the baseline"), c.whyNot());
        assertTrue(Double.isNaN(c.energyWeightedNormalised(new Metric("PSDS1", 0.48))));
    }

    @Test
    void anAmbiguousSystemMustBeNamed() {
        HardwareResults rtx = hardware("RTX 3090", "sys-a", 0.8, "sys-b", 0.7, "mlp-L1-H512", 0.02, "rnn-L14-H2048", 0.42);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DcaseComparison.compare(rtx, A40, null, null, null));
        assertEquals("the submission file RTX 3090.csv holds 2 configurations that the other file does not (sys-a, sys-b);"
                + " say which is the submission with --system ID", e.getMessage());
        assertEquals("sys-b", DcaseComparison.compare(rtx, A40, "sys-b", null, null).system().id());
        e = assertThrows(IllegalArgumentException.class, () -> DcaseComparison.compare(rtx, A40, "sys-c", null, null));
        assertTrue(e.getMessage().startsWith("--system sys-c: not in the submission file RTX 3090.csv"), e.getMessage());
    }

    @Test
    void metricsAreParsedFromNameEqualsValue() {
        assertEquals(new Metric("PSDS1", 0.48), Metric.parse("PSDS1=0.48"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("PSDS1"));
        assertEquals("--metric 'PSDS1': give NAME=VALUE, for example PSDS1=0.48", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Metric.parse("PSDS1=high"));
        assertEquals("--metric 'PSDS1=high': 'high' is not a number", e.getMessage());
    }
}
