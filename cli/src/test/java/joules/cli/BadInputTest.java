package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import joules.tensor.Backend;
import joules.tensor.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a newcomer makes, across commands: each must be exit code 2 and one line on stderr that says
 * what and where, before any long work starts; and the real process must exit with that code.
 */
class BadInputTest {
    @TempDir Path dir;

    @Test
    void usageErrorsAreOneLineWithAPointerToHelp() {
        assertBadInput(Cli.joules("rn"), "joules: unknown command 'rn'; the commands are run, merge, train, models, flops,");
        assertBadInput(Cli.joules("run", "--confgs", "x"), "joules: Unknown options: '--confgs', 'x'; did you mean --configs");
        assertTrue(Cli.joules("run", "--confgs", "x").err().endsWith(" (see 'joules run --help')\n"));
        assertBadInput(Cli.joules("flops"),
                "joules: Missing required argument (specify one of these): (--config=ID | --all) (see 'joules flops --help')");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--batch-size", "abc"),
                "joules: Invalid value for option '--batch-size': 'abc' is not an int (see 'joules train --help')");
        assertBadInput(Cli.joules("report"), "joules: report needs a subcommand: dcase");
    }

    @Test
    void trainRefusesBadNumbers() {
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--batch-size", "0"), "joules: --batch-size must be at least 1, got 0");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--epochs", "-1"), "joules: --epochs must be at least 1, got -1");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--samples", "0"), "joules: --samples must be at least 1, got 0");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--lr", "-0.1"), "joules: --lr must be a positive number, got -0.1");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--validation", "-1"), "joules: --validation must be 0 or more, got -1");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--device", "gpu"),
                "joules: unknown device 'gpu'; valid devices: cpu, cuda:N (N = GPU index)");
    }

    @Test
    void runChecksEveryOptionAndOutputPathBeforeTraining() throws Exception {
        Path out = dir.resolve("r.csv");
        List<String> tiny = List.of("run", "--device", "cpu", "--configs", "mlp-L1-H512", "--epochs", "1", "--samples", "8",
                "--idle-seconds", "0");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertBadInput(run(tiny, "--out", out.toString(), "--shard", "3/2"),
                "joules: --shard '3/2': expected I/N with N >= 1 and 0 <= I < N, e.g. 0/4 for the first of four shards");
        assertBadInput(run(tiny, "--out", out.toString(), "--batch-size", "0"), "joules: --batch-size must be at least 1, got 0");
        assertBadInput(run(tiny, "--out", out.toString(), "--warmup-steps", "-1"), "joules: --warmup-steps must be 0 or more, got -1");
        assertBadInput(run(tiny, "--out", out.toString(), "--sample-ms", "0"), "joules: --sample-ms: sample period 0 ms is out of range");
        assertBadInput(run(tiny, "--out", out.toString(), "--cpu-tdp", "-5"), "joules: --cpu-tdp: ");
        assertBadInput(run(tiny, "--out", dir.toString()), "joules: the results file " + dir + " is a folder; give a file name");
        assertBadInput(run(tiny, "--out", out.toString(), "--codecarbon-csv", file.resolve("e.csv").toString()),
                "joules: --codecarbon-csv " + file.resolve("e.csv") + ": cannot create its folder " + file);
        Path labels = dir.resolve("none.tsv");
        assertBadInput(run(tiny, "--out", out.toString(), "--data", dir.toString(), "--labels", labels.toString()),
                "joules: labels file " + labels + " does not exist");
        Path models = Files.writeString(dir.resolve("models.csv"), "id,family\nmlp-L1-H512,mlp\n");
        assertBadInput(run(tiny, "--out", models.toString()), "joules: " + models + " is not a results file of this version: line 1 is "
                + "'id,family', expected 'id,family,hardware,");
        assertTrue(run(tiny, "--out", models.toString()).err().strip().endsWith("; choose another --out"));
        assertFalse(Files.exists(out));
    }

    /** On a machine without a GPU (CI, this project's build machines) cuda:0 is bad input naming what is missing. */
    @Test
    void cudaWithoutAGpuNamesWhatIsMissing() {
        String why;
        try (Backend b = Backends.open("cuda:0")) {
            why = null;
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
        }
        Assumptions.assumeTrue(why != null, "a GPU is available here");
        assertBadInput(Cli.joules("train", "--config", "mlp-L1-H512", "--device", "cuda:0"), "joules: " + why);
        assertBadInput(Cli.joules("bench", "--configs", "mlp-L1-H512", "--device", "cuda:0"), "joules: " + why);
        assertBadInput(Cli.joules("run", "--configs", "mlp-L1-H512", "--device", "cuda:0", "--out", dir.resolve("r.csv").toString()),
                "joules: " + why);
        assertTrue(why.startsWith("device 'cuda:0': "), why);
    }

    @Test
    void mergeRefusesBadFilesInOneLine() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        assertBadInput(Cli.joules("merge", empty.toString(), "--out", dir.resolve("m.csv").toString()),
                "joules: " + empty + " is empty: not a results file");
        assertBadInput(Cli.joules("merge", dir.toString(), "--out", dir.resolve("m.csv").toString()), "joules: the results file " + dir + " is a folder, not a file");
        Path other = Files.writeString(dir.resolve("other.csv"), "t_s,power_w\n0,1\n");
        Cli.Result r = Cli.joules("merge", other.toString(), "--out", dir.resolve("m.csv").toString());
        assertBadInput(r, "joules: " + other + " is not a results file of this version: line 1 is 't_s,power_w'");
        assertFalse(r.err().contains("--out"), "no advice about --out for an input: " + r.err());
        assertBadInput(Cli.joules("merge", other.toString(), "--out", dir.toString()), "joules: --out " + dir + " is a folder; give a file name");
        assertBadInput(Cli.joules("merge", other.toString()), "joules: Missing required option: '--out=FILE.csv'");
        assertFalse(Files.exists(dir.resolve("m.csv")));
    }

    @Test
    void flopsRefusesCountsThatWouldOverflow() {
        assertBadInput(Cli.joules("flops", "--all", "--convention", "training", "--batch", "2000000000"),
                "joules: --batch 2000000000, --clips 1578, --epochs 10: the FLOP count (about ");
        Cli.Result big = Cli.joules("flops", "--all", "--format", "csv", "--batch", "100000");
        assertEquals(0, big.exit(), big.err());
        assertTrue(big.out().lines().skip(1).allMatch(l -> !l.contains(",-")), "no negative (wrapped) count");
    }

    /** The real process: System.exit carries the code, stderr the one line, stdout nothing. */
    @Test
    void theProcessExitsWithTwoOnBadInput() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "joules.cli.Main",
                "flops", "--config", "cnn-L2-H12")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertEquals(2, p.waitFor());
        assertEquals("joules: unknown config id 'cnn-L2-H12'; closest: cnn-L2-H128, cnn-L2-H512, cnn-L1-H128 (joules models lists all 43)\n",
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
        assertEquals("", Files.readString(dir.resolve("out.txt")));
    }

    private static Cli.Result run(List<String> base, String... more) {
        List<String> args = new java.util.ArrayList<>(base);
        args.addAll(List.of(more));
        return Cli.joules(args.toArray(String[]::new));
    }
}
