package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import joules.results.Column;
import joules.results.ResultRow;
import joules.results.ResultsFile;
import joules.results.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules merge: a configuration appears once per hardware in what it writes, or it says why not. */
class MergeCommandTest {
    @TempDir Path dir;

    private static ResultRow row(String id, RunStatus status) {
        return new ResultRow().set(Column.ID, id).set(Column.FAMILY, "mlp").set(Column.HARDWARE, "NVIDIA A40")
                .set(Column.DEVICE, "cuda:0").set(Column.EPOCHS, 10).set(Column.BATCH_SIZE, 8).set(Column.LR, "0.001")
                .set(Column.SEED, 1).set(Column.SAMPLES, 1578).set(Column.DATA, "synthetic")
                .set(Column.ENERGY_J, status == RunStatus.OK ? "1234.5" : "").set(Column.STATUS, status.cell());
    }

    private Path file(String name, ResultRow... rows) throws Exception {
        Path p = dir.resolve(name);
        ResultsFile.writeAtomically(p, List.of(rows));
        return p;
    }

    @Test
    void twoResultsForOneConfigurationAreBadInputNamingBothLines() throws Exception {
        Path a = file("a.csv", row("mlp-L1-H512", RunStatus.OK));
        Path b = file("b.csv", row("mlp-L2-H512", RunStatus.OK), row("mlp-L1-H512", RunStatus.OK));
        Path out = dir.resolve("all.csv");
        Cli.assertBadInput(Cli.joules("merge", a.toString(), b.toString(), "--out", out.toString()),
                "joules: mlp-L1-H512 on NVIDIA A40 is in " + a + " line 2 (ok) and in " + b + " line 3 (ok); remove one");
        assertFalse(Files.exists(out));
    }

    @Test
    void anOkRunReplacesAFailedOneWithANotice() throws Exception {
        Path a = file("a.csv", row("mlp-L1-H512", RunStatus.NO_ENERGY));
        Path b = file("b.csv", row("mlp-L1-H512", RunStatus.OK));
        Path out = dir.resolve("all.csv");
        Cli.Result r = Cli.joules("merge", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("joules merge: kept mlp-L1-H512 on NVIDIA A40 from " + b + " line 2 (ok), dropped " + a + " line 2 (no_energy)\n",
                r.err());
        assertEquals("merged 1 row(s) from 2 file(s) into " + out + "\n", r.out());
        assertEquals(List.of(row("mlp-L1-H512", RunStatus.OK).toLine()), ResultsFile.read(out).rows().stream().map(ResultRow::toLine).toList());
    }
}
