package joules.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import joules.tensor.Backend;
import joules.tensor.ShapeMismatchException;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model around the layers: flat parameter buffers, initialisation, shapes, smaller batches, the loss. */
class ModelTest {
    private static final int[] SAMPLE = {1, 4, 6};
    private static Backend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }
    @AfterAll static void close() { backend.close(); }

    /** A small CRNN: every kind of buffer (image, sequence, reserve) and every view. */
    private static Model crnn(long seed, int maxBatch) {
        Module net = new Sequential("tiny", new Conv2d("conv0", 1, 2, 3, 1, 1), new ReLU("relu0"),
                new MaxPool2d("pool0", 2), new MapToSequence("seq"), new Gru("gru", 2, 3, 2), new LastStep("last"),
                new Linear("out", 3, 10));
        return new Model("tiny-crnn", net, SAMPLE, backend, seed, maxBatch);
    }

    private static Tensor randomInput(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[batch * 24];
        for (int i = 0; i < x.length; i++) x[i] = (float) (2 * r.nextDouble() - 1);
        return backend.fromArray(x, batch, 1, 4, 6);
    }

    @Test
    void parametersAreConsecutiveViewsOfTheFlatBuffers() {
        Model m = crnn(1, 4);
        List<String> names = m.namedParameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("conv0.weight", "conv0.bias", "gru.weight_ih_l0", "gru.weight_hh_l0", "gru.bias_ih_l0",
                "gru.bias_hh_l0", "gru.weight_ih_l1", "gru.weight_hh_l1", "gru.bias_ih_l1", "gru.bias_hh_l1",
                "out.weight", "out.bias"), names);
        long start = m.parameters().offset(), offset = start;
        long end = offset;
        for (Parameter p : m.namedParameters()) {
            assertEquals(offset, p.value().offset(), p.name() + " starts where the previous one ends, rounded up to 64 floats");
            assertEquals(0, (p.value().offset() - m.parameters().offset()) % 64, p.name() + " is 256-byte aligned");
            assertEquals(p.value().offset() - m.parameters().offset(), p.grad().offset() - m.gradients().offset());
            assertTrue(p.value().storage() == m.parameters().storage());
            assertTrue(p.grad().storage() == m.gradients().storage());
            end = offset + p.numel();
            offset = start + (end - start + 63) / 64 * 64;     // counted from the buffer's start, not its array's
        }
        long expected = (18 + 2) + 2 * (9 * 2 + 9 * 3 + 9 + 9) - 9 * 2 + 9 * 3 + (30 + 10);
        assertEquals(expected, m.parameterCount());
        assertEquals(expected, m.network().parameterCount());
        assertEquals(end - m.parameters().offset(), m.parameters().numel(), "the buffer ends with the last parameter");
        assertEquals(m.parameters().numel(), ParameterBuffers.paddedLength(m.namedParameters()));
    }

    @Test
    void initialisationFollowsTheDocumentedOrderAndBounds() {
        Model m = crnn(42, 2);
        SplittableRandom r = new SplittableRandom(42);
        float[] all = m.parameters().toArray();
        float gaps = 0;
        for (float v : all) gaps += Math.abs(v);
        for (Parameter p : m.namedParameters()) {
            float[] values = p.value().toArray();
            for (int k = 0; k < values.length; k++) {
                float expected = (float) ((2 * r.nextDouble() - 1) * p.initBound());
                assertEquals(expected, values[k], p.name() + "[" + k + "]");
                assertTrue(Math.abs(values[k]) <= p.initBound());
                gaps -= Math.abs(values[k]);
            }
        }
        assertEquals(0, gaps, 1e-3, "the alignment gaps between parameters hold zeros");
        assertEquals(1 / 3.0, m.parameter("conv0.weight").initBound(), 1e-12);   // 1 / sqrt(1 * 3 * 3)
        assertEquals(1 / Math.sqrt(3), m.parameter("gru.bias_hh_l1").initBound(), 1e-12);
        assertEquals(1 / Math.sqrt(3), m.parameter("out.weight").initBound(), 1e-12);
        assertFalse(Arrays.equals(all, crnn(43, 2).parameters().toArray()));
        assertArrayEquals(all, crnn(42, 3).parameters().toArray());
    }

    @Test
    void aSmallerBatchGivesTheSameLogitsAsTheSameSamplesInAFullBatch() {
        Model m = crnn(7, 4);
        float[] full = m.forward(randomInput(4, 9)).toArray();
        float[] first3 = Arrays.copyOf(randomInput(4, 9).toArray(), 3 * 24);
        float[] small = m.forward(backend.fromArray(first3, 3, 1, 4, 6)).toArray();
        assertArrayEquals(Arrays.copyOf(full, 30), small);
    }

    @Test
    void shapeMismatchesNameTheLayerAndBothShapes() {
        Model m = crnn(1, 4);
        ShapeMismatchException tooBig = assertThrows(ShapeMismatchException.class, () -> m.forward(randomInput(5, 1)));
        assertTrue(tooBig.getMessage().contains("[5, 1, 4, 6]") && tooBig.getMessage().contains("[4, 1, 4, 6]"),
                tooBig.getMessage());
        ShapeMismatchException wrong = assertThrows(ShapeMismatchException.class,
                () -> m.forward(backend.zeros(2, 1, 4, 7)));
        assertTrue(wrong.getMessage().contains("tiny-crnn"), wrong.getMessage());

        Linear fc = new Linear("fc", 8, 3);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> fc.outputShape(new int[] {2, 9}));
        assertEquals("Linear fc: input has shape [2, 9], expected [N, 8]", e.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> new Sequential("net", new Flatten("flat"), new Linear("fc", 5, 2)).outputShape(new int[] {2, 2, 3}));
    }

    @Test
    void aLossOfNaNIsVisible() {
        Model m = crnn(1, 2);
        float[] x = new float[2 * 24];
        x[3] = Float.NaN;
        Tensor logits = m.forward(backend.fromArray(x, 2, 1, 4, 6));
        float loss = m.loss(logits, backend.zeros(2, 10));
        assertFalse(Float.isFinite(loss));
    }

    @Test
    void gradientsAreOverwrittenNotSummed() {
        Model m = crnn(3, 2);
        Tensor x = randomInput(2, 5);
        Tensor t = backend.fromArray(new float[] {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0}, 2, 10);
        m.loss(m.forward(x), t);
        m.backward();
        float[] once = m.gradients().toArray();
        m.loss(m.forward(x), t);
        m.backward();
        assertArrayEquals(once, m.gradients().toArray());
        assertTrue(Golden.relativeError(new float[once.length], once) > 0);   // not all zero
    }

    @Test
    void loadByNameChecksNamesAndShapes() {
        Model m = crnn(1, 2);
        Map<String, TensorFile.Entry> state = new java.util.LinkedHashMap<>();
        for (Parameter p : m.namedParameters()) {
            float[] v = new float[(int) p.numel()];
            Arrays.fill(v, 0.5f);
            state.put(p.name(), new TensorFile.Entry(p.shape(), v));
        }
        m.load(state);
        for (Parameter p : m.namedParameters()) for (float v : p.value().toArray()) assertEquals(0.5f, v, p.name());
        state.put("out.bias", new TensorFile.Entry(new int[] {9}, new float[9]));
        assertThrows(IllegalArgumentException.class, () -> m.load(state));
        state.remove("out.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.load(state));
        assertTrue(e.getMessage().startsWith("no tensor 'out.bias'"), e.getMessage());
    }

    @Test
    void tensorFileRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Map<String, TensorFile.Entry> in = new java.util.LinkedHashMap<>();
        in.put("a", new TensorFile.Entry(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        in.put("gru.weight_ih_l0", new TensorFile.Entry(new int[] {1}, new float[] {Float.MIN_VALUE}));
        java.nio.file.Path f = dir.resolve("t.bin");
        TensorFile.write(f, in);
        Map<String, TensorFile.Entry> out = TensorFile.read(f);
        assertEquals(in.keySet(), out.keySet());
        for (String k : in.keySet()) {
            assertArrayEquals(in.get(k).shape(), out.get(k).shape());
            assertArrayEquals(in.get(k).values(), out.get(k).values());
        }
    }
}
