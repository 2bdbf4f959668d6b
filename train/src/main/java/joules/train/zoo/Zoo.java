package joules.train.zoo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import joules.layers.AsSingleStep;
import joules.layers.Conv2d;
import joules.layers.ConvBlock;
import joules.layers.Flatten;
import joules.layers.Gru;
import joules.layers.LastStep;
import joules.layers.Linear;
import joules.layers.MapToSequence;
import joules.layers.MaxPool2d;
import joules.layers.Model;
import joules.layers.Module;
import joules.layers.ReLU;
import joules.layers.Sequential;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.tensor.Backend;

/**
 * The study's 43 models (configs-43.tsv) and how each is built. Input (N, 1, 128, 64), output 10 logits;
 * the sigmoid + BCE head is the {@link Model}'s. Layer names (and so parameter names):
 * <pre>
 *   mlp:  flatten, fc0, relu0, ..., fc{L-1}, relu{L-1}, out
 *   cnn:  conv0, relu0, pool0, ..., flatten, out          (each conv, relu, pool in a ConvBlock)
 *   rnn:  seq (one step of 8192 features), gru, last, out
 *   crnn: conv0, relu0, pool0, ..., seq (H W steps of C features), gru, last, out
 * </pre>
 */
public final class Zoo {
    /** One input sample: (channel, mel bands, frames). */
    public static final int[] SAMPLE_SHAPE = {1, 128, 64};
    public static final int CLASSES = 10;
    private static final String RESOURCE = "/configs-43.tsv";
    private static final List<ModelConfig> CONFIGS = load();

    private Zoo() {}

    /** All 43 configurations in the file's order. */
    public static List<ModelConfig> configs() { return CONFIGS; }

    /** The configuration of that id; an unknown id names the three closest ones. */
    public static ModelConfig config(String id) {
        for (ModelConfig c : CONFIGS) if (c.id().equals(id)) return c;
        String closest = CONFIGS.stream().map(ModelConfig::id)
                .sorted(Comparator.comparingInt((String s) -> editDistance(s.toLowerCase(), id.toLowerCase())))
                .limit(3).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown config id '" + id + "'; closest: " + closest
                + " (joules models lists all " + CONFIGS.size() + ")");
    }

    /** A model built on {@code backend} with PyTorch's default initialisation drawn from {@code seed}. */
    public static Model build(ModelConfig c, Backend backend, long seed, int maxBatch) {
        return new Model(c.id(), network(c), SAMPLE_SHAPE, backend, seed, maxBatch);
    }

    /** The layers of a configuration, without memory: enough for shapes, parameter counts and costs. */
    public static Module network(ModelConfig c) {
        List<Module> layers = new ArrayList<>();
        int features = SAMPLE_SHAPE[0] * SAMPLE_SHAPE[1] * SAMPLE_SHAPE[2];
        switch (c.family()) {
            case MLP -> {
                layers.add(new Flatten("flatten"));
                int in = features;
                for (int i = 0; i < c.mlpLayers(); i++) {
                    layers.add(new Linear("fc" + i, in, c.mlpHidden()));
                    layers.add(new ReLU("relu" + i));
                    in = c.mlpHidden();
                }
                layers.add(new Linear("out", in, CLASSES));
            }
            case CNN -> {
                int positions = addConvBlocks(layers, c);
                layers.add(new Flatten("flatten"));
                layers.add(new Linear("out", c.convChannels() * positions, CLASSES));
            }
            case RNN -> {
                layers.add(new AsSingleStep("seq"));
                layers.add(new Gru("gru", features, c.rnnHidden(), c.rnnLayers()));
                layers.add(new LastStep("last"));
                layers.add(new Linear("out", c.rnnHidden(), CLASSES));
            }
            case CRNN -> {
                addConvBlocks(layers, c);
                layers.add(new MapToSequence("seq"));
                layers.add(new Gru("gru", c.convChannels(), c.rnnHidden(), c.rnnLayers()));
                layers.add(new LastStep("last"));
                layers.add(new Linear("out", c.rnnHidden(), CLASSES));
            }
        }
        Sequential net = new Sequential(c.id(), layers);
        net.setInputGradNeeded(false);
        return net;
    }

    /** Adds the conv blocks; returns the number of positions (h w) of the last feature map. */
    private static int addConvBlocks(List<Module> layers, ModelConfig c) {
        int channels = SAMPLE_SHAPE[0];
        int h = SAMPLE_SHAPE[1];
        int w = SAMPLE_SHAPE[2];
        for (int i = 0; i < c.convLayers(); i++) {
            layers.add(new ConvBlock("block" + i, new Conv2d("conv" + i, channels, c.convChannels(), 3, 1, 1),
                    new ReLU("relu" + i), new MaxPool2d("pool" + i, 2)));
            channels = c.convChannels();
            h /= 2;
            w /= 2;
        }
        return h * w;
    }

    /** The per-layer cost table of a configuration for a batch size. */
    public static CostTable costs(ModelConfig c, Convention convention, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        int[] in = {batch, SAMPLE_SHAPE[0], SAMPLE_SHAPE[1], SAMPLE_SHAPE[2]};
        return CostTable.forModel(network(c), in, convention);
    }

    /** The parameter count of a configuration (no memory allocated). */
    public static long parameterCount(ModelConfig c) { return network(c).parameterCount(); }

    private static List<ModelConfig> load() {
        try (InputStream in = Zoo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<ModelConfig> out = new ArrayList<>();
            String line;
            int lineNo = 0;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (header) { header = false; continue; }
                if (f.length != 8) throw new IllegalStateException(RESOURCE + " line " + lineNo + ": expected 8 columns");
                out.add(new ModelConfig(f[0], Family.parse(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7])));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
