package joules.tensor.cuda;

import joules.tensor.Backend;
import joules.tensor.Storage;

/** Floats in GPU memory: a device address and a length. Freed when its backend closes. */
final class DeviceStorage implements Storage {
    private final CudaBackend backend;
    private final long address;
    private final long length;

    DeviceStorage(CudaBackend backend, long address, long length) {
        this.backend = backend;
        this.address = address;
        this.length = length;
    }

    @Override public Backend backend() { return backend; }
    @Override public long length() { return length; }

    /** The device address of float {@code index}. */
    long address(long index) { return address + 4L * index; }
}
