package joules.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import joules.audio.FeatureSet;
import joules.audio.SyntheticDesed;
import joules.layers.Model;
import joules.tensor.Backend;
import joules.tensor.cpu.CpuBackend;
import joules.train.zoo.Family;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    static final Backend CPU = new CpuBackend(2);
    static final ModelConfig TINY_MLP = new ModelConfig("mlp-tiny", Family.MLP, 0, 0, 0, 0, 1, 16);

    @AfterAll
    static void close() { CPU.close(); }

    /** 11 clips in batches of 4 (4, 4, 3) score exactly as one batch of 11: the loss weighted by clips, labels counted by hand. */
    @Test
    void batchesAddUpToTheWholeSetAndAccuracyCountsLabelsAndClips() {
        FeatureSet set = SyntheticDesed.generate(11, 3);
        TrainingData data = TrainingData.upload(set, CPU);
        Model small = Zoo.build(TINY_MLP, CPU, 5, 4), whole = Zoo.build(TINY_MLP, CPU, 5, 11);
        Evaluation e = Evaluation.of(small, data);

        float[] logits = whole.forward(data.features()).toArray();
        double loss = whole.loss(whole.forward(data.features()), data.labels());
        int right = 0, clipsRight = 0;
        for (int i = 0; i < 11; i++) {
            int r = 0;
            for (int c = 0; c < 10; c++) if ((logits[i * 10 + c] > 0) == (set.labels()[i * 10 + c] == 1f)) r++;
            right += r;
            if (r == 10) clipsRight++;
        }
        assertEquals(11, e.clips());
        assertEquals(loss, e.loss(), 1e-6 * loss);
        assertEquals(right / 110.0, e.labelAccuracy(), 1e-12);
        assertEquals(clipsRight / 11.0, e.clipAccuracy(), 1e-12);
    }

    /** Two classes present in half and a quarter of 4 clips, the other 8 never: the entropies and the all-absent score. */
    @Test
    void lossScaleOfHandMadeLabels() {
        float[] labels = new float[4 * 10];
        labels[0] = labels[10] = 1;           // class 0 in clips 0 and 1
        labels[21] = 1;                       // class 1 in clip 2
        float[] features = new float[4 * FeatureSet.CLIP_FLOATS];
        Arrays.fill(features, 2f);
        features[5] = 300f;
        LossScale s = LossScale.of(new FeatureSet(features, labels, new String[] {"a", "b", "c", "d"}));
        assertEquals(Math.log(2), s.chanceLoss(), 1e-15);
        double h = Math.log(2) + (-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)));
        assertEquals(h / 10, s.frequencyLoss(), 1e-12);
        assertEquals(1 - 0.75 / 10, s.allAbsentAccuracy(), 1e-12);
        assertEquals(2 + 298.0 / features.length, s.featureMean(), 1e-12);
        assertEquals(300, s.featureMax());
    }
}
