package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joules bench --pytorch} runs the project's own reference script, never one planted in the current folder. */
class PytorchScriptTest {
    @TempDir Path dir;

    /** The repository's root: the tests run in cli/. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void theScriptIsTheRepositorysWhereverJoulesRuns() throws Exception {
        Path own = REPO.resolve("bench").resolve("pytorch_reference.py");
        assertEquals(own, BenchCommand.pytorchScript());

        // a folder with a script of its own at bench/pytorch_reference.py, and a "python" that says what it was given
        Path cwd = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(cwd.resolve("bench"));
        Files.writeString(cwd.resolve("bench/pytorch_reference.py"), "raise SystemExit('the planted script ran')\n");
        Path ran = dir.resolve("ran.txt");
        Path python = Files.writeString(dir.resolve("python"), "#!/bin/sh\necho \"$1\" > " + ran
                + "\nprintf 'id,step_ms,error\\nmlp-L1-H512,5.0,\\n'\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", classpath, "joules.cli.Main", "bench",
                "--device", "cpu", "--configs", "mlp-L1-H512", "--steps", "1", "--warmup", "0",
                "--warmup-seconds", "0", "--pytorch", "--python", python.toString())
                .directory(cwd.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        assertEquals(own.toString(), Files.readString(ran).strip());
        assertTrue(log.contains("mlp-L1-H512"), log);
    }
}
