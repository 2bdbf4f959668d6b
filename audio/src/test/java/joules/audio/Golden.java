package joules.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fixtures that scripts/golden-audio/make_fixtures.py wrote into src/test/resources/golden-audio:
 * JF32 arrays (magic "JF32", int32 ndim, int32 dims, float32 data, little-endian) and the cases.tsv manifest.
 */
final class Golden {
    /** One row of cases.tsv: torchaudio's frames [frameStart, frameStart + frames) of the clip made from source. */
    record Case(String name, String source, int frameStart, int frames) {
        /** torchaudio in float32: what the study computed. */
        float[] expected() {
            return array(name + ".mel").data;
        }

        /** torchaudio's transform built and run in float64 (rounded to float32 at the end): the exact maths. */
        float[] exact() {
            return array(name + ".mel64").data;
        }
    }

    record Array(int[] shape, float[] data) {}

    private Golden() {}

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String[] lines = new String(bytes("cases.tsv"), StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] c = lines[i].split("\t");
            cases.add(new Case(c[0], c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3])));
        }
        return cases;
    }

    static Case named(String name) {
        return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static Array array(String resource) {
        ByteBuffer b = ByteBuffer.wrap(bytes(resource)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("JF32")) throw new IllegalStateException(resource + " is not JF32");
        int[] shape = new int[b.getInt()];
        int count = 1;
        for (int i = 0; i < shape.length; i++) count *= shape[i] = b.getInt();
        float[] data = new float[count];
        b.asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    static Path path(String resource) {
        try {
            return Path.of(Golden.class.getResource("/golden-audio/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden-audio/" + resource)) {
            if (in == null) throw new IllegalStateException("missing fixture " + resource + "; run scripts/golden-audio/make_fixtures.py");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 10.5 s test signal of make_fixtures.py's formula_signal, computed the same way (double, then float). */
    static float[] formulaSignal(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 44100.0;
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * 440.0 * t)
                    + 0.3 * Math.sin(2 * Math.PI * (200.0 * t + 500.0 * t * t))
                    + 0.2 * Math.sin(2 * Math.PI * 7000.0 * t) * Math.sin(2 * Math.PI * 3.0 * t));
        }
        return x;
    }

    /** ||a - b|| / ||b|| (0 when both are zero). */
    static double relativeError(float[] a, float[] b) {
        double diff = 0, ref = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
            ref += (double) b[i] * b[i];
        }
        return ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
    }

    /** The largest |a - b| / |b| over the elements where |b| >= floor. */
    static double worstElementError(float[] a, float[] b, double floor) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            if (b[i] != 0 && Math.abs(b[i]) >= floor) worst = Math.max(worst, Math.abs(a[i] - (double) b[i]) / Math.abs(b[i]));
        }
        return worst;
    }

    static float max(float[] x) {
        float m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }
}
