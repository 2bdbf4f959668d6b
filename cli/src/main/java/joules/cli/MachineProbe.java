package joules.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import joules.layers.cost.Hardware;
import joules.tensor.Backend;
import joules.tensor.Tensor;
import joules.tensor.cpu.CpuBackend;

/**
 * The roofline of the processor a backend runs on, measured: the FP32 peak as the best throughput of a large
 * square SGEMM over about a second, the memory bandwidth as the best of a large copy (read n floats, write n:
 * 8n bytes, STREAM's way of counting a copy) over about half a second. On the CPU the copy runs on every core,
 * one slice each, as the backend's kernels do; on a GPU it is the backend's device-to-device copy. Both are
 * what this engine reaches on this machine, below the vendor's peaks, and a busy machine measures less.
 */
final class MachineProbe {
    private MachineProbe() {}

    /** Floats in each buffer of the copy: 2 x 128 MiB, well past any CPU's last-level cache. */
    static final int COPY_FLOATS = 32 << 20;

    /** This backend's processor as a roofline {@link Hardware}, key {@value Hardware#MEASURED_HERE}. */
    static Hardware measure(Backend backend) {
        double peak = gemmPeakGflops(backend);
        double bandwidth = copyBandwidthGbs(backend, COPY_FLOATS);
        String what = backend.name() + " (" + backend.hardware() + ")";
        return new Hardware(Hardware.MEASURED_HERE, "this machine: " + what, peak, bandwidth, Double.NaN,
                String.format(Locale.ROOT, "measured by joules on %s: the best of a second of %d x %d SGEMMs and of half a"
                        + " second of %d MiB copies", what, gemmSize(backend), gemmSize(backend), COPY_FLOATS / (1 << 18)),
                List.of());
    }

    private static int gemmSize(Backend backend) { return backend.name().startsWith("cuda") ? 4096 : 1024; }

    /**
     * The backend's best throughput on a large square SGEMM (2 n^3 FLOPs), repeated for a second: the scale a
     * step's FLOP/s is read against.
     */
    static double gemmPeakGflops(Backend backend) {
        int n = gemmSize(backend);
        Tensor a = backend.zeros(n, n), b = backend.zeros(n, n), c = backend.zeros(n, n);
        backend.fill(a, 0.5f);
        backend.fill(b, 0.25f);
        double best = 0;
        // a second of products at least: the first ones run before the JIT has compiled the CPU kernels
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 4 || System.nanoTime() < until; i++) {
            backend.synchronize();
            long t0 = System.nanoTime();
            backend.gemm(false, false, 1f, a, b, 0f, c);
            backend.synchronize();
            double s = (System.nanoTime() - t0) * 1e-9;
            best = Math.max(best, 2.0 * n * n * n / s / 1e9);
        }
        return best;
    }

    /** The best GB/s of copying {@code floats} floats (8 bytes each: one read, one write), over about half a second. */
    static double copyBandwidthGbs(Backend backend, int floats) {
        Copy copy = backend instanceof CpuBackend ? new HostCopy(floats) : new DeviceCopy(backend, floats);
        try {
            double best = 0;
            long until = System.nanoTime() + 500_000_000L;
            for (int i = 0; i < 3 || System.nanoTime() < until; i++) best = Math.max(best, 8.0 * floats / copy.seconds() / 1e9);
            return best;
        } finally {
            copy.close();
        }
    }

    /** One timed copy of the whole buffer. */
    private interface Copy extends AutoCloseable {
        double seconds();

        @Override void close();
    }

    /** A GPU's device-to-device copy through the backend. */
    private record DeviceCopy(Backend backend, Tensor src, Tensor dst) implements Copy {
        DeviceCopy(Backend backend, int floats) {
            this(backend, backend.zeros(floats), backend.zeros(floats));
            backend.fill(src, 1f);
        }

        @Override
        public double seconds() {
            backend.synchronize();
            long t0 = System.nanoTime();
            backend.copy(src, dst);
            backend.synchronize();
            return (System.nanoTime() - t0) * 1e-9;
        }

        @Override public void close() {}
    }

    /** Host memory: one slice of the arrays per core, each copied by System.arraycopy on its own thread. */
    private static final class HostCopy implements Copy {
        private final float[] src;
        private final float[] dst;
        private final ExecutorService pool;
        private final int threads = Runtime.getRuntime().availableProcessors();

        HostCopy(int floats) {
            src = new float[floats];
            dst = new float[floats];
            Arrays.fill(src, 1f);
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "joules-copy-probe");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public double seconds() {
            List<Future<?>> slices = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int k = 0; k < threads; k++) {
                int from = (int) ((long) src.length * k / threads), to = (int) ((long) src.length * (k + 1) / threads);
                slices.add(pool.submit(() -> System.arraycopy(src, from, dst, from, to - from)));
            }
            try {
                for (Future<?> f : slices) f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the copy probe was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the copy probe failed", e.getCause());
            }
            return (System.nanoTime() - t0) * 1e-9;
        }

        @Override public void close() { pool.shutdownNow(); }
    }
}
