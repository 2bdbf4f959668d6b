package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {
    @TempDir Path dir;

    private Path file(String name, ResultRow... rows) throws IOException {
        Path p = dir.resolve(name);
        ResultsFile.writeAtomically(p, List.of(rows));
        return p;
    }

    @Test
    void keepsEveryRowOfEveryInputInOrder() throws IOException {
        Path a = file("a.csv", ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK), ResultsFileTest.row("cnn-c", "gpu1", 1, RunStatus.FAILED));
        Path b = file("b.csv", ResultsFileTest.row("mlp-b", "gpu1", 1, RunStatus.OK), ResultsFileTest.row("mlp-a", "gpu2", 1, RunStatus.OK));
        Path c = file("c.csv");
        Path out = dir.resolve("m/merged.csv");
        Merge.Report r = Merge.merge(List.of(a, b, c), out);
        assertEquals(4, r.rows());
        assertEquals(List.of("mlp-a", "cnn-c", "mlp-b", "mlp-a"), ResultsFile.read(out).rows().stream().map(ResultRow::id).toList());
        assertEquals(List.of(), r.notices());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void refusesTwoResultsForOneConfigurationOnOneHardware() throws IOException {
        Path a = file("a.csv", ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK));
        Path b = file("b.csv", ResultsFileTest.row("mlp-b", "gpu1", 1, RunStatus.OK), ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK));
        Path out = dir.resolve("merged.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Merge.merge(List.of(a, b), out));
        assertEquals("mlp-a on gpu1 is in " + a + " line 2 (ok) and in " + b + " line 3 (ok); remove one of the two lines, then merge again",
                e.getMessage());
        assertTrue(Files.notExists(out));
        // two failed runs: which one is meant cannot be told either
        Path c = file("c.csv", ResultsFileTest.row("cnn-c", "gpu1", 1, RunStatus.FAILED));
        Path d = file("d.csv", ResultsFileTest.row("cnn-c", "gpu1", 1, RunStatus.NO_ENERGY));
        e = assertThrows(IllegalArgumentException.class, () -> Merge.merge(List.of(c, d), out));
        assertTrue(e.getMessage().startsWith("cnn-c on gpu1 is in " + c + " line 2 (failed) and in " + d + " line 2 (no_energy)"), e.getMessage());
        assertTrue(Files.notExists(out));
    }

    @Test
    void ofAnOkAndAFailedRunKeepsTheOkOneInPlaceAndSaysSo() throws IOException {
        Path a = file("a.csv", ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OUT_OF_MEMORY),
                ResultsFileTest.row("cnn-c", "gpu1", 1, RunStatus.OK));
        Path b = file("b.csv", ResultsFileTest.row("mlp-b", "gpu1", 1, RunStatus.OK), ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK),
                ResultsFileTest.row("cnn-c", "gpu1", 1, RunStatus.FAILED));
        Path out = dir.resolve("merged.csv");
        Merge.Report r = Merge.merge(List.of(a, b), out);
        assertEquals(3, r.rows());
        List<ResultRow> rows = ResultsFile.read(out).rows();
        assertEquals(List.of("mlp-a", "cnn-c", "mlp-b"), rows.stream().map(ResultRow::id).toList());
        assertTrue(rows.stream().allMatch(x -> x.status() == RunStatus.OK));
        assertEquals(List.of("kept mlp-a on gpu1 from " + b + " line 3 (ok), dropped " + a + " line 2 (out_of_memory)",
                "kept cnn-c on gpu1 from " + a + " line 3 (ok), dropped " + b + " line 4 (failed)"), r.notices());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void refusesInputsWithOtherSettings() throws IOException {
        Path a = file("a.csv", ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK));
        Path b = file("b.csv", ResultsFileTest.row("mlp-b", "gpu2", 10, RunStatus.OK));
        Path out = dir.resolve("merged.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Merge.merge(List.of(a, b), out));
        assertEquals(b + " line 2 (mlp-b) was trained with epochs 10, " + a + " line 2 with 1; merge only results of the same settings",
                e.getMessage());
        assertTrue(Files.notExists(out));
    }

    @Test
    void neverOverwritesAFileThatIsNotAnInput() throws IOException {
        Path a = file("a.csv", ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK));
        Path existing = file("existing.csv", ResultsFileTest.row("mlp-z", "gpu1", 1, RunStatus.OK));
        assertThrows(IllegalArgumentException.class, () -> Merge.merge(List.of(a), existing));
        assertEquals(2, Merge.merge(List.of(existing, a), existing).rows());
    }

    @Test
    void aMissingInputIsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Merge.merge(List.of(dir.resolve("nope.csv")), dir.resolve("m.csv")));
        assertEquals("results file " + dir.resolve("nope.csv") + " does not exist", e.getMessage());
    }

    @Test
    void mergesAFileOfAnEarlierVersionWithTheNewColumnEmpty() throws IOException {
        Path old = Files.writeString(dir.resolve("old.csv"),
                ResultsFileTest.earlierVersionFile(ResultsFileTest.row("mlp-a", "gpu1", 1, RunStatus.OK)));
        Path current = file("new.csv", ResultsFileTest.row("mlp-b", "gpu1", 1, RunStatus.OK).set(Column.STEP_MODE, "cuda-graph"));
        Path out = dir.resolve("merged.csv");
        Merge.Report r = Merge.merge(List.of(old, current), out);
        assertEquals(List.of(old + " has no step_mode column (an earlier version's file): left empty in its rows"), r.notices());
        assertEquals(List.of(), r.warnings());
        assertEquals(String.join(",", Column.headers()), Files.readAllLines(out).get(0));
        ResultsFile merged = ResultsFile.read(out);
        assertEquals(List.of(), merged.missingColumns());
        assertEquals(List.of("", "cuda-graph"), merged.rows().stream().map(x -> x.get(Column.STEP_MODE)).toList());
        // merged onto itself, an old file is brought up to this version
        Merge.merge(List.of(old), old);
        assertEquals(List.of(), ResultsFile.read(old).missingColumns());
    }
}
