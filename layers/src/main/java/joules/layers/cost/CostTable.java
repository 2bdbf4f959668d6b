package joules.layers.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import joules.layers.Module;
import joules.layers.SigmoidBceLoss;

/**
 * A model's cost layer by layer for one input shape and convention: one row per layer (in forward
 * order) plus the output head (sigmoid, or the fused sigmoid + BCE loss when training), and the total.
 */
public record CostTable(Convention convention, int[] inputShape, List<Row> rows, Cost total) {

    /** One layer: its name and type, its output shape, and its cost. */
    public record Row(String name, String type, int[] outputShape, Cost cost) {
        /** This row's share of the table's FLOPs, in [0, 1]. */
        public double share(Cost total) { return total.flops() == 0 ? 0 : (double) cost.flops() / total.flops(); }
    }

    /** One leaf layer of a network: the module, its input and output shapes, and its counts in every convention. */
    public record Layer(Module module, int[] inputShape, int[] outputShape, LayerCounts counts) {}

    /**
     * The leaf layers of {@code network} in forward order, each with its counts for the input shapes that an
     * input of {@code inputShape} gives it. As in a {@link joules.layers.Model}, the input data gets no
     * gradient: this marks the network so ({@link Module#setInputGradNeeded}).
     *
     * @throws IllegalArgumentException when a layer's count does not fit a long, naming the layer, its input shape
     *         and {@code c} (the convention the caller counts in)
     */
    public static List<Layer> layers(Module network, int[] inputShape, Convention c) {
        network.setInputGradNeeded(false);
        List<Layer> layers = new ArrayList<>();
        int[] s = inputShape.clone();
        for (Module m : network.leaves()) {
            int[] out = m.outputShape(s);
            int[] in = s;
            layers.add(new Layer(m, in, out, counted(m, in, c, () -> m.counts(in))));
            s = out;
        }
        return List.copyOf(layers);
    }

    /**
     * The table of a whole model: {@code network} followed by the sigmoid/BCE head, for an input of
     * {@code inputShape} (batch first). As in a {@link joules.layers.Model}, the input data gets no
     * gradient: this marks the network so ({@link Module#setInputGradNeeded}).
     *
     * @throws IllegalArgumentException when a layer's count, or the total up to a layer, does not fit a long
     *         (instead of wrapping to nonsense), naming the layer and its input shape
     */
    public static CostTable forModel(Module network, int[] inputShape, Convention c) {
        List<Row> rows = new ArrayList<>();
        Cost total = Cost.ZERO;
        int[] s = inputShape.clone();
        for (Layer l : layers(network, inputShape, c)) {
            Cost cost = counted(l.module(), l.inputShape(), c, () -> l.counts().in(c));
            total = plusLayer(total, cost, l.module().name() + " (" + l.module().type() + ")", inputShape);
            rows.add(new Row(l.module().name(), l.module().type(), l.outputShape(), cost));
            s = l.outputShape();
        }
        Cost head = SigmoidBceLoss.cost(s, c);
        rows.add(new Row("output", SigmoidBceLoss.type(c), s, head));
        total = plusLayer(total, head, "output (" + SigmoidBceLoss.type(c) + ")", inputShape);
        return new CostTable(c, inputShape.clone(), List.copyOf(rows), total);
    }

    /** A layer's count for its input {@code in}; a count beyond a long throws, naming the layer and the input. */
    private static <T> T counted(Module m, int[] in, Convention c, Supplier<T> count) {
        try {
            return count.get();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the " + c.cliName() + " cost of layer " + m.name() + " (" + m.type()
                    + ") for input " + Arrays.toString(in) + " exceeds " + Long.MAX_VALUE + " (a long)", e);
        }
    }

    /** total + cost ({@link Cost#plus}, checked): a sum beyond a long throws, naming the layer that took it there. */
    private static Cost plusLayer(Cost total, Cost cost, String layer, int[] inputShape) {
        try {
            return total.plus(cost);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the cost of a model for input " + Arrays.toString(inputShape)
                    + " exceeds " + Long.MAX_VALUE + " (a long) at layer " + layer, e);
        }
    }

    /**
     * How every epoch of a training run splits into steps: floor(clips / batch) steps of {@code batch} samples
     * and, when {@code batch} does not divide {@code clips}, one last step of the rest ({@code lastBatch}, 0 when
     * there is none: the trainer keeps the smaller batch). A batch above {@code clips} is one step of all clips.
     */
    public record EpochSteps(int batch, int fullSteps, int lastBatch) {
        /** @throws IllegalArgumentException unless clips and batch are at least 1 and epochs at least 0 */
        public static EpochSteps of(int clips, int batch, int epochs) {
            if (clips < 1 || batch < 1 || epochs < 0) {
                throw new IllegalArgumentException("clips and batch must be at least 1 and epochs at least 0, got clips "
                        + clips + ", batch " + batch + ", epochs " + epochs);
            }
            int b = Math.min(batch, clips);
            return new EpochSteps(b, clips / b, clips % b);
        }
    }

    /**
     * The FLOPs of a whole training run: every epoch has floor(clips / batch) full batches and, when
     * {@code clips} is not a multiple of {@code batch}, one last smaller batch (the trainer keeps it).
     *
     * @throws IllegalArgumentException when the count does not fit a long (instead of wrapping to nonsense)
     */
    public static long trainingRunFlops(Module network, int[] sampleShape, int clips, int batch, int epochs) {
        EpochSteps e = EpochSteps.of(clips, batch, epochs);
        long full = stepFlops(network, sampleShape, e.batch());
        long last = e.lastBatch() > 0 ? stepFlops(network, sampleShape, e.lastBatch()) : 0;
        try {
            long perEpoch = Math.addExact(Math.multiplyExact(e.fullSteps(), full), last);
            return Math.multiplyExact(epochs, perEpoch);
        } catch (ArithmeticException x) {
            throw new IllegalArgumentException("the training FLOPs of " + epochs + " epoch(s) of " + clips
                    + " clips in batches of " + batch + " exceed " + Long.MAX_VALUE + " (a long)", x);
        }
    }

    /** The FLOPs of one training step on a batch of {@code batch} samples. */
    public static long stepFlops(Module network, int[] sampleShape, int batch) {
        return forModel(network, batchShape(batch, sampleShape), Convention.TRAINING).total().flops();
    }

    /** The input shape of a batch: {@code batch} followed by the sample's shape. */
    public static int[] batchShape(int batch, int[] sampleShape) {
        int[] in = new int[sampleShape.length + 1];
        in[0] = batch;
        System.arraycopy(sampleShape, 0, in, 1, sampleShape.length);
        return in;
    }
}
