package joules.tensor.cuda;

import static joules.tensor.cuda.GpuCheck.assertClose;
import static joules.tensor.cuda.GpuCheck.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Conv2dGeometry;
import joules.tensor.GruGeometry;
import joules.tensor.StepGraph;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A small training loop (gather a shuffled batch, forward, sigmoid+BCE, backward, Adam) run through
 * {@link StepGraph} on the GPU and with plain calls on the CPU: the parameters after every epoch must
 * agree, which shows that the captured graph reads a new batch start and Adam step on each replay.
 */
@Tag("gpu")
class StepGraphTest {

    /** A linear model with a bias, on any backend: the tensors of one training run. */
    static final class Run {
        final Backend b;
        final int rows = 37, in = 24, out = 10, batch = 8;
        final Tensor data, labels, indices, w, bias, dw, dbias, mw, vw, mb, vb, x, y, logits, dlogits, loss;

        Run(Backend b) {
            this.b = b;
            data = b.fromArray(random(rows * in, 1), rows, in);
            float[] l = random(rows * out, 2);
            for (int i = 0; i < l.length; i++) l[i] = l[i] > 0 ? 1 : 0;
            labels = b.fromArray(l, rows, out);
            indices = b.zeros(rows);
            w = b.fromArray(random(in * out, 3), in, out);
            bias = b.fromArray(random(out, 4), out);
            dw = b.zeros(in, out);
            dbias = b.zeros(out);
            mw = b.zeros(in, out);
            vw = b.zeros(in, out);
            mb = b.zeros(out);
            vb = b.zeros(out);
            x = b.zeros(batch, in);
            y = b.zeros(batch, out);
            logits = b.zeros(batch, out);
            dlogits = b.zeros(batch, out);
            loss = b.zeros(1);
        }

        /** One step on a batch of {@code n} rows: the body a trainer would hand to StepGraph. */
        void step(int n, int start, int step) {
            Tensor xb = x.narrowBatch(n), yb = y.narrowBatch(n), lb = logits.narrowBatch(n), db = dlogits.narrowBatch(n);
            b.gatherRows(data, indices, start, xb);
            b.gatherRows(labels, indices, start, yb);
            b.gemm(false, false, 1f, xb, w, 0f, lb);                  // logits = x W + bias
            b.addBias(lb, bias);
            b.sigmoidBceLoss(lb, yb, db, loss);
            b.gemm(true, false, 1f, xb, db, 0f, dw);                   // dW = x^T dlogits
            b.biasGrad(db, dbias);
            AdamConfig adam = AdamConfig.withLr(0.05f);
            b.adamStep(w, dw, mw, vw, adam, step);
            b.adamStep(bias, dbias, mb, vb, adam, step);
        }

        void shuffle(int epoch) {
            float[] order = new float[rows];
            for (int i = 0; i < rows; i++) order[i] = (i * (2 * epoch + 3)) % rows;
            b.copyFromHost(order, 0, indices);
        }
    }

    @Test
    void aCapturedStepReplaysWithNewBatchesAndStepsAndMatchesTheCpu() {
        CudaBackend gpu = CudaTestSupport.backend();
        try (CpuBackend cpu = new CpuBackend(2)) {
            Run g = new Run(gpu);
            Run c = new Run(cpu);
            int step = 1;
            StepGraph graph = StepGraph.create(gpu, g::step);
            for (int epoch = 0; epoch < 4; epoch++) {
                g.shuffle(epoch);
                c.shuffle(epoch);
                for (int start = 0; start < g.rows; start += g.batch) {
                    int n = Math.min(g.batch, g.rows - start);
                    graph.run(n, start, step);
                    c.step(n, start, step);
                    step++;
                }
                assertClose(c.w, g.w, 1e-4, "weights after epoch " + epoch + " (" + graph.mode() + ")");
                assertClose(c.bias, g.bias, 1e-4, "bias after epoch " + epoch);
                assertClose(c.loss, g.loss, 1e-4, "last loss of epoch " + epoch);
            }
            System.out.println("[gpu] linear model: " + graph.mode());
            assertTrue(graph.usesGraphs(), graph.mode());
            // 16 full batches: 1 plain, then 15 graph launches; 4 last batches: 1 plain, then 3 launches
            assertEquals("CUDA graph (2 graphs, 18 replays)", graph.mode());
            graph.close();
        }
    }

    /** Convolution and GRU through cuDNN inside a graph: reports whether cuDNN let itself be captured, checks the numbers. */
    @Test
    void cudnnConvolutionAndGruInsideAGraph() {
        CudaBackend gpu = CudaTestSupport.backend();
        try (CpuBackend cpu = new CpuBackend(2)) {
            Conv2dGeometry cg = new Conv2dGeometry(4, 2, 8, 6, 3, 3, 3, 1, 1, 1, 1);
            GruGeometry gg = new GruGeometry(48, 4, 3, 5);
            Backend[] backends = {cpu, gpu};
            Tensor[][] t = new Tensor[2][];
            for (int i = 0; i < 2; i++) {
                Backend b = backends[i];
                t[i] = new Tensor[] {
                    b.fromArray(random(4 * 2 * 8 * 6, 11), cg.inputShape()),     // 0 x
                    b.fromArray(random(3 * 2 * 9, 12), cg.weightShape()),        // 1 conv w
                    b.zeros(cg.outputShape()),                                   // 2 conv y
                    b.zeros(48, 4, 3),                                           // 3 sequence
                    b.fromArray(random(15 * 3, 13), 15, 3),                      // 4 w_ih
                    b.fromArray(random(15 * 5, 14), 15, 5),                      // 5 w_hh
                    b.fromArray(random(15, 15), 15),                             // 6 b_ih
                    b.fromArray(random(15, 16), 15),                             // 7 b_hh
                    b.zeros(48, 4, 5),                                           // 8 gru y
                    b.zeros((int) Math.max(1, b.gruReserveSize(gg))),            // 9 reserve
                    b.fromArray(random(48 * 4 * 5, 17), 48, 4, 5),               // 10 dy
                    b.zeros(48, 4, 3), b.zeros(15, 3), b.zeros(15, 5), b.zeros(15), b.zeros(15),   // 11..15 grads
                    b.zeros(cg.inputShape()), b.zeros(cg.weightShape()),         // 16 conv dx, 17 conv dw
                };
            }
            StepGraph.Body[] bodies = new StepGraph.Body[2];
            for (int i = 0; i < 2; i++) {
                Backend b = backends[i];
                Tensor[] v = t[i];
                bodies[i] = (rows, start, step) -> {
                    b.conv2dForward(v[0], v[1], v[2], cg);
                    b.nchwToSequence(v[2], v[3]);
                    b.gruForward(gg, v[3], null, v[4], v[5], v[6], v[7], v[8], v[9]);
                    b.gruBackward(gg, v[3], null, v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
                    b.sequenceToNchw(v[11], v[2]);
                    b.conv2dBackwardData(v[2], v[1], v[16], cg);
                    b.conv2dBackwardFilter(v[0], v[2], v[17], cg);
                };
            }
            StepGraph graph = StepGraph.create(gpu, bodies[1]);
            for (int step = 1; step <= 3; step++) graph.run(4, 0, step);
            bodies[0].run(4, 0, 1);
            System.out.println("[gpu] conv + GRU step: " + graph.mode());
            assertClose(t[0][8], t[1][8], 1e-3, "GRU output");
            assertClose(t[0][12], t[1][12], 1e-3, "GRU dweight_ih");
            assertClose(t[0][16], t[1][16], 1e-3, "conv dx");
            assertClose(t[0][17], t[1][17], 1e-3, "conv dw");
            graph.close();
        }
    }

    /**
     * The epoch's last, smaller batch can grow the cuDNN workspace after the full batch's graph was captured:
     * the buffer the graph recorded must stay allocated, and the graph's replays must still be right.
     */
    @Test
    void aGraphSurvivesTheWorkspaceGrowingAfterItsCapture() {
        CudaBackend gpu = CudaTestSupport.backend();
        try (CpuBackend cpu = new CpuBackend(2)) {
            Conv2dGeometry cg = new Conv2dGeometry(8, 16, 32, 16, 16, 3, 3, 1, 1, 1, 1);
            Backend[] backends = {cpu, gpu};
            Tensor[][] t = new Tensor[2][];
            for (int i = 0; i < 2; i++) {
                Backend b = backends[i];
                t[i] = new Tensor[] {b.fromArray(random(8 * 16 * 32 * 16, 21), cg.inputShape()),
                    b.fromArray(random(16 * 16 * 9, 22), cg.weightShape()), b.zeros(cg.outputShape()),
                    b.fromArray(random(8 * 16 * 32 * 16, 23), cg.outputShape()), b.zeros(cg.weightShape())};
            }
            StepGraph graph = StepGraph.create(gpu, (rows, start, step) -> {
                gpu.conv2dForward(t[1][0], t[1][1], t[1][2], cg);
                gpu.conv2dBackwardFilter(t[1][0], t[1][3], t[1][4], cg);
            });
            graph.run(8, 0, 1);
            graph.run(8, 0, 2);                                   // captured and launched
            assertTrue(graph.usesGraphs(), graph.mode());
            CudaRuntime runtime = gpu.runtime();
            Workspace ws = runtime.workspaceState();
            long recorded = runtime.workspace(0);
            runtime.workspace(ws.bytes() + (64L << 20));          // what a new shape's algorithms may ask for
            if (recorded != 0) assertTrue(runtime.memory.holds(recorded), "the graph's workspace was freed under it");
            gpu.fill(t[1][2], Float.NaN);
            gpu.fill(t[1][4], Float.NaN);
            graph.run(8, 0, 3);                                   // a replay with the old address
            cpu.conv2dForward(t[0][0], t[0][1], t[0][2], cg);
            cpu.conv2dBackwardFilter(t[0][0], t[0][3], t[0][4], cg);
            assertClose(t[0][2], t[1][2], 1e-4, "conv forward replayed after the workspace grew");
            assertClose(t[0][4], t[1][4], 1e-3, "conv dw replayed after the workspace grew");
            System.out.println("[gpu] workspace growth under a live graph: " + ws.keptBuffers() + " buffer(s) kept, "
                    + ws.liveGraphs() + " live graph(s)");
            graph.close();
            if (ws.liveGraphs() == 0) assertEquals(0, ws.keptBuffers(), "kept buffers are freed with the last graph");
        }
    }
}
