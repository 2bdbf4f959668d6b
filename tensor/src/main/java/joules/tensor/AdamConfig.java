package joules.tensor;

/** Adam's hyper-parameters, PyTorch's defaults for the study: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
public record AdamConfig(float lr, float beta1, float beta2, float eps) {
    public static AdamConfig defaults() { return new AdamConfig(1e-3f, 0.9f, 0.999f, 1e-8f); }
    public static AdamConfig withLr(float lr) { return new AdamConfig(lr, 0.9f, 0.999f, 1e-8f); }
}
