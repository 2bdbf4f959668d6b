package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one CSV codec: what {@link Csv} writes, {@link CsvTable} reads back, under the rules every reader applies. */
class CsvTest {
    private static final Path FILE = Path.of("t.csv");

    @Test
    void quotesCommasQuotesAndOuterBlanksAndRoundTrips() {
        List<String> cells = List.of("cnn-L1-H128", "AMD EPYC 7B13, 2 threads", "said \"hi\"", "", "3.5", " padded ");
        String line = Csv.line(cells);
        assertEquals("cnn-L1-H128,\"AMD EPYC 7B13, 2 threads\",\"said \"\"hi\"\"\",,3.5,\" padded \"", line);
        assertEquals(cells, CsvTable.parse(FILE, "a,b,c,d,e,f\n" + line + "\n").rows().get(0).fields());
    }

    @Test
    void lineBreaksInsideACellBecomeSpacesSoARowIsOneLine() {
        assertEquals("a b  c", Csv.line(List.of("a\nb\r\nc")));
        assertEquals(1, Csv.line(List.of("x\ny", "z")).lines().count());
    }

    @Test
    void decimalsArePlainWithAPointAndWhatIsNotFiniteIsEmpty() {
        assertEquals("0.0001", Csv.decimal(1e-4, 6));
        assertEquals("12345678.9", Csv.decimal(12345678.9, 3));
        assertEquals("2", Csv.decimal(2.0, 3));
        assertEquals("1300", Csv.decimal(1300.0, 3));
        assertEquals("", Csv.decimal(Double.NaN, 3));
        assertEquals("", Csv.decimal(Double.POSITIVE_INFINITY, 3));
    }

    /** The reader takes back every cell the writer (CsvNumber) makes, bit for bit, from 1e-300 to 1e300. */
    @Test
    void theReaderTakesBackEveryNumberTheWriterWrites() {
        SplittableRandom rng = new SplittableRandom(15);
        for (int i = 0; i < 20_000; i++) {
            double x = switch (i % 4) {
                case 0 -> rng.nextDouble();
                case 1 -> (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-300, 300));
                case 2 -> Double.longBitsToDouble(rng.nextLong() & 0x7fefffffffffffffL);      // any finite bit pattern
                default -> rng.nextLong(-1_000_000_000_000L, 1_000_000_000_000L) / 1000.0;
            };
            String text = CsvNumber.format(x);
            assertEquals(Double.doubleToLongBits(x == 0 ? 0.0 : x), Double.doubleToLongBits(Csv.number(text) == 0 ? 0.0 : Csv.number(text)), text);
        }
        assertEquals("0.30000000000000004", CsvNumber.format(0.1 + 0.2));
    }

    @Test
    void numbersAreDecimalNotationOnly() {
        assertEquals(1.5e-3, Csv.number("1.5e-3"));
        assertEquals(-0.5, Csv.number("-.5"));
        assertEquals(12, Csv.number("12."));
        assertEquals("'abc' is not a number", refused("abc"));
        assertEquals("'4721 kWh' is a number with a unit", refused("4721 kWh"));
        assertEquals("'12.5W' is a number with a unit", refused("12.5W"));
        assertEquals("'NaN' is not a finite number", refused("NaN"));
        assertEquals("'-inf' is not a finite number", refused("-inf"));
        assertEquals("'Infinity' is not a finite number", refused("Infinity"));
        assertEquals("'1e999' is beyond the range of a number", refused("1e999"));
        assertEquals("'0x1p3' is not a number", refused("0x1p3"));         // Java would read 8
        assertEquals("'1d' is a number with a unit", refused("1d"));         // Java would read 1
        assertEquals("'1,5' is not a number", refused("1,5"));
    }

    private static String refused(String cell) {
        return assertThrows(IllegalArgumentException.class, () -> Csv.number(cell)).getMessage();
    }

    // ---- the reader's rules ----

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreRead() {
        CsvTable t = CsvTable.parse(FILE, InputFiles.decode(FILE, "\uFEFFid,x\r\na,1\r\nb,2\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of("id", "x"), t.header());
        assertEquals(List.of(List.of("a", "1"), List.of("b", "2")), t.rows().stream().map(CsvTable.Row::fields).toList());
        assertNull(t.torn());
    }

    @Test
    void aTornLastLineIsLeftOutAndReported() {
        CsvTable t = CsvTable.parse(FILE, "id,x,y\na,1,2\nb,3");           // no line break, fewer fields
        assertEquals(1, t.rows().size());
        assertEquals(new CsvTable.Torn(3, 3), t.torn());
        assertEquals("t.csv: line 3: left out a torn last line of 3 bytes (an interrupted write)", t.tornWarning());
        CsvTable quote = CsvTable.parse(FILE, "id,x\na,1\nb,\"un");       // cut inside a quoted cell
        assertEquals(new CsvTable.Torn(3, 5), quote.torn());
    }

    /** A quote opened on a line that is not the last one is an error, not a torn line that would swallow the rest. */
    @Test
    void aQuoteNeverClosedEarlierIsAnErrorNamingItsLine() {
        for (String text : List.of("id,x\na,\"1\nb,2\nc,3\n", "id,x\na,\"1\nb,2\nc,3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse(FILE, text));
            assertEquals("t.csv: line 2: a quoted field is never closed", e.getMessage());
        }
    }

    @Test
    void aCompleteLastLineWithoutALineBreakIsARow() {
        CsvTable t = CsvTable.parse(FILE, "id,x\na,1\nb,2");
        assertEquals(2, t.rows().size());
        assertNull(t.torn());
        assertEquals(1, CsvTable.parse(FILE, "id,x\na,1\n   ").rows().size());   // trailing blanks: nothing
    }

    @Test
    void aShortLineInTheMiddleIsAnErrorNamingItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse(FILE, "id,x\na\nb,2\n"));
        assertEquals("t.csv: line 2: 1 fields but the header has 2; the line was edited or the file is damaged", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.parse(FILE, "id,x\na,1,2"));   // longer: never torn
        assertTrue(e.getMessage().startsWith("t.csv: line 2: 3 fields"), e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8NamesTheLineAndTheByte() {
        byte[] latin1 = "id,hardware\nm,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputFiles.decode(FILE, latin1));
        assertEquals("t.csv: line 2: not UTF-8 text (byte 0xE9 at offset 17); save the file as UTF-8"
                + " (iconv -f latin1 -t utf-8 converts a Latin-1 file)", e.getMessage());
    }

    @Test
    void cellsAreCheckedNamingFileLineAndColumn() {
        CsvTable t = CsvTable.parse(FILE, "id,energy_j\na,-4\nb,\nc,lots\n");
        assertEquals("t.csv: line 2, column 2 (energy_j): -4 is negative",
                assertThrows(IllegalArgumentException.class, () -> t.number(t.rows().get(0), 1, "energy_j")).getMessage());
        assertEquals("t.csv: line 3, column 2 (energy_j): empty, expected a number",
                assertThrows(IllegalArgumentException.class, () -> t.number(t.rows().get(1), 1, "energy_j")).getMessage());
        assertEquals("t.csv: line 4, column 2 (energy_j): 'lots' is not a number",
                assertThrows(IllegalArgumentException.class, () -> t.number(t.rows().get(2), 1, "energy_j")).getMessage());
    }
}
