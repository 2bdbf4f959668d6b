package joules.train.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import org.junit.jupiter.api.Test;

/** The 43 configurations: the paper's Table 1, PyTorch's parameter counts, the DeepSpeed FLOPs. */
class ZooTest {

    /** study_counts.tsv: id -> {params, deepspeed flops, deepspeed macs}, from PyTorch (make_golden.py). */
    private static Map<String, long[]> studyCounts() throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ZooTest.class.getResourceAsStream("study_counts.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("id\t")) continue;
                String[] f = line.split("\t");
                out.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        return out;
    }

    @Test
    void fortyThreeConfigurationsInTheFileOrder() {
        List<ModelConfig> all = Zoo.configs();
        assertEquals(43, all.size());
        assertEquals("mlp-L1-H512", all.get(0).id());
        assertEquals("crnn-C2R2-H1024x256", all.get(42).id());
        Set<String> ids = new HashSet<>();
        for (ModelConfig c : all) assertTrue(ids.add(c.id()), "duplicate id " + c.id());
        Map<Family, Integer> perFamily = new LinkedHashMap<>();
        for (ModelConfig c : all) perFamily.merge(c.family(), 1, Integer::sum);
        assertEquals(Map.of(Family.MLP, 10, Family.CNN, 12, Family.RNN, 11, Family.CRNN, 10), perFamily);
    }

    /** Table 1 of the paper: (layers, hidden sizes) per family; for the CRNN [conv, rnn] and [channels, hidden]. */
    @Test
    void theConfigurationsAreThoseOfThePapersTable1() {
        Set<String> table = new HashSet<>();
        for (int h : new int[] {512, 1024, 2048}) table.add("mlp 1 " + h);
        for (int h : new int[] {1024, 2048, 4096}) table.add("mlp 4 " + h);
        for (int l : new int[] {6, 10, 16, 32}) table.add("mlp " + l + " 4096");
        for (int h : new int[] {128, 256, 512, 1024}) table.add("cnn 1 " + h);
        for (int h : new int[] {128, 256, 384, 512, 768, 1024}) table.add("cnn 2 " + h);
        for (int h : new int[] {384, 768}) table.add("cnn 6 " + h);
        for (int h : new int[] {128, 512, 1024, 2048}) table.add("rnn 1 " + h);
        for (int l : new int[] {4, 6}) for (int h : new int[] {1024, 2048}) table.add("rnn " + l + " " + h);
        for (int l : new int[] {2, 10, 14}) table.add("rnn " + l + " 2048");
        Set<String> zoo = new HashSet<>();
        Set<String> crnnLayers = new HashSet<>();
        Set<String> crnnSizes = new HashSet<>();
        for (ModelConfig c : Zoo.configs()) {
            switch (c.family()) {
                case MLP -> zoo.add("mlp " + c.mlpLayers() + " " + c.mlpHidden());
                case CNN -> zoo.add("cnn " + c.convLayers() + " " + c.convChannels());
                case RNN -> zoo.add("rnn " + c.rnnLayers() + " " + c.rnnHidden());
                case CRNN -> {
                    crnnLayers.add(c.convLayers() + "," + c.rnnLayers());
                    crnnSizes.add(c.convChannels() + "," + c.rnnHidden());
                }
            }
        }
        assertEquals(table, zoo);
        // the CRNN rows of Table 1 list layer pairs and size pairs, not every combination of them
        assertEquals(Set.of("1,1", "2,1", "1,2", "2,2"), crnnLayers);
        assertEquals(Set.of("64,64", "256,64", "512,256", "728,256", "1024,256"), crnnSizes);
    }

    @Test
    void parameterCountsEqualPyTorchs() throws IOException {
        Map<String, long[]> expected = studyCounts();
        assertEquals(43, expected.size());
        for (ModelConfig c : Zoo.configs()) {
            assertEquals(expected.get(c.id())[0], Zoo.parameterCount(c), c.id());
        }
    }

    /**
     * The paper's Table 1 gives no FLOPs (paper.txt lists layers and sizes only), so the reference is the
     * DeepSpeed profiler's rules applied by forward hooks to the PyTorch models (make_golden.py).
     */
    @Test
    void deepspeedFlopsAndMacsEqualTheRulesAppliedToThePyTorchModels() throws IOException {
        Map<String, long[]> expected = studyCounts();
        for (ModelConfig c : Zoo.configs()) {
            Cost total = Zoo.costs(c, Convention.DEEPSPEED, 1).total();
            assertEquals(expected.get(c.id())[1], total.flops(), c.id() + " FLOPs");
            assertEquals(expected.get(c.id())[2], total.macs(), c.id() + " MACs");
        }
    }

    /** One worked example per family, as docs/flops.md derives them by hand. */
    @Test
    void workedExamplesOfDocsFlops() {
        assertEquals(8_399_370L, Zoo.costs(Zoo.config("mlp-L1-H512"), Convention.DEEPSPEED, 1).total().flops());
        assertEquals(27_262_986L, Zoo.costs(Zoo.config("cnn-L1-H128"), Convention.DEEPSPEED, 1).total().flops());
        assertEquals(6_393_226L, Zoo.costs(Zoo.config("rnn-L1-H128"), Convention.DEEPSPEED, 1).total().flops());
        assertEquals(112_592_138L, Zoo.costs(Zoo.config("crnn-C1R1-H64x64"), Convention.DEEPSPEED, 1).total().flops());
    }

    @Test
    void deepspeedFlopsScaleWithTheBatch() {
        for (ModelConfig c : Zoo.configs()) {
            long one = Zoo.costs(c, Convention.DEEPSPEED, 1).total().flops();
            assertEquals(8 * one, Zoo.costs(c, Convention.DEEPSPEED, 8).total().flops(), c.id());
        }
    }

    @Test
    void trainingCostsMoreThanThreeForwardPasses() {
        for (ModelConfig c : Zoo.configs()) {
            long forward = Zoo.costs(c, Convention.FORWARD, 8).total().flops();
            long training = Zoo.costs(c, Convention.TRAINING, 8).total().flops();
            assertTrue(training > 2 * forward && training < 4 * forward, c.id() + ": " + training + " vs " + forward);
        }
    }

    @Test
    void unknownIdsNameTheClosestOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zoo.config("mlp-L1-H500"));
        assertTrue(e.getMessage().startsWith("unknown config id 'mlp-L1-H500'; closest: mlp-L1-H512, "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Zoo.costs(Zoo.config("cnn-L1-H128"), Convention.FORWARD, 0));
    }

    @Test
    void layerNamesAreThoseOfTheFixturesAndDocs() {
        List<String> names = new ArrayList<>();
        Zoo.network(Zoo.config("crnn-C2R1-H64x64")).leaves().forEach(m -> names.add(m.name()));
        assertEquals(List.of("conv0", "relu0", "pool0", "conv1", "relu1", "pool1", "seq", "gru", "last", "out"), names);
    }
}
