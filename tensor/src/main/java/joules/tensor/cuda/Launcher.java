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
    void launch(Pointer function, String name, String signature, int blocks, Object... args) {
        checkArguments(name, signature, args);
        for (int i = 0; i < args.length; i++) {
            long at = 8L * i;
            Object a = args[i];
            if (a instanceof Long l) values.setLong(at, l);
            else if (a instanceof Integer n) values.setInt(at, n);
            else values.setFloat(at, (Float) a);
        }
        int result = cu.cuLaunchKernel(function, blocks, 1, 1, THREADS, 1, 1, 0, stream, pointers, null);
        if (result != 0) CudaException.check(cu, result, "cuLaunchKernel(" + name + ")");   // the message only on failure
    }

    /** Each argument must match the kernel's parameter kinds (see {@link Kernels#signatures}): P, J as Long, I as Integer, F as Float. */
    static void checkArguments(String name, String signature, Object... args) {
        if (args.length != signature.length() || args.length > MAX_ARGS) {
            throw new IllegalArgumentException("kernel " + name + " takes " + signature.length() + " arguments, given " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            char kind = signature.charAt(i);
            Object a = args[i];
            boolean ok = switch (kind) {
                case 'P', 'J' -> a instanceof Long;
                case 'I' -> a instanceof Integer;
                case 'F' -> a instanceof Float;
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException("kernel " + name + " argument " + i + " must be "
                        + (kind == 'I' ? "an int" : kind == 'F' ? "a float" : "a long (pointer or long long)") + ", given "
                        + (a == null ? "null" : a.getClass().getSimpleName()));
            }
        }
    }
}
