package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules report dcase on the worked example of docs/codecarbon.md (docs/examples), and its bad-input messages. */
class ReportCommandTest {
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TempDir
    Path dir;

    @Test
    void workedExampleAcrossHardwareAsCsv() {
        Cli.Result r = Cli.joules("report", "dcase", "--submission", EXAMPLES.resolve("emissions-rtx3090.csv").toString(),
                "--baseline", EXAMPLES.resolve("results-a40.csv").toString(), "--metric", "PSDS1=0.48", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("comparison,system_id,system_hardware,system_kwh,baseline_id,baseline_hardware,baseline_kwh,"
                + "baseline_over_system,PSDS1,PSDS1_ew", lines.get(0));
        // raw: 0.48 x 0.5 kWh / 0.8 kWh = 0.3
        assertEquals("raw,my-sed-system,NVIDIA GeForce RTX 3090,0.8,crnn-C2R2-H1024x256,NVIDIA A40,0.5,0.625,0.48,0.3", lines.get(1));
        // references mlp-L1-H512 (0.02 -> 0.015 kWh) and rnn-L14-H2048 (0.42 -> 0.215 kWh): slope 0.5, intercept 0.005 kWh;
        // the system on the A40: 0.015 + (0.8 - 0.02) x 0.5 = 0.405 kWh; EW = 0.48 x 0.5 / 0.405 = 0.592592...
        assertEquals("dual_reference,my-sed-system,NVIDIA A40,0.405,crnn-C2R2-H1024x256,NVIDIA A40,0.5,1.2345679012345678,0.48,0.5925925925925926",
                lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void workedExampleAsTableAndJson() {
        String sub = EXAMPLES.resolve("emissions-rtx3090.csv").toString();
        String base = EXAMPLES.resolve("results-a40.csv").toString();
        Cli.Result t = Cli.joules("report", "dcase", "--submission", sub, "--baseline", base, "--metric", "PSDS1=0.48");
        assertEquals(0, t.exit(), t.err());
        String text = t.out();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("dual reference, on NVIDIA A40") && l.contains("0.405")
                && l.contains("0.592593")), text);
        assertTrue(text.contains("Dual reference through mlp-L1-H512 and rnn-L14-H2048: E on NVIDIA A40 = 18000 J + 0.5 x E on"
                + " NVIDIA GeForce RTX 3090"), text);
        Cli.Result j = Cli.joules("report", "dcase", "--submission", sub, "--baseline", base, "--metric", "PSDS1=0.48", "--format", "json");
        assertEquals(0, j.exit(), j.err());
        assertTrue(j.out().contains("\"system_kwh\": 0.405"), j.out());
        assertTrue(j.out().contains("\"same_hardware\": false"), j.out());
    }

    @Test
    void sameHardwareNeedsNoNormalisation() throws IOException {
        Path both = Files.writeString(dir.resolve("a40.csv"), Files.readString(EXAMPLES.resolve("results-a40.csv")));
        Cli.Result r = Cli.joules("report", "dcase", "--submission", both.toString(), "--system", "rnn-L14-H2048", "--baseline", both.toString(),
                "--baseline-id", "crnn-C2R2-H1024x256", "--metric", "F1=0.5", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        // 0.5 x 0.5 kWh / 0.215 kWh
        assertEquals("same_hardware,rnn-L14-H2048,NVIDIA A40,0.215,crnn-C2R2-H1024x256,NVIDIA A40,0.5,2.3255813953488373,0.5,1.1627906976744187",
                lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void badInputExitsWithTwoAndOneLineNamingTheFileAndLine() throws IOException {
        Cli.Result missing = Cli.joules("report", "dcase", "--submission", dir.resolve("none.csv").toString(), "--baseline",
                EXAMPLES.resolve("results-a40.csv").toString());
        assertEquals(2, missing.exit());
        assertEquals("joules: results file " + dir.resolve("none.csv") + " does not exist", missing.err().strip());

        Path noUnit = Files.writeString(dir.resolve("emissions.csv"), "project_name,gpu_energy,gpu_model\nmy-sed,0.8,1 x NVIDIA A40\n");
        Cli.Result r = Cli.joules("report", "dcase", "--submission", noUnit.toString(), "--baseline", EXAMPLES.resolve("results-a40.csv").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("joules: " + noUnit + ": line 1, column 2 (gpu_energy): the unit of gpu_energy cannot be told"),
                r.err());
        assertEquals(1, r.err().strip().lines().count());

        Cli.Result metric = Cli.joules("report", "dcase", "--submission", noUnit.toString(), "--baseline", noUnit.toString(), "--metric", "PSDS1");
        assertEquals(2, metric.exit());
        assertTrue(metric.err().contains("--metric 'PSDS1': give NAME=VALUE"), metric.err());
    }
}
