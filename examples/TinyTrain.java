import java.util.Locale;
import java.util.Random;
import joules.layers.Conv2d;
import joules.layers.Flatten;
import joules.layers.Linear;
import joules.layers.MaxPool2d;
import joules.layers.Model;
import joules.layers.ReLU;
import joules.layers.Sequential;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;

/**
 * joules' first program: a small convolutional network learns to tag tiny spectrograms, in one loop you
 * can read from top to bottom. Build once with {@code ./joules --help} (or {@code mvn -q -DskipTests package}),
 * then run
 * <pre>
 *   java -cp cli/target/joules.jar examples/TinyTrain.java [steps]
 * </pre>
 *
 * <p>The data: 16 x 16 "spectrograms" (16 frequency bands, 16 frames) holding one or two of four sounds
 * over noise, each clip tagged with the sounds it holds (multi-hot labels, as the study's DESED clips):
 * a low hum (band 3), a high whistle (band 12), a click (all bands, one frame) and a chirp (a diagonal).
 *
 * <p>The model: conv 3x3 (1 -> 8 channels) -> ReLU -> max-pool 2x2 -> flatten -> linear (512 -> 4), with the
 * sigmoid + binary cross-entropy head every joules model has. Each step is the whole of training:
 * <pre>
 *   logits = model(x)                       forward: each layer keeps what its backward needs
 *   loss   = mean BCE(sigmoid(logits), y)   and dloss/dlogits, in one backend call
 *   grads  = dloss/dparams                  backward: the layers in reverse, each writes its gradients
 *   params = Adam(params, grads)            one call over the flat parameter buffer
 * </pre>
 * The loss starts near ln 2 = 0.693 (every logit near 0: "don't know") and falls towards 0. The full story
 * of one step, with the code behind each line, is docs/training-step.md.
 */
public class TinyTrain {
    static final int BANDS = 16, FRAMES = 16, PIXELS = BANDS * FRAMES, CLASSES = 4;
    static final int CLIPS = 512, BATCH = 32, HELD_OUT = 128;

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 150;

        // 1. A data set on the host: features (CLIPS, 1, 16, 16) and labels (CLIPS, 4), flat float arrays.
        Random rng = new Random(7);
        float[] features = new float[CLIPS * PIXELS], labels = new float[CLIPS * CLASSES];
        for (int i = 0; i < CLIPS; i++) makeClip(rng, features, labels, i);

        try (Backend backend = new CpuBackend()) {
            // 2. The model: layers described first, then Model gives them buffers for batches of up to BATCH
            //    clips, puts every parameter in one flat buffer and draws PyTorch's initial weights from seed 1.
            Sequential network = new Sequential("net",
                    new Conv2d("conv", 1, 8, 3, 1, 1),          // (N, 1, 16, 16) -> (N, 8, 16, 16)
                    new ReLU("relu"),
                    new MaxPool2d("pool", 2),                   // -> (N, 8, 8, 8)
                    new Flatten("flatten"),                     // -> (N, 512)
                    new Linear("out", 8 * 8 * 8, CLASSES));     // -> (N, 4) logits
            Model model = new Model("tiny-cnn", network, new int[] {1, BANDS, FRAMES}, backend, 1, BATCH);
            System.out.printf(Locale.ROOT, "%s: %,d parameters on %s%n", model.id(), model.parameterCount(), backend.hardware());

            // 3. Adam's state, m and v, shaped as the flat parameter buffer; and the batch buffers.
            AdamConfig adam = AdamConfig.withLr(0.01f);
            Tensor m = backend.zeros(model.parameters().shape()), v = backend.zeros(model.parameters().shape());
            Tensor x = backend.zeros(BATCH, 1, BANDS, FRAMES), y = backend.zeros(BATCH, CLASSES);

            // 4. The training loop.
            for (int step = 1; step <= steps; step++) {
                long t0 = System.nanoTime();
                int first = (step - 1) * BATCH % CLIPS;                      // the clips in order, round and round
                backend.copyFromHost(features, first * PIXELS, x);           // x = features[first .. first + BATCH)
                backend.copyFromHost(labels, first * CLASSES, y);
                Tensor logits = model.forward(x);                            // forward
                float loss = model.loss(logits, y);                          // loss (read back to print it)
                model.backward();                                            // backward: model.gradients()
                // m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  p -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
                backend.adamStep(model.parameters(), model.gradients(), m, v, adam, step);
                double ms = (System.nanoTime() - t0) * 1e-6;
                System.out.printf(Locale.ROOT, "step %d: loss %.4f (%.1f ms)%n", step, loss, ms);
            }

            // 5. What it learned, on clips it never saw: a tag is predicted present when its logit is above 0.
            float[] testX = new float[BATCH * PIXELS], testY = new float[BATCH * CLASSES];
            int right = 0;
            for (int done = 0; done < HELD_OUT; done += BATCH) {
                for (int i = 0; i < BATCH; i++) makeClip(rng, testX, testY, i);
                backend.copyFromHost(testX, 0, x);
                float[] logits = model.forward(x).toArray();
                for (int j = 0; j < logits.length; j++) if ((logits[j] > 0) == (testY[j] > 0.5f)) right++;
            }
            System.out.printf(Locale.ROOT, "held-out: %.1f %% of %d tags right on %d new clips%n",
                    100.0 * right / (HELD_OUT * CLASSES), HELD_OUT * CLASSES, HELD_OUT);
        }
    }

    /** Clip i: noise, then one or two of the four sounds at random places and loudness; its tags in labels. */
    static void makeClip(Random rng, float[] features, float[] labels, int i) {
        int at = i * PIXELS;
        for (int p = 0; p < PIXELS; p++) features[at + p] = 0.3f * rng.nextFloat();
        boolean[] present = new boolean[CLASSES];
        present[rng.nextInt(CLASSES)] = true;
        if (rng.nextBoolean()) present[rng.nextInt(CLASSES)] = true;
        for (int c = 0; c < CLASSES; c++) {
            labels[i * CLASSES + c] = present[c] ? 1f : 0f;
            if (!present[c]) continue;
            float loud = 0.5f + rng.nextFloat();
            int start = rng.nextInt(FRAMES / 2), length = FRAMES / 4 + rng.nextInt(FRAMES / 2);
            for (int t = start; t < Math.min(FRAMES, start + length); t++) {
                switch (c) {
                    case 0 -> features[at + 3 * FRAMES + t] += loud;                       // hum: band 3
                    case 1 -> features[at + 12 * FRAMES + t] += loud;                      // whistle: band 12
                    case 2 -> { if (t == start) for (int b = 0; b < BANDS; b++) features[at + b * FRAMES + t] += loud; }
                    default -> features[at + Math.min(BANDS - 1, t - start) * FRAMES + t] += loud;   // chirp: rising
                }
            }
        }
    }
}
