package joules.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.tensor.AdamConfig;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.tensor.cpu.CpuBackend;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trainer on the GPU against the CPU, one configuration of each family, on 37 clips in batches of 8
 * (the last batch has 5), after the sweep's warm-up: the full batch's step is captured as a CUDA graph,
 * then the last batch's new shapes run (and may grow cuDNN's workspace) while that graph lives on, and
 * both graphs are replayed for two epochs. Each epoch's mean loss must match the CPU's.
 *
 * <p>Tolerance: both backends compute in float32 with different summation orders (cuBLAS, cuDNN's
 * algorithms, the CPU's blocked loops), a relative difference of about 1e-6 per operation. Adam then
 * amplifies some of it: its first updates are about lr * sign(gradient), so a gradient component that is
 * near zero (a sum that cancels) can move by up to 2 lr = 2e-3 differently on the two backends. Such
 * components are few and move the loss little: the first epoch's mean loss must agree to 1e-3, the
 * second's to 1e-2. A graph replaying into freed or stale memory changes the loss at the first digits,
 * or makes it NaN.
 */
@Tag("gpu")
class TrainerOnCudaTest {

    @Test
    void eachFamilyTrainsOnTheGpuAsOnTheCpuWithAPartialLastBatch() {
        Backend gpu;
        try {
            gpu = Backends.open("cuda:0");
        } catch (IllegalArgumentException e) {
            assumeTrue(false, "no GPU: " + e.getMessage());
            return;
        }
        FeatureSet clips = SyntheticDesed.generate(37, 3);
        try (gpu; CpuBackend cpu = new CpuBackend(2)) {
            for (String id : List.of("mlp-L1-H512", "cnn-L1-H128", "rnn-L1-H128", "crnn-C1R1-H64x64")) {
                List<EpochResult> onGpu = new ArrayList<>();
                List<EpochResult> onCpu = new ArrayList<>();
                String mode = train(id, gpu, clips, onGpu);
                train(id, cpu, clips, onCpu);
                System.out.println("[gpu] " + id + ": GPU loss " + onGpu.get(0).meanLoss() + " -> " + onGpu.get(1).meanLoss()
                        + ", CPU " + onCpu.get(0).meanLoss() + " -> " + onCpu.get(1).meanLoss() + "; " + mode);
                assertTrue(mode.startsWith("CUDA graph (2 graphs"), id + ": " + mode);
                assertRelative(onCpu.get(0).meanLoss(), onGpu.get(0).meanLoss(), 1e-3, id + " epoch 1");
                assertRelative(onCpu.get(1).meanLoss(), onGpu.get(1).meanLoss(), 1e-2, id + " epoch 2");
            }
        }
    }

    /** Builds the configuration, warms up as the sweep does, trains two epochs; returns the step mode. */
    private static String train(String id, Backend backend, FeatureSet clips, List<EpochResult> epochs) {
        Model model = Zoo.build(Zoo.config(id), backend, 1, 8);
        try (Trainer trainer = new Trainer(model, TrainingData.upload(clips, backend), AdamConfig.defaults(), 8, 1)) {
            trainer.warmUp(2);
            TrainingResult r = trainer.train(2, new TrainingListener() {
                @Override public void onEpoch(EpochResult e) { epochs.add(e); }
            });
            assertEquals(2, epochs.size());
            assertEquals(10, r.steps());
            return trainer.stepMode();
        }
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        assertTrue(rel <= tolerance, what + ": GPU " + actual + " vs CPU " + expected + ", relative difference " + rel);
    }
}
