package joules.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.layers.cost.CostTable;
import joules.layers.cost.LayerCounts;
import org.junit.jupiter.api.Test;

/**
 * FLOP, MAC, parameter and byte counts: small cases worked by hand (docs/flops.md and docs/roofline.md show
 * the same working), and the convolution's closed forms against a brute-force count of the operations of its
 * naive loops.
 */
class CostTest {

    @Test
    void linearByHand() {
        Linear fc = new Linear("fc", 3, 2);                     // N = 4
        LayerCounts c = fc.counts(new int[] {4, 3});
        assertEquals(8, c.params());                            // 3 * 2 + 2
        // bytes forward: read x 4 * 3, W 2 * 3, b 2; write y 4 * 2: 4 (12 + 6 + 2 + 8) = 112 (DeepSpeed gets these too)
        assertEquals(new Cost(8, 24, 48, 112), c.in(Convention.DEEPSPEED));   // 2 * 12 * 2, bias not counted
        assertEquals(new Cost(8, 24, 48, 112), c.in(Convention.FORWARD));     // 4 * 2 * (2 * 3 - 1) + 4 * 2 bias
        // backward: dW 2 * 3 * (2 * 4 - 1) = 42, db 2 * 3 = 6, dx 4 * 3 * (2 * 2 - 1) = 36; Adam 13 * 8 = 104
        // bytes backward: read dy 8, x 12, W 6; write dW 6, db 2, dx 12: 4 * 46 = 184; Adam 28 * 8 = 224
        assertEquals(new Cost(8, 72, 48 + 84 + 104, 112 + 184 + 224), c.in(Convention.TRAINING));
        fc.setInputGradNeeded(false);
        // no dx: W is not read and dx not written: 4 * (8 + 12 + 6 + 2) = 112
        assertEquals(new Cost(8, 48, 48 + 48 + 104, 112 + 112 + 224), fc.counts(new int[] {4, 3}).in(Convention.TRAINING));
    }

    @Test
    void convByHand() {
        // the study's first block at a small size: 1 -> 2 channels, 3x3, padding 1, on a 4x4 image, N = 1
        Conv2d conv = new Conv2d("conv", 1, 2, 3, 1, 1);
        LayerCounts c = conv.counts(new int[] {1, 1, 4, 4});
        assertEquals(20, c.params());                           // 2 * 9 + 2
        long macs = 2 * 16 * 9;                                 // outC * positions * K = 288
        // bytes forward: read x 16 (the padding is never stored), W 18, b 2; write y 2 * 16: 4 * 68 = 272
        assertEquals(new Cost(20, macs, 2 * macs + 2 * 16, 272), c.in(Convention.DEEPSPEED));
        assertEquals(new Cost(20, macs, 2 * macs, 272), c.in(Convention.FORWARD));
        // backward: dW 2 * 288 - 18 = 558, db 2 * (16 - 1) = 30, dx 2 * 288 - 1 * 6 * 6 = 540 (6x6 padded positions)
        // bytes backward: read dy 32, x 16, W 18; write dW 18, db 2, dx 16: 4 * 102 = 408; Adam 28 * 20 = 560
        assertEquals(new Cost(20, 3 * macs, 2 * macs + 558 + 30 + 540 + 13 * 20, 272 + 408 + 560), c.in(Convention.TRAINING));
    }

    @Test
    void reluPoolSigmoidByHand() {
        int[] s = {2, 3, 4, 6};                                 // 144 values, 36 windows of 2x2
        // ReLU bytes: forward read x, write y: 4 * 2 * 144; backward read y, dy, write dx: 4 * 3 * 144
        assertEquals(LayerCounts.elementwise(144, 144, 144, 1152, 1728), new ReLU("r").counts(s));
        // pooling bytes: forward read x 144, write y 36; backward read x 144, y 36, dy 36, write dx 144
        assertEquals(LayerCounts.elementwise(144, 36 * 3, 36 * 3, 4 * 180, 4 * 360), new MaxPool2d("p", 2).counts(s));
        assertEquals(LayerCounts.elementwise(144, 4 * 144, 3 * 144, 1152, 1728), new Sigmoid("s").counts(s));
        // the model's first layer: no backward, so no backward bytes
        ReLU first = new ReLU("r");
        first.setInputGradNeeded(false);
        assertEquals(LayerCounts.elementwise(144, 144, 0, 1152, 0), first.counts(s));
    }

    @Test
    void gruByHand() {
        // T = 2 steps, N = 1, I = 1, H = 1: G = 3
        Gru gru = new Gru("gru", 1, 1, 1);
        LayerCounts c = gru.counts(new int[] {2, 1, 1});
        assertEquals(12, c.params());                           // 3 + 3 + 3 + 3
        // DeepSpeed per step: (2*3*1 - 3) + (2*3*1 - 3) + 1 + 3 + 3 + 2*3 = 19; two steps; no MACs
        // bytes forward: read x 2, W_ih 3, W_hh 3, b_ih 3, b_hh 3; write y 2, the saved [r, z, n, gh_n] 2 * 4:
        // 4 * 24 = 96
        assertEquals(new Cost(12, 0, 38, 96), c.in(Convention.DEEPSPEED));
        // forward per step: 2GI + 2GH + 17H = 6 + 6 + 17 = 29; MACs GI + GH = 6 per step
        assertEquals(new Cost(12, 12, 58, 96), c.in(Convention.FORWARD));
        // backward: gates 16 * 2 = 32; dh for step 1 only: 2GH + H = 7; dW_ih 3 * (2*2 - 1) = 9, dW_hh 9;
        // db_ih, db_hh 2 * 3 * (2 - 1) = 6; dx 2 * 1 * (2*3 - 1) = 10  => 73
        // backward MACs: dh 3, dW_ih 6, dW_hh 6, dx 6 => 21
        // bytes backward: read dy 2, x 2, the saved gates 8, h_0 = y_0 1 (h_-1 = 0 is not stored), W_hh 3,
        // W_ih 3 (for dx); write dW_ih 3, dW_hh 3, db_ih 3, db_hh 3, dx 2: 4 * 33 = 132; Adam 28 * 12 = 336
        assertEquals(new Cost(12, 12 + 21, 58 + 73 + 13 * 12, 96 + 132 + 336), c.in(Convention.TRAINING));
        // one step (the RNN family): no h_{t-1} to read and no W_hh^T product in backward
        LayerCounts one = new Gru("gru", 1, 1, 1).counts(new int[] {1, 1, 1});
        assertEquals(4 * (1 + 3 + 3 + 3 + 3 + 1 + 4), one.forwardBytes());
        // read dy 1, x 1, the saved gates 4, W_ih 3; write dW_ih 3, dW_hh 3, db_ih 3, db_hh 3, dx 1
        assertEquals(4 * (1 + 1 + 4 + 3 + 3 + 3 + 3 + 3 + 1), one.backwardBytes());
    }

    @Test
    void gruSecondLayerReadsTheHiddenSize() {
        // DeepSpeed for I = 5, H = 2, 2 layers, T = 3, N = 2: G = 6
        // layer 0: (2*6*5 - 6) + (2*6*2 - 6) + 2 + 6 + 6 + 12 = 54 + 18 + 26 = 98
        // layer 1: (2*6*2 - 6) + (2*6*2 - 6) + 26 = 18 + 18 + 26 = 62
        Gru gru = new Gru("gru", 5, 2, 2);
        assertEquals((98 + 62) * 6, gru.counts(new int[] {3, 2, 5}).deepspeedFlops());
        assertEquals(6 * 5 + 6 * 2 + 12 + 6 * 2 + 6 * 2 + 12, gru.parameterCount());
        // forward bytes, NT = 6: layer 0 reads x 30, W_ih 30, W_hh 12, biases 12, writes y 12, gates 48 (144);
        // layer 1 reads layer 0's y, 12, instead of x, and W_ih is 6 x 2: 12 + 12 + 12 + 12 + 12 + 48 = 108
        assertEquals(4 * (144 + 108), gru.counts(new int[] {3, 2, 5}).forwardBytes());
    }

    /** Counts each multiply and add of the dense convolution loops one by one. */
    private static long[] bruteForceConv(int n, int inC, int h, int w, int outC, int kH, int kW, int sH, int sW, int pH, int pW) {
        int outH = (h + 2 * pH - kH) / sH + 1;
        int outW = (w + 2 * pW - kW) / sW + 1;
        long k = (long) inC * kH * kW;
        long outputs = (long) n * outC * outH * outW;
        long forward = outputs * (k + (k - 1) + 1);             // K products, K - 1 adds, the bias add
        // backward data, on the padded input: how many terms each position's sum has
        int[][] terms = new int[h + 2 * pH][w + 2 * pW];
        for (int oh = 0; oh < outH; oh++)
            for (int ow = 0; ow < outW; ow++)
                for (int p = 0; p < kH; p++)
                    for (int q = 0; q < kW; q++) terms[oh * sH + p][ow * sW + q] += outC;
        long data = 0;
        for (int[] row : terms)
            for (int t : row) if (t > 0) data += t + (t - 1);    // t products, t - 1 adds
        data *= (long) n * inC;
        long perWeight = (long) n * outH * outW;                // products summed into each weight gradient
        long filter = (long) outC * k * (perWeight + perWeight - 1);
        long bias = outC * (perWeight - 1);
        return new long[] {forward, data + filter + bias};
    }

    @Test
    void convClosedFormsMatchABruteForceCount() {
        int[][] cases = { // n, inC, h, w, outC, kH, kW, sH, sW, pH, pW
                {1, 1, 4, 4, 2, 3, 3, 1, 1, 1, 1}, {2, 3, 9, 8, 5, 3, 3, 2, 2, 0, 0}, {3, 2, 6, 7, 3, 2, 3, 2, 1, 1, 0},
                {2, 1, 10, 11, 2, 5, 5, 3, 3, 2, 2}, {1, 2, 9, 9, 1, 2, 2, 3, 3, 0, 0}, {1, 1, 8, 8, 1, 1, 1, 2, 2, 0, 0}};
        for (int[] c : cases) {
            Conv2d conv = new Conv2d("conv", c[1], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
            LayerCounts counts = conv.counts(new int[] {c[0], c[1], c[2], c[3]});
            long[] brute = bruteForceConv(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
            assertEquals(brute[0], counts.forwardFlops(), "forward of " + java.util.Arrays.toString(c));
            assertEquals(brute[1], counts.backwardFlops(), "backward of " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void firstLayerComputesNoInputGradient() {
        Sequential net = new Sequential("net", new Flatten("flat"), new Linear("fc0", 6, 4), new ReLU("relu"),
                new Linear("out", 4, 2));
        net.setInputGradNeeded(false);
        assertEquals(false, net.children().get(0).inputGradNeeded());
        assertEquals(false, net.children().get(1).inputGradNeeded());   // the first layer with parameters
        assertEquals(true, net.children().get(2).inputGradNeeded());
        assertEquals(true, net.children().get(3).inputGradNeeded());
    }

    @Test
    void tableRowsHeadAndTotals() {
        Sequential net = new Sequential("net", new Flatten("flat"), new Linear("fc0", 6, 4), new ReLU("relu"),
                new Linear("out", 4, 2));
        CostTable t = CostTable.forModel(net, new int[] {3, 1, 2, 3}, Convention.DEEPSPEED);
        assertEquals(5, t.rows().size());
        assertEquals("output", t.rows().get(4).name());
        assertEquals("Sigmoid", t.rows().get(4).type());
        assertArrayEquals(new int[] {3, 4}, t.rows().get(1).outputShape());
        // fc0 2*18*4 = 144, relu 12, out 2*12*2 = 48, sigmoid 6
        // bytes: fc0 4 (18 + 24 + 4 + 12) = 232, relu 4 * 2 * 12 = 96, out 4 (12 + 8 + 2 + 6) = 112, sigmoid 4 * 2 * 6 = 48
        assertEquals(new Cost(28 + 10, 72 + 24, 144 + 12 + 48 + 6, 232 + 96 + 112 + 48), t.total());
        assertEquals(0, t.rows().get(0).cost().bytes());             // Flatten is a view
        assertTrue(Double.isNaN(t.rows().get(0).cost().intensity()));
        assertEquals(144.0 / 232, t.rows().get(1).cost().intensity(), 1e-15);
        double shares = 0;
        for (CostTable.Row r : t.rows()) shares += r.share(t.total());
        assertEquals(1.0, shares, 1e-12);

        CostTable train = CostTable.forModel(net, new int[] {3, 1, 2, 3}, Convention.TRAINING);
        assertEquals("SigmoidBCELoss", train.rows().get(4).type());
        assertEquals(16 * 6, train.rows().get(4).cost().flops());   // loss 9 + mean 1, gradient 6 per logit
        assertEquals(4 * (3 * 6 + 1), train.rows().get(4).cost().bytes()); // read logits, targets; write dlogits, loss
    }

    @Test
    void aRunCountsTheLastSmallerBatch() {
        Sequential net = new Sequential("net", new Flatten("flat"), new Linear("fc0", 6, 4), new ReLU("relu"),
                new Linear("out", 4, 2));
        int[] sample = {1, 2, 3};
        long run = CostTable.trainingRunFlops(net, sample, 10, 4, 3);   // per epoch: 4 + 4 + 2
        long expected = 3 * (2 * CostTable.stepFlops(net, sample, 4) + CostTable.stepFlops(net, sample, 2));
        assertEquals(expected, run);
        assertEquals(5 * CostTable.stepFlops(net, sample, 2), CostTable.trainingRunFlops(net, sample, 10, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> CostTable.trainingRunFlops(net, sample, 10, 0, 1));
    }

    @Test
    void countsTooLargeForALongThrowInsteadOfWrapping() {
        Sequential net = new Sequential("net", new Flatten("flat"), new Linear("fc0", 6, 4), new ReLU("relu"),
                new Linear("out", 4, 2));
        int[] sample = {1, 2, 3};
        // per step some hundreds of FLOPs; x 2^31 - 1 clips x 2^31 - 1 epochs is about 10^21 > 9.2 * 10^18
        IllegalArgumentException run = assertThrows(IllegalArgumentException.class,
                () -> CostTable.trainingRunFlops(net, sample, Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
        assertTrue(run.getMessage().startsWith("the training FLOPs of 2147483647 epoch(s) of 2147483647 clips in batches of 1 exceed"),
                run.getMessage());

        // eight 32768 x 32768 layers on 2^28 clips: each one below 2^63 FLOPs (fc0 2^60, the others 1.5 x 2^60),
        // their sum above from fc5 on
        Module[] layers = new Module[8];
        for (int i = 0; i < layers.length; i++) layers[i] = new Linear("fc" + i, 1 << 15, 1 << 15);
        Sequential wide = new Sequential("wide", layers);
        for (Module m : wide.leaves()) assertTrue(m.cost(new int[] {1 << 28, 1 << 15}, Convention.TRAINING).flops() > 0);
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> CostTable.stepFlops(wide, new int[] {1 << 15}, 1 << 28));
        assertEquals("the cost of a model for input [268435456, 32768] exceeds 9223372036854775807 (a long) at layer fc5 (Linear)",
                step.getMessage());
    }

    @Test
    void aLayerWhoseOwnCountExceedsALongIsNamed() {
        // The first layer (no input gradient), 32768 x 32768 on 2^31 - 1 clips: forward about 2^62 FLOPs and
        // backward about 2^62, each a long; forward + backward + 13 params, the training count, is not.
        Sequential one = new Sequential("net", new Linear("huge", 1 << 15, 1 << 15));
        int[] in = {Integer.MAX_VALUE, 1 << 15};
        assertTrue(CostTable.forModel(one, in, Convention.FORWARD).total().flops() > 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CostTable.forModel(one, in, Convention.TRAINING));
        assertEquals("the training cost of layer huge (Linear) for input [2147483647, 32768] exceeds 9223372036854775807 (a long)",
                e.getMessage());
        assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));

        // 65536 x 65536 on 2^31 - 1 clips: 2 n in out = 2^64 - 2^33 wraps inside the layer's own product, to -2^33
        Sequential wider = new Sequential("net", new Linear("wider", 1 << 16, 1 << 16));
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> CostTable.forModel(wider, new int[] {Integer.MAX_VALUE, 1 << 16}, Convention.DEEPSPEED));
        assertEquals("the deepspeed cost of layer wider (Linear) for input [2147483647, 65536] exceeds 9223372036854775807 (a long)",
                w.getMessage());
    }

    @Test
    void sumsOfCountsAreChecked() {
        Cost max = new Cost(1, Long.MAX_VALUE, 1, 1);
        assertThrows(ArithmeticException.class, () -> max.plus(new Cost(0, 1, 0, 0)));
        assertThrows(ArithmeticException.class, () -> new Cost(1, 1, Long.MAX_VALUE / 2 + 1, 1).times(2));
        assertThrows(ArithmeticException.class, () -> new Cost(1, 1, 1, Long.MAX_VALUE / 2 + 1).times(2));
        assertEquals(new Cost(1, 6, 4, 10), new Cost(1, 3, 2, 5).times(2));
        LayerCounts big = new LayerCounts(0, 0, 0, Long.MAX_VALUE, 0, 0, 0, 0, 0);
        assertThrows(ArithmeticException.class, () -> big.plus(LayerCounts.elementwise(0, 1, 0, 0, 0)));
        assertThrows(ArithmeticException.class, () -> new LayerCounts(0, 0, 0, 0, 0, -1, 0, 0, 0));
        assertThrows(ArithmeticException.class, () -> new LayerCounts(0, 0, 0, 0, 0, 0, 0, 0, -1));
        assertThrows(ArithmeticException.class, () -> LayerCounts.floatBytes(Long.MAX_VALUE / 4 + 1));
    }

    @Test
    void copiesAndViewsByHand() {
        // the CRNN's feature map as a sequence: a copy both ways, 2 * 3 * 4 * 5 = 120 floats read and written
        assertEquals(LayerCounts.elementwise(0, 0, 0, 4 * 240, 4 * 240), new MapToSequence("seq").counts(new int[] {2, 3, 4, 5}));
        // the GRU's last step: forward a view; backward reads dy (2 x 5) and writes dx (3 x 2 x 5)
        assertEquals(LayerCounts.elementwise(0, 0, 0, 0, 4 * (10 + 30)), new LastStep("last").counts(new int[] {3, 2, 5}));
        assertEquals(LayerCounts.ZERO, new Flatten("flat").counts(new int[] {2, 3, 4}));
        assertEquals(LayerCounts.ZERO, new AsSingleStep("one").counts(new int[] {2, 3, 4}));
        // the output head on 3 x 2 logits: forward reads the logits and writes the probabilities
        assertEquals(4 * 12, SigmoidBceLoss.cost(new int[] {3, 2}, Convention.FORWARD).bytes());
        assertEquals(4 * 12, SigmoidBceLoss.cost(new int[] {3, 2}, Convention.DEEPSPEED).bytes());
    }

    /**
     * The worked example of docs/roofline.md, mlp-L1-H512 (Flatten, Linear 8192 -> 512, ReLU, Linear 512 -> 10) at
     * batch 8: the forward bytes of fc0 and relu0 given in the issue, then a training step, row by row.
     */
    @Test
    void mlpL1H512BytesAtBatchEight() {
        Sequential net = new Sequential("net", new Flatten("flatten"), new Linear("fc0", 8192, 512), new ReLU("relu0"),
                new Linear("out", 512, 10));
        int[] in = {8, 1, 128, 64};
        CostTable forward = CostTable.forModel(net, in, Convention.FORWARD);
        assertEquals(4L * (8 * 8192 + 512 * 8192 + 512 + 8 * 512), forward.rows().get(1).cost().bytes());
        assertEquals(17_057_792, forward.rows().get(1).cost().bytes());
        assertEquals(4 * 2 * 8 * 512, forward.rows().get(2).cost().bytes());
        assertEquals(32_768, forward.rows().get(2).cost().bytes());

        CostTable step = CostTable.forModel(net, in, Convention.TRAINING);
        // fc0, the first layer (no dx): forward 17,057,792; backward reads dy 4,096 and x 65,536 and writes
        // dW 4,194,304 and db 512 floats: 17,057,792 again; Adam 28 x 4,194,816 = 117,454,848
        assertEquals(2 * 17_057_792L + 117_454_848L, step.rows().get(1).cost().bytes());
        // relu0: forward 32,768; backward reads y and dy and writes dx: 4 x 3 x 4,096 = 49,152
        assertEquals(32_768 + 49_152, step.rows().get(2).cost().bytes());
        // out: forward 4 (4,096 + 5,120 + 10 + 80) = 37,224; backward 4 (80 + 4,096 + 5,120 + 10 + 5,120 + 4,096)
        // = 74,088; Adam 28 x 5,130 = 143,640
        assertEquals(37_224 + 74_088 + 143_640, step.rows().get(3).cost().bytes());
        assertEquals(4 * (3 * 80 + 1), step.rows().get(4).cost().bytes());      // the loss
        assertEquals(151_908_268, step.total().bytes());
        assertEquals(184_872_392, step.total().flops());
    }

    @Test
    void conventionNames() {
        assertEquals(Convention.DEEPSPEED, Convention.parse("deepspeed"));
        assertEquals(Convention.TRAINING, Convention.parse("Training"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convention.parse("flops"));
        assertEquals("unknown convention 'flops'; valid: deepspeed, forward, training", e.getMessage());
    }

    @Test
    void backwardOfTheFirstLayerReturnsNull() {
        try (joules.tensor.cpu.CpuBackend be = new joules.tensor.cpu.CpuBackend(1)) {
            Linear fc = new Linear("fc", 3, 2);
            ParameterBuffers.allocate(fc.parameters(), be);
            fc.setInputGradNeeded(false);
            fc.allocate(be, new int[] {2, 3});
            fc.forward(be.zeros(2, 3));
            assertNull(fc.backward(be.zeros(2, 2)));
        }
    }
}
