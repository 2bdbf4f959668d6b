package joules.tensor.cuda;

import com.sun.jna.ptr.LongByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Every device allocation of one backend: counts the bytes held and their peak, turns an out-of-memory
 * failure into one line with the numbers a person needs (what was asked, what is held, what the card has
 * free), and frees everything at close.
 */
final class DeviceMemory implements Workspace.Allocator {
    private final CudaDriver cu;
    private final String device;
    private final List<Long> blocks = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private long held;
    private long peak;

    DeviceMemory(CudaDriver cu, String device) {
        this.cu = cu;
        this.device = device;
    }

    /** A new block of {@code bytes} (at least 4), aligned to 256 bytes by the driver; not initialised. */
    @Override
    public long allocate(long bytes, String what) {
        long size = Math.max(4, bytes);
        LongByReference ref = new LongByReference();
        int rc = cu.cuMemAlloc_v2(ref, size);
        if (rc == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) {
            LongByReference free = new LongByReference();
            LongByReference total = new LongByReference();
            String card = cu.cuMemGetInfo_v2(free, total) == 0
                    ? mib(free.getValue()) + " free of " + mib(total.getValue()) : "free memory unknown";
            throw new DeviceMemoryException("out of GPU memory on " + device + ": " + what + " needs " + mib(size)
                    + " on top of the " + mib(held) + " this run already holds (" + mib(held + size) + " in all); the card has "
                    + card);
        }
        CudaException.check(cu, rc, "cuMemAlloc_v2(" + size + " bytes for " + what + ")");
        blocks.add(ref.getValue());
        sizes.add(size);
        held += size;
        peak = Math.max(peak, held);
        return ref.getValue();
    }

    /** Frees one block that {@link #allocate} returned. */
    @Override
    public void free(long address) {
        int i = blocks.indexOf(address);
        if (i < 0) return;
        CudaException.check(cu, cu.cuMemFree_v2(address), "cuMemFree_v2");
        held -= sizes.get(i);
        blocks.remove(i);
        sizes.remove(i);
    }

    long held() { return held; }

    /** True while {@code address} is a block of this memory that has not been freed. */
    boolean holds(long address) { return blocks.contains(address); }
    long peak() { return peak; }

    /** Frees every block still held; the first failure is thrown after trying all. */
    void freeAll() {
        CudaException first = null;
        for (long b : blocks) {
            int rc = cu.cuMemFree_v2(b);
            if (rc != 0 && first == null) first = new CudaException("cuMemFree_v2 failed: " + CudaException.errorName(cu, rc), rc);
        }
        blocks.clear();
        sizes.clear();
        held = 0;
        if (first != null) throw first;
    }

    static String mib(long bytes) { return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }

    /** A model or data set that does not fit the card: a user-facing condition, reported in one line. */
    static final class DeviceMemoryException extends IllegalArgumentException {
        DeviceMemoryException(String message) { super(message); }
    }
}
