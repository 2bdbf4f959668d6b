package joules.train;

import joules.layers.Model;
import joules.tensor.Tensor;

/**
 * How a model does on clips: the mean sigmoid + BCE loss over every (clip, class) label, the share of
 * labels it gets right (a class is predicted present when its logit is above 0, i.e. sigmoid above 0.5),
 * and the share of clips whose labels are all right. Used by {@code joules train} on held-out clips, never
 * inside a measured run.
 */
public record Evaluation(int clips, double loss, double labelAccuracy, double clipAccuracy) {

    /**
     * Runs the model forward over {@code data} in its order, in batches of up to {@link Model#maxBatch()}
     * clips read in place (no gather), and scores it. Uses the model's activation buffers and loss head, so
     * call it between training steps, not inside one; it changes no parameter.
     */
    public static Evaluation of(Model model, TrainingData data) {
        int n = data.size(), classes = data.labels().dim(1);
        long clipFloats = data.features().numel() / n;
        double lossSum = 0;
        long rightLabels = 0;
        int rightClips = 0;
        for (int start = 0; start < n; start += model.maxBatch()) {
            int b = Math.min(model.maxBatch(), n - start);
            Tensor x = data.features().view(start * clipFloats, model.inputShape(b));
            Tensor y = data.labels().view((long) start * classes, b, classes);
            Tensor logits = model.forward(x);
            lossSum += (double) model.loss(logits, y) * b;                // the batch's mean, weighted by its clips
            float[] z = logits.toArray(), t = y.toArray();
            for (int i = 0; i < b; i++) {
                int right = 0;
                for (int c = 0; c < classes; c++) if ((z[i * classes + c] > 0) == (t[i * classes + c] > 0.5f)) right++;
                rightLabels += right;
                if (right == classes) rightClips++;
            }
        }
        return new Evaluation(n, lossSum / n, (double) rightLabels / ((long) n * classes), (double) rightClips / n);
    }
}
