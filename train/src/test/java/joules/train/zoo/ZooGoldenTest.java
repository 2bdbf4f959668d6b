package joules.train.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import joules.layers.Model;
import joules.layers.Parameter;
import joules.layers.TensorFile;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One small model per family, built by the zoo with the real input (N, 1, 128, 64), against PyTorch 1.13
 * (scripts/golden/make_golden.py): logits, loss and every parameter's gradient on one batch, then three
 * Adam steps (lr 1e-3) on three batches of 4, 4 and 3 samples (the last one smaller, as an epoch's last).
 */
class ZooGoldenTest {
    private static final double TOLERANCE = 1e-4;
    /** Adam moves each weight by about lr; the moves themselves agree to this (norm-relative) tolerance. */
    private static final double UPDATE_TOLERANCE = 1e-3;
    private static Backend backend;
    private static Map<String, TensorFile.Entry> batches;

    @BeforeAll
    static void open() {
        backend = new CpuBackend(2);
        batches = read("model_batches.bin");
    }

    @AfterAll static void close() { backend.close(); }

    private static Map<String, TensorFile.Entry> read(String resource) {
        try (InputStream in = ZooGoldenTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing " + resource + " (run scripts/golden/make_golden.py)");
            return TensorFile.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tensor upload(TensorFile.Entry e) { return backend.fromArray(e.values(), e.shape()); }

    private static double relativeError(float[] expected, float[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow((double) actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }

    private static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double err = relativeError(expected, actual);
        assertTrue(err <= tolerance, what + ": norm-relative error " + err + " > " + tolerance);
    }

    private static void check(ModelConfig config, String fixture) {
        Map<String, TensorFile.Entry> g = read(fixture);
        Model model = Zoo.build(config, backend, 1, 4);
        model.load(g);
        float[] initial = model.parameters().toArray();

        Tensor logits = model.forward(upload(batches.get("x0")));
        assertClose(config.id() + " logits", g.get("logits").values(), logits.toArray(), TOLERANCE);
        float loss = model.loss(logits, upload(batches.get("t0")));
        assertEquals(g.get("loss").values()[0], loss, 1e-5 * Math.abs(loss), config.id() + " loss");
        model.backward();
        for (Parameter p : model.namedParameters()) {
            assertClose(config.id() + " grad " + p.name(), g.get("grad." + p.name()).values(), p.grad().toArray(), TOLERANCE);
        }

        Tensor m = backend.zeros(model.parameters().shape());      // the flat buffer's layout, alignment gaps included
        Tensor v = backend.zeros(model.parameters().shape());
        float[] losses = new float[3];
        for (int step = 1; step <= 3; step++) {
            Tensor x = upload(batches.get("x" + (step - 1)));
            losses[step - 1] = model.loss(model.forward(x), upload(batches.get("t" + (step - 1))));
            model.backward();
            backend.adamStep(model.parameters(), model.gradients(), m, v, AdamConfig.defaults(), step);
        }
        assertClose(config.id() + " losses of the Adam steps", g.get("losses").values(), losses, TOLERANCE);
        float[] after = model.parameters().toArray();
        float[] expectedAfter = initial.clone();                     // the gaps between parameters do not move
        for (Parameter p : model.namedParameters()) {
            float[] e = g.get("adam." + p.name()).values();
            int offset = (int) (p.value().offset() - model.parameters().offset());
            System.arraycopy(e, 0, expectedAfter, offset, e.length);
            assertClose(config.id() + " " + p.name() + " after 3 Adam steps", e,
                    Arrays.copyOfRange(after, offset, offset + e.length), TOLERANCE);
        }
        float[] move = new float[after.length];
        float[] expectedMove = new float[after.length];
        for (int i = 0; i < after.length; i++) {
            move[i] = after[i] - initial[i];
            expectedMove[i] = expectedAfter[i] - initial[i];
        }
        assertClose(config.id() + " Adam's total move", expectedMove, move, UPDATE_TOLERANCE);
    }

    @Test void mlp() { check(new ModelConfig("mlp-L2-H8", Family.MLP, 0, 0, 0, 0, 2, 8), "model_mlp.bin"); }
    @Test void cnn() { check(new ModelConfig("cnn-L2-H4", Family.CNN, 2, 0, 4, 0, 0, 0), "model_cnn.bin"); }
    @Test void rnn() { check(new ModelConfig("rnn-L2-H4", Family.RNN, 0, 2, 0, 4, 0, 0), "model_rnn.bin"); }
    @Test void crnn() { check(new ModelConfig("crnn-C2R2-H4x8", Family.CRNN, 2, 2, 4, 8, 0, 0), "model_crnn.bin"); }
}
