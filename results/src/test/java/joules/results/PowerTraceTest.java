package joules.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The power-trace format: what a sweep writes beside its results, and what the analysis reads back. */
class PowerTraceTest {
    @TempDir Path dir;

    // RAPL gives no mean power at the first tick; the GPU read fails at the third
    private static final List<PowerTrace.Tick> TICKS = List.of(
            new PowerTrace.Tick(0, 61.5, Double.NaN, Double.NaN),
            new PowerTrace.Tick(0.1, 250.25, 40, 3.5),
            new PowerTrace.Tick(0.2, Double.NaN, 42.125, 3.5));

    @Test
    void writesEveryTickWithEmptyCellsWhereThereIsNoValue() throws Exception {
        Path results = dir.resolve("results.csv");
        Path cpu = PowerTrace.write(results, "mlp-L1-H8", TICKS, false);
        assertEquals(dir.toRealPath().resolve("results.csv.power/mlp-L1-H8.csv"), cpu);
        assertEquals(List.of("t_s,power_w,gpu_w,cpu_w,ram_w", "0,,61.5,,", "0.1,40,250.25,40,3.5", "0.2,42.125,,42.125,3.5"),
                Files.readAllLines(cpu));

        Path gpu = PowerTrace.write(results, "mlp-L1-H8", TICKS, true);
        assertEquals(List.of("t_s,power_w,gpu_w,cpu_w,ram_w", "0,61.5,61.5,,", "0.1,250.25,250.25,40,3.5", "0.2,,,42.125,3.5"),
                Files.readAllLines(gpu));
        assertTrue(Files.list(cpu.getParent()).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void readsBackTheTicksThatHaveAPowerAndFindsTheFolderThroughALink() throws Exception {
        Path results = Files.writeString(dir.resolve("results.csv"), "id\n");
        PowerTrace.write(results, "mlp-L1-H8", TICKS, false);
        Path link = Files.createSymbolicLink(Files.createDirectory(dir.resolve("elsewhere")).resolve("r.csv"), results);
        List<String> notices = new ArrayList<>();
        Map<String, PowerTrace> traces = PowerTrace.readAll(link, List.of("mlp-L1-H8", "cnn-none", "../../secret/leak"), notices);
        assertEquals(List.of("mlp-L1-H8"), List.copyOf(traces.keySet()));
        assertArrayEquals(new double[] {0.1, 0.2}, traces.get("mlp-L1-H8").seconds());
        assertArrayEquals(new double[] {40, 42.125}, traces.get("mlp-L1-H8").watts());
        assertEquals(List.of("power trace left out: '../../secret/leak' of " + link + " is not a configuration id, so it names no trace file"),
                notices);
    }

    @Test
    void aMalformedTraceIsLeftOutWithANoticeNamingLineAndColumn() throws Exception {
        Path results = dir.resolve("a.csv");
        Files.createDirectories(dir.resolve("a.csv.power"));
        Files.writeString(dir.resolve("a.csv.power/m.csv"), "t_s,power_w\n0,1\n0.1,NaN\n");
        List<String> notices = new ArrayList<>();
        assertTrue(PowerTrace.readAll(results, List.of("m"), notices).isEmpty());
        assertEquals(List.of("power trace left out: " + dir.resolve("a.csv.power/m.csv") + ": line 3, column 2 (power_w): 'NaN' is not a finite number"),
                notices);
    }
}
