package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesCommasAndQuotesAndRoundTrips() {
        List<String> cells = List.of("cnn-L1-H128", "AMD EPYC 7B13, 2 threads", "said \"hi\"", "", "3.5");
        String line = Csv.line(cells);
        assertEquals("cnn-L1-H128,\"AMD EPYC 7B13, 2 threads\",\"said \"\"hi\"\"\",,3.5", line);
        assertEquals(cells, Csv.cells(line));
    }

    @Test
    void lineBreaksInsideACellBecomeSpacesSoARowIsOneLine() {
        assertEquals("a b c", Csv.line(List.of("a\nb\r\nc")).replace("  ", " "));
        assertEquals(1, Csv.line(List.of("x\ny", "z")).lines().count());
    }

    @Test
    void decimalsArePlainWithAPointAndNaNIsEmpty() {
        assertEquals("0.0001", Csv.decimal(1e-4, 6));
        assertEquals("12345678.9", Csv.decimal(12345678.9, 3));
        assertEquals("2", Csv.decimal(2.0, 3));
        assertEquals("1300", Csv.decimal(1300.0, 3));
        assertEquals("", Csv.decimal(Double.NaN, 3));
        assertEquals("0.001", Csv.plain(0.001f > 0 ? 0.001 : 0));
        assertEquals(Double.NaN, Csv.parseDouble(""));
        assertEquals(0.5, Csv.parseDouble("0.5"));
    }
}
