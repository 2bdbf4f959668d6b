package joules.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.layers.cost.Hardware;
import joules.layers.cost.Roofline;
import joules.layers.cost.Roofline.Bound;
import org.junit.jupiter.api.Test;

/** The roofline model on small cases worked by hand, the study's MLP on a T4, and the table of cards. */
class RooflineTest {
    /** A made-up processor: 100 GFLOP/s and 10 GB/s, ridge point 10 FLOPs a byte. */
    static final Hardware TOY = Hardware.given("toy", 100, 10, "test");

    static Sequential mlp(int in, int hidden) {
        return new Sequential("net", new Flatten("flatten"), new Linear("fc0", in, hidden), new ReLU("relu0"),
                new Linear("out", hidden, 10));
    }

    @Test
    void forwardRowsByHand() {
        // Linear 6 -> 4 on N = 3 (the first layer), then ReLU on 12 values: see CostTest for the counts
        Sequential net = new Sequential("net", new Linear("fc", 6, 4), new ReLU("relu"));
        Roofline r = Roofline.of(net, new int[] {3, 6}, Convention.FORWARD, TOY);
        assertEquals(List.of("fc", "relu", "output"), r.rows().stream().map(Roofline.Row::name).toList());
        Roofline.Row fc = r.rows().get(0);
        assertEquals(144, fc.flops());                                  // 2 N I O
        assertEquals(4 * (18 + 24 + 4 + 12), fc.bytes());               // 232
        // max(144 / 1e11, 232 / 1e10) = 2.32e-8 s: memory-bound (intensity 0.62 < 10)
        assertEquals(232 / 1e10, fc.seconds(), 1e-22);
        assertEquals(Bound.MEMORY, fc.bound());
        assertEquals(144.0 / 232, fc.intensity(), 1e-15);
        // a kernel above the ridge is compute-bound: 10^6 FLOPs on 1,000 bytes takes 10^6 / 10^11 s
        Hardware fast = Hardware.given("fast-memory", 1, 1000, "test");
        assertEquals(Bound.COMPUTE, Roofline.of(net, new int[] {3, 6}, Convention.FORWARD, fast).rows().get(0).bound());
        assertEquals(144 / 1e9, Roofline.of(net, new int[] {3, 6}, Convention.FORWARD, fast).rows().get(0).seconds(), 1e-22);
        double sum = r.rows().stream().mapToDouble(Roofline.Row::seconds).sum();
        assertEquals(sum, r.total().seconds(), 1e-22);                  // the rows run one after another
    }

    @Test
    void trainingRowsSplitOffTheLossAndAdam() {
        Sequential net = mlp(6, 4);
        int[] in = {3, 1, 2, 3};
        Roofline r = Roofline.of(net, in, Convention.TRAINING, TOY);
        assertEquals(List.of("flatten", "fc0", "relu0", "out", "output", "adam"), r.rows().stream().map(Roofline.Row::name).toList());
        assertEquals(Bound.NONE, r.rows().get(0).bound());              // a view: no FLOP, no byte, no time
        assertEquals(0, r.rows().get(0).seconds());
        assertTrue(Double.isNaN(r.rows().get(0).intensity()));
        // Adam on 78 parameters (fc0 6 x 4 + 4, out 4 x 10 + 10): 13 FLOPs and 28 bytes a parameter
        assertEquals(13 * 78, r.rows().get(5).flops());
        assertEquals(28 * 78, r.rows().get(5).bytes());
        // the totals are CostTable's, where Adam is shared out among the layers
        CostTable t = CostTable.forModel(net, in, Convention.TRAINING);
        assertEquals(t.total().flops(), r.total().flops());
        assertEquals(t.total().bytes(), r.total().bytes());
        // fc0's row is CostTable's without Adam's 13 FLOPs and 28 bytes on each of its 28 parameters
        assertEquals(t.rows().get(1).cost().flops() - 13 * 28, r.rows().get(1).flops());
        assertEquals(t.rows().get(1).cost().bytes() - 28 * 28, r.rows().get(1).bytes());
        assertThrows(IllegalArgumentException.class, () -> Roofline.of(net, in, Convention.DEEPSPEED, TOY));
    }

    /**
     * mlp-L1-H512 at batch 8 on a T4 (8.1 TFLOPS, 320 GB/s, ridge 25.3 FLOPs a byte): every row is memory-bound.
     * fc0's passes: forward 67,108,864 + backward 62,914,560 + 3,584 FLOPs over 2 x 17,057,792 bytes; Adam: 13 and
     * 28 x 4,199,946.
     */
    @Test
    void mlpOnAT4IsMemoryBoundAndAdamTakesMostOfTheStep() {
        Roofline r = Roofline.of(mlp(8192, 512), new int[] {8, 1, 128, 64}, Convention.TRAINING, Hardware.byKey("t4"));
        Roofline.Row fc0 = r.rows().get(1);
        assertEquals(67_108_864L + 62_914_560L + 3_584L, fc0.flops());
        assertEquals(2 * 17_057_792L, fc0.bytes());
        assertEquals(2 * 17_057_792L / 320e9, fc0.seconds(), 1e-18);
        Roofline.Row adam = r.rows().get(5);
        assertEquals(28L * 4_199_946, adam.bytes());
        assertEquals(28L * 4_199_946 / 320e9, adam.seconds(), 1e-18);
        for (Roofline.Row row : r.rows()) assertTrue(row.bound() != Bound.COMPUTE, row.name());
        assertEquals(Bound.MEMORY, r.total().bound());
        assertEquals(151_908_268 / 320e9, r.total().seconds(), 1e-15);   // all memory-bound: bytes / bandwidth
        assertEquals(1.0, r.memoryBoundShare(), 1e-12);
    }

    @Test
    void aRunIsItsStepsOneAfterAnother() {
        Sequential net = mlp(6, 4);
        int[] sample = {1, 2, 3};
        double run = Roofline.trainingRunSeconds(net, sample, 10, 4, 3, TOY);    // per epoch: 4 + 4 + 2
        double expected = 3 * (2 * Roofline.stepSeconds(net, sample, 4, TOY) + Roofline.stepSeconds(net, sample, 2, TOY));
        assertEquals(expected, run, 1e-20);
        assertThrows(IllegalArgumentException.class, () -> Roofline.trainingRunSeconds(net, sample, 10, 0, 1, TOY));
    }

    @Test
    void theTableOfCards() {
        assertEquals("t4", Hardware.byKey("T4").key());
        assertEquals(4352 * 2 * 1.545, Hardware.byKey("rtx-2080-ti").peakGflops(), 1e-9);
        assertEquals(3350, Hardware.byKey("H100").bandwidthGbs());
        assertEquals(8100.0 / 320, Hardware.byKey("t4").ridgeIntensity(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hardware.byKey("v100"));
        assertEquals("unknown hardware 'v100'; valid: gtx-1080-ti, rtx-2080-ti, t4, a40, h100, h100-pcie, h200, h200-nvl,"
                + " cpu (this machine, measured)", e.getMessage());
        for (Hardware h : Hardware.TABLE) {
            assertTrue(h.boardPowerW() > 0 && !h.source().isBlank(), h.key());
        }
    }

    @Test
    void namesAsNvmlGivesThem() {
        assertEquals(Optional.of(Hardware.byKey("rtx-2080-ti")), Hardware.forDeviceName("NVIDIA GeForce RTX 2080 Ti"));
        assertEquals(Optional.of(Hardware.byKey("gtx-1080-ti")), Hardware.forDeviceName("GeForce GTX 1080 Ti"));
        assertEquals(Optional.of(Hardware.byKey("t4")), Hardware.forDeviceName("Tesla T4"));
        assertEquals(Optional.of(Hardware.byKey("a40")), Hardware.forDeviceName(" nvidia  A40 "));
        assertEquals(Optional.of(Hardware.byKey("h100")), Hardware.forDeviceName("NVIDIA H100 80GB HBM3"));
        assertEquals(Optional.of(Hardware.byKey("h100-pcie")), Hardware.forDeviceName("NVIDIA H100 PCIe"));
        assertEquals(Optional.of(Hardware.byKey("h200")), Hardware.forDeviceName("NVIDIA H200"));
        assertEquals(Optional.of(Hardware.byKey("a40")), Hardware.forDeviceName("a40"));        // a key
        assertEquals(Optional.empty(), Hardware.forDeviceName("NVIDIA H100"));                 // which one?
        assertEquals(Optional.empty(), Hardware.forDeviceName("gpu-a"));
    }
}
