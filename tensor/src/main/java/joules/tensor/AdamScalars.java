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
 */
public record AdamScalars(float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float negStepSize, float bc2Sqrt) {

    public static AdamScalars of(AdamConfig cfg, int step) {
        if (step < 1) throw new IllegalArgumentException("Adam step counts from 1, got " + step);
        double lr = decimal(cfg.lr()), beta1 = decimal(cfg.beta1()), beta2 = decimal(cfg.beta2());
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        return new AdamScalars((float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) decimal(cfg.eps()), (float) (-lr / biasCorrection1), (float) Math.sqrt(biasCorrection2));
    }

    /**
     * The double a Python float literal has, from the float the config holds: the study writes 0.9, not
     * 0.89999997615814208984375, and PyTorch computes 1 - 0.9 and 0.9^t in double from that literal.
     */
    static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }
}
