package joules.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import joules.tensor.Backend;
import joules.tensor.Tensor;

/** Reads the PyTorch fixtures of scripts/golden/make_golden.py and compares tensors with them. */
final class Golden {
    /** Norm-relative tolerance against PyTorch for one layer in float32. */
    static final double TOLERANCE = 1e-4;

    private Golden() {}

    static Map<String, TensorFile.Entry> read(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource + " (run scripts/golden/make_golden.py)");
            return TensorFile.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tensor upload(Backend backend, TensorFile.Entry e) {
        return backend.fromArray(e.values(), e.shape());
    }

    /** ||actual - expected|| / ||expected|| <= tolerance, with the shapes equal. */
    static void assertClose(String what, TensorFile.Entry expected, Tensor actual, double tolerance) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + ": shape");
        assertClose(what, expected.values(), actual.toArray(), tolerance);
    }

    static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double err = relativeError(expected, actual);
        assertTrue(err <= tolerance, what + ": norm-relative error " + err + " > " + tolerance);
    }

    static double relativeError(float[] expected, float[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    }
}
