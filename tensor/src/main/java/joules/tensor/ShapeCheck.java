package joules.tensor;

import java.util.Arrays;

/** Shape checks whose failure message names the operation and both shapes. */
public final class ShapeCheck {
    private ShapeCheck() {}

    public static void require(boolean ok, String where, String what) {
        if (!ok) throw new ShapeMismatchException(where + ": " + what);
    }

    public static void same(String where, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new ShapeMismatchException(where + ": shapes differ, " + Arrays.toString(a.shape()) + " vs "
                    + Arrays.toString(b.shape()));
        }
    }

    public static void shape(String where, String name, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new ShapeMismatchException(where + ": " + name + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(expected));
        }
    }

    public static void sameBackend(String where, Tensor... ts) {
        Backend b = ts[0].backend();
        for (Tensor t : ts) {
            if (t != null && t.backend() != b) {
                throw new IllegalArgumentException(where + ": tensors live on " + b.name() + " and " + t.backend().name());
            }
        }
    }
}
