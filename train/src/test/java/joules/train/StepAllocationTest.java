package joules.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.tensor.AdamConfig;
import joules.tensor.cpu.CpuBackend;
import joules.train.zoo.Family;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A training step on the CPU backend allocates no memory that grows with the model: counted over all of the
 * JVM's threads (the backend's pool included) with ThreadMXBean, a steady-state step of each family
 * allocates under 16 KB, whatever its size. What is left are the parallel loops' closures and a few shape
 * records, tens of bytes each. The GRU used to allocate W_hh^T (3 H^2 floats) and its per-thread rows on every
 * call (60 KB a step here); a Vector API kernel that C2 compiled as calls into the API's Java fallback
 * allocates megabytes a step (VectorWinograd's transforms did, before they were written with fma). The
 * kernels are the ones the study's models run: Winograd (16 channels), the single-channel first convolution,
 * pooling, the GRU over 2,048 steps, the batch-8 products, Adam.
 */
class StepAllocationTest {
    /** Steady state: the JIT has compiled the Vector API kernels (interpreted, each vector is an object). */
    private static final long BOUND_PER_STEP = 16 * 1024;
    private static final double WARM_UP_SECONDS = 60;

    private static ModelConfig config(Family family) {
        return switch (family) {
            case MLP -> new ModelConfig("mlp-L2-H64", Family.MLP, 0, 0, 0, 0, 2, 64);
            case CNN -> new ModelConfig("cnn-L2-H16", Family.CNN, 2, 0, 16, 0, 0, 0);
            case RNN -> new ModelConfig("rnn-L2-H64", Family.RNN, 0, 2, 0, 64, 0, 0);
            case CRNN -> new ModelConfig("crnn-C1R1-H16x64", Family.CRNN, 1, 1, 16, 64, 0, 0);
        };
    }

    /** Bytes allocated so far by all live threads. */
    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) sum += Math.max(0, bytes);
        return sum;
    }

    /** Bytes allocated by one call of timeSteps(steps). */
    private static long bytesOf(Trainer t, int steps) {
        long before = allocated();
        t.timeSteps(steps);
        return allocated() - before;
    }

    /**
     * Bytes per step: a run of 30 steps against runs of 10 before and after it (timeSteps allocates a little for
     * itself each call, the same every time); infinite while the two short runs still differ (the JIT at work).
     */
    private static double perStep(Trainer t) {
        long shortBefore = bytesOf(t, 10), longRun = bytesOf(t, 30), shortAfter = bytesOf(t, 10);
        if (Math.abs(shortBefore - shortAfter) > 10 * BOUND_PER_STEP) return Double.POSITIVE_INFINITY;
        return Math.max(0, longRun - (shortBefore + shortAfter) / 2.0) / 20;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void aSteadyStateTrainingStepAllocatesAlmostNothing(Family family) {
        try (CpuBackend cpu = new CpuBackend(2)) {
            Model model = Zoo.build(config(family), cpu, 1, 4);
            try (Trainer t = new Trainer(model, TrainingData.upload(SyntheticDesed.generate(8, 3), cpu), AdamConfig.defaults(), 4, 1)) {
                long until = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
                double bytes;
                do {
                    bytes = perStep(t);
                } while (bytes >= BOUND_PER_STEP && System.nanoTime() < until);
                assertTrue(bytes < BOUND_PER_STEP, family + ": " + Math.round(bytes) + " bytes per step after "
                        + WARM_UP_SECONDS + " s of steps");
                System.out.printf("%s: %d bytes per step%n", family, Math.round(bytes));
            }
        }
    }
}
