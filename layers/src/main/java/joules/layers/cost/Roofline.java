package joules.layers.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import joules.layers.Module;

/**
 * The roofline model of a network on a processor: each kernel takes at least the time of its arithmetic at the
 * peak and at least the time of its memory traffic at the full bandwidth,
 * <pre>
 *   time = max(FLOPs / peak, bytes / bandwidth)
 * </pre>
 * and is called compute-bound or memory-bound by which of the two is larger (whether its intensity, FLOPs per
 * byte, lies right or left of the processor's ridge point, peak / bandwidth). The layers run one after another,
 * so a step takes the sum of its rows' times. Bytes are the compulsory traffic ({@link LayerCounts}) and the
 * peaks are the vendor's: the times are lower bounds that ignore latency, launches, caches and the sequential
 * steps of a GRU. A model, to be checked against measurements (docs/roofline.md).
 *
 * <p>Rows: in the {@code forward} convention each layer's forward pass and the sigmoid; in {@code training}
 * each layer's forward and backward passes, then the loss (forward and gradient in one kernel), then Adam on all
 * parameters (one kernel over the flat buffers, 13 FLOPs and 28 bytes a parameter). The totals equal those of
 * {@link CostTable} in the same convention, where Adam is shared out among the layers instead.
 */
public record Roofline(Hardware hardware, Convention convention, int[] inputShape, List<Row> rows, Row total) {

    /** What limits a row: the arithmetic, the memory, or nothing (a view: no FLOP, no byte). */
    public enum Bound {
        COMPUTE, MEMORY, NONE;

        /** "compute", "memory", or "" for a view. */
        public String label() { return this == NONE ? "" : name().toLowerCase(Locale.ROOT); }
    }

    /** One kernel (or a layer's passes): its counts and its time on the processor. */
    public record Row(String name, String type, long flops, long bytes, double seconds, Bound bound) {
        /** FLOPs per byte; NaN when nothing moves. */
        public double intensity() { return bytes == 0 ? Double.NaN : (double) flops / bytes; }

        /** The FLOP/s the model predicts for this row (FLOPs over its time); NaN for a view. */
        public double flopsPerSecond() { return seconds == 0 ? Double.NaN : flops / seconds; }
    }

    /**
     * The roofline of {@code network} followed by the output head, for an input of {@code inputShape} (batch
     * first), on {@code hardware}.
     *
     * @throws IllegalArgumentException for the DeepSpeed convention (its counts are a profiler's rules, not
     *         the engine's work) and, naming the layer, when a count does not fit a long
     */
    public static Roofline of(Module network, int[] inputShape, Convention c, Hardware hardware) {
        if (c == Convention.DEEPSPEED) {
            throw new IllegalArgumentException("the roofline takes the training or the forward convention: deepspeed's"
                    + " counts are a profiler's rules, not the work of a pass");
        }
        CostTable table = CostTable.forModel(network, inputShape, c);   // every count and sum fits a long, or it names the layer
        boolean training = c == Convention.TRAINING;
        List<Row> rows = new ArrayList<>();
        long params = 0;
        for (CostTable.Layer l : CostTable.layers(network, inputShape, c)) {
            Cost cost = training ? l.counts().passes() : l.counts().in(Convention.FORWARD);
            rows.add(kernel(l.module().name(), l.module().type(), cost.flops(), cost.bytes(), hardware));
            params += l.counts().params();
        }
        CostTable.Row head = table.rows().get(table.rows().size() - 1);
        rows.add(kernel(head.name(), head.type(), head.cost().flops(), head.cost().bytes(), hardware));
        if (training) {
            rows.add(kernel("adam", "Adam", LayerCounts.ADAM_FLOPS_PER_PARAMETER * params,
                    LayerCounts.ADAM_BYTES_PER_PARAMETER * params, hardware));
        }
        return new Roofline(hardware, c, inputShape.clone(), List.copyOf(rows), total(rows));
    }

    /**
     * The predicted time of a whole training run, in seconds: every epoch has floor(clips / batch) steps of
     * {@code batch} samples and, when {@code batch} does not divide {@code clips}, one last smaller step (as
     * {@link CostTable#trainingRunFlops} counts them).
     */
    public static double trainingRunSeconds(Module network, int[] sampleShape, int clips, int batch, int epochs,
                                            Hardware hardware) {
        CostTable.EpochSteps e = CostTable.EpochSteps.of(clips, batch, epochs);
        double full = stepSeconds(network, sampleShape, e.batch(), hardware);
        double last = e.lastBatch() > 0 ? stepSeconds(network, sampleShape, e.lastBatch(), hardware) : 0;
        return epochs * (e.fullSteps() * full + last);
    }

    /** The predicted time of one training step on a batch of {@code batch} samples, in seconds. */
    public static double stepSeconds(Module network, int[] sampleShape, int batch, Hardware hardware) {
        return of(network, CostTable.batchShape(batch, sampleShape), Convention.TRAINING, hardware).total().seconds();
    }

    /** One kernel's row: its time and bound on the processor. */
    public static Row kernel(String name, String type, long flops, long bytes, Hardware h) {
        double compute = flops / h.peakFlopsPerSecond();
        double memory = bytes / h.bytesPerSecond();
        Bound bound = flops == 0 && bytes == 0 ? Bound.NONE : compute >= memory ? Bound.COMPUTE : Bound.MEMORY;
        return new Row(name, type, flops, bytes, Math.max(compute, memory), bound);
    }

    /**
     * The step: FLOPs, bytes and times summed (the rows run one after another); its bound is the one that holds
     * for most of the time.
     */
    private static Row total(List<Row> rows) {
        long flops = 0;
        long bytes = 0;
        double seconds = 0;
        double memorySeconds = 0;
        for (Row r : rows) {
            flops += r.flops();
            bytes += r.bytes();
            seconds += r.seconds();
            if (r.bound() == Bound.MEMORY) memorySeconds += r.seconds();
        }
        Bound bound = seconds == 0 ? Bound.NONE : memorySeconds > seconds / 2 ? Bound.MEMORY : Bound.COMPUTE;
        return new Row("total", "", flops, bytes, seconds, bound);
    }

    /** The share of the step's time spent in memory-bound rows, in [0, 1]. */
    public double memoryBoundShare() {
        double memory = 0;
        for (Row r : rows) if (r.bound() == Bound.MEMORY) memory += r.seconds();
        return total.seconds() == 0 ? 0 : memory / total.seconds();
    }
}
