package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/TinyTrain.java, the first program the README sends a reader to, still compiles against the
 * engine's API and still learns. It is run as a reader runs it: a single-file source program launched by
 * {@code java -cp <the engine's classes> examples/TinyTrain.java}, with no other flag (no
 * {@code --add-modules}: the CPU backend's plain loops), in a JVM of its own.
 */
class TinyTrainExampleTest {
    static final Path EXAMPLE = Path.of("..", "examples", "TinyTrain.java");
    static final Pattern STEP = Pattern.compile("step (\\d+): loss (\\d+\\.\\d{4}) \\((\\d+\\.\\d) ms\\)");
    static final Pattern HELD_OUT = Pattern.compile("held-out: (\\d+\\.\\d) % of \\d+ tags right on \\d+ new clips");

    @Test
    void theExampleRunsFromSourceAndItsLossFalls() throws IOException, InterruptedException {
        int steps = 100;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                EXAMPLE.toString(), String.valueOf(steps)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);

        List<Double> losses = new ArrayList<>();
        double heldOut = -1;
        for (String line : out.lines().toList()) {
            Matcher s = STEP.matcher(line), h = HELD_OUT.matcher(line);
            if (s.matches()) {
                assertEquals(losses.size() + 1, Integer.parseInt(s.group(1)), line);
                losses.add(Double.parseDouble(s.group(2)));
            } else if (h.matches()) {
                heldOut = Double.parseDouble(h.group(1));
            }
        }
        assertEquals(steps, losses.size(), out);
        // it starts near ln 2 (every logit near 0) and the mean of the last 10 steps is a fifth of that or less
        assertEquals(Math.log(2), losses.get(0), 0.1, out);
        double last = losses.subList(steps - 10, steps).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < losses.get(0) / 5, "mean loss of the last 10 steps " + last + "\n" + out);
        assertTrue(heldOut >= 90, "held-out accuracy " + heldOut + "\n" + out);
    }
}
