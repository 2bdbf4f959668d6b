package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The results file, the power traces and the CodeCarbon file write each measured value at its column's resolution
 * ({@link Csv#decimal}: energy to 0.1 mJ, time to 1 ms, ...). The cell must read back as exactly that rounded value,
 * and writing what was read gives the same cell: no digit of a whole number or an exponent is lost.
 */
class CsvDecimalRoundTripTest {
    private static void roundTrip(double x, int decimals) {
        String cell = Csv.decimal(x, decimals);
        double rounded = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
        assertEquals(rounded, Csv.number(cell), 0.0, x + " -> " + cell);
        assertEquals(cell, Csv.decimal(Csv.number(cell), decimals), x + " -> " + cell);
    }

    @Test
    void integersTrailingZerosExponentsNegativesSubnormals() {
        assertEquals("1303373840", Csv.decimal(1.30337384e9, 4));
        assertEquals("36841507460", Csv.decimal(3.684150746e10, 4));
        assertEquals("100", Csv.decimal(100.0, 4));
        assertEquals("2.5", Csv.decimal(2.50, 4));
        assertEquals("-11790.25", Csv.decimal(-11790.25, 4));
        assertEquals("0", Csv.decimal(Double.MIN_VALUE, 4));           // a subnormal is below every column's resolution
        for (double x : new double[] {0, 1, 10, 1e15, 1e20, 1e22, 397601464320.0, 0.1 + 0.2, -0.5, 336.7057, 1e-9, -1e-9,
                Double.MIN_VALUE, Double.MIN_NORMAL, 123456.78915}) {
            for (int d : new int[] {3, 4, 6, 12, 15}) roundTrip(x, d);
        }
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 20_000; i++) {
            double x = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-8, 13));
            roundTrip(x, random.nextInt(0, 16));
        }
    }
}
