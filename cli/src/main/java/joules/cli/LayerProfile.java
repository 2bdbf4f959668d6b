package joules.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import joules.layers.Model;
import joules.layers.Module;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.layers.cost.Hardware;
import joules.layers.cost.LayerCounts;
import joules.layers.cost.Roofline;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.train.Adam;

/**
 * Where a training step's time goes, layer by layer ({@code joules bench --layers}): each layer's forward
 * and backward timed on its own, the device synchronised before and after, next to the layer's exact
 * FLOPs and bytes; then the loss and the Adam update. Against the machine's measured roofline
 * ({@link MachineProbe}) each pass reaches a fraction: the roofline's time over the measured one. The layers are run one by one as the model's network runs them
 * (the zoo's networks are sequences of layers), on a random batch.
 *
 * <p>Synchronising around every layer costs a little on a GPU (the step itself runs as one CUDA graph), so
 * the layers add up to a bit more than the step. A memory-bound layer's time depends on what the caches hold
 * when it starts (on the CPU, the layer before it may still be writing its output back to memory): such
 * times vary between runs far more than the step's (the first pooling layer's backward of cnn-L2-H128: 4 to
 * 9 ms in runs whose steps were all 73 to 74 ms).
 */
final class LayerProfile {
    private LayerProfile() {}

    /** One layer's mean times (ms) and exact FLOPs and bytes (forward and backward passes of {@link LayerCounts}). */
    record Row(String name, String type, double forwardMs, double backwardMs, long forwardFlops, long backwardFlops,
               long forwardBytes, long backwardBytes) {
        /** The fraction of the roofline of {@code machine} that the forward pass reaches: roofline time / measured time. */
        double forwardOfRoofline(Hardware machine) { return ofRoofline(forwardFlops, forwardBytes, forwardMs, machine); }

        double backwardOfRoofline(Hardware machine) { return ofRoofline(backwardFlops, backwardBytes, backwardMs, machine); }

        private static double ofRoofline(long flops, long bytes, double ms, Hardware machine) {
            if (flops == 0 && bytes == 0 || !(ms > 0)) return Double.NaN;
            return Roofline.kernel("", "", flops, bytes, machine).seconds() / (ms * 1e-3);
        }
    }

    /**
     * Times each layer over {@code steps} repetitions, after {@code warmup} untimed ones and at least
     * {@code warmupSeconds} of them (the JIT compiles a layer's loops only after many calls: a ReLU over 4,096
     * floats timed 0.07 ms after 2 repetitions, 0.02 after 300).
     */
    static List<Row> measure(Model model, Adam adam, int batch, int steps, int warmup, double warmupSeconds) {
        Backend be = model.backend();
        List<Module> layers = model.network().leaves();
        int[] shape = model.inputShape(batch);
        Tensor x = random(be, shape, false), targets = random(be, new int[] {batch, 10}, true);
        int n = layers.size();
        double[] fwd = new double[n + 2], bwd = new double[n + 2];     // + the loss and Adam
        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int t = 0;
        for (int rep = 0; rep < warmup || System.nanoTime() < warmUntil; rep++) {
            repetition(model, layers, x, targets, adam, ++t, null, null);
        }
        for (int rep = 0; rep < steps; rep++) repetition(model, layers, x, targets, adam, ++t, fwd, bwd);
        List<Row> rows = new ArrayList<>();
        int[] s = shape;
        for (int i = 0; i < n; i++) {
            Module m = layers.get(i);
            LayerCounts c = m.counts(s);
            rows.add(new Row(m.name(), m.type(), ms(fwd[i], steps), ms(bwd[i], steps), c.forwardFlops(), c.backwardFlops(),
                    c.forwardBytes(), c.backwardBytes()));
            s = m.outputShape(s);
        }
        long params = model.parameterCount();
        // the last row: the loss and its gradient, one fused call (so its training count)
        List<CostTable.Row> costs = model.costs(Convention.TRAINING, batch).rows();
        CostTable.Row head = costs.get(costs.size() - 1);
        rows.add(new Row(head.name(), head.type(), ms(fwd[n], steps), 0, head.cost().flops(), 0, head.cost().bytes(), 0));
        rows.add(new Row("adam", "Adam", ms(fwd[n + 1], steps), 0, LayerCounts.ADAM_FLOPS_PER_PARAMETER * params, 0,
                LayerCounts.ADAM_BYTES_PER_PARAMETER * params, 0));
        return rows;
    }

    /** One forward and backward pass, layer by layer, and Adam's step t; adds each part's nanoseconds to fwd, bwd unless null. */
    private static void repetition(Model model, List<Module> layers, Tensor x, Tensor targets, Adam adam, int t,
                                   double[] fwd, double[] bwd) {
        Backend be = model.backend();
        int n = layers.size();
        Tensor h = x;
        for (int i = 0; i < n; i++) {
            long t0 = synchronizedNanos(be);
            h = layers.get(i).forward(h);
            if (fwd != null) fwd[i] += synchronizedNanos(be) - t0;
        }
        long t0 = synchronizedNanos(be);
        model.lossOnDevice(h, targets);
        if (fwd != null) fwd[n] += synchronizedNanos(be) - t0;
        Tensor dy = model.lossGradient();
        for (int i = n - 1; i >= 0; i--) {
            t0 = synchronizedNanos(be);
            dy = layers.get(i).backward(dy);
            if (bwd != null) bwd[i] += synchronizedNanos(be) - t0;
        }
        t0 = synchronizedNanos(be);
        adam.apply(t);
        if (fwd != null) fwd[n + 1] += synchronizedNanos(be) - t0;
    }

    private static long synchronizedNanos(Backend be) {
        be.synchronize();
        return System.nanoTime();
    }

    private static double ms(double nanos, int steps) { return nanos / steps / 1e6; }

    /** Gaussian features, or random 0/1 labels. */
    private static Tensor random(Backend be, int[] shape, boolean labels) {
        Tensor t = be.zeros(shape);
        float[] v = new float[Math.toIntExact(t.numel())];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) v[i] = labels ? (rng.nextBoolean() ? 1f : 0f) : (float) (rng.nextDouble() * 2 - 1);
        be.copyFromHost(v, 0, t);
        return t;
    }
}
