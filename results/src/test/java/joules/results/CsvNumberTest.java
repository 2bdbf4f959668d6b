package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every number written to a CSV cell reads back bit for bit, in the shortest text that does. */
class CsvNumberTest {

    @Test
    void wholeNumbersKeepTheirZeros() {
        assertEquals("0", CsvNumber.format(0.0));
        assertEquals("10", CsvNumber.format(10.0));
        assertEquals("100", CsvNumber.format(100.0));
        assertEquals("1303373840", CsvNumber.format(1.30337384e9));       // once written 130337384
        assertEquals("36841507460", CsvNumber.format(3.684150746e10));    // once written 3.684150746e+1
        assertEquals("9007199254740992", CsvNumber.format(0x1p53));
        assertEquals("100000000000000000000", CsvNumber.format(1e20));
        assertEquals("-7000", CsvNumber.format(-7000.0));
    }

    @Test
    void fractionsAreShortestAndPlain() {
        assertEquals("0.5", CsvNumber.format(0.5));
        assertEquals("2.5", CsvNumber.format(2.50));
        assertEquals("336.7057", CsvNumber.format(336.7057));
        assertEquals("0.30000000000000004", CsvNumber.format(0.1 + 0.2));
        assertEquals("0.000123", CsvNumber.format(1.23e-4));
        assertEquals("0.0000001", CsvNumber.format(1e-7));
        assertEquals("-11790.25", CsvNumber.format(-11790.25));
        assertEquals("0.9513", CsvNumber.format(0.9513));
    }

    @Test
    void exponentsOutsidePlainRange() {
        assertEquals("1e+21", CsvNumber.format(1e21));
        assertEquals("1.5e+21", CsvNumber.format(1.5e21));
        assertEquals("-2.25e+300", CsvNumber.format(-2.25e300));
        assertEquals("9.9e-8", CsvNumber.format(9.9e-8));
        assertEquals("1.7976931348623157e+308", CsvNumber.format(Double.MAX_VALUE));
    }

    @Test
    void subnormalsZerosAndNonFinite() {
        assertEquals("5e-324", CsvNumber.format(Double.MIN_VALUE));
        assertEquals("-1e-323", CsvNumber.format(-2 * Double.MIN_VALUE));
        assertEquals("2.2250738585072014e-308", CsvNumber.format(Double.MIN_NORMAL));
        assertEquals("-0", CsvNumber.format(-0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(CsvNumber.parse("-0")));
        assertEquals("", CsvNumber.format(Double.NaN));
        assertEquals("inf", CsvNumber.format(Double.POSITIVE_INFINITY));
        assertEquals("-inf", CsvNumber.format(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, CsvNumber.parse(""));
        assertEquals(Double.NEGATIVE_INFINITY, CsvNumber.parse("-inf"));
        assertEquals("1e-45", CsvNumber.format(Float.MIN_VALUE));
        assertEquals("0.1", CsvNumber.format(0.1f));
        assertEquals("-3.4028235e+38", CsvNumber.format(-Float.MAX_VALUE));
    }

    /** Random bit patterns (all exponents, subnormals and negatives included) and random "measurement-like" values. */
    @Test
    void everyDoubleReadsBackBitForBit() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 300_000; i++) {
            double x = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : Math.round(random.nextDouble() * 1e8) / Math.pow(10, random.nextInt(12));
            if (Double.isNaN(x)) continue;
            String cell = CsvNumber.format(x);
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(CsvNumber.parse(cell)), cell);
        }
        for (long bits = 1; bits < 5000; bits += 7) roundTrip(Double.longBitsToDouble(bits));          // subnormals
        for (long bits = 1; bits < 5000; bits += 7) roundTrip(-Double.longBitsToDouble(bits));
    }

    @Test
    void everyFloatReadsBackBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(x)) continue;
            String cell = CsvNumber.format(x);
            assertEquals(Float.floatToRawIntBits(x), Float.floatToRawIntBits((float) CsvNumber.parse(cell)), cell);
        }
    }

    /** No shorter decimal reads back as the same double: the digit count equals a brute-force search's. */
    @Test
    void cellsAreTheShortest() {
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 20_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(x) || x == 0) continue;
            BigDecimal exact = new BigDecimal(x);
            int shortest = 1;
            while (exact.round(new MathContext(shortest, RoundingMode.HALF_EVEN)).doubleValue() != x) shortest++;
            assertEquals(shortest, new BigDecimal(CsvNumber.format(x)).stripTrailingZeros().precision(), CsvNumber.format(x));
        }
    }

    private static void roundTrip(double x) {
        assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(CsvNumber.parse(CsvNumber.format(x))), CsvNumber.format(x));
    }
}
