package joules.tensor;

import java.util.Arrays;

/**
 * Shape checks whose failure message names the operation and the shapes. They run in every operation of
 * every training step, so nothing is built unless a check fails: {@link #same} and {@link #shape} compare
 * in place and format the shapes only on failure, and a check whose message is composed from values is
 * written {@code if (!ok) throw ShapeCheck.mismatch(where, "..." + n)}, so that the concatenation is in
 * the failing branch ({@link #require} is for a constant message).
 */
public final class ShapeCheck {
    private ShapeCheck() {}

    /** Throws "where: what" unless {@code ok}; {@code what} should be a constant (it is evaluated on every call). */
    public static void require(boolean ok, String where, String what) {
        if (!ok) throw mismatch(where, what);
    }

    /** The exception of a failed check, "where: what": call it in the failing branch, where building {@code what} costs nothing. */
    public static ShapeMismatchException mismatch(String where, String what) {
        return new ShapeMismatchException(where + ": " + what);
    }

    public static void same(String where, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw mismatch(where, "shapes differ, " + Arrays.toString(a.shape()) + " vs " + Arrays.toString(b.shape()));
        }
    }

    public static void shape(String where, String name, Tensor t, int... expected) {
        if (!hasShape(t, expected)) {
            throw mismatch(where, name + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected));
        }
    }

    /**
     * The shapes of C = alpha op(A) op(B) + beta C: all three 2-D, op(A) m x k, op(B) k x n, C m x n. Returns k
     * (m and n are then C's dimensions), so that a backend reads the sizes from one place.
     */
    public static int gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        if (!(a.rank() == 2 && b.rank() == 2 && c.rank() == 2)) {
            throw mismatch("gemm", "operands must be 2-D, got " + Arrays.toString(a.shape()) + ", "
                    + Arrays.toString(b.shape()) + ", " + Arrays.toString(c.shape()));
        }
        int m = transA ? a.dim(1) : a.dim(0), k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
        if (!(k == kb && c.dim(0) == m && c.dim(1) == n)) {
            throw mismatch("gemm", "op(A) " + m + "x" + k + " (A " + Arrays.toString(a.shape()) + (transA ? "^T" : "")
                    + ") times op(B) " + kb + "x" + n + " (B " + Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + ") does not fit C " + Arrays.toString(c.shape()));
        }
        return k;
    }

    /** t.shape() == expected, without copying the shape. */
    private static boolean hasShape(Tensor t, int[] expected) {
        if (t.rank() != expected.length) return false;
        for (int i = 0; i < expected.length; i++) {
            if (t.dim(i) != expected[i]) return false;
        }
        return true;
    }
}
