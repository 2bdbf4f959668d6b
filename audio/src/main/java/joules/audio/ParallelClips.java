package joules.audio;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a body once per clip on a few threads, each with its own {@link MelSpectrogram} (an instance owns its
 * FFT buffers). Threads take the next clip index from a shared counter; the first failure stops the others
 * and is rethrown to the caller.
 */
final class ParallelClips {
    interface Body {
        void run(MelSpectrogram mel, int clip);
    }

    private ParallelClips() {}

    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    static void forEach(int clips, int threads, Progress progress, Body body) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            MelSpectrogram mel = new MelSpectrogram();
            for (int i; failure.get() == null && (i = next.getAndIncrement()) < clips; ) {
                try {
                    body.run(mel, i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    return;
                }
                progress.update(done.incrementAndGet(), clips);
            }
        };
        int n = Math.max(1, Math.min(threads, clips));
        Thread[] pool = new Thread[n - 1];
        for (int t = 0; t < pool.length; t++) {
            pool[t] = new Thread(worker, "joules-audio-" + t);
            pool[t].start();
        }
        worker.run(); // the calling thread works too
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while computing features", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }
}
