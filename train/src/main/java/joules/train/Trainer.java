package joules.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import joules.layers.Model;
import joules.layers.Parameter;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.StepGraph;

/**
 * The study's training loop: for each epoch, a new random order of the clips (seeded, so a run is
 * repeatable), then batches of {@code batchSize} clips in that order, the last one smaller when the
 * size does not divide (PyTorch's DataLoader with shuffle=True, drop_last=False). Each step:
 * <pre>
 *   x, y   = features[order[s .. s+B)], labels[order[s .. s+B)]    gathered on the device
 *   logits = model(x)                                                forward
 *   loss   = mean BCE(sigmoid(logits), y)                            fused with its gradient
 *   grads  = d loss / d params                                       backward
 *   params = Adam(params, grads)                                     one fused update
 * </pre>
 * No tensor is made inside the loop: the batch buffers are sized for a full batch and narrowed for the
 * last one, and each step's slot of the loss buffer is a view made once (see {@link Backend} for what the
 * operations themselves may allocate). Nothing waits for the device
 * either: each step's loss is copied, on the device, into the epoch's loss buffer, which is read once at
 * the end of the epoch (and, for progress displays, one loss at most every {@link #LOSS_READ_INTERVAL_NANOS}).
 * A NaN or infinite loss stops training at the first read that sees it, naming the first step where it
 * appeared.
 *
 * <p>Each step is {@link #stepBody}, run through a {@link StepGraph}: on the CPU the graph just calls the
 * body; on a GPU it records the body once as a CUDA graph and replays it. A trainer holds the step's CUDA
 * graphs: close it when done with it, before its backend ({@code try (Trainer t = new Trainer(...))} inside
 * the backend's own try).
 */
public final class Trainer implements AutoCloseable {
    /** How often the loss of the latest step is read back for {@link TrainingListener#onStep}. */
    static final long LOSS_READ_INTERVAL_NANOS = 250_000_000L;

    private final Model model;
    private final TrainingData data;
    private final int batchSize;
    private final Adam adam;
    private final Random shuffler;
    private final Tensor order;      // the epoch's permutation, as floats (exact below 2^24)
    private final Tensor xBatch;     // (batchSize, 1, 128, 64)
    private final Tensor yBatch;     // (batchSize, 10)
    private final Tensor losses;     // (stepsPerEpoch): each step's mean loss, on the device
    private final Tensor[] lossSlots; // lossSlots[s] = losses[s], one-element views made once
    private final StepGraph graph;   // the step, replayed as a CUDA graph where the backend allows
    private Tensor stepLoss;         // the loss of the latest step (one element, on the device)

    /**
     * @param seed seeds the order of the clips in every epoch (the model's initial weights come from the zoo)
     */
    public Trainer(Model model, TrainingData data, AdamConfig adamConfig, int batchSize, long seed) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (batchSize > model.maxBatch()) {
            throw new IllegalArgumentException("batch size " + batchSize + " exceeds the model's buffers (" + model.maxBatch() + ")");
        }
        Backend backend = model.backend();
        this.model = model;
        this.data = data;
        this.batchSize = batchSize;
        this.adam = new Adam(model.parameters(), model.gradients(), adamConfig,
                model.parametersWithoutGradient().stream().map(Parameter::value).toList());
        this.shuffler = new Random(seed);
        this.order = backend.zeros(data.size());
        this.xBatch = backend.zeros(batchSize, 1, TrainingData.MELS, TrainingData.FRAMES);
        this.yBatch = backend.zeros(batchSize, TrainingData.CLASSES);
        this.losses = backend.zeros(stepsPerEpoch());
        this.lossSlots = new Tensor[stepsPerEpoch()];
        for (int s = 0; s < lossSlots.length; s++) lossSlots[s] = losses.view(s, 1);
        this.graph = StepGraph.create(backend, this::stepBody);
    }

    /** How steps run: "CUDA graph (...)" or "plain launches (reason)". */
    public String stepMode() { return graph.mode(); }

    /** True while steps run as CUDA graph replays; false on the CPU and where capture failed or is disabled. */
    public boolean stepsAsGraphs() { return graph.usesGraphs(); }

    /** Optimiser steps in one epoch: ceil(N / B). */
    public int stepsPerEpoch() { return (data.size() + batchSize - 1) / batchSize; }

    public Adam adam() { return adam; }

    /**
     * Trains for {@code epochs} epochs.
     *
     * @throws NonFiniteLossException when a step's loss is NaN or infinite (naming the epoch and step)
     */
    public TrainingResult train(int epochs, TrainingListener listener) {
        Backend backend = model.backend();
        int n = data.size();
        int steps = stepsPerEpoch();
        List<EpochResult> results = new ArrayList<>();
        long t0 = System.nanoTime();
        long lastRead = t0;
        float shownLoss = Float.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long e0 = System.nanoTime();
            backend.copyFromHost(permutation(n, shuffler), 0, order);
            for (int s = 0; s < steps; s++) {
                int start = s * batchSize;
                step(start, Math.min(batchSize, n - start), lossSlots[s]);
                long now = System.nanoTime();
                if (now - lastRead >= LOSS_READ_INTERVAL_NANOS) {     // a progress display's loss
                    lastRead = now;
                    shownLoss = lossSlots[s].toArray()[0];
                    if (!Float.isFinite(shownLoss)) throw firstNonFinite(epoch, losses.view(0, s + 1).toArray());
                }
                listener.onStep(epoch, epochs, s + 1, steps, shownLoss);
            }
            float[] epochLosses = losses.toArray();                     // waits for the epoch's last step
            double lossSum = 0;
            for (float l : epochLosses) {
                if (!Float.isFinite(l)) throw firstNonFinite(epoch, epochLosses);
                lossSum += l;
            }
            EpochResult r = new EpochResult(epoch, lossSum / steps, steps, (System.nanoTime() - e0) * 1e-9);
            results.add(r);
            listener.onEpoch(r);
        }
        backend.synchronize();
        return new TrainingResult(results, (long) steps * epochs, (System.nanoTime() - t0) * 1e-9);
    }

    private static NonFiniteLossException firstNonFinite(int epoch, float[] stepLosses) {
        for (int s = 0; s < stepLosses.length; s++) {
            if (!Float.isFinite(stepLosses[s])) return new NonFiniteLossException(epoch, s + 1, stepLosses[s]);
        }
        throw new IllegalStateException("no non-finite loss in epoch " + epoch);
    }

    /**
     * Runs {@code steps} full-batch steps on the clips in file order (compiling kernels, sizing caches,
     * touching memory) and, when the last batch of an epoch is smaller (1578 clips in batches of 8 end with
     * a batch of 2), {@code min(steps, 2)} steps of that size on the last clips: every batch shape of the
     * measured run has then been run once with plain launches (on a GPU, cuDNN's algorithm search and the
     * workspaces) and, from the second step on, captured as a CUDA graph ({@link StepGraph#RUNS_BEFORE_REPLAY}),
     * so none of that lands inside the measured run. Then puts the parameters and Adam back as they were:
     * the measured run that follows starts from the same initial weights and draws the same shuffles as
     * without a warm-up.
     */
    public void warmUp(int steps) {
        Backend backend = model.backend();
        float[] initial = model.parameters().toArray();
        int n = data.size();
        backend.copyFromHost(identity(n), 0, order);
        int full = Math.min(batchSize, n);
        for (int s = 0; s < steps; s++) step(0, full, lossSlots[0]);
        int last = lastBatchSize();
        if (last < full) {
            for (int s = 0; s < Math.min(steps, StepGraph.RUNS_BEFORE_REPLAY); s++) step(n - last, last, lossSlots[0]);
        }
        backend.synchronize();
        backend.copyFromHost(initial, 0, model.parameters());
        adam.reset();
    }

    /** The clips in the last batch of an epoch: N - (ceil(N / B) - 1) B, which is B when B divides N. */
    private int lastBatchSize() { return data.size() - (stepsPerEpoch() - 1) * batchSize; }

    /**
     * For benchmarks: runs {@code steps} full-batch training steps on consecutive clips (wrapping around
     * the data set) and returns each step's wall time in milliseconds, the device synchronised after each
     * step so that the time is the step's own. The model is trained by them (unlike {@link #warmUp}).
     */
    public double[] timeSteps(int steps) {
        Backend backend = model.backend();
        int n = data.size();
        int b = Math.min(batchSize, n);
        backend.copyFromHost(identity(n), 0, order);
        double[] ms = new double[steps];
        for (int s = 0; s < steps; s++) {
            int start = (s * b) % (n - b + 1);
            backend.synchronize();
            long t0 = System.nanoTime();
            step(start, b, lossSlots[0]);
            backend.synchronize();
            ms[s] = (System.nanoTime() - t0) * 1e-6;
        }
        return ms;
    }

    /** One optimiser step on the clips order[start .. start + b); copies the batch's mean loss to {@code loss}. */
    private void step(int start, int b, Tensor loss) {
        graph.run(b, start, adam.nextStep());
        model.backend().copy(stepLoss, loss);
    }

    /**
     * The step itself, the same device work every time (so that it can be recorded once as a CUDA graph
     * and replayed): only the batch start and Adam's step number change, and the backend reads both from
     * device memory.
     */
    private void stepBody(int b, int start, int t) {
        Backend backend = model.backend();
        Tensor x = xBatch.narrowBatch(b);
        Tensor y = yBatch.narrowBatch(b);
        backend.gatherRows(data.features(), order, start, x);
        backend.gatherRows(data.labels(), order, start, y);
        Tensor logits = model.forward(x);
        stepLoss = model.lossOnDevice(logits, y);
        model.backward();
        adam.apply(t);
    }

    /** Releases the step's CUDA graphs; the trainer cannot step after this. Close it before its backend. */
    @Override
    public void close() { graph.close(); }

    /** The clips in file order, 0..n-1, as floats for the device. */
    private static float[] identity(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i;
        return f;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), as floats for the device. */
    static float[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = p[i];
        return f;
    }
}
