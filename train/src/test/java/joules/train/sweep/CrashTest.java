package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import joules.results.Column;
import joules.results.ResultRow;
import joules.results.ResultsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a sweep with SIGKILL at random moments, restarts it each time, and checks that the results file
 * ends with exactly one complete row per configuration: no torn line, no duplicate, nothing missing.
 * The kill moments are drawn relative to the child's progress (after its k-th row, plus a random delay
 * that lands inside the next configuration's training or on its row's write), so the test means the same
 * on a fast machine and a slow one.
 */
class CrashTest {
    @TempDir Path dir;

    /** A sweep in a child JVM, its output collected, its finished configurations counted. */
    private static final class Child {
        final Process process;
        final AtomicInteger rows = new AtomicInteger();
        final StringBuffer log = new StringBuffer();

        Child(Path out) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // surefire runs tests with a manifest-only jar on java.class.path; it names the real classpath here
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", classpath, "-XX:TieredStopAtLevel=1",
                    SweepChild.class.getName(), out.toString(), "30");
            pb.redirectErrorStream(true);
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        log.append(line).append('\n');
                        if (line.startsWith("done ")) rows.incrementAndGet();
                    }
                } catch (Exception ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** The file ends with a complete line, every row reads under the readers' rules, all ok, none twice. */
    private static Set<String> checkFile(Path out) throws Exception {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(out)) return ids;
        byte[] bytes = Files.readAllBytes(out);
        assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n', "the file ends inside a line");
        if (bytes.length == 0) return ids;
        ResultsFile f = ResultsFile.read(out);                  // refuses a malformed line or a configuration twice
        assertEquals(0, f.tornBytes());
        for (ResultRow r : f.rows()) {
            assertEquals("ok", r.get(Column.STATUS), r.toLine());
            assertTrue(ids.add(r.id()), "two rows for " + r.id());
        }
        return ids;
    }

    @Test
    void aSweepKilledAtRandomMomentsAndRestartedEndsWithOneCompleteRowPerConfiguration() throws Exception {
        Path out = dir.resolve("results.csv");
        Random rng = new Random(2024);
        StringBuilder history = new StringBuilder();
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Child child = new Child(out);
            int afterRows = rng.nextInt(2);
            long delayMs = rng.nextInt(300);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.rows.get() < afterRows && child.process.isAlive() && System.nanoTime() < deadline) Thread.sleep(2);
            Thread.sleep(delayMs);
            if (!child.process.isAlive()) {                                  // finished before the kill
                assertEquals(0, child.process.exitValue(), child.log.toString());
                break;
            }
            child.process.destroyForcibly();                                  // SIGKILL on Unix
            assertTrue(child.process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.process.exitValue(), "killed by SIGKILL; log:\n" + child.log);
            kills++;
            history.append(String.format("kill %d: after %d row(s) + %d ms, file holds %d row(s)%n",
                    kills, afterRows, delayMs, checkFile(out).size()));
        }
        Child last = new Child(out);
        assertTrue(last.process.waitFor(120, TimeUnit.SECONDS), "the last run did not finish; log:\n" + last.log);
        assertEquals(0, last.process.exitValue(), last.log.toString());
        Set<String> expected = new HashSet<>();
        TinySweep.CONFIGS.forEach(c -> expected.add(c.id()));
        assertEquals(expected, checkFile(out), history.toString());
        assertEquals(TinySweep.CONFIGS.size(), ResultsFile.read(out).rows().size());
        assertTrue(kills >= 2, "only " + kills + " run(s) killed:\n" + history);
        System.out.print(history);
    }
}
