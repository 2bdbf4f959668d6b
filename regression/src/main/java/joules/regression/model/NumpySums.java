package joules.regression.model;

/**
 * Sums taken in the order numpy takes them, so that standardised values match scikit-learn's to the last
 * bit. It matters for SVR: when the dual problem is degenerate (every coefficient at a bound, say), a
 * last-bit difference in the inputs can lead libsvm's solver down another path to a different, equally
 * optimal, solution.
 *
 * <p>numpy sums a contiguous run of values pairwise (blocks of up to 128 values with 8 running partial sums,
 * halves above that); {@code np.sum(X, axis=0)} of a matrix with several columns adds the rows one by one.
 */
final class NumpySums {
    private NumpySums() {}

    /** np.sum(a[from .. from+n)) of a contiguous run: pairwise summation. */
    static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) s += a[from + i];
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) s += a[from + i];
            return s;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }

    static double sum(double[] a) {
        return pairwise(a, 0, a.length);
    }

    /** np.sum(X, axis=0)[c] for the n x k matrix X: pairwise when k = 1, row by row otherwise. */
    static double columnSum(double[][] x, int c) {
        double[] column = new double[x.length];
        for (int i = 0; i < x.length; i++) column[i] = x[i][c];
        if (x[0].length == 1) return sum(column);
        double s = 0;
        for (double v : column) s += v;
        return s;
    }
}
