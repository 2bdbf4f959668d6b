package joules.train;

import joules.audio.FeatureSet;

/**
 * What a loss means on a data set, for people watching one fall (the mean sigmoid + BCE over every
 * (clip, class) label; see docs/training-step.md, "The scale of the loss"):
 * <ul>
 *   <li>{@code chanceLoss}: every logit 0 (sigmoid 0.5, "don't know"): ln 2 = 0.693;</li>
 *   <li>{@code frequencyLoss}: the best guess that ignores the audio, each class's frequency in the set:
 *       the mean over classes of the entropy -(p ln p + (1 - p) ln(1 - p));</li>
 *   <li>{@code allAbsentAccuracy}: the share of labels right when every class is called absent (most are);</li>
 *   <li>{@code featureMean}, {@code featureMax}: the input's size. The study's features are linear mel
 *       magnitudes, far from the unit scale the initialisation assumes, which is why the first steps' losses
 *       can be tens.</li>
 * </ul>
 */
public record LossScale(double chanceLoss, double frequencyLoss, double allAbsentAccuracy, double featureMean,
                        double featureMax) {

    public static LossScale of(FeatureSet set) {
        int clips = set.size(), classes = FeatureSet.CLASSES;
        float[] labels = set.labels();
        double entropy = 0, absent = 0;
        for (int c = 0; c < classes; c++) {
            double p = 0;
            for (int i = 0; i < clips; i++) p += labels[i * classes + c] > 0.5f ? 1 : 0;
            p /= clips;
            if (p > 0 && p < 1) entropy -= p * Math.log(p) + (1 - p) * Math.log(1 - p);
            absent += 1 - p;
        }
        double sum = 0, max = Double.NEGATIVE_INFINITY;
        for (float f : set.features()) {
            sum += f;
            max = Math.max(max, f);
        }
        return new LossScale(Math.log(2), entropy / classes, absent / classes, sum / set.features().length, max);
    }
}
