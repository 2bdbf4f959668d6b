package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** joules report dcase on the worked example of docs/codecarbon.md (docs/examples), and its bad-input messages. */
class ReportCommandTest {
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @TempDir
    Path dir;

    /** Runs "joules report ..." (the command is registered in Main by the lead); returns {exit code, stdout, stderr}. */
    private static Object[] report(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            CommandLine cl = new CommandLine(new ReportCommand());
            cl.setExecutionExceptionHandler(new ErrorHandler());
            cl.setParameterExceptionHandler(new ErrorHandler());
            int code = cl.execute(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void workedExampleAcrossHardwareAsCsv() {
        Object[] r = report("dcase", "--submission", EXAMPLES.resolve("emissions-rtx3090.csv").toString(),
                "--baseline", EXAMPLES.resolve("results-a40.csv").toString(), "--metric", "PSDS1=0.48", "--format", "csv");
        assertEquals(0, r[0], (String) r[2]);
        List<String> lines = ((String) r[1]).lines().toList();
        assertEquals("comparison,system_id,system_hardware,system_kwh,baseline_id,baseline_hardware,baseline_kwh,"
                + "baseline_over_system,PSDS1,PSDS1_ew", lines.get(0));
        // raw: 0.48 x 0.5 kWh / 0.8 kWh = 0.3
        assertEquals("raw,my-sed-system,NVIDIA GeForce RTX 3090,0.8,crnn-C2R2-H1024x256,NVIDIA A40,0.5,0.625,0.48,0.3", lines.get(1));
        // references mlp-L1-H512 (0.02 -> 0.015 kWh) and rnn-L14-H2048 (0.42 -> 0.215 kWh): slope 0.5, intercept 0.005 kWh;
        // the system on the A40: 0.015 + (0.8 - 0.02) x 0.5 = 0.405 kWh; EW = 0.48 x 0.5 / 0.405 = 0.592592...
        assertEquals("dual_reference,my-sed-system,NVIDIA A40,0.405,crnn-C2R2-H1024x256,NVIDIA A40,0.5,1.234567901,0.48,0.592592593",
                lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void workedExampleAsTableAndJson() {
        String sub = EXAMPLES.resolve("emissions-rtx3090.csv").toString();
        String base = EXAMPLES.resolve("results-a40.csv").toString();
        Object[] t = report("dcase", "--submission", sub, "--baseline", base, "--metric", "PSDS1=0.48");
        assertEquals(0, t[0], (String) t[2]);
        String text = (String) t[1];
        assertTrue(text.lines().anyMatch(l -> l.startsWith("dual reference, on NVIDIA A40") && l.contains("0.405")
                && l.contains("0.592593")), text);
        assertTrue(text.contains("Dual reference through mlp-L1-H512 and rnn-L14-H2048: E on NVIDIA A40 = 18000 J + 0.5 x E on"
                + " NVIDIA GeForce RTX 3090"), text);
        Object[] j = report("dcase", "--submission", sub, "--baseline", base, "--metric", "PSDS1=0.48", "--format", "json");
        assertEquals(0, j[0], (String) j[2]);
        assertTrue(((String) j[1]).contains("\"system_kwh\": 0.405"), (String) j[1]);
        assertTrue(((String) j[1]).contains("\"same_hardware\": false"), (String) j[1]);
    }

    @Test
    void sameHardwareNeedsNoNormalisation() throws IOException {
        Path both = Files.writeString(dir.resolve("a40.csv"), Files.readString(EXAMPLES.resolve("results-a40.csv")));
        Object[] r = report("dcase", "--submission", both.toString(), "--system", "rnn-L14-H2048", "--baseline", both.toString(),
                "--baseline-id", "crnn-C2R2-H1024x256", "--metric", "F1=0.5", "--format", "csv");
        assertEquals(0, r[0], (String) r[2]);
        List<String> lines = ((String) r[1]).lines().toList();
        // 0.5 x 0.5 kWh / 0.215 kWh
        assertEquals("same_hardware,rnn-L14-H2048,NVIDIA A40,0.215,crnn-C2R2-H1024x256,NVIDIA A40,0.5,2.325581395,0.5,1.162790698",
                lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void badInputExitsWithTwoAndOneLineNamingTheFileAndLine() throws IOException {
        Object[] missing = report("dcase", "--submission", dir.resolve("none.csv").toString(), "--baseline",
                EXAMPLES.resolve("results-a40.csv").toString());
        assertEquals(2, missing[0]);
        assertEquals("joules: " + dir.resolve("none.csv") + ": no such file", ((String) missing[2]).strip());

        Path noUnit = Files.writeString(dir.resolve("emissions.csv"), "project_name,gpu_energy,gpu_model\nmy-sed,0.8,1 x NVIDIA A40\n");
        Object[] r = report("dcase", "--submission", noUnit.toString(), "--baseline", EXAMPLES.resolve("results-a40.csv").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).startsWith("joules: " + noUnit + ": line 1, column 2 (gpu_energy): the unit of gpu_energy cannot be told"),
                (String) r[2]);
        assertEquals(1, ((String) r[2]).strip().lines().count());

        Object[] metric = report("dcase", "--submission", noUnit.toString(), "--baseline", noUnit.toString(), "--metric", "PSDS1");
        assertEquals(2, metric[0]);
        assertTrue(((String) metric[2]).contains("--metric 'PSDS1': give NAME=VALUE"), (String) metric[2]);
    }
}
