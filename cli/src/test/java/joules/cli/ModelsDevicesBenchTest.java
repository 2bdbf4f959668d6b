package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules models, devices and bench: what they print, in every format, and bad input. */
class ModelsDevicesBenchTest {
    @TempDir Path dir;

    @Test
    void modelsInEveryFormat() {
        Cli.Result table = Cli.joules("models");
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(44, lines.size());
        assertTrue(lines.get(0).startsWith("id  "), lines.get(0));
        assertTrue(lines.get(1).matches("mlp-L1-H512 +mlp +0 +0 +0 +0 +1 +512 +4,199,946"), lines.get(1));
        assertTrue(lines.stream().noneMatch(l -> l.endsWith(" ")), "no trailing blanks");

        Cli.Result json = Cli.joules("models", "--format", "JSON");
        assertEquals(0, json.exit(), json.err());
        List<String> objects = json.out().lines().filter(l -> l.startsWith("  {")).toList();
        assertEquals(43, objects.size());
        assertEquals("  {\"id\": \"crnn-C2R2-H1024x256\", \"family\": \"crnn\", \"conv_layers\": 2, \"rnn_layers\": 2, "
                + "\"conv_channels\": 1024, \"rnn_hidden\": 256, \"mlp_layers\": 0, \"mlp_hidden\": 0, \"params\": 10830346}",
                objects.get(42));

        assertBadInput(Cli.joules("models", "--format", "xml"), "joules: unknown --format 'xml'; valid: table, csv, json");
        assertBadInput(Cli.joules("models", "extra"), "joules: Unmatched argument at index 1: 'extra' (see 'joules models --help')");
    }

    @Test
    void devicesNamesEverySensorAndLibrary() {
        Cli.Result r = Cli.joules("devices", "--cpu-tdp", "65");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("GPU energy (NVML)\n"), r.out());
        assertTrue(r.out().contains("\nCPU and memory energy (RAPL"), r.out());
        assertTrue(r.out().contains("TDP 65 W (option)") || r.out().contains("RAPL zone"), r.out());
        assertTrue(r.out().contains("\nCUDA libraries (the cuda:N backend"), r.out());
        for (String lib : List.of("CUDA driver:", "NVRTC:", "cuBLAS:", "cuDNN:")) assertTrue(r.out().contains("  " + lib), r.out());

        assertBadInput(Cli.joules("devices", "--cpu-tdp", "0"), "joules: --cpu-tdp: CPU TDP 0.0 W must be positive");
        assertBadInput(Cli.joules("devices", "--nvml-lib", dir.resolve("none").toString()),
                "joules: --nvml-lib " + dir.resolve("none") + ": no such folder");
    }

    @Test
    void benchTimesOneStepAndWritesItsCsv() throws Exception {
        Path csv = dir.resolve("bench/b.csv");
        Cli.Result r = Cli.joules("bench", "--device", "cpu", "--configs", "mlp-L1-H512", "--steps", "1", "--warmup", "0",
                "--warmup-seconds", "0",
                "--format", "csv", "--out", csv.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("id,device,batch,step_ms,step_ms_min,train_flops_per_step,gflops,gemm_peak_gflops,energy_per_step_j,"
                + "energy_source,pytorch_step_ms,speedup_vs_pytorch,copy_gbs,bound_ms,step_over_bound,alloc_kb_per_step", lines.get(0));
        String[] cells = lines.get(1).split(",", -1);
        assertEquals(16, cells.length, lines.get(1));
        assertEquals(List.of("mlp-L1-H512", "cpu", "8"), List.of(cells[0], cells[1], cells[2]));
        assertEquals(Long.toString(joules.layers.cost.CostTable.stepFlops(joules.train.zoo.Zoo.network(
                joules.train.zoo.Zoo.config("mlp-L1-H512")), joules.train.zoo.Zoo.SAMPLE_SHAPE, 8)), cells[5]);
        double ms = Double.parseDouble(cells[3]);
        assertTrue(ms > 0, lines.get(1));
        // gflops = FLOPs per step / step time, to the printed digits (ms has 3 decimals, gflops 2)
        double gflops = Long.parseLong(cells[5]) / (ms * 1e6);
        assertEquals(gflops, Double.parseDouble(cells[6]), gflops * 0.0005 / ms + 0.0051);
        // the lower bound: FLOPs at the GEMM peak plus 4 (7 P + 2 A) bytes at the copy bandwidth (P = 4,199,946
        // parameters; A = 8 x 512 + 8 x 10 outputs of the two Linear layers)
        long bytes = 4L * (7 * 4_199_946 + 2 * (8 * 512 + 8 * 10));
        double peak = Double.parseDouble(cells[7]), copy = Double.parseDouble(cells[12]), bound = Double.parseDouble(cells[13]);
        assertTrue(copy > 0, lines.get(1));
        assertEquals(Long.parseLong(cells[5]) / (peak * 1e6) + bytes / (copy * 1e6), bound, 0.002 * bound + 0.001);
        assertEquals(ms / bound, Double.parseDouble(cells[14]), 0.01 * ms / bound + 0.01);
        // the heap the timed step allocated (a first, unwarmed step: the interpreter's vectors are objects, so only >= 0)
        assertTrue(Double.parseDouble(cells[15]) >= 0, lines.get(1));
        assertEquals(String.join("\n", lines) + "\n", Files.readString(csv));
    }

    @Test
    void benchLayersTimesEveryLayerBesideItsFlopsAndBytes() throws Exception {
        Cli.Result r = Cli.joules("bench", "--device", "cpu", "--configs", "mlp-L1-H512", "--steps", "1", "--warmup", "0",
                "--warmup-seconds", "0",
                "--format", "csv", "--layers");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("GFLOP/s, copy bandwidth "), r.err());
        assertTrue(r.err().contains(" GB/s (ridge ") && r.err().contains(", load average "), r.err());
        List<String> lines = r.out().lines().toList();
        int at = lines.indexOf("id,layer,type,forward_ms,forward_gflops,forward_gbs,forward_roofline_fraction,backward_ms,"
                + "backward_gflops,backward_gbs,backward_roofline_fraction,forward_flops,backward_flops,forward_bytes,backward_bytes");
        assertTrue(at > 0, r.out());
        List<String[]> rows = lines.subList(at + 1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        assertEquals(List.of("flatten", "fc0", "relu0", "out", "output", "adam"), rows.stream().map(c -> c[1]).toList());
        long flops = 0;
        long bytes = 0;
        for (String[] c : rows) {
            assertEquals("mlp-L1-H512", c[0]);
            assertTrue(Double.parseDouble(c[3]) >= 0, String.join(",", c));
            flops += Long.parseLong(c[11]) + Long.parseLong(c[12]);
            bytes += Long.parseLong(c[13]) + Long.parseLong(c[14]);
        }
        // fc0 forward: x W^T + b at batch 8, 8 x 512 x (2 x 8192 - 1) + 8 x 512, over 17,057,792 bytes
        assertEquals("67108864", rows.get(1)[11]);
        assertEquals("17057792", rows.get(1)[13]);
        double ms = Double.parseDouble(rows.get(1)[3]);
        // GB/s = bytes / time, to the printed digits: ms has 3 decimals (off by up to 0.0005 / ms relative), GB/s 2
        double gbs = 17_057_792 / (ms * 1e6);
        assertEquals(gbs, Double.parseDouble(rows.get(1)[5]), gbs * 0.0005 / ms + 0.0051);
        double fraction = Double.parseDouble(rows.get(1)[6]);
        assertTrue(fraction > 0, rows.get(1)[6]);   // roofline time / measured time (a cache can lift it above 1)
        assertEquals("", rows.get(0)[6]);            // Flatten moves nothing: no roofline to reach
        // the layers, the loss and Adam add up to the training step's exact counts
        joules.layers.cost.Cost step = joules.train.zoo.Zoo.costs(joules.train.zoo.Zoo.config("mlp-L1-H512"),
                joules.layers.cost.Convention.TRAINING, 8).total();
        assertEquals(step.flops(), flops);
        assertEquals(step.bytes(), bytes);
    }

    @Test
    void benchRefusesBadInputBeforeTiming() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Result unwritable = Cli.joules("bench", "--device", "cpu", "--configs", "mlp-L1-H512", "--steps", "1",
                "--out", file.resolve("b.csv").toString());
        assertBadInput(unwritable, "joules: --out " + file.resolve("b.csv") + ": cannot create its folder " + file);
        assertFalse(unwritable.out().contains("mlp-L1-H512"), unwritable.out());
        assertBadInput(Cli.joules("bench", "--device", "cpu", "--steps", "0"), "joules: --steps must be at least 1, got 0");
        assertBadInput(Cli.joules("bench", "--device", "cpu", "--batch-size", "-1"), "joules: --batch-size must be at least 1, got -1");
        assertBadInput(Cli.joules("bench", "--device", "cpu", "--warmup-seconds", "-1"), "joules: --warmup-seconds must be 0 or more, got -1.0");
        assertBadInput(Cli.joules("bench", "--device", "cpu", "--warmup-seconds", "Infinity"), "joules: --warmup-seconds must be finite, got Infinity");
        assertBadInput(Cli.joules("bench", "--device", "cpu", "--energy-seconds", "Infinity"), "joules: --energy-seconds must be finite, got Infinity");
        assertBadInput(Cli.joules("bench", "--format", "json"), "joules: bench writes table or csv, not json");
        assertBadInput(Cli.joules("bench", "--configs", "mlp-L1-H512", "--preset", "quick"), "joules: give --configs or --preset, not both");
        assertBadInput(Cli.joules("bench", "--device", "tpu"), "joules: unknown device 'tpu'; valid devices: cpu, cuda:N");
    }
}
