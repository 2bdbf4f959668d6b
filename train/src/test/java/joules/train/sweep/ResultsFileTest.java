package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
    @TempDir Path dir;

    static ResultRow row(String id, String hardware, int epochs, RunStatus status) {
        return new ResultRow().set(Column.ID, id).set(Column.FAMILY, id.substring(0, id.indexOf('-')))
                .set(Column.HARDWARE, hardware).set(Column.DEVICE, "cpu").set(Column.EPOCHS, epochs)
                .set(Column.BATCH_SIZE, 8).set(Column.LR, "0.001").set(Column.SEED, 1).set(Column.SAMPLES, 64)
                .set(Column.DATA, "synthetic").set(Column.DURATION_S, 1.25, 3).set(Column.STATUS, status.cell())
                .set(Column.ERROR, status == RunStatus.OK ? "" : "boom, \"quoted\"\nsecond line");
    }

    @Test
    void createsTheFileWithItsHeaderAndAppendsCompleteLines() throws IOException {
        Path out = dir.resolve("sub/results.csv");
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-a", "cpu x, 2 threads", 1, RunStatus.OK));
            f.record(row("cnn-b", "cpu x, 2 threads", 1, RunStatus.FAILED));
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        assertEquals(String.join(",", Column.headers()), lines.get(0));
        ResultsFile back = ResultsFile.read(out);
        assertEquals(List.of("mlp-a", "cnn-b"), back.rows().stream().map(ResultRow::id).toList());
        assertEquals("boom, \"quoted\" second line", back.rows().get(1).get(Column.ERROR));
        assertEquals(RunStatus.FAILED, back.rows().get(1).status());
        assertEquals("cpu x, 2 threads", back.rows().get(0).hardware());
        assertEquals(3, back.lines().get(1).number());
    }

    @Test
    void aTornLastLineIsIgnoredByReadersAndCutOffBeforeTheNextAppend() throws IOException {
        Path out = dir.resolve("r.csv");
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-a", "h", 1, RunStatus.OK));
        }
        String torn = row("mlp-b", "h", 1, RunStatus.OK).toLine().substring(0, 20);
        Files.writeString(out, torn, StandardOpenOption.APPEND);
        ResultsFile read = ResultsFile.read(out);
        assertEquals(1, read.rows().size());
        assertEquals(20, read.tornBytes());
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-c", "h", 1, RunStatus.OK));
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("mlp-c,"), lines.get(2));
        assertEquals(0, ResultsFile.read(out).tornBytes());
    }

    @Test
    void recordingTheSameConfigurationAgainReplacesItsRow() throws IOException {
        Path out = dir.resolve("r.csv");
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-a", "h", 1, RunStatus.FAILED));
            f.record(row("cnn-b", "h", 1, RunStatus.OK));
            f.record(row("mlp-a", "other hardware", 1, RunStatus.OK));
            f.record(row("mlp-a", "h", 1, RunStatus.OK));
            f.record(row("rnn-c", "h", 1, RunStatus.OK));
            assertEquals(RunStatus.OK, f.find(row("mlp-a", "h", 1, RunStatus.OK).key()).orElseThrow().status());
        }
        ResultsFile back = ResultsFile.read(out);
        assertEquals(List.of("mlp-a", "cnn-b", "mlp-a", "rnn-c"), back.rows().stream().map(ResultRow::id).toList());
        assertEquals(RunStatus.OK, back.rows().get(0).status());
        assertEquals("other hardware", back.rows().get(2).hardware());
        assertEquals(List.of(2, 3, 4, 5), back.lines().stream().map(ResultsFile.Line::number).toList());
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void aFileWithOtherColumnsIsRejectedNamingTheColumn() throws IOException {
        Path out = dir.resolve("other.csv");
        Files.writeString(out, "id,family,hardware,gpu,epochs\nx,y,z,w,1\n", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(out));
        assertTrue(e.getMessage().contains("column 4 is 'gpu', expected 'device'"), e.getMessage());
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
    }

    @Test
    void otherSettingsAreRejectedNamingTheLineAndTheSetting() throws IOException {
        Path out = dir.resolve("r.csv");
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-a", "h", 1, RunStatus.OK));
        }
        ResultsFile f = ResultsFile.read(out);
        f.requireSettings(row("x-y", "h", 1, RunStatus.OK).settings(), "advice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.requireSettings(row("x-y", "h", 10, RunStatus.OK).settings(), "use another --out"));
        assertEquals(out + " line 2 (mlp-a) was trained with epochs 1, this run uses 10; use another --out", e.getMessage());
    }

    @Test
    void anUnwritablePathIsBadInput() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsFile.openForAppend(file.resolve("results.csv")));
        assertTrue(e.getMessage().startsWith("cannot create the folder"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void aCorruptMiddleLineNamesItsLineNumber() throws IOException {
        Path out = dir.resolve("r.csv");
        Files.writeString(out, String.join(",", Column.headers()) + "\nonly,three,cells\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(out));
        assertTrue(e.getMessage().startsWith(out + " line 2: 3 cells"), e.getMessage());
    }
}
