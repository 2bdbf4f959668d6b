package joules.tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs a training step, as a recorded graph where the backend can record one ({@link StepCapture}: CUDA
 * graphs): the step's kernels, cuBLAS and cuDNN calls are recorded once and then replayed with one launch,
 * which removes the per-operation CPU cost (hundreds of JNA calls per step) from small models. On a
 * backend that cannot record (the CPU) every step simply calls the body.
 *
 * <p>How the trainer uses it ({@code joules.train.Trainer}, whose {@code stepBody} is this body):
 * <pre>{@code
 * StepGraph graph = StepGraph.create(backend, (rows, start, t) -> {
 *     Tensor xb = x.narrowBatch(rows), yb = y.narrowBatch(rows);
 *     backend.gatherRows(features, shuffled, start, xb);  // the batch, read on the device
 *     backend.gatherRows(labels, shuffled, start, yb);
 *     Tensor logits = model.forward(xb);
 *     stepLoss = model.lossOnDevice(logits, yb);          // the loss stays on the device: no read-back
 *     model.backward();
 *     adam.apply(t);                                      // one backend.adamStep over the flat buffers
 * });
 * for each epoch: upload the new shuffled indices (copyFromHost, outside the step)
 *     for each batch: graph.run(rows, start, adam.nextStep());   // rows: this batch's size
 *                     backend.copy(stepLoss, lossSlot);          // on the device, outside the body
 * read the loss slots after run() when they are wanted (copyToHost waits for the step)
 * }</pre>
 *
 * <p>Rules for the body: it does device work only through the backend, with the same tensors every time;
 * it never reads results back to the host, allocates, or synchronizes (those are refused during a capture);
 * the only values that may change between steps are the batch start given to {@code gatherRows} and the
 * step given to {@code adamStep}. These two are read by the kernels from device memory, which
 * {@link #run} writes before each replay; anything else the body computes on the host is frozen at capture.
 *
 * <p>Per batch size ({@code rows}: the last batch of an epoch is usually smaller) the first call runs the
 * body with plain launches (cuDNN finds its algorithms, workspaces and kernels are made), the second
 * captures the body into a graph and launches it, the following ones only launch it. If capturing fails
 * (an operation that a graph cannot hold, a library that refuses stream capture) the step is run with plain
 * launches and so is every later one; {@link #mode()} says which and why. Graphs are also off on a
 * backend that cannot record them, and with {@code -Djoules.cuda.graphs=false}.
 */
public final class StepGraph implements AutoCloseable {

    /** Runs of a new batch size before its graph is replayed: one with plain launches, then one captured. */
    public static final int RUNS_BEFORE_REPLAY = 2;

    /**
     * One training step over a batch of {@code rows} rows: gathers the batch at {@code batchStart}, runs
     * forward, backward and Adam step {@code step}.
     */
    @FunctionalInterface
    public interface Body {
        void run(int rows, int batchStart, int step);
    }

    private final StepCapture capture;    // null: plain launches only
    private final Body body;
    private final Map<Integer, StepCapture.Replay> graphs = new HashMap<>();
    private final Map<Integer, Integer> plainRuns = new HashMap<>();
    private String fallbackReason;
    private long replays;
    private boolean closed;

    private StepGraph(StepCapture capture, Body body, String fallbackReason) {
        this.capture = capture;
        this.body = body;
        this.fallbackReason = fallbackReason;
    }

    /** A step runner for any backend: graphs where the backend records them (unless disabled), plain calls elsewhere. */
    public static StepGraph create(Backend backend, Body body) {
        StepCapture capture = backend.stepCapture();
        if (capture == null) return new StepGraph(null, body, "not a CUDA backend");
        if ("false".equalsIgnoreCase(System.getProperty("joules.cuda.graphs"))) {
            return new StepGraph(null, body, "disabled by -Djoules.cuda.graphs=false");
        }
        return recording(capture, body);
    }

    /** A step runner over a given capture (a backend's, or a test's stand-in). */
    static StepGraph recording(StepCapture capture, Body body) { return new StepGraph(capture, body, null); }

    /** Runs one step over a batch of {@code rows} rows starting at {@code batchStart}, Adam step {@code step}. */
    public void run(int rows, int batchStart, int step) {
        if (closed) throw new IllegalStateException("the step graph is closed");
        if (capture == null || fallbackReason != null) {
            body.run(rows, batchStart, step);
            return;
        }
        StepCapture.Replay graph = graphs.get(rows);
        if (graph != null) {
            graph.launch(batchStart, step);
            replays++;
            return;
        }
        int plain = plainRuns.merge(rows, 1, Integer::sum);
        if (plain < RUNS_BEFORE_REPLAY) {       // warm-up: algorithms, workspaces, kernels
            body.run(rows, batchStart, step);
            return;
        }
        try {
            capture.begin();
            body.run(rows, batchStart, step);
            graph = capture.end();
        } catch (RuntimeException e) {
            capture.abort();
            fallbackReason = "capture failed: " + e.getMessage();
            body.run(rows, batchStart, step);         // the captured step did not run: run it now
            return;
        }
        graphs.put(rows, graph);
        graph.launch(batchStart, step);
        replays++;
    }

    /** True while steps run as graph replays (after the warm-up steps). */
    public boolean usesGraphs() { return capture != null && fallbackReason == null; }

    /** "CUDA graph (2 graphs, 1250 replays)" or "plain launches (capture failed: ...)", for the run's log and results. */
    public String mode() {
        if (usesGraphs()) return "CUDA graph (" + graphs.size() + " graphs, " + replays + " replays)";
        return "plain launches (" + fallbackReason + ")";
    }

    /** Destroys the graphs; no step runs after this. Closing twice does nothing more. */
    @Override
    public void close() {
        closed = true;
        graphs.values().forEach(StepCapture.Replay::destroy);
        graphs.clear();
    }
}
