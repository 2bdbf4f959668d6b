package joules.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.layers.Flatten;
import joules.layers.Linear;
import joules.layers.Model;
import joules.layers.Module;
import joules.layers.Sequential;
import joules.layers.cost.LayerCounts;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import joules.tensor.StepGraph;
import joules.train.zoo.Family;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** 20 clips: batches of 8, 8 and 4 per epoch. */
    static final FeatureSet DATA = SyntheticDesed.generate(20, 7);
    static final ModelConfig TINY_MLP = new ModelConfig("mlp-tiny", Family.MLP, 0, 0, 0, 0, 1, 16);
    static final Backend CPU = new CpuBackend(2);

    @AfterAll
    static void close() { CPU.close(); }

    private static Trainer trainer(Model model, long shuffleSeed) {
        return new Trainer(model, TrainingData.upload(DATA, CPU), AdamConfig.defaults(), 8, shuffleSeed);
    }

    @Test
    void trainsEveryClipOnceAnEpochKeepingTheLastPartialBatchAndTheLossFalls() {
        Model model = Zoo.build(TINY_MLP, CPU, 1, 8);
        List<int[]> steps = new ArrayList<>();
        Trainer t = trainer(model, 3);
        assertEquals(3, t.stepsPerEpoch());
        TrainingResult r = t.train(5, new TrainingListener() {
            @Override
            public void onStep(int epoch, int epochs, int step, int stepsPerEpoch, float loss) {
                steps.add(new int[] {epoch, step, stepsPerEpoch});
            }
        });
        assertEquals(15, r.steps());
        assertEquals(15, steps.size());
        assertArrayEquals(new int[] {5, 3, 3}, steps.get(14));
        assertEquals(5, r.epochs().size());
        assertEquals(15, t.adam().steps());
        assertTrue(r.epochs().get(4).meanLoss() < r.epochs().get(0).meanLoss() - 0.05, r.epochs().toString());
        assertEquals(r.epochs().get(4).meanLoss(), r.finalLoss());
    }

    /**
     * The study's RNN sees the clip as one step, so W_hh gets no gradient and the trainer's Adam leaves it out:
     * W_hh keeps its initial values bit for bit, and every other parameter ends where a full update takes it.
     */
    @Test
    void anRnnOverOneStepTrainsAsAFullAdamWouldWithoutTouchingWhh() {
        ModelConfig rnn = new ModelConfig("rnn-L2-H4", Family.RNN, 0, 2, 0, 4, 0, 0);
        Model model = Zoo.build(rnn, CPU, 5, 8);
        assertEquals(List.of("gru.weight_hh_l0", "gru.weight_hh_l1"),
                model.parametersWithoutGradient().stream().map(p -> p.name()).toList());
        float[] whh0 = model.parameter("gru.weight_hh_l1").value().toArray();
        Trainer t = trainer(model, 4);
        assertEquals(model.parameters().numel() - 2 * 12 * 4, t.adam().updatedCount());
        t.train(2, new TrainingListener() {});
        assertArrayEquals(whh0, model.parameter("gru.weight_hh_l1").value().toArray());
        for (int k = 0; k < 2; k++) {
            for (float g : model.parameter("gru.weight_hh_l" + k).grad().toArray()) assertEquals(0f, g, "dW_hh over one step");
        }

        // the same steps by hand, Adam over every parameter
        Model byHand = Zoo.build(rnn, CPU, 5, 8);
        Adam full = new Adam(byHand.parameters(), byHand.gradients(), AdamConfig.defaults());
        Random shuffle = new Random(4);
        float[] xs = DATA.features();
        float[] ys = DATA.labels();
        for (int epoch = 0; epoch < 2; epoch++) {
            float[] order = Trainer.permutation(DATA.size(), shuffle);
            for (int start = 0; start < DATA.size(); start += 8) {
                int b = Math.min(8, DATA.size() - start);
                float[] x = new float[b * 128 * 64];
                float[] y = new float[b * 10];
                for (int i = 0; i < b; i++) {
                    int clip = (int) order[start + i];
                    System.arraycopy(xs, clip * 128 * 64, x, i * 128 * 64, 128 * 64);
                    System.arraycopy(ys, clip * 10, y, i * 10, 10);
                }
                Tensor logits = byHand.forward(CPU.fromArray(x, b, 1, 128, 64));
                byHand.loss(logits, CPU.fromArray(y, b, 10));
                byHand.backward();
                full.step();
            }
        }
        assertArrayEquals(byHand.parameters().toArray(), model.parameters().toArray());
    }

    @Test
    void onlyAnRnnOverOneStepHasParametersWithoutGradient() {
        for (ModelConfig c : List.of(TINY_MLP, new ModelConfig("cnn-L2-H4", Family.CNN, 2, 0, 4, 0, 0, 0),
                new ModelConfig("crnn-C2R2-H4x8", Family.CRNN, 2, 2, 4, 8, 0, 0))) {
            assertEquals(List.of(), Zoo.build(c, CPU, 1, 2).parametersWithoutGradient(), c.id());
        }
    }

    @Test
    void theSameSeedsGiveTheSameWeightsAndAnotherShuffleSeedOthers() {
        float[] a = trainedWeights(1, 5, 0);
        float[] b = trainedWeights(1, 5, 0);
        float[] c = trainedWeights(1, 6, 0);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void warmUpLeavesNoTrace() {
        assertArrayEquals(trainedWeights(2, 9, 0), trainedWeights(2, 9, 3));
    }

    private static float[] trainedWeights(long initSeed, long shuffleSeed, int warmup) {
        Model model = Zoo.build(TINY_MLP, CPU, initSeed, 8);
        Trainer t = trainer(model, shuffleSeed);
        if (warmup > 0) {
            float[] before = model.parameters().toArray();
            t.warmUp(warmup);
            assertArrayEquals(before, model.parameters().toArray());
            assertEquals(0, t.adam().steps());
        }
        t.train(2, TrainingListener.NONE);
        return model.parameters().toArray();
    }

    /** An identity layer that notes the batch size of every forward pass: the batch shapes the trainer ran. */
    static final class BatchSizes extends Module {
        final List<Integer> seen = new ArrayList<>();

        BatchSizes() { super("record"); }

        @Override public String type() { return "BatchSizes"; }
        @Override public int[] outputShape(int[] in) { return in.clone(); }
        @Override public LayerCounts counts(int[] in) { return LayerCounts.ZERO; }
        @Override protected void allocateBuffers(Backend backend, int[] maxIn) {}

        @Override
        public Tensor forward(Tensor x) {
            seen.add(checkInput(x));
            return x;
        }

        @Override
        public Tensor backward(Tensor dy) { return inputGradNeeded() ? dy : null; }
    }

    /** The batch sizes that {@code warmUp(steps)} runs, on {@code clips} clips in batches of 8. */
    private static List<Integer> warmUpBatchSizes(int clips, int steps) {
        BatchSizes sizes = new BatchSizes();
        Module net = new Sequential("net", sizes, new Flatten("flat"), new Linear("out", 128 * 64, 10));
        Model model = new Model("recorded", net, Zoo.SAMPLE_SHAPE, CPU, 1, 8);
        try (Trainer t = new Trainer(model, TrainingData.upload(SyntheticDesed.generate(clips, 7), CPU),
                AdamConfig.defaults(), 8, 1)) {
            t.warmUp(steps);
        }
        return sizes.seen;
    }

    @Test
    void warmUpAlsoRunsTheLastSmallerBatchTwiceSoThatItsGraphIsCapturedBeforeTheMeasuredRun() {
        assertEquals(List.of(8, 8, 8, 4, 4), warmUpBatchSizes(20, 3));   // 20 = 8 + 8 + 4
        assertEquals(List.of(8, 4), warmUpBatchSizes(20, 1));
        assertEquals(List.of(8, 8, 2, 2), warmUpBatchSizes(18, 2));     // like the study's 1578 clips: a last batch of 2
        assertEquals(List.of(8, 8, 8), warmUpBatchSizes(16, 3));         // no smaller batch: nothing more
        assertEquals(List.of(5, 5), warmUpBatchSizes(5, 2));             // one batch of 5: the only shape
        assertEquals(2, StepGraph.RUNS_BEFORE_REPLAY);
    }

    @Test
    void aClosedTrainerNoLongerSteps() {
        Trainer t = trainer(Zoo.build(TINY_MLP, CPU, 1, 8), 1);
        t.train(1, TrainingListener.NONE);
        t.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.train(1, TrainingListener.NONE));
        assertEquals("the step graph is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> t.warmUp(1));
        t.close();                                                      // closing twice is harmless
    }

    @Test
    void aNaNLossStopsTrainingNamingTheEpochAndStep() {
        Model model = Zoo.build(TINY_MLP, CPU, 1, 8);
        Trainer t = trainer(model, 1);
        t.train(1, TrainingListener.NONE);
        CPU.fill(model.parameter("out.bias").value(), Float.NaN);
        List<EpochResult> epochs = new ArrayList<>();
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> t.train(2, new TrainingListener() {
            @Override
            public void onEpoch(EpochResult r) { epochs.add(r); }
        }));
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertEquals("loss is NaN at epoch 1, step 1; training stopped", e.getMessage());
        assertTrue(epochs.isEmpty());
    }

    @Test
    void permutationsAreUniformPermutationsThatChangeEveryEpoch() {
        Random rng = new Random(4);
        float[] first = Trainer.permutation(50, rng);
        float[] second = Trainer.permutation(50, rng);
        float[] sorted = first.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(first, second));
        // every position sees every value about equally often: a chi-square-like spread check
        int[][] counts = new int[5][5];
        for (int k = 0; k < 5000; k++) {
            float[] p = Trainer.permutation(5, rng);
            for (int i = 0; i < 5; i++) counts[i][(int) p[i]]++;
        }
        for (int[] row : counts) for (int c : row) assertEquals(1000, c, 120);
    }

    @Test
    void aBatchLargerThanTheModelsBuffersIsRejected() {
        Model model = Zoo.build(TINY_MLP, CPU, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model, TrainingData.upload(DATA, CPU), AdamConfig.defaults(), 8, 1));
        assertEquals("batch size 8 exceeds the model's buffers (4)", e.getMessage());
    }
}
