package joules.tensor.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Launches a kernel with its arguments. cuLaunchKernel takes an array of pointers, one per argument, each
 * pointing at the argument's value; the driver copies the values at launch, so one pair of buffers is
 * reused for every launch (a backend is used from one thread at a time). Argument types map to CUDA's:
 * Long to a device pointer or {@code long long}, Integer to {@code int}, Float to {@code float}.
 */
final class Launcher {
    static final int THREADS = 256;
    private static final int MAX_ARGS = 16;

    private final CudaDriver cu;
    private final Pointer stream;
    private final int maxBlocks;
    private final Memory values = new Memory(8L * MAX_ARGS);
    private final Memory pointers = new Memory(8L * MAX_ARGS);

    Launcher(CudaDriver cu, Pointer stream, int multiprocessors) {
        this.cu = cu;
        this.stream = stream;
        this.maxBlocks = Math.max(1, multiprocessors) * 32;
        for (int i = 0; i < MAX_ARGS; i++) pointers.setPointer(8L * i, values.share(8L * i));
    }

    /** Enough blocks of 256 threads for {@code n} elements, capped (the kernels loop over the rest). */
    int blocksFor(long n) {
        return (int) Math.max(1, Math.min(maxBlocks, (n + THREADS - 1) / THREADS));
    }

    /** A one-dimensional launch of {@code blocks} blocks of {@value #THREADS} threads. */
    void launch(Pointer function, String name, int blocks, Object... args) {
        if (args.length > MAX_ARGS) throw new IllegalArgumentException(name + ": more than " + MAX_ARGS + " arguments");
        for (int i = 0; i < args.length; i++) {
            long at = 8L * i;
            Object a = args[i];
            if (a instanceof Long l) values.setLong(at, l);
            else if (a instanceof Integer n) values.setInt(at, n);
            else if (a instanceof Float f) values.setFloat(at, f);
            else throw new IllegalArgumentException(name + ": argument " + i + " has unsupported type " + a.getClass());
        }
        CudaException.check(cu, cu.cuLaunchKernel(function, blocks, 1, 1, THREADS, 1, 1, 0, stream, pointers, null),
                "cuLaunchKernel(" + name + ")");
    }
}
