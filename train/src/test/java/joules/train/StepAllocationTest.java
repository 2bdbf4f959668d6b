package joules.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.layers.Module;
import joules.tensor.Backend;
import joules.tensor.Tensor;
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
 *
 * <p>Each measurement runs in a new JVM, up to three per family, with the JVM options the joules launcher gives the
 * Vector API (its trap limit raised: without it, a compilation that inlines hundreds of the API's calls can reach
 * C2's default limit of 100 summed trap counts and keep its last stores as calls, VectorWinograd.transpose16 in
 * 1 to 2 JVMs of 5 in a `joules bench` of cnn-L2-H128 and cnn-L6-H384). Which methods C2 compiles together, and so
 * whether each Vector API operation becomes instructions, depends on the timing of a JVM's first compilations:
 * with the four families in one JVM, about one run in eight (JDK 17) compiled a Winograd transform, the
 * 16 x 16 transposition or the pooling gradient with an operation left a call into the Java fallback for good,
 * 400 to 900 KB a step of this test's CNN (scripts/vector_intrinsics.py names such methods from a compilation
 * log, docs/cpu-backend.md says why); one family per new
 * JVM, none did in 24 runs. A regression in the code allocates in every JVM and fails here; the JIT's lottery
 * would have to strike three JVMs in a row. The failure message gives each layer's allocation.
 */
class StepAllocationTest {
    /** Steady state: the JIT has compiled the Vector API kernels (interpreted, each vector is an object). */
    private static final long BOUND_PER_STEP = 16 * 1024;
    private static final double WARM_UP_SECONDS = 60;
    /** New JVMs tried per family. */
    private static final int ATTEMPTS = 3;
    /** The line that ends a measurement's output. */
    private static final String RESULT = "bytes per step: ";

    private static ModelConfig config(Family family) {
        return switch (family) {
            case MLP -> new ModelConfig("mlp-L2-H64", Family.MLP, 0, 0, 0, 0, 2, 64);
            case CNN -> new ModelConfig("cnn-L2-H16", Family.CNN, 2, 0, 16, 0, 0, 0);
            case RNN -> new ModelConfig("rnn-L2-H64", Family.RNN, 0, 2, 0, 64, 0, 0);
            case CRNN -> new ModelConfig("crnn-C1R1-H16x64", Family.CRNN, 1, 1, 16, 64, 0, 0);
        };
    }

    /** Bytes allocated by one call of timeSteps(steps). */
    private static long bytesOf(Trainer t, int steps) {
        long before = HeapAllocation.bytesSoFar();
        t.timeSteps(steps);
        return HeapAllocation.bytesSoFar() - before;
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

    /**
     * Where a step allocates, for the failure message: each layer's forward and backward pass run on its own
     * (as the network runs them, on a zero batch), then the loss and Adam, with the bytes each allocates (less what counting allocates). Counted
     * rather than profiled: starting a profiler (Flight Recorder) deoptimises the compiled kernels it should look at.
     */
    private static String byLayer(Model model, Adam adam) {
        List<Module> layers = model.network().leaves();
        Backend be = model.backend();
        Tensor targets = be.zeros(4, 10);
        StringBuilder out = new StringBuilder();
        for (int rep = 0; rep < 2; rep++) {     // the second repetition is the one reported
            out.setLength(0);
            long probe = HeapAllocation.bytesSoFar(), overhead = HeapAllocation.bytesSoFar() - probe;      // what counting itself allocates
            Tensor h = be.zeros(model.inputShape(4));
            for (Module layer : layers) {
                long before = HeapAllocation.bytesSoFar();
                h = layer.forward(h);
                out.append(String.format("  %s forward: %d bytes%n", layer.name(), HeapAllocation.bytesSoFar() - before - overhead));
            }
            long before = HeapAllocation.bytesSoFar();
            model.lossOnDevice(h, targets);
            out.append(String.format("  loss: %d bytes%n", HeapAllocation.bytesSoFar() - before - overhead));
            Tensor dy = model.lossGradient();
            for (int i = layers.size() - 1; i >= 0; i--) {
                before = HeapAllocation.bytesSoFar();
                dy = layers.get(i).backward(dy);
                out.append(String.format("  %s backward: %d bytes%n", layers.get(i).name(), HeapAllocation.bytesSoFar() - before - overhead));
            }
            before = HeapAllocation.bytesSoFar();
            adam.apply(adam.steps() + 1);
            out.append(String.format("  adam: %d bytes%n", HeapAllocation.bytesSoFar() - before - overhead));
        }
        return out.toString();
    }

    /** Bytes per step of the family's model once steady (or after WARM_UP_SECONDS), then, if over the bound, where. */
    private static String measure(Family family) {
        try (CpuBackend cpu = new CpuBackend(2)) {
            Model model = Zoo.build(config(family), cpu, 1, 4);
            try (Trainer t = new Trainer(model, TrainingData.upload(SyntheticDesed.generate(8, 3), cpu), AdamConfig.defaults(), 4, 1)) {
                long until = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9);
                double bytes;
                do {
                    bytes = perStep(t);
                } while (bytes >= BOUND_PER_STEP && System.nanoTime() < until);
                return bytes < BOUND_PER_STEP ? RESULT + Math.round(bytes)
                        : "by layer and pass:\n" + byLayer(model, t.adam()) + RESULT + Math.round(bytes);
            }
        }
    }

    /** One measurement in this JVM: {@code StepAllocationTest FAMILY}; prints what {@link #measure} returns. */
    public static void main(String[] args) {
        System.out.println(measure(Family.valueOf(args[0])));
    }

    /**
     * Runs {@link #main} for the family in a new JVM (same class path, the Vector API module and the trap limit of the
     * joules launcher); returns its output.
     */
    private static String inNewJvm(Family family) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=100000", "-cp",
                System.getProperty("java.class.path"), StepAllocationTest.class.getName(), family.name())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("the measuring JVM failed:\n" + out);
        return out;
    }

    /**
     * Each family's step, measured in new JVMs (a JVM's first compilations decide; see the class comment), up to
     * ATTEMPTS of them: passes as soon as one of them is under the bound.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void aSteadyStateTrainingStepAllocatesAlmostNothing(Family family) throws Exception {
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String out = inNewJvm(family);
            String last = out.strip().substring(out.strip().lastIndexOf('\n') + 1);
            assertTrue(last.startsWith(RESULT), () -> "unexpected output:\n" + out);
            long bytes = Long.parseLong(last.substring(RESULT.length()).trim());
            System.out.printf("%s, JVM %d: %d bytes per step%n", family, attempt, bytes);
            if (bytes < BOUND_PER_STEP) return;
            attempts.append(String.format("JVM %d, after %.0f s of steps:%n%s%n", attempt, WARM_UP_SECONDS, out.strip()));
        }
        fail(family + ": every step allocates at least " + BOUND_PER_STEP + " bytes, in " + ATTEMPTS + " JVMs\n" + attempts);
    }
}
