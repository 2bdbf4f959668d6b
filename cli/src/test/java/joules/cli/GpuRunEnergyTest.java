package joules.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import joules.tensor.Backend;
import joules.tensor.Backends;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 5: a GPU run whose GPU energy cannot be measured stops before training (needs a GPU; skipped without). */
@Tag("gpu")
class GpuRunEnergyTest {
    @TempDir Path dir;

    @Test
    void aGpuRunWithoutGpuEnergyIsExitTwoBeforeTraining() {
        boolean gpu;
        try (Backend b = Backends.open("cuda:0")) {
            gpu = true;
        } catch (IllegalArgumentException e) {
            gpu = false;
        }
        Assumptions.assumeTrue(gpu, "no GPU here");
        Path out = dir.resolve("results.csv");
        // --meter-gpu none: the meter measures no GPU, as on a machine without NVML
        Cli.assertBadInput(Cli.joules("run", "--device", "cuda:0", "--meter-gpu", "none", "--configs", "mlp-L1-H512",
                        "--epochs", "1", "--samples", "10", "--idle-seconds", "0", "--out", out.toString()),
                "joules: GPU energy is unavailable for cuda:0: no GPU selected; give --meter-gpu");
        assertFalse(Files.exists(out));                                   // refused before the results file is made
    }
}
