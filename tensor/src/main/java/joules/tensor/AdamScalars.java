package joules.tensor;

/**
 * The scalars of one Adam step, computed once on the host for every backend (the CPU's loop and the CUDA
 * {@code adam_step} kernel), so that both update bit for bit alike: in double
 * from the decimal each float of the config stands for (PyTorch computes {@code 1 - 0.999} and
 * {@code 0.999^t} from the Python literal, not from 0.99900001287), then rounded to float.
 * <pre>
 *   b1, 1 - b1, b2, 1 - b2, eps                    float
 *   negStepSize = -lr / (1 - b1^t)                 float
 *   bc2Sqrt     = sqrt(1 - b2^t)                   float
 * </pre>
 * The decimals depend on the config only, not on the step: they are worked out once per config and kept
 * ({@link Decimals}), so a step does no decimal conversion, only the two powers, a division and a root.
 */
public record AdamScalars(float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float negStepSize, float bc2Sqrt) {

    public static AdamScalars of(AdamConfig cfg, int step) {
        if (step < 1) throw new IllegalArgumentException("Adam step counts from 1, got " + step);
        Decimals d = Decimals.of(cfg);
        double biasCorrection1 = 1 - Math.pow(d.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(d.beta2(), step);
        return new AdamScalars((float) d.beta1(), (float) (1 - d.beta1()), (float) d.beta2(), (float) (1 - d.beta2()),
                (float) d.eps(), (float) (-d.lr() / biasCorrection1), (float) Math.sqrt(biasCorrection2));
    }

    /**
     * The double a Python float literal has, from the float the config holds: the study writes 0.9, not
     * 0.89999997615814208984375, and PyTorch computes 1 - 0.9 and 0.9^t in double from that literal.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /**
     * A config's four floats as the decimals they stand for ({@link #decimal}). The latest config's are kept:
     * a training run asks for the same config every step (a sweep changes it between runs), so the string
     * round trip is done once per run, not once per step.
     */
    record Decimals(AdamConfig cfg, double lr, double beta1, double beta2, double eps) {
        private static volatile Decimals latest;

        static Decimals of(AdamConfig cfg) {
            Decimals d = latest;
            if (d == null || !d.cfg.equals(cfg)) {
                d = new Decimals(cfg, decimal(cfg.lr()), decimal(cfg.beta1()), decimal(cfg.beta2()), decimal(cfg.eps()));
                latest = d;
            }
            return d;
        }
    }
}
