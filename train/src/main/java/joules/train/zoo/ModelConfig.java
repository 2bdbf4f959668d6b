package joules.train.zoo;

/**
 * One of the study's model configurations, a row of configs-43.tsv. Sizes that a family does not use
 * are 0.
 *
 * @param convLayers   Conv2d(3x3, padding 1) + ReLU + MaxPool2d(2) blocks (CNN, CRNN)
 * @param rnnLayers    stacked GRU layers (RNN, CRNN)
 * @param convChannels channels of every conv block
 * @param rnnHidden    GRU hidden size
 * @param mlpLayers    hidden Linear + ReLU blocks (MLP)
 * @param mlpHidden    their width
 */
public record ModelConfig(String id, Family family, int convLayers, int rnnLayers, int convChannels, int rnnHidden,
                          int mlpLayers, int mlpHidden) {
    public ModelConfig {
        boolean ok = switch (family) {
            case MLP -> mlpLayers >= 1 && mlpHidden >= 1;
            case CNN -> convLayers >= 1 && convChannels >= 1;
            case RNN -> rnnLayers >= 1 && rnnHidden >= 1;
            case CRNN -> convLayers >= 1 && convChannels >= 1 && rnnLayers >= 1 && rnnHidden >= 1;
        };
        if (!ok) throw new IllegalArgumentException("configuration " + id + ": sizes do not fit the " + family.label()
                + " family: " + this);
    }
}
