package joules.layers.cost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * The table of a whole model: {@code network} followed by the sigmoid/BCE head, for an input of
     * {@code inputShape} (batch first). As in a {@link joules.layers.Model}, the input data gets no
     * gradient: this marks the network so ({@link Module#setInputGradNeeded}).
     *
     * @throws IllegalArgumentException when a layer's count, or the total up to a layer, does not fit a long
     *         (instead of wrapping to nonsense), naming the layer and its input shape
     */
    public static CostTable forModel(Module network, int[] inputShape, Convention c) {
        network.setInputGradNeeded(false);
        List<Row> rows = new ArrayList<>();
        Cost total = Cost.ZERO;
        int[] s = inputShape.clone();
        for (Module m : network.leaves()) {
            Cost cost = layerCost(m, s, c);
            total = plusLayer(total, cost, m.name() + " (" + m.type() + ")", inputShape);
            s = m.outputShape(s);
            rows.add(new Row(m.name(), m.type(), s, cost));
        }
        Cost head = SigmoidBceLoss.cost(s, c);
        rows.add(new Row("output", SigmoidBceLoss.type(c), s, head));
        total = plusLayer(total, head, "output (" + SigmoidBceLoss.type(c) + ")", inputShape);
        return new CostTable(c, inputShape.clone(), List.copyOf(rows), total);
    }

    /** One layer's cost for its input {@code in}; a count beyond a long throws, naming the layer and the input. */
    private static Cost layerCost(Module m, int[] in, Convention c) {
        try {
            return m.cost(in, c);
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
     * The FLOPs of a whole training run: every epoch has floor(clips / batch) full batches and, when
     * {@code clips} is not a multiple of {@code batch}, one last smaller batch (the trainer keeps it).
     *
     * @throws IllegalArgumentException when the count does not fit a long (instead of wrapping to nonsense)
     */
    public static long trainingRunFlops(Module network, int[] sampleShape, int clips, int batch, int epochs) {
        if (clips < 1 || batch < 1 || epochs < 0) {
            throw new IllegalArgumentException("clips and batch must be at least 1 and epochs at least 0, got clips "
                    + clips + ", batch " + batch + ", epochs " + epochs);
        }
        int b = Math.min(batch, clips);
        int rest = clips % b;
        long full = stepFlops(network, sampleShape, b);
        long last = rest > 0 ? stepFlops(network, sampleShape, rest) : 0;
        try {
            long perEpoch = Math.addExact(Math.multiplyExact(clips / b, full), last);   // (clips / b) full + 1 last
            return Math.multiplyExact(epochs, perEpoch);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the training FLOPs of " + epochs + " epoch(s) of " + clips
                    + " clips in batches of " + batch + " exceed " + Long.MAX_VALUE + " (a long)", e);
        }
    }

    /** The FLOPs of one training step on a batch of {@code batch} samples. */
    public static long stepFlops(Module network, int[] sampleShape, int batch) {
        int[] in = new int[sampleShape.length + 1];
        in[0] = batch;
        System.arraycopy(sampleShape, 0, in, 1, sampleShape.length);
        return forModel(network, in, Convention.TRAINING).total().flops();
    }
}
