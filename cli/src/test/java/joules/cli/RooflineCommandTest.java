package joules.cli;

import static joules.cli.Cli.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joules roofline: the rows worked out in docs/roofline.md, the formats, the figure, this machine, bad input. */
class RooflineCommandTest {
    @TempDir Path dir;

    /**
     * mlp-L1-H512 at batch 8 on a T4 (8.1 TFLOPS, 320 GB/s): fc0's passes move 2 x 17,057,792 bytes in 1.066e-4 s,
     * Adam's 28 x 4,199,946 bytes take 3.675e-4 s, and every row is memory-bound, so the step is its bytes over
     * the bandwidth: 151,908,268 / 320e9 s.
     */
    @Test
    void csvOfTheWorkedExample() {
        Cli.Result r = Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "T4", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("layer,type,flops,bytes,intensity,bound,time_s", lines.get(0));
        assertEquals("flatten,Flatten,0,0,,,0", lines.get(1));
        assertEquals("fc0,Linear,130027008,34115584,3.8114,memory,0.000106611", lines.get(2));
        assertEquals("adam,Adam,54599298,117598488,0.4643,memory,0.000367495", lines.get(6));
        assertEquals("total,,184872392,151908268,1.217,memory,0.000474713", lines.get(7));
        assertEquals(8, lines.size());
    }

    @Test
    void tableNamesTheCardItsSourceAndThatItIsAModel() {
        Cli.Result r = Cli.joules("roofline", "--config", "cnn-L2-H128", "--hardware", "h100");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("on NVIDIA H100 SXM5 80GB"), out);
        assertTrue(out.contains("peak 67000 GFLOP/s, bandwidth 3350 GB/s, ridge point 20 FLOP/B, board power 700 W"), out);
        assertTrue(out.contains("source: NVIDIA H100 Tensor Core GPU datasheet"), out);
        // the second convolution (128 -> 128 channels on 64 x 32) is far right of the ridge: compute-bound
        assertTrue(out.lines().anyMatch(l -> l.startsWith("conv1 ") && l.contains(" compute ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("relu0 ") && l.contains(" memory ")), out);
        assertTrue(out.contains("a model (peaks, compulsory traffic, no latency or launch costs): check it against a measured step"), out);
    }

    @Test
    void jsonAndTheForwardConvention() {
        Cli.Result r = Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "a40", "--convention", "forward",
                "--format", "json");
        assertEquals(0, r.exit(), r.err());
        String json = r.out();
        assertTrue(json.contains("\"convention\": \"forward\""), json);
        // the two numbers: fc0 moves 17,057,792 bytes forward at batch 8, relu0 32,768
        assertTrue(json.contains("{\"name\": \"fc0\", \"type\": \"Linear\", \"flops\": 67108864, \"bytes\": 17057792,"), json);
        assertTrue(json.contains("{\"name\": \"relu0\", \"type\": \"ReLU\", \"flops\": 4096, \"bytes\": 32768,"), json);
        assertTrue(json.contains("{\"name\": \"flatten\", \"type\": \"Flatten\", \"flops\": 0, \"bytes\": 0, \"intensity\": null,"
                + " \"bound\": null, \"time_s\": 0}"), json);
        assertTrue(!json.contains("\"adam\""), json);                  // no optimiser in a forward pass
        assertTrue(json.contains("\"board_power_w\": 300"), json);
    }

    @Test
    void anyOtherProcessorByItsTwoNumbers() {
        // 100 GFLOP/s and 10 GB/s: fc0's 34,115,584 bytes take 3.41e-3 s, its 130,027,008 FLOPs 1.30e-3 s
        Cli.Result r = Cli.joules("roofline", "--config", "mlp-L1-H512", "--peak-gflops", "100", "--bandwidth-gbs", "10",
                "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        assertEquals("fc0,Linear,130027008,34115584,3.8114,memory,0.00341156", r.out().lines().toList().get(2));
    }

    @Test
    void theFigureIsAPngAndAnSvg() throws Exception {
        Path base = dir.resolve("figs").resolve("crnn");
        Cli.Result r = Cli.joules("roofline", "--config", "crnn-C1R1-H64x64", "--hardware", "rtx-2080-ti", "--figure", base.toString());
        assertEquals(0, r.exit(), r.err());
        Path png = dir.resolve("figs").resolve("crnn.png");
        Path svg = dir.resolve("figs").resolve("crnn.svg");
        assertTrue(r.out().contains("wrote " + png + " and " + svg), r.out());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("gru") && text.contains("ridge point"), "an SVG with the layers named");
    }

    @Test
    void thisMachineIsMeasured() {
        Cli.Result r = Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "cpu", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"key\": \"cpu\", \"name\": \"this machine: cpu ("), r.out());
        assertTrue(r.out().contains("\"board_power_w\": null"), r.out());
        assertTrue(r.err().contains("measuring this machine"), r.err());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "v100"),
                "joules: --hardware: unknown hardware 'v100'; valid: gtx-1080-ti, rtx-2080-ti, t4, a40, h100, h100-pcie, h200,"
                        + " h200-nvl, cpu (this machine, measured)");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512"), "joules: name the processor: --hardware NAME");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--peak-gflops", "100"),
                "joules: --peak-gflops and --bandwidth-gbs go together: give both");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "t4", "--peak-gflops", "1", "--bandwidth-gbs", "1"),
                "joules: give --hardware, or --peak-gflops with --bandwidth-gbs, not both");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--peak-gflops", "0", "--bandwidth-gbs", "1"),
                "joules: --peak-gflops and --bandwidth-gbs must be positive numbers");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "t4", "--convention", "deepspeed"),
                "joules: --convention: the roofline takes training or forward");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "t4", "--batch", "0"),
                "joules: --batch must be at least 1, got 0");
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1", "--hardware", "t4"), "joules: unknown config id 'mlp-L1'");
        Path folder = Files.createDirectories(dir.resolve("fig.png"));
        assertBadInput(Cli.joules("roofline", "--config", "mlp-L1-H512", "--hardware", "t4", "--figure", dir.resolve("fig").toString()),
                "joules: --figure " + folder + " is a folder; give a file name");
    }
}
