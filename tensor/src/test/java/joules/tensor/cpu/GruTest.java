package joules.tensor.cpu;

import java.util.Arrays;
import java.util.SplittableRandom;
import joules.tensor.GruGeometry;
import joules.tensor.Reference;
import joules.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GruTest {
    private static final CpuBackend cpu = new CpuBackend(2);

    @AfterAll static void close() { cpu.close(); }

    /**
     * The GRU's tensors packed in one vector, so that finite differences can perturb any of them:
     * x, h0 (when present), W_ih, W_hh, b_ih, b_hh, in that order.
     */
    record GruParts(GruGeometry g, boolean hasH0) {
        int x() { return 0; }
        int h0() { return g.steps() * g.batch() * g.inputSize(); }
        int wIh() { return h0() + (hasH0 ? g.batch() * g.hidden() : 0); }
        int wHh() { return wIh() + g.gates() * g.inputSize(); }
        int bIh() { return wHh() + g.gates() * g.hidden(); }
        int bHh() { return bIh() + g.gates(); }
        int size() { return bHh() + g.gates(); }

        double[] x(double[] v) { return Arrays.copyOfRange(v, x(), h0()); }
        double[] h0(double[] v) { return hasH0 ? Arrays.copyOfRange(v, h0(), wIh()) : null; }
        Reference.GruWeights weights(double[] v) {
            return new Reference.GruWeights(Arrays.copyOfRange(v, wIh(), wHh()), Arrays.copyOfRange(v, wHh(), bIh()),
                    Arrays.copyOfRange(v, bIh(), bHh()), Arrays.copyOfRange(v, bHh(), size()));
        }
    }

    /** {@link Reference#gru} of the tensors packed in v. */
    static double[] gru(GruParts parts, double[] v) {
        return Reference.gru(parts.g(), parts.x(v), parts.h0(v), parts.weights(v));
    }

    /** The GRU's tensors on the backend, cut out of one parameter vector laid out as {@link GruParts}. */
    private record Run(GruGeometry g, Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor y,
                       Tensor reserve) {
        static Run of(GruGeometry g, GruParts parts, float[] v) {
            Tensor x = cpu.fromArray(Arrays.copyOfRange(v, parts.x(), parts.h0()), g.inputShape());
            Tensor h0 = parts.hasH0() ? cpu.fromArray(Arrays.copyOfRange(v, parts.h0(), parts.wIh()), g.batch(), g.hidden()) : null;
            Tensor wIh = cpu.fromArray(Arrays.copyOfRange(v, parts.wIh(), parts.wHh()), g.gates(), g.inputSize());
            Tensor wHh = cpu.fromArray(Arrays.copyOfRange(v, parts.wHh(), parts.bIh()), g.gates(), g.hidden());
            Tensor bIh = cpu.fromArray(Arrays.copyOfRange(v, parts.bIh(), parts.bHh()), g.gates());
            Tensor bHh = cpu.fromArray(Arrays.copyOfRange(v, parts.bHh(), parts.size()), g.gates());
            Tensor y = Check.poisoned(cpu, g.outputShape());
            Tensor reserve = Check.poisoned(cpu, (int) cpu.gruReserveSize(g));
            return new Run(g, x, h0, wIh, wHh, bIh, bHh, y, reserve);
        }
    }

    @ParameterizedTest(name = "steps={0} batch={1} input={2} hidden={3} h0={4}")
    @CsvSource({"1, 8, 37, 16, false", "5, 3, 7, 9, true", "6, 1, 4, 5, false", "9, 8, 12, 33, true", "40, 2, 3, 6, true"})
    void forwardMatchesReferenceAndBackwardMatchesFiniteDifferences(int steps, int batch, int in, int hid, boolean hasH0) {
        GruGeometry g = new GruGeometry(steps, batch, in, hid);
        GruParts parts = new GruParts(g, hasH0);
        SplittableRandom rng = new SplittableRandom(steps * 1000L + batch * 100 + in + hid);
        float[] v = Check.random(rng, parts.size(), 1.0 / Math.sqrt(hid));
        for (int i = 0; i < parts.h0(); i++) v[i] *= Math.sqrt(hid);        // x in [-1, 1]
        float[] dy = Check.random(rng, steps * batch * hid, 1);
        double[] vd = Check.toDouble(v), dyd = Check.toDouble(dy);

        Run r = Run.of(g, parts, v);
        cpu.gruForward(g, r.x, r.h0, r.wIh, r.wHh, r.bIh, r.bHh, r.y, r.reserve);
        Check.close("y", gru(parts, vd), r.y, 1e-5);

        Tensor dx = Check.poisoned(cpu, g.inputShape());
        Tensor dwIh = Check.poisoned(cpu, g.gates(), in), dwHh = Check.poisoned(cpu, g.gates(), hid);
        Tensor dbIh = Check.poisoned(cpu, g.gates()), dbHh = Check.poisoned(cpu, g.gates());
        cpu.gruBackward(g, r.x, r.h0, r.wIh, r.wHh, r.bIh, r.bHh, r.y, r.reserve, cpu.fromArray(dy, g.outputShape()),
                dx, dwIh, dwHh, dbIh, dbHh);

        // L = sum(dy * y); its finite differences in double against every gradient the backward wrote
        Check.Scalar loss = p -> Check.dot(dyd, gru(parts, p));
        checkGradient("dx", loss, vd, parts.x(), dx, rng);
        checkGradient("dW_ih", loss, vd, parts.wIh(), dwIh, rng);
        checkGradient("dW_hh", loss, vd, parts.wHh(), dwHh, rng);
        checkGradient("db_ih", loss, vd, parts.bIh(), dbIh, rng);
        checkGradient("db_hh", loss, vd, parts.bHh(), dbHh, rng);

        // and every gradient against the reference's backpropagation through time
        Reference.GruGradients ref = Reference.gruBackward(g, parts.x(vd), parts.h0(vd), parts.weights(vd), dyd);
        Check.close("dx vs Reference.gruBackward", ref.dx(), dx, 1e-4);
        Check.close("dW_ih vs Reference.gruBackward", ref.dwIh(), dwIh, 1e-4);
        Check.close("dW_hh vs Reference.gruBackward", ref.dwHh(), dwHh, 1e-4);
        Check.close("db_ih vs Reference.gruBackward", ref.dbIh(), dbIh, 1e-4);
        Check.close("db_hh vs Reference.gruBackward", ref.dbHh(), dbHh, 1e-4);

        // the reserve is only read by the backward: running it again gives the same gradients, dx may be skipped
        Tensor dwIh2 = Check.poisoned(cpu, g.gates(), in);
        cpu.gruBackward(g, r.x, r.h0, r.wIh, r.wHh, r.bIh, r.bHh, r.y, r.reserve, cpu.fromArray(dy, g.outputShape()),
                null, dwIh2, dwHh, dbIh, dbHh);
        Check.exact("second backward", dwIh.toArray(), dwIh2.toArray());
    }

    /**
     * The bias gradients' column sums: blocks of Gru.SUM_BLOCK rows in float, row after row, the blocks in double;
     * the Vector API path (whole vectors of columns) gives those floats exactly, with rows and columns left over.
     */
    @ParameterizedTest(name = "rows={0} width={1} columns {2} to {3}")
    @CsvSource({"1, 8, 0, 8", "200, 256, 0, 256", "130, 100, 3, 97", "64, 48, 16, 48"})
    void columnSumsAreBlocksOfFloatSumsAddedInDouble(int rows, int width, int c0, int c1) {
        float[] d = Check.random(new SplittableRandom(rows + width), 5 + rows * width, 1);
        double[] sums = new double[width], expected = new double[width];
        Gru.columnSums(d, 5, width, rows, sums, c0, c1);
        for (int c = c0; c < c1; c++) {
            for (int r0 = 0; r0 < rows; r0 += Gru.SUM_BLOCK) {
                float block = 0f;
                for (int r = r0; r < Math.min(rows, r0 + Gru.SUM_BLOCK); r++) block += d[5 + r * width + c];
                expected[c] += block;
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, sums, 0.0);
    }

    private static void checkGradient(String what, Check.Scalar loss, double[] v, int start, Tensor grad, SplittableRandom rng) {
        int[] local = Check.sample(rng, (int) grad.numel(), 60);
        int[] global = new int[local.length];
        for (int i = 0; i < local.length; i++) global[i] = start + local[i];
        Check.close(what, Check.numericGradient(loss, v, global), Check.pick(grad.toArray(), local), 2e-4);
    }
}
