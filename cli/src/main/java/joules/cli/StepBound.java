package joules.cli;

import joules.layers.Module;
import joules.layers.Parameter;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.tensor.Backend;
import joules.tensor.cpu.CpuBackend;

/**
 * A training step's lower bound on this machine for {@code joules bench}: its FLOPs at the backend's measured
 * GEMM peak plus its compulsory memory traffic at the bus rate of the measured copy (both from {@link MachineProbe}),
 * <pre>
 *   bound = FLOPs / GEMM peak + bytes / copy bandwidth,   bytes = 4 (7 P + 2 A)
 * </pre>
 * The FLOPs are the step's training count with every convolution (the study's are all 3x3) at a quarter of its
 * dense count, the multiplications of Winograd's F(4x4, 3x3) (36 per 4 x 4 outputs where the dense product does
 * 144): no known method does fewer, so no implementation beats the bound on them. P the parameters that get a
 * gradient (not a GRU's W_hh over sequences of one step: {@link Module#parametersWithoutGradient}): each read in
 * the forward, read again in the backward and written by Adam, with its two moments read and written (the
 * gradient never leaving the registers in the best case); A the outputs of the layers with parameters: written
 * in the forward, read back in the backward (everything else could be fused away). A model, not a measurement:
 * it ignores caches (a small model's weights stay in L2) and assumes every FLOP runs at the large-GEMM rate.
 * The exact per-layer bytes and roofline are {@code joules roofline}'s.
 */
final class StepBound {
    private StepBound() {}

    /** Compulsory bytes of one training step at batch {@code batch}: 4 (7 P + 2 A), P without the parameters that get no gradient. */
    static long bytes(Module network, int[] sampleShape, int batch) {
        long activations = 0;
        int[] input = shape(sampleShape, batch);
        CostTable table = CostTable.forModel(network, input, Convention.TRAINING);
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
        long constant = 0;                 // parameters that get no gradient (W_hh over one step): no step need touch them
        for (Parameter p : network.parametersWithoutGradient(input)) constant += p.numel();
        return 4 * (7 * (network.parameterCount() - constant) + 2 * activations);
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

    /**
     * The bytes per second that cross the memory bus in a copy, from {@link MachineProbe}'s copy bandwidth (counted
     * as STREAM counts a copy: one read and one write an element). A GPU's copy moves just those; a CPU's also
     * reads each destination line before writing it (write allocate), 3 bytes a byte copied, not 2. Counted so,
     * the CPU's copy agrees with its Adam step, which reads and writes the same lines (no such extra read): the
     * rate at which a step's compulsory bytes can move.
     */
    static double busGbs(double streamCopyGbs, Backend backend) {
        return backend instanceof CpuBackend ? 1.5 * streamCopyGbs : streamCopyGbs;
    }

    /** The bound in milliseconds. */
    static double ms(long flops, long bytes, double peakGflops, double copyGbs) {
        return flops / (peakGflops * 1e6) + bytes / (copyGbs * 1e6);
    }
}
