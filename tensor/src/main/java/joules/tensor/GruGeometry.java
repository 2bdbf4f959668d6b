package joules.tensor;

/**
 * The shapes of one GRU layer run over a whole sequence, in PyTorch's layout (batch_first = false):
 * input x (steps, batch, inputSize), hidden state (batch, hidden), output y (steps, batch, hidden),
 * weight_ih (3 hidden, inputSize), weight_hh (3 hidden, hidden), bias_ih and bias_hh (3 hidden),
 * gate blocks ordered r, z, n.
 */
public record GruGeometry(int steps, int batch, int inputSize, int hidden) {
    public GruGeometry {
        if (steps < 1 || batch < 1 || inputSize < 1 || hidden < 1) {
            throw new IllegalArgumentException("invalid GRU geometry " + this);
        }
    }

    public int gates() { return 3 * hidden; }
    public int[] inputShape() { return new int[] {steps, batch, inputSize}; }
    public int[] outputShape() { return new int[] {steps, batch, hidden}; }
    public GruGeometry withBatch(int b) { return new GruGeometry(steps, b, inputSize, hidden); }
}
