package joules.tensor;

import java.util.Arrays;

/**
 * A float32 tensor: a contiguous, row-major (NCHW) window of {@code numel()} floats inside a
 * {@link Storage} that a {@link Backend} owns.
 *
 * <p>A tensor is only a view: shape plus offset. It has no operations of its own; every
 * computation is a call on the backend that owns the storage ({@code backend().gemm(...)}), so that
 * the same layer code runs on the CPU and on a GPU. Views share memory: {@link #view},
 * {@link #reshape} and {@link #narrowBatch} never copy. This is how a model's parameters live in one
 * flat buffer (each parameter a view at its own offset) and how the last, smaller batch of an epoch
 * reuses buffers sized for the full batch.
 */
public final class Tensor {
    private final Storage storage;
    private final long offset;
    private final int[] shape;
    private final long numel;

    public Tensor(Storage storage, long offset, int... shape) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape.clone();
        long n = numel(shape);
        this.numel = n;
        if (offset < 0 || offset + n > storage.length()) {
            throw new IllegalArgumentException("view [" + offset + ", " + (offset + n) + ") of shape "
                    + Arrays.toString(shape) + " lies outside its storage of " + storage.length() + " floats");
        }
    }

    public Storage storage() { return storage; }
    public Backend backend() { return storage.backend(); }
    /** Offset of element 0, in floats, from the start of the storage. */
    public long offset() { return offset; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public long numel() { return numel; }

    /** The element count of a shape: the product of its dimensions (1 for the empty shape); a negative one is refused. */
    public static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }

    /** The same memory seen with another shape of the same element count. */
    public Tensor reshape(int... newShape) {
        long n = numel(newShape);
        if (n != numel) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + numel
                    + " elements) to " + Arrays.toString(newShape) + " (" + n + " elements)");
        }
        return new Tensor(storage, offset, newShape);
    }

    /** A view of {@code count} elements starting {@code start} elements into this tensor. */
    public Tensor view(long start, int... newShape) {
        return new Tensor(storage, offset + start, newShape);
    }

    /** The first {@code n} entries along dimension 0 (a prefix of a contiguous tensor is contiguous). */
    public Tensor narrowBatch(int n) {
        if (n == shape[0]) return this;
        if (n < 0 || n > shape[0]) {
            throw new IllegalArgumentException("batch " + n + " outside 0.." + shape[0] + " of " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = n;
        return new Tensor(storage, offset, s);
    }

    /** Entry {@code i} along dimension 0, as a tensor of rank - 1. */
    public Tensor select(int i) {
        if (i < 0 || i >= shape[0]) throw new IndexOutOfBoundsException("index " + i + " of " + Arrays.toString(shape));
        int[] s = Arrays.copyOfRange(shape, 1, shape.length);
        return new Tensor(storage, offset + (numel / shape[0]) * i, s);
    }

    public boolean sameShape(Tensor other) { return Arrays.equals(shape, other.shape); }

    /** Copies this tensor's values to a new Java array (a device-to-host copy on a GPU). */
    public float[] toArray() {
        float[] out = new float[Math.toIntExact(numel)];
        backend().copyToHost(this, out, 0);
        return out;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + "@" + backend().name();
    }
}
