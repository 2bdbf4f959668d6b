package joules.tensor.cpu;

import joules.tensor.Backend;
import joules.tensor.Storage;

/** CPU memory: a plain Java {@code float[]}. Tensors are windows (offset, shape) into it. */
public final class CpuStorage implements Storage {
    private final CpuBackend backend;
    private final float[] data;

    CpuStorage(CpuBackend backend, float[] data) {
        this.backend = backend;
        this.data = data;
    }

    /** The backing array; a tensor's element 0 is at {@code tensor.offset()}. */
    public float[] data() { return data; }

    @Override public Backend backend() { return backend; }

    @Override public long length() { return data.length; }
}
