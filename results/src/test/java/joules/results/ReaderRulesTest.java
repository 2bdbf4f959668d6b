package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules every reader of a results file applies ({@link ResultsFile#read} for run and merge,
 * {@link ResultsFile#validate} for the analysis's looser files): one malformed cell at a time, each refused
 * with file, line, column and why; a byte-order mark and a torn last line are read.
 */
class ReaderRulesTest {
    @TempDir Path dir;

    private static ResultRow ok(String id) {
        return ResultsFileTest.row(id, "NVIDIA A40", 1, RunStatus.OK);
    }

    /** A file of two good rows with one cell of the second replaced by {@code cell}, as it is (not as a writer would clean it). */
    private Path withCell(Column column, String cell) throws Exception {
        String text = Csv.line(Column.headers()) + "\n" + ok("mlp-a").toLine() + "\n" + ok("mlp-b").set(column, "@CELL@").toLine() + "\n";
        return Files.writeString(dir.resolve(column.header + ".csv"), text.replace("@CELL@", cell));
    }

    private String refused(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(file)).getMessage();
    }

    private String at(Path file, Column c) {
        return file + ": line 3, column " + (c.ordinal() + 1) + " (" + c.header + "): ";
    }

    @Test
    void eachMalformedCellIsRefusedNamingFileLineAndColumn() throws Exception {
        record Case(Column column, String cell, String why) {}
        List<Case> cases = List.of(
                new Case(Column.ENERGY_J, "NaN", "'NaN' is not a finite number"),
                new Case(Column.ENERGY_J, "inf", "'inf' is not a finite number"),
                new Case(Column.ENERGY_J, "-12.5", "-12.5 is negative (J)"),
                new Case(Column.ENERGY_J, "4721 kWh", "'4721 kWh' is a number with a unit: energy_j is in J; write the number alone, in J"),
                new Case(Column.ENERGY_J, "abc", "'abc' is not a number"),
                new Case(Column.ENERGY_J, "1e999", "'1e999' is beyond the range of a number"),
                new Case(Column.ENERGY_J, "", "is empty, but the row's status is ok (an ok run has its energy)"),
                new Case(Column.DURATION_S, "12 s", "'12 s' is a number with a unit: duration_s is in s; write the number alone, in s"),
                new Case(Column.EPOCHS, "1.5", "'1.5' is not a whole number"),
                new Case(Column.LR, "0", "0 is not above 0"),
                new Case(Column.ID, "../../secret/leak", "'../../secret/leak' is not a configuration id (letters, digits, '.', '_' and '-'"
                        + " only, as joules models lists them)"),
                new Case(Column.ID, "", "is empty"),
                new Case(Column.HARDWARE, "", "is empty"),
                new Case(Column.STATUS, "error", "unknown status 'error'; valid: ok, no_energy, non_finite_loss, out_of_memory, failed"),
                new Case(Column.STARTED_AT, "yesterday", "'yesterday' is not a UTC time such as 2025-01-01T09:00:00Z"),
                new Case(Column.FAMILY, "mlp\u001b[2J", "holds the control character U+001B; results hold printable text only"));
        for (Case c : cases) {
            Path file = withCell(c.column(), c.cell());
            assertEquals(at(file, c.column()) + c.why(), refused(file), c.toString());
            assertEquals(at(file, c.column()) + c.why(),             // the analysis's reader: the same rule, the same words
                    assertThrows(IllegalArgumentException.class, () -> ResultsFile.validate(CsvTable.read(file))).getMessage());
        }
    }

    @Test
    void aConfigurationTwiceOnOneHardwareIsRefusedNamingBothLines() throws Exception {
        Path file = Files.writeString(dir.resolve("dup.csv"), Csv.line(Column.headers()) + "\n" + ok("mlp-a").toLine() + "\n"
                + ok("mlp-b").toLine() + "\n" + ok("mlp-a").toLine() + "\n");
        assertEquals(file + ": line 4, column 1 (id): 'mlp-a' on hardware 'NVIDIA A40' is also on line 2; keep one of the two lines",
                refused(file));
        // on another hardware it is another result
        Path two = Files.writeString(dir.resolve("two.csv"), Csv.line(Column.headers()) + "\n" + ok("mlp-a").toLine() + "\n"
                + ok("mlp-a").set(Column.HARDWARE, "Tesla T4").toLine() + "\n");
        assertEquals(2, ResultsFile.read(two).rows().size());
    }

    @Test
    void aByteOrderMarkAndATornLastLineAreRead() throws Exception {
        String text = "\uFEFF" + Csv.line(Column.headers()) + "\r\n" + ok("mlp-a").toLine() + "\r\n" + ok("mlp-b").toLine().substring(0, 30);
        Path file = Files.write(dir.resolve("bom.csv"), text.getBytes(StandardCharsets.UTF_8));
        ResultsFile f = ResultsFile.read(file);
        assertEquals(List.of("mlp-a"), f.rows().stream().map(ResultRow::id).toList());
        assertEquals(30, f.tornBytes());
    }

    @Test
    void aRowIsCheckedBeforeItIsWrittenSoThatNoReaderRefusesIt() throws Exception {
        try (ResultsFile f = ResultsFile.openForAppend(dir.resolve("w.csv"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.record(ok("mlp-a").set(Column.ENERGY_J, "-1")));
            assertEquals("refusing to write a row that readers would refuse: mlp-a: energy_j -1 is negative (J)", e.getMessage());
            f.record(ok("mlp-a").set(Column.ERROR, "line one\nline two\u001b"));       // control characters become spaces
        }
        assertEquals("line one line two ", ResultsFile.read(dir.resolve("w.csv")).rows().get(0).get(Column.ERROR));
    }
}
