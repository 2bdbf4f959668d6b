package joules.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each layer's backward pass against central finite differences of its own forward pass, independent of
 * PyTorch. The scalar is L = sum(dy * y), summed in double, so dL/dx and dL/dtheta are what backward(dy)
 * returns. A coordinate u is perturbed in float32 to u + e and u - e; the step actually taken, read back
 * from the floats, divides the difference: g ~ (L(u+) - L(u-)) / (u+ - u-). Inputs of the kinked layers
 * (ReLU, max pooling) stay at least 0.05 away from a kink, farther than the step.
 */
class GradientCheckTest {
    private static final double STEP = 1e-2;
    private static final double TOLERANCE = 1e-2;
    private static final int COORDINATES = 16;
    private static Backend backend;

    @BeforeAll static void open() { backend = new CpuBackend(2); }
    @AfterAll static void close() { backend.close(); }

    private static void check(Module m, int[] xShape, DoubleSupplier inputs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ParameterBuffers.allocate(m.parameters(), backend);
        ParameterInit.uniform(m.parameters(), seed, backend);
        m.setInputGradNeeded(true);
        m.allocate(backend, xShape);

        float[] xh = new float[(int) Tensor.numel(xShape)];
        for (int i = 0; i < xh.length; i++) xh[i] = (float) inputs.getAsDouble();
        Tensor x = backend.fromArray(xh, xShape);
        int[] yShape = m.outputShape(xShape);
        float[] dyh = new float[(int) Tensor.numel(yShape)];
        for (int i = 0; i < dyh.length; i++) dyh[i] = (float) (2 * rng.nextDouble() - 1);
        Tensor dy = backend.fromArray(dyh, yShape);

        m.forward(x);
        float[] dx = m.backward(dy).toArray();
        compare(m + " dx", x, dx, () -> objective(m, x, dyh), rng);
        for (Parameter p : m.parameters()) {
            compare(m + " " + p.name(), p.value(), p.grad().toArray(), () -> objective(m, x, dyh), rng);
        }
    }

    private static double objective(Module m, Tensor x, float[] dy) {
        float[] y = m.forward(x).toArray();
        double sum = 0;
        for (int i = 0; i < y.length; i++) sum += (double) dy[i] * y[i];
        return sum;
    }

    /** Finite differences of L along COORDINATES random elements of {@code t} against {@code analytic}. */
    private static void compare(String what, Tensor t, float[] analytic, DoubleSupplier loss, SplittableRandom rng) {
        float[] host = t.toArray();
        List<Double> numeric = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int k = 0; k < Math.min(COORDINATES, host.length); k++) {
            int i = rng.nextInt(host.length);
            float u = host[i];
            float up = (float) (u + STEP);
            float down = (float) (u - STEP);
            host[i] = up;
            backend.copyFromHost(host, 0, t);
            double lUp = loss.getAsDouble();
            host[i] = down;
            backend.copyFromHost(host, 0, t);
            double lDown = loss.getAsDouble();
            host[i] = u;
            backend.copyFromHost(host, 0, t);
            numeric.add((lUp - lDown) / ((double) up - down));
            expected.add((double) analytic[i]);
        }
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < numeric.size(); k++) {
            diff += Math.pow(numeric.get(k) - expected.get(k), 2);
            norm += Math.pow(expected.get(k), 2);
        }
        double err = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
        assertTrue(err < TOLERANCE, what + ": finite differences differ from backward by " + err
                + " (numeric " + numeric + ", backward " + expected + ")");
    }

    private static DoubleSupplier normal(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> 2 * r.nextDouble() - 1;
    }

    /** Values of magnitude 0.05 .. 1.05 with random signs: no input within a step of ReLU's kink at 0. */
    private static DoubleSupplier awayFromZero(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return () -> (r.nextBoolean() ? 1 : -1) * (0.05 + r.nextDouble());
    }

    /** Distinct multiples of 0.05 in random order: every window's maximum leads its runner-up by 0.05 or more. */
    private static DoubleSupplier distinct(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[count];
        for (int i = 0; i < count; i++) perm[i] = i;
        for (int i = count - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        int[] next = {0};
        return () -> 0.05 * (perm[next[0]++] - count / 2);
    }

    @Test void linear() { check(new Linear("fc", 7, 5), new int[] {3, 7}, normal(1), 11); }

    @Test void conv2d() { check(new Conv2d("conv", 2, 3, 3, 1, 1), new int[] {2, 2, 5, 4}, normal(2), 12); }

    @Test void conv2dStridedRectangular() {
        check(new Conv2d("conv", 2, 2, 2, 3, 2, 1, 1, 0), new int[] {2, 2, 6, 5}, normal(3), 13);
    }

    @Test void maxPool2d() { check(new MaxPool2d("pool", 2), new int[] {2, 2, 4, 6}, distinct(96, 4), 14); }

    @Test void relu() { check(new ReLU("relu"), new int[] {3, 8}, awayFromZero(5), 15); }

    @Test void sigmoid() { check(new Sigmoid("sigmoid"), new int[] {3, 8}, normal(6), 16); }

    @Test void gruTwoLayersThroughTime() { check(new Gru("gru", 3, 4, 2), new int[] {6, 2, 3}, normal(7), 17); }

    @Test void mapToSequenceAndLastStep() {
        check(new Sequential("crnn-tail", new MapToSequence("seq"), new Gru("gru", 2, 3, 1), new LastStep("last")),
                new int[] {2, 2, 3, 2}, normal(8), 18);
    }
}
