package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import joules.energy.PowerSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerTraceFileTest {
    @TempDir Path dir;

    @Test
    void writesEveryTickWithEmptyCellsWhereThereIsNoValue() throws Exception {
        // RAPL gives no mean power at the first tick; the GPU read fails at the third
        List<PowerSample> samples = List.of(
                new PowerSample(0, 61.5, Double.NaN, Double.NaN),
                new PowerSample(0.1, 250.25, 40, 3.5),
                new PowerSample(0.2, Double.NaN, 42.125, 3.5));
        Path results = dir.resolve("results.csv");

        Path cpu = PowerTraceFile.write(results, "mlp-L1-H8", samples, false);
        assertEquals(dir.resolve("results.csv.power/mlp-L1-H8.csv"), cpu);
        assertEquals(List.of("t_s,power_w,gpu_w,cpu_w,ram_w", "0,,61.5,,", "0.1,40,250.25,40,3.5", "0.2,42.125,,42.125,3.5"),
                Files.readAllLines(cpu));

        Path gpu = PowerTraceFile.write(results, "mlp-L1-H8", samples, true);
        assertEquals(List.of("t_s,power_w,gpu_w,cpu_w,ram_w", "0,61.5,61.5,,", "0.1,250.25,250.25,40,3.5", "0.2,,,42.125,3.5"),
                Files.readAllLines(gpu));
    }
}
