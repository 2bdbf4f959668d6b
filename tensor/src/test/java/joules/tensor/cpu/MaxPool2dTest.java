package joules.tensor.cpu;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import joules.tensor.Pool2dGeometry;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaxPool2dTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    static Stream<Arguments> geometries() {
        return Stream.of(
                new Pool2dGeometry(8, 3, 8, 6, 2, 2, 2, 2),    // the study's pooling
                new Pool2dGeometry(1, 2, 9, 7, 2, 2, 2, 2),    // odd sizes: the last row and column are dropped
                new Pool2dGeometry(2, 3, 7, 8, 3, 3, 2, 2),    // overlapping windows
                new Pool2dGeometry(3, 1, 5, 9, 3, 2, 1, 3)     // rectangular window, mixed strides
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void forwardAndBackwardMatchReference(Pool2dGeometry g) {
        SplittableRandom rng = new SplittableRandom(g.hashCode());
        float[] x = Check.random(rng, g.n() * g.c() * g.inH() * g.inW(), 1);
        float[] dy = Check.random(rng, g.n() * g.c() * g.outH() * g.outW(), 1);
        Tensor tx = cpu.fromArray(x, g.inputShape());
        Tensor y = Check.poisoned(cpu, g.outputShape());
        cpu.maxPool2dForward(tx, y, g);
        Check.close("forward", Reference.maxPool(g, Check.toDouble(x)), y, 0);
        Tensor dx = Check.poisoned(cpu, g.inputShape());
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(dy, g.outputShape()), dx, g);
        Check.close("backward", Reference.maxPoolBackward(g, Check.toDouble(x), Check.toDouble(dy)), dx, 1e-6);
    }

    @Test
    void tiesGoToTheFirstMaximumInRowMajorOrder() {
        Pool2dGeometry g = new Pool2dGeometry(1, 1, 2, 4, 2, 2, 2, 2);
        float[] x = {1, 3, 5, 2,
                     3, 3, 5, 5};
        Tensor tx = cpu.fromArray(x, 1, 1, 2, 4), y = cpu.zeros(1, 1, 1, 2), dx = Check.poisoned(cpu, 1, 1, 2, 4);
        cpu.maxPool2dForward(tx, y, g);
        Check.exact("max", new float[] {3, 5}, y.toArray());
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(new float[] {10, 20}, 1, 1, 1, 2), dx, g);
        Check.exact("routed to the first maximum", new float[] {0, 10, 20, 0, 0, 0, 0, 0}, dx.toArray());
    }

    @Test
    void nanIsTheMaximumLikePyTorch() {
        Pool2dGeometry g = new Pool2dGeometry(1, 1, 2, 2, 2, 2, 2, 2);
        Tensor y = cpu.zeros(1, 1, 1, 1);
        cpu.maxPool2dForward(cpu.fromArray(new float[] {1, Float.NaN, 7, 2}, 1, 1, 2, 2), y, g);
        assert Float.isNaN(y.toArray()[0]);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Pool2dGeometry g = new Pool2dGeometry(2, 2, 6, 5, 3, 2, 2, 1);
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = Check.random(rng, 2 * 2 * 6 * 5, 1), dy = Check.random(rng, 2 * 2 * g.outH() * g.outW(), 1);
        double[] dyd = Check.toDouble(dy);
        Tensor tx = cpu.fromArray(x, g.inputShape()), y = cpu.zeros(g.outputShape()), dx = Check.poisoned(cpu, g.inputShape());
        cpu.maxPool2dForward(tx, y, g);
        cpu.maxPool2dBackward(tx, y, cpu.fromArray(dy, g.outputShape()), dx, g);
        int[] all = Check.sample(rng, x.length, x.length);
        Check.close("dL/dx", Check.numericGradient(v -> Check.dot(dyd, Reference.maxPool(g, v)), Check.toDouble(x), all),
                dx.toArray(), 1e-5);
    }
}
