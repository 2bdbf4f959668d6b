package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
                .set(Column.ENERGY_J, status == RunStatus.OK ? "12.5" : "")
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
        assertTrue(e.getMessage().startsWith("the results file " + file.resolve("results.csv") + ": cannot create its folder"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(dir));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void aCorruptMiddleLineNamesItsLineNumber() throws IOException {
        Path out = dir.resolve("r.csv");
        Files.writeString(out, String.join(",", Column.headers()) + "\nonly,three,cells\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(out));
        assertEquals(out + ": line 2: 3 fields but the header has " + Column.values().length
                + "; the line was edited or the file is damaged", e.getMessage());
    }

    /** The file as the version before step_mode wrote it: neither the header nor the rows have that column. */
    static String earlierVersionFile(ResultRow... rows) {
        List<Column> columns = new ArrayList<>(List.of(Column.values()));
        columns.remove(Column.STEP_MODE);
        StringBuilder sb = new StringBuilder(Csv.line(Column.headers(columns))).append('\n');
        for (ResultRow r : rows) sb.append(Csv.line(columns.stream().map(r::get).toList())).append('\n');
        return sb.toString();
    }

    @Test
    void anEarlierVersionsFileIsReadWithTheNewColumnEmpty() throws IOException {
        Path old = Files.writeString(dir.resolve("old.csv"), earlierVersionFile(row("mlp-a", "h", 1, RunStatus.OK),
                row("cnn-b", "h", 1, RunStatus.FAILED)));
        ResultsFile f = ResultsFile.read(old);
        assertEquals(List.of(Column.STEP_MODE), f.missingColumns());
        assertEquals(List.of("mlp-a", "cnn-b"), f.rows().stream().map(ResultRow::id).toList());
        assertEquals("", f.rows().get(0).get(Column.STEP_MODE));
        assertEquals("h", f.rows().get(0).hardware());
        assertEquals("boom, \"quoted\" second line", f.rows().get(1).get(Column.ERROR));
        assertEquals(List.of(), ResultsFile.read(write(dir.resolve("new.csv"), row("mlp-a", "h", 1, RunStatus.OK))).missingColumns());
    }

    @Test
    void openingAnEarlierVersionsFileForAppendAddsTheColumnAndKeepsItsRows() throws IOException {
        Path out = dir.resolve("old.csv");
        String torn = row("rnn-t", "h", 1, RunStatus.OK).toLine().substring(0, 15);
        Files.writeString(out, earlierVersionFile(row("mlp-a", "h", 1, RunStatus.OK)) + torn);
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            assertEquals(List.of(Column.STEP_MODE), f.missingColumns());
            assertEquals(15, f.tornBytes());
            f.record(row("cnn-b", "h", 1, RunStatus.OK).set(Column.STEP_MODE, "cpu-vector"));
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(String.join(",", Column.headers()), lines.get(0));
        assertEquals(row("mlp-a", "h", 1, RunStatus.OK).toLine(), lines.get(1));      // step_mode empty
        assertEquals(3, lines.size());
        ResultsFile back = ResultsFile.read(out);
        assertEquals(List.of(), back.missingColumns());
        assertEquals(0, back.tornBytes());
        assertEquals(List.of("", "cpu-vector"), back.rows().stream().map(r -> r.get(Column.STEP_MODE)).toList());
    }

    @Test
    void aHeaderWithoutAColumnOfTheFirstVersionIsRejected() throws IOException {
        List<String> header = new ArrayList<>(Column.headers());
        header.remove("engine_version");
        Path out = Files.writeString(dir.resolve("cut.csv"), String.join(",", header) + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(out));
        assertTrue(e.getMessage().startsWith(out + " is not a results file of this version"), e.getMessage());
        List<String> reordered = new ArrayList<>(Column.headers());
        reordered.add(0, reordered.remove(reordered.size() - 1));                          // step_mode first
        Path moved = Files.writeString(dir.resolve("moved.csv"), String.join(",", reordered) + "\n");
        assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(moved));
    }

    private static Path write(Path p, ResultRow... rows) throws IOException {
        ResultsFile.writeAtomically(p, List.of(rows));
        return p;
    }

    @Test
    void aSecondWriterInThisJvmIsRefusedUntilTheFirstCloses() throws IOException {
        Path out = dir.resolve("r.csv");
        Path lock = dir.resolve("r.csv.lock");
        String pid = String.valueOf(ProcessHandle.current().pid());
        try (ResultsFile first = ResultsFile.openForAppend(out)) {
            assertEquals(pid + "\n", Files.readString(lock));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(out));
            assertEquals(out + " is being written by another joules run (pid " + pid + "); wait until it ends, or write elsewhere",
                    e.getMessage());
            // the same file by another name: the lock is the file's, not the path's
            Path other = dir.resolve(".").resolve("r.csv");
            assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(other));
            first.record(row("mlp-a", "h", 1, RunStatus.OK));        // the refusals took nothing from the first
        }
        assertEquals("", Files.readString(lock));                    // released: the pid is cleared
        try (ResultsFile again = ResultsFile.openForAppend(out)) {
            again.record(row("cnn-b", "h", 1, RunStatus.OK));
        }
        assertEquals(2, ResultsFile.read(out).rows().size());
    }

    @Test
    void aLockFileLeftBehindBlocksNoOne() throws IOException {
        Path out = dir.resolve("r.csv");
        Files.writeString(dir.resolve("r.csv.lock"), "999999999\n");   // a run that ended without releasing it
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(row("mlp-a", "h", 1, RunStatus.OK));
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve("r.csv.lock")));
        }
    }

    @Test
    void aFileThatCannotBeOpenedReleasesTheLock() throws IOException {
        Path out = Files.writeString(dir.resolve("other.csv"), "model,gpu\nx,y\n");
        assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(out));
        Files.writeString(out, "");
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            assertEquals(List.of(), f.rows());
        }
    }

    @Test
    void whatAnotherProgramLeftAtTheLockPathIsClearedOrRefusedInOneLine() throws IOException {
        Path out = dir.resolve("r.csv");
        Files.createDirectory(dir.resolve("r.csv.lock"));                // an empty folder: removed, then locked
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            assertEquals(null, f.notLockedBecause());
            assertTrue(Files.isRegularFile(dir.resolve("r.csv.lock")));
        }
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Files.delete(dir.resolve("r.csv.lock"));
        Files.createSymbolicLink(dir.resolve("r.csv.lock"), victim);     // a link: replaced, its target untouched
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            assertEquals(null, f.notLockedBecause());
        }
        assertEquals("keep me", Files.readString(victim));
        assertTrue(!Files.isSymbolicLink(dir.resolve("r.csv.lock")));
        Path s = dir.resolve("s.csv");
        Files.createDirectories(dir.resolve("s.csv.lock/inside"));       // someone's folder: refused, left alone
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(s));
        assertEquals(dir.resolve("s.csv.lock").toRealPath() + " is a folder with files in it, where joules keeps the lock file of s.csv;"
                + " move that folder away or choose another --out", e.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("s.csv.lock/inside")));
    }
}
