package joules.regression.model;

/**
 * The dual problem of epsilon-SVR solved by SMO with second-order working-set selection
 * (Fan, Chen and Lin, JMLR 6, 2005), step for step as libsvm's {@code Solver} does it, shrinking included,
 * so that it lands on the same solution as scikit-learn's SVR.
 *
 * <p>For n points with kernel matrix K and targets z, the 2n variables are a = [a+ ; a-] with
 * <pre>
 *   min_a  1/2 a^T Q a + p^T a      Q_ij = y_i y_j K(i mod n, j mod n),  y = [+1..+1 ; -1..-1]
 *   s.t.   y^T a = 0,  0 <= a_i <= C p = [eps - z ; eps + z]
 * </pre>
 * The regression function is f(x) = sum_i (a+_i - a-_i) K(x_i, x) - rho.
 *
 * <p>libsvm caches kernel values as 32-bit floats; the solver takes {@code float} kernel values for the same
 * reason, so that both make the same choices at the same steps.
 */
final class SmoSolver {
    private static final double TAU = 1e-12;
    private static final byte LOWER = 0, UPPER = 1, FREE = 2;

    // The problem, indexed by position; positions are permuted by shrinking (activeSet maps back).
    private final double[][] q; // Q in position order (2n x 2n), float values as libsvm caches them; swaps keep the order
    private final double[] diagonalKernel; // K(i, i) in double precision
    private final int n;
    private final int l; // 2n variables
    private final double c;
    private final double eps;
    private final boolean shrinking;

    private final byte[] y;
    private final double[] p;
    private final double[] alpha;
    private final double[] gradient; // G = Q a + p
    private final double[] gradientBar; // G_bar = C * sum over upper-bound j of Q_j
    private final byte[] status;
    private final int[] activeSet; // position -> original variable 0..2n-1
    private final int[] point; // position -> its point, activeSet mod n
    private int activeSize;
    private boolean unshrink;
    private int iterations;

    /** alpha (2n, original order) and rho: the solution. */
    record Solution(double[] alpha, double rho, int iterations) {}

    private SmoSolver(float[][] kernel, double[] diagonal, double[] z, double c, double epsilon, double eps,
            boolean shrinking) {
        this.diagonalKernel = diagonal;
        this.n = z.length;
        this.l = 2 * n;
        this.c = c;
        this.eps = eps;
        this.shrinking = shrinking;
        y = new byte[l];
        p = new double[l];
        alpha = new double[l];
        gradient = new double[l];
        gradientBar = new double[l];
        status = new byte[l];
        activeSet = new int[l];
        point = new int[l];
        for (int i = 0; i < n; i++) {
            y[i] = 1;
            p[i] = epsilon - z[i];
            y[i + n] = -1;
            p[i + n] = epsilon + z[i];
        }
        // Q_ab = y_a y_b K(a mod n, b mod n) in float, like libsvm's kernel cache; made once (4 n^2 values), not row by row
        q = new double[l][l];
        for (int a = 0; a < l; a++) {
            float[] k = kernel[a % n];
            float ya = y[a];
            for (int b = 0; b < l; b++) q[a][b] = ya * (float) y[b] * k[b % n];
        }
    }

    /**
     * Solves epsilon-SVR for the kernel matrix K (n x n, float) and its diagonal (double), targets z, box C and
     * tube epsilon; stops when the maximal KKT violation is below eps.
     */
    static Solution solve(float[][] kernel, double[] diagonal, double[] z, double c, double epsilon, double eps,
            boolean shrinking) {
        return new SmoSolver(kernel, diagonal, z, c, epsilon, eps, shrinking).run();
    }

    private Solution run() {
        // alpha = 0 is feasible: every variable at its lower bound, G = p, G_bar = 0.
        for (int i = 0; i < l; i++) {
            activeSet[i] = i;
            point[i] = i % n;
            gradient[i] = p[i];
            updateStatus(i);
        }
        activeSize = l;
        int maxIterations = Math.max(10_000_000, 100 * l);
        int counter = Math.min(l, 1000) + 1;
        int[] pair = new int[2];

        while (iterations < maxIterations) {
            if (--counter == 0) {
                counter = Math.min(l, 1000);
                if (shrinking) shrink();
            }
            if (!selectWorkingSet(pair)) {
                reconstructGradient(); // optimal on the active set: check again on all variables
                activeSize = l;
                if (!selectWorkingSet(pair)) break;
                counter = 1; // shrink at the next iteration
            }
            iterations++;
            step(pair[0], pair[1]);
        }
        if (activeSize < l) {
            reconstructGradient();
            activeSize = l;
        }
        double rho = rho();
        double[] out = new double[l];
        for (int i = 0; i < l; i++) out[activeSet[i]] = alpha[i];
        return new Solution(out, rho, iterations);
    }

    /** Optimises the two-variable sub-problem on (i, j) analytically, clipped to the box, and updates G and G_bar. */
    private void step(int i, int j) {
        double[] qi = q[i];
        double[] qj = q[j];
        double oldAi = alpha[i];
        double oldAj = alpha[j];

        if (y[i] != y[j]) {
            // a_i - a_j stays constant along the constraint y^T a = 0
            double quad = diagonal(i) + diagonal(j) + 2 * qi[j];
            if (quad <= 0) quad = TAU;
            double delta = (-gradient[i] - gradient[j]) / quad;
            double diff = alpha[i] - alpha[j];
            alpha[i] += delta;
            alpha[j] += delta;
            if (diff > 0) {
                if (alpha[j] < 0) {
                    alpha[j] = 0;
                    alpha[i] = diff;
                }
            } else if (alpha[i] < 0) {
                alpha[i] = 0;
                alpha[j] = -diff;
            }
            if (diff > 0) { // C_i - C_j = 0: both share the same box
                if (alpha[i] > c) {
                    alpha[i] = c;
                    alpha[j] = c - diff;
                }
            } else if (alpha[j] > c) {
                alpha[j] = c;
                alpha[i] = c + diff;
            }
        } else {
            // a_i + a_j stays constant
            double quad = diagonal(i) + diagonal(j) - 2 * qi[j];
            if (quad <= 0) quad = TAU;
            double delta = (gradient[i] - gradient[j]) / quad;
            double sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            if (sum > c) {
                if (alpha[i] > c) {
                    alpha[i] = c;
                    alpha[j] = sum - c;
                }
            } else if (alpha[j] < 0) {
                alpha[j] = 0;
                alpha[i] = sum;
            }
            if (sum > c) {
                if (alpha[j] > c) {
                    alpha[j] = c;
                    alpha[i] = sum - c;
                }
            } else if (alpha[i] < 0) {
                alpha[i] = 0;
                alpha[j] = sum;
            }
        }

        // G_k += Q_ki da_i + Q_kj da_j over the active set
        double dai = alpha[i] - oldAi;
        double daj = alpha[j] - oldAj;
        for (int k = 0; k < activeSize; k++) gradient[k] += qi[k] * dai + qj[k] * daj;

        // G_bar changes when a variable enters or leaves its upper bound
        boolean wasUpperI = status[i] == UPPER;
        boolean wasUpperJ = status[j] == UPPER;
        updateStatus(i);
        updateStatus(j);
        if (wasUpperI != (status[i] == UPPER)) addToGradientBar(i, wasUpperI ? -c : c);
        if (wasUpperJ != (status[j] == UPPER)) addToGradientBar(j, wasUpperJ ? -c : c);
    }

    private void addToGradientBar(int i, double factor) {
        double[] qi = q[i];
        for (int k = 0; k < l; k++) gradientBar[k] += factor * qi[k];
    }

    /**
     * Second-order working-set selection (WSS 2 of Fan et al.): i maximises -y_i G_i over I_up; j, among I_low
     * with -y_j G_j < -y_i G_i, maximises the decrease b_ij^2 / a_ij of the objective. Returns false when the
     * maximal violation m(a) - M(a) is below eps (optimal).
     */
    private boolean selectWorkingSet(int[] pair) {
        double gmax = Double.NEGATIVE_INFINITY;
        double gmax2 = Double.NEGATIVE_INFINITY;
        int gmaxIndex = -1;
        int gminIndex = -1;
        double objDiffMin = Double.POSITIVE_INFINITY;

        for (int t = 0; t < activeSize; t++) {
            if (y[t] == 1) {
                if (status[t] != UPPER && -gradient[t] >= gmax) {
                    gmax = -gradient[t];
                    gmaxIndex = t;
                }
            } else if (status[t] != LOWER && gradient[t] >= gmax) {
                gmax = gradient[t];
                gmaxIndex = t;
            }
        }
        int i = gmaxIndex;
        double[] qi = i != -1 ? q[i] : null;

        for (int j = 0; j < activeSize; j++) {
            if (y[j] == 1) {
                if (status[j] == LOWER) continue;
                double gradDiff = gmax + gradient[j];
                if (gradient[j] >= gmax2) gmax2 = gradient[j];
                if (gradDiff > 0) {
                    double quad = diagonal(i) + diagonal(j) - 2.0 * y[i] * qi[j];
                    double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
                    if (objDiff <= objDiffMin) {
                        gminIndex = j;
                        objDiffMin = objDiff;
                    }
                }
            } else {
                if (status[j] == UPPER) continue;
                double gradDiff = gmax - gradient[j];
                if (-gradient[j] >= gmax2) gmax2 = -gradient[j];
                if (gradDiff > 0) {
                    double quad = diagonal(i) + diagonal(j) + 2.0 * y[i] * qi[j];
                    double objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
                    if (objDiff <= objDiffMin) {
                        gminIndex = j;
                        objDiffMin = objDiff;
                    }
                }
            }
        }
        if (gmax + gmax2 < eps || gminIndex == -1) return false;
        pair[0] = gmaxIndex;
        pair[1] = gminIndex;
        return true;
    }

    /** Shrinking: variables stuck at a bound that cannot be chosen any more leave the active set for a while. */
    private void shrink() {
        double gmax1 = Double.NEGATIVE_INFINITY; // max { -y_i G_i | i in I_up }
        double gmax2 = Double.NEGATIVE_INFINITY; // max { y_i G_i | i in I_low }
        for (int i = 0; i < activeSize; i++) {
            if (y[i] == 1) {
                if (status[i] != UPPER && -gradient[i] >= gmax1) gmax1 = -gradient[i];
                if (status[i] != LOWER && gradient[i] >= gmax2) gmax2 = gradient[i];
            } else {
                if (status[i] != UPPER && -gradient[i] >= gmax2) gmax2 = -gradient[i];
                if (status[i] != LOWER && gradient[i] >= gmax1) gmax1 = gradient[i];
            }
        }
        if (!unshrink && gmax1 + gmax2 <= eps * 10) {
            unshrink = true; // close to the end: bring every variable back once
            reconstructGradient();
            activeSize = l;
        }
        for (int i = 0; i < activeSize; i++) {
            if (!canShrink(i, gmax1, gmax2)) continue;
            activeSize--;
            while (activeSize > i) {
                if (!canShrink(activeSize, gmax1, gmax2)) {
                    swap(i, activeSize);
                    break;
                }
                activeSize--;
            }
        }
    }

    private boolean canShrink(int i, double gmax1, double gmax2) {
        if (status[i] == UPPER) return y[i] == 1 ? -gradient[i] > gmax1 : -gradient[i] > gmax2;
        if (status[i] == LOWER) return y[i] == 1 ? gradient[i] > gmax2 : gradient[i] > gmax1;
        return false;
    }

    /** Rebuilds G of the inactive variables: G = G_bar + p + sum over free j of a_j Q_j. */
    private void reconstructGradient() {
        if (activeSize == l) return;
        for (int j = activeSize; j < l; j++) gradient[j] = gradientBar[j] + p[j];
        int free = 0;
        for (int j = 0; j < activeSize; j++) if (status[j] == FREE) free++;
        if ((long) free * l > 2L * activeSize * (l - activeSize)) {
            for (int i = activeSize; i < l; i++) {
                double[] qi = q[i];
                for (int j = 0; j < activeSize; j++) if (status[j] == FREE) gradient[i] += alpha[j] * qi[j];
            }
        } else {
            for (int i = 0; i < activeSize; i++) {
                if (status[i] != FREE) continue;
                double[] qi = q[i];
                for (int j = activeSize; j < l; j++) gradient[j] += alpha[i] * qi[j];
            }
        }
    }

    /** rho: the mean of y_i G_i over free variables, or the middle of the feasible interval when none is free. */
    private double rho() {
        int free = 0;
        double upper = Double.POSITIVE_INFINITY;
        double lower = Double.NEGATIVE_INFINITY;
        double sumFree = 0;
        for (int i = 0; i < activeSize; i++) {
            double yg = y[i] * gradient[i];
            if (status[i] == UPPER) {
                if (y[i] == -1) upper = Math.min(upper, yg);
                else lower = Math.max(lower, yg);
            } else if (status[i] == LOWER) {
                if (y[i] == 1) upper = Math.min(upper, yg);
                else lower = Math.max(lower, yg);
            } else {
                free++;
                sumFree += yg;
            }
        }
        return free > 0 ? sumFree / free : (upper + lower) / 2;
    }

    /** Q_ii = K(i, i) in double precision (libsvm's QD). */
    private double diagonal(int i) {
        return diagonalKernel[point[i]];
    }

    private void updateStatus(int i) {
        status[i] = alpha[i] >= c ? UPPER : alpha[i] <= 0 ? LOWER : FREE;
    }

    private void swap(int i, int j) {
        byte tb = y[i]; y[i] = y[j]; y[j] = tb;
        tb = status[i]; status[i] = status[j]; status[j] = tb;
        double td = gradient[i]; gradient[i] = gradient[j]; gradient[j] = td;
        td = alpha[i]; alpha[i] = alpha[j]; alpha[j] = td;
        td = p[i]; p[i] = p[j]; p[j] = td;
        td = gradientBar[i]; gradientBar[i] = gradientBar[j]; gradientBar[j] = td;
        int ti = activeSet[i]; activeSet[i] = activeSet[j]; activeSet[j] = ti;
        ti = point[i]; point[i] = point[j]; point[j] = ti;
        double[] tr = q[i]; q[i] = q[j]; q[j] = tr; // rows, then the two columns of every row
        for (double[] r : q) {
            td = r[i]; r[i] = r[j]; r[j] = td;
        }
    }
}
