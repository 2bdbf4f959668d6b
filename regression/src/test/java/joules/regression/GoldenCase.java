package joules.regression;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of the fixture files written by scripts/golden-sklearn/make_fixtures.py: settings ("key value"),
 * then "train N K" with N rows of K inputs and a target, then "test M K" with M rows of K inputs and the
 * expected prediction.
 */
public record GoldenCase(String name, Map<String, String> settings, double[][] trainX, double[] trainY, double[][] testX,
        double[] expected) {

    public static GoldenCase load(String name) {
        List<String> lines = lines("/golden/" + name);
        Map<String, String> settings = new HashMap<>();
        double[][][] x = new double[2][][];
        double[][] y = new double[2][];
        int i = 0;
        int block = 0;
        while (i < lines.size()) {
            String[] parts = lines.get(i++).trim().split("\\s+");
            if (parts[0].equals("train") || parts[0].equals("test")) {
                int n = Integer.parseInt(parts[1]);
                int k = Integer.parseInt(parts[2]);
                x[block] = new double[n][k];
                y[block] = new double[n];
                for (int r = 0; r < n; r++) {
                    String[] v = lines.get(i++).trim().split("\\s+");
                    for (int c = 0; c < k; c++) x[block][r][c] = Double.parseDouble(v[c]);
                    y[block][r] = Double.parseDouble(v[k]);
                }
                block++;
            } else {
                settings.put(parts[0], parts[1]);
            }
        }
        return new GoldenCase(name, settings, x[0], y[0], x[1], y[1]);
    }

    /** Non-comment, non-blank lines of a test resource. */
    public static List<String> lines(String resource) {
        try (InputStream in = GoldenCase.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) out.add(line);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A synthetic results file of src/test/resources/results (written by scripts/golden-sklearn/make_synthetic_results.py). */
    public static java.nio.file.Path resultsFile(String name) {
        try {
            return java.nio.file.Path.of(GoldenCase.class.getResource("/results/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource /results/" + name, e);
        }
    }

    public double number(String key) {
        return Double.parseDouble(settings.get(key));
    }
}
