package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules run, merge and train from the command line: exit codes, one-line errors, the files written. */
class RunCommandTest {
    @TempDir Path dir;

    private String[] tinyRun(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--device", "cpu", "--configs", "mlp-L1-H512",
                "--epochs", "1", "--samples", "10", "--idle-seconds", "0", "--warmup-steps", "1", "--sample-ms", "20",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void runsResumesAndMerges() throws Exception {
        Path out = dir.resolve("r/results.csv");
        Cli.Result first = Cli.joules(tinyRun(out));
        assertEquals(0, first.exit(), first.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("mlp-L1-H512,mlp,"), lines.get(1));
        assertTrue(lines.get(1).contains(",ok,"), lines.get(1));
        assertTrue(Files.isRegularFile(dir.resolve("r/results.csv.power/mlp-L1-H512.csv")));
        assertTrue(first.err().contains("1 trained, 0 failed, 0 skipped"), first.err());

        Cli.Result again = Cli.joules(tinyRun(out));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("nothing to do"), again.err());
        assertEquals(lines, Files.readAllLines(out));

        Path merged = dir.resolve("merged.csv");
        Cli.Result m = Cli.joules("merge", out.toString(), "--out", merged.toString());
        assertEquals(0, m.exit(), m.err());
        assertEquals(lines, Files.readAllLines(merged));
        assertEquals("merged 1 row(s) from 1 file(s) into " + merged + "\n", m.out());
    }

    @Test
    void badInputIsExitTwoWithOneLineBeforeAnyTraining() throws Exception {
        Path out = dir.resolve("results.csv");
        assertBad(Cli.joules(tinyRun(out, "--shard", "2/2")), "joules: --shard '2/2': expected I/N with N >= 1 and 0 <= I < N");
        assertBad(Cli.joules("run", "--configs", "mlp-L1-H513", "--out", out.toString()), "joules: unknown config id 'mlp-L1-H513'; closest: mlp-L1-H512");
        assertBad(Cli.joules("run", "--preset", "fast", "--out", out.toString()), "joules: unknown preset 'fast'; valid: paper, quick");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertBad(Cli.joules(tinyRun(file.resolve("results.csv"))), "joules: the results file " + file.resolve("results.csv") + ": cannot create its folder " + file);
        Path other = Files.writeString(dir.resolve("other.csv"), "model,gpu,energy\nx,y,1\n");
        assertBad(Cli.joules(tinyRun(other)), "joules: " + other + " is not a results file of this version");
        assertEquals("model,gpu,energy\nx,y,1\n", Files.readString(other));
        assertFalse(Files.exists(out));

        assertEquals(0, Cli.joules(tinyRun(out)).exit());
        assertBad(Cli.joules(tinyRun(out, "--lr", "0.01")), "joules: " + out + " line 2 (mlp-L1-H512) was trained with lr 0.001, this run uses 0.01");
        assertBad(Cli.joules("merge", out.toString(), dir.resolve("missing.csv").toString(), "--out", dir.resolve("m.csv").toString()),
                "joules: results file " + dir.resolve("missing.csv") + " does not exist");
        assertBad(Cli.joules("train", "--config", "cnn-L9-H128"), "joules: unknown config id 'cnn-L9-H128'; closest: ");
    }

    @Test
    void aSecondRunOnTheSameFileStopsAtOnceWithExitTwo() throws Exception {
        Path out = dir.resolve("results.csv");
        try (joules.results.ResultsFile held = joules.results.ResultsFile.openForAppend(out)) {   // another run's
            Cli.Result r = Cli.joules(tinyRun(out));
            assertBad(r, "joules: " + out + " is being written by another joules run (pid " + ProcessHandle.current().pid() + ")");
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals(1, Files.readAllLines(out).size());                    // the header only: nothing trained
        }
        assertEquals(0, Cli.joules(tinyRun(out)).exit());
    }

    private static void assertBad(Cli.Result r, String start) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith(start), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("joules: ")).count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void trainPrintsTheLossOfEveryEpoch() {
        Cli.Result r = Cli.joules("train", "--config", "mlp-L1-H512", "--device", "cpu", "--epochs", "2", "--samples", "12",
                "--validation", "0");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("epoch 1  loss \\d+\\.\\d{6}  \\d+\\.\\d\\d s"), lines.get(0));
        assertTrue(lines.get(1).startsWith("epoch 2  loss "), lines.get(1));
        assertTrue(lines.get(2).startsWith("trained mlp-L1-H512: 4 steps in "), lines.get(2));
    }

    /** By default a tenth of the clips are held out (generated after the training ones) and scored every epoch. */
    @Test
    void trainScoresHeldOutClipsAndExplainsTheLossScale() {
        Cli.Result r = Cli.joules("train", "--config", "mlp-L1-H512", "--device", "cpu", "--epochs", "2", "--samples", "40");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        String heldOut = "  held-out loss \\d+\\.\\d{6}  accuracy \\d+\\.\\d % of labels, \\d+\\.\\d % of clips";
        assertTrue(lines.get(0).matches("epoch 1  loss \\d+\\.\\d{6}  \\d+\\.\\d\\d s" + heldOut), lines.get(0));
        assertTrue(lines.get(1).matches("epoch 2  loss .*" + heldOut), lines.get(1));
        assertTrue(lines.get(2).matches("trained mlp-L1-H512: 10 steps in \\d+\\.\\d\\d s, final loss \\d+\\.\\d{6}, "
                + heldOut.substring(2) + " \\(4 clips\\)"), lines.get(2));
        assertTrue(r.err().contains("generating 40 synthetic clips and 4 held out"), r.err());
        assertTrue(r.err().contains("chance (every logit 0) is ln 2 = 0.693"), r.err());
        assertTrue(r.err().contains("the study's features are linear mel magnitudes (mean "), r.err());
    }
}
