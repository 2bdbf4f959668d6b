package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes on one results file: the second is refused while the first holds it, whichever way the first ends. */
class ResultsLockTest {
    @TempDir Path dir;

    /** A {@link LockHolder} child that has taken the lock of {@code out}. */
    private static Process holder(Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", classpath, "-XX:TieredStopAtLevel=1", LockHolder.class.getName(),
                out.toString()).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", r.readLine());
        return p;
    }

    @Test
    void anotherProcessIsRefusedWithItsPidUntilItCloses() throws Exception {
        Path out = dir.resolve("r.csv");
        Process p = holder(out);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsFile.openForAppend(out));
            assertEquals(out + " is being written by another joules run (pid " + p.pid() + "); wait until it ends, or write elsewhere",
                    e.getMessage());
            p.getOutputStream().close();                            // the holder closes the file and exits
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(ResultsFileTest.row("mlp-a", "h", 1, RunStatus.OK));
        }
    }

    @Test
    void aKilledHolderLeavesALockFileThatBlocksNoOne() throws Exception {
        Path out = dir.resolve("r.csv");
        Process p = holder(out);
        p.destroyForcibly();                                        // SIGKILL: nothing of its own is released
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(p.pid() + "\n", Files.readString(dir.resolve("r.csv.lock")));
        try (ResultsFile f = ResultsFile.openForAppend(out)) {
            f.record(ResultsFileTest.row("mlp-a", "h", 1, RunStatus.OK));
        }
    }
}
