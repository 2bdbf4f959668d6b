package joules.regression.model;

import java.util.LinkedHashMap;
import java.util.Map;
import joules.results.JsonObject;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Ordinary least squares, y ~ b0 + b1 x1 + ... + bk xk (b0 only with an intercept), solved through a
 * Householder QR decomposition (EJML), never through the normal equations:
 *
 * <pre>
 *   A = [1 | x] (n x p)        design matrix, columns scaled to unit length (s_c = ||A[:,c]||)
 *   A = Q R                    Q: n x p orthonormal, R: p x p upper triangular
 *   b' = R^-1 (Q^T y)          back substitution
 *   b_c = b'_c / s_c           undo the column scaling
 * </pre>
 * Cost: about 2 n p^2 flops for the QR. A diagonal entry of R below 1e-10 means a column lies in the span
 * of the others (collinear or constant inputs): the fit is refused with a {@link FitException}.
 */
public final class LinearRegression implements Regressor {
    private static final double SINGULAR = 1e-10;

    private final boolean intercept;
    private double[] coefficients; // [b0, b1..bk] with an intercept, [b1..bk] without

    public LinearRegression(boolean intercept) {
        this.intercept = intercept;
    }

    /** A fitted model from its coefficients ([b0, b1..bk] with intercept). */
    public LinearRegression(boolean intercept, double[] coefficients) {
        this.intercept = intercept;
        this.coefficients = coefficients.clone();
    }

    @Override
    public LinearRegression fit(double[][] x, double[] y) {
        Regressor.checkTrainingSet(this, "linear regression", x, y);
        int n = x.length;
        int offset = intercept ? 1 : 0;
        int p = x[0].length + offset;

        DMatrixRMaj a = new DMatrixRMaj(n, p);
        for (int i = 0; i < n; i++) {
            if (intercept) a.set(i, 0, 1.0);
            for (int c = 0; c < x[i].length; c++) a.set(i, c + offset, x[i][c]);
        }
        double[] scale = new double[p];
        for (int c = 0; c < p; c++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += a.get(i, c) * a.get(i, c);
            scale[c] = Math.sqrt(s);
            if (scale[c] == 0) throw singular(n);
            for (int i = 0; i < n; i++) a.set(i, c, a.get(i, c) / scale[c]);
        }

        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, p);
        if (!qr.decompose(a)) throw singular(n);
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        for (int c = 0; c < p; c++) {
            if (!(Math.abs(r.get(c, c)) > SINGULAR)) throw singular(n);
        }

        DMatrixRMaj qty = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.multTransA(q, new DMatrixRMaj(n, 1, true, y), qty);
        double[] b = new double[p];
        for (int row = p - 1; row >= 0; row--) { // back substitution: R b = Q^T y
            double s = qty.get(row, 0);
            for (int c = row + 1; c < p; c++) s -= r.get(row, c) * b[c];
            b[row] = s / r.get(row, row);
        }
        for (int c = 0; c < p; c++) b[c] /= scale[c];
        coefficients = b;
        return this;
    }

    private FitException singular(int n) {
        return new FitException("least squares is singular: over these " + n + " points an input is constant"
                + " or a combination of the others; use more points or points that differ in every input");
    }

    @Override
    public double predict(double[] x) {
        if (coefficients == null) throw new IllegalStateException("predict before fit");
        int offset = intercept ? 1 : 0;
        double s = intercept ? coefficients[0] : 0;
        for (int c = 0; c < x.length; c++) s += coefficients[c + offset] * x[c];
        return s;
    }

    @Override
    public int minPoints(int inputs) {
        return inputs + (intercept ? 1 : 0);
    }

    public boolean hasIntercept() {
        return intercept;
    }

    /** [b0, b1..bk] with an intercept, [b1..bk] without. */
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "linear");
        m.put("intercept", intercept);
        m.put("coefficients", coefficients.clone());
        return m;
    }

    static LinearRegression fromJson(JsonObject o) {
        return new LinearRegression(o.bool("intercept"), o.numbers("coefficients"));
    }
}
