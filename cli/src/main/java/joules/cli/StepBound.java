package joules.cli;

import joules.layers.Module;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;

/**
 * A training step's lower bound on this machine for {@code joules bench}: its FLOPs at the backend's measured
 * GEMM peak plus its compulsory memory traffic at the measured copy bandwidth,
 * <pre>
 *   bound = FLOPs / GEMM peak + bytes / copy bandwidth,   bytes = 4 (7 P + 2 A)
 * </pre>
 * The FLOPs are the step's training count with every convolution (the study's are all 3x3) at a quarter of its
 * dense count, the multiplications of Winograd's F(4x4, 3x3) (36 per 4 x 4 outputs where the dense product does
 * 144): no known method does fewer, so no implementation beats the bound on them. P the parameters: each read in
 * the forward, read again in the backward and written by Adam, with its two moments read and written (the
 * gradient never leaving the registers in the best case); A the outputs of the layers with parameters: written
 * in the forward, read back in the backward (everything else could be fused away). A model, not a measurement:
 * it ignores caches (a small model's weights stay in L2) and assumes every FLOP runs at the large-GEMM rate.
 * The exact per-layer bytes and roofline are {@code joules roofline}'s.
 */
final class StepBound {
    private StepBound() {}

    /** Compulsory bytes of one training step at batch {@code batch}: 4 (7 P + 2 A). */
    static long bytes(Module network, int[] sampleShape, int batch) {
        long activations = 0;
        CostTable table = CostTable.forModel(network, shape(sampleShape, batch), Convention.TRAINING);
        for (Module m : network.leaves()) {
            if (m.parameters().isEmpty()) continue;
            for (CostTable.Row r : table.rows()) {
                if (r.name().equals(m.name())) {
                    long n = 1;
                    for (int d : r.outputShape()) n *= d;
                    activations += n;
                }
            }
        }
        return 4 * (7 * network.parameterCount() + 2 * activations);
    }

    /** The step's FLOPs for the bound: its training FLOPs with the convolutions' at a quarter (see above). */
    static long flops(Module network, int[] sampleShape, int batch) {
        CostTable table = CostTable.forModel(network, shape(sampleShape, batch), Convention.TRAINING);
        long flops = table.total().flops();
        for (CostTable.Row r : table.rows()) {
            if (r.type().equals("Conv2d")) flops -= r.cost().flops() / 4 * 3;
        }
        return flops;
    }

    private static int[] shape(int[] sampleShape, int batch) {
        int[] in = new int[sampleShape.length + 1];
        in[0] = batch;
        System.arraycopy(sampleShape, 0, in, 1, sampleShape.length);
        return in;
    }

    /** The bound in milliseconds. */
    static double ms(long flops, long bytes, double peakGflops, double copyGbs) {
        return flops / (peakGflops * 1e6) + bytes / (copyGbs * 1e6);
    }

    /**
     * The backend's copy bandwidth in GB/s, the bytes that cross the memory bus per second: the best of a second of
     * copies of a 256 MB buffer, on the CPU split over the backend's threads, each copying its share. A GPU's copy
     * reads and writes each byte once; a CPU's also reads each destination line before writing it (write
     * allocate), 3 bytes a byte copied. Counted so, the CPU's copy agrees with its Adam step, which reads and
     * writes the same lines (no such extra read): about 80 to 90 GB/s on the 2-core build machine.
     */
    static double copyBandwidth(Backend backend) throws InterruptedException {
        int floats = 64 << 20;
        Tensor src = backend.zeros(floats), dst = backend.zeros(floats);
        int parts = backend instanceof CpuBackend cpu ? cpu.threads() : 1, share = floats / parts;
        double best = 0;
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < until; i++) {
            Thread[] threads = new Thread[parts];
            backend.synchronize();
            long t0 = System.nanoTime();
            for (int p = 0; p < parts; p++) {
                Tensor from = src.view((long) p * share, share), to = dst.view((long) p * share, share);
                threads[p] = new Thread(() -> backend.copy(from, to));
                threads[p].start();
            }
            for (Thread t : threads) t.join();
            backend.synchronize();
            double s = (System.nanoTime() - t0) * 1e-9;
            best = Math.max(best, (backend instanceof CpuBackend ? 3.0 : 2.0) * 4 * share * parts / s / 1e9);
        }
        return best;
    }
}
