package joules.tensor.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import joules.tensor.AdamConfig;
import joules.tensor.AdamScalars;
import joules.tensor.StepCapture;

/**
 * One CUDA device as the engine runs on it: its primary context, the one stream on which all work is
 * queued in order, the device memory, the cuDNN workspace, the "step slots" and the recording of a step
 * as a CUDA graph. {@link CudaBackend} puts the operations on top of it.
 *
 * <p>Step slots: the two values that change from one training step to the next, the batch's start in the
 * shuffled indices and Adam's step-dependent scalars, are read by the kernels from a small device buffer
 * instead of being passed by value, so that a recorded step can be replayed for another batch and step.
 * Outside a capture {@link #batchStart} and {@link #adamStep} write them at once; during a capture they
 * are noted, and each replay writes them before its launch.
 *
 * <p>Used by one thread at a time: the context is made current on the calling thread.
 */
final class CudaRuntime implements StepCapture, AutoCloseable {
    private final CudaDriver cu;
    final String name;
    final String hardware;
    final int ccMajor, ccMinor, multiprocessors;
    private final int device;
    private final Pointer context;
    final Pointer stream;
    final DeviceMemory memory;
    private final Workspace workspace;     // cuDNN scratch, kept alive for the graphs that may use it
    private final long stepSlots;          // 32-bit slots: [0] int batch start, then Adam's float
                                           // [1] -step_size and [2] sqrt(1 - b2^t) of this step (AdamScalars)
    private boolean capturing;
    private Integer capturedStart, capturedStep;
    private AdamConfig capturedAdam;
    private boolean closed;

    CudaRuntime(CudaDriver cu, int ordinal) {
        this.cu = cu;
        this.name = "cuda:" + ordinal;
        IntByReference ref = new IntByReference();
        check(cu.cuDeviceGet(ref, ordinal), "cuDeviceGet");
        this.device = ref.getValue();
        this.ccMajor = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.ccMinor = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        byte[] text = new byte[256];
        check(cu.cuDeviceGetName(text, text.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < text.length && text[end] != 0) end++;
        this.hardware = new String(text, 0, end, StandardCharsets.UTF_8).trim();

        PointerByReference handle = new PointerByReference();
        check(cu.cuDevicePrimaryCtxRetain(handle, device), "cuDevicePrimaryCtxRetain");
        this.context = CudaException.value(handle, "cuDevicePrimaryCtxRetain");
        CURRENT.remove();                  // set it on this thread for sure: a closed runtime may have left the same handle
        makeCurrent();
        check(cu.cuStreamCreate(handle, CudaDriver.CU_STREAM_NON_BLOCKING), "cuStreamCreate");
        this.stream = CudaException.value(handle, "cuStreamCreate");
        this.memory = new DeviceMemory(cu, name);
        this.workspace = new Workspace(memory, this::drain);
        this.stepSlots = memory.allocate(16, "step slots");
        memsetInts(stepSlots, 0, 4);
    }

    // ---- context and stream --------------------------------------------------------------------

    /**
     * Makes this device's context the calling thread's current one. The driver's current context is per
     * thread, and two runtimes (cuda:0 and cuda:1) may take turns on one thread: so the context each
     * thread was last given is remembered per thread, not per runtime, and set again only when it differs.
     */
    void makeCurrent() {
        if (closed) throw new IllegalStateException(name + " is closed");
        if (CURRENT.get() != context) {
            check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            CURRENT.set(context);
        }
    }

    /** The context this class last made current on each thread (the driver keeps one per thread). */
    private static final ThreadLocal<Pointer> CURRENT = new ThreadLocal<>();

    /** Waits for everything queued on the stream. */
    void drain() { check(cu.cuStreamSynchronize(stream), "cuStreamSynchronize"); }

    void check(int result, String function) { CudaException.check(cu, result, function); }

    private int attribute(int attribute) {
        IntByReference v = new IntByReference();
        check(cu.cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
        return v.getValue();
    }

    /** Free memory and total memory of the card, in bytes. */
    long[] cardMemory() {
        makeCurrent();
        LongByReference free = new LongByReference();
        LongByReference total = new LongByReference();
        check(cu.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
        return new long[] {free.getValue(), total.getValue()};
    }

    // ---- device memory -------------------------------------------------------------------------

    void copyDevice(long dst, long src, long bytes) {
        if (bytes > 0) check(cu.cuMemcpyDtoDAsync_v2(dst, src, bytes, stream), "cuMemcpyDtoDAsync_v2");
    }

    void memsetInts(long address, int value, long count) {
        if (count > 0) check(cu.cuMemsetD32Async(address, value, count, stream), "cuMemsetD32Async");
    }

    /**
     * A scratch buffer of at least {@code bytes}, shared by cuDNN calls (one stream: they never overlap).
     * It may grow only outside a capture; a buffer it replaces lives on while a graph may use it ({@link Workspace}).
     */
    long workspace(long bytes) {
        if (bytes > workspace.bytes() && capturing) {
            throw new IllegalStateException("cuDNN workspace must grow to " + bytes + " bytes during a capture");
        }
        return workspace.atLeast(bytes);
    }

    /** The cuDNN workspace and its bookkeeping, for tests. */
    Workspace workspaceState() { return workspace; }

    // ---- step slots ----------------------------------------------------------------------------

    /** The device address of the batch start (int) that gather kernels read. */
    long batchStartSlot() { return stepSlots; }

    /** The device address of Adam's two step-dependent scalars (floats) that the Adam kernel reads. */
    long adamSlots() { return stepSlots + 4; }

    /** Sets the batch start for the next gather (during a capture: notes it, and the replay writes it). */
    void batchStart(int start) {
        if (capturing) capturedStart = sameValue("batch start", capturedStart, start);
        else memsetInts(stepSlots, start, 1);
    }

    /**
     * Sets Adam's step-dependent scalars ({@code s}: those of {@code cfg} at {@code step}) for the next Adam kernel;
     * during a capture, notes the step instead, and each replay writes its own step's scalars.
     */
    void adamStep(AdamConfig cfg, int step, AdamScalars s) {
        if (capturing) {
            capturedStep = sameValue("Adam step", capturedStep, step);
            if (capturedAdam != null && !capturedAdam.equals(cfg)) {
                throw new IllegalStateException("a captured step uses two Adam configurations (" + capturedAdam + " and " + cfg
                        + "); a graph can replay only one per step");
            }
            capturedAdam = cfg;
        } else {
            writeAdamScalars(s);
        }
    }

    private void writeAdamScalars(AdamScalars s) {
        memsetInts(adamSlots(), Float.floatToRawIntBits(s.negStepSize()), 1);
        memsetInts(adamSlots() + 4, Float.floatToRawIntBits(s.bc2Sqrt()), 1);
    }

    private Integer sameValue(String what, Integer captured, int value) {
        if (captured != null && captured != value) {
            throw new IllegalStateException("a captured step uses two different values of the " + what + " (" + captured
                    + " and " + value + "); a graph can replay only one per step");
        }
        return value;
    }

    // ---- CUDA graphs (StepCapture, used by StepGraph) -------------------------------------------

    void notCapturing(String what) {
        if (capturing) throw new IllegalStateException(what + " is not allowed while a CUDA graph is being captured");
    }

    @Override
    public void begin() {
        notCapturing("beginCapture");
        makeCurrent();
        check(cu.cuStreamBeginCapture_v2(stream, CudaDriver.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture_v2");
        capturing = true;
        capturedStart = null;
        capturedStep = null;
        capturedAdam = null;
    }

    @Override
    public Replay end() {
        if (!capturing) throw new IllegalStateException("endCapture without beginCapture");
        capturing = false;
        PointerByReference graph = new PointerByReference();
        check(cu.cuStreamEndCapture(stream, graph), "cuStreamEndCapture");
        Pointer g = CudaException.value(graph, "cuStreamEndCapture");
        PointerByReference exec = new PointerByReference();
        int rc = cu.cuGraphInstantiateWithFlags(exec, g, 0);
        cu.cuGraphDestroy(g);
        check(rc, "cuGraphInstantiateWithFlags");
        workspace.graphCreated();
        return new CapturedStep(CudaException.value(exec, "cuGraphInstantiateWithFlags"), capturedStart != null,
                capturedStep != null ? capturedAdam : null);
    }

    @Override
    public void abort() {
        if (!capturing) return;
        capturing = false;
        PointerByReference graph = new PointerByReference();
        cu.cuStreamEndCapture(stream, graph);
        if (graph.getValue() != null) cu.cuGraphDestroy(graph.getValue());
    }

    /** An instantiated graph of one training step. */
    private final class CapturedStep implements Replay {
        private final Pointer exec;
        private final boolean readsStart;
        private final AdamConfig adam;  // null when the graph has no Adam step
        private boolean destroyed;

        private CapturedStep(Pointer exec, boolean readsStart, AdamConfig adam) {
            this.exec = exec;
            this.readsStart = readsStart;
            this.adam = adam;
        }

        /** Writes this step's batch start and Adam step scalars into the step slots, then launches the graph. */
        @Override
        public void launch(int batchStart, int step) {
            if (destroyed) throw new IllegalStateException("the captured step was destroyed");
            makeCurrent();
            if (readsStart) memsetInts(stepSlots, batchStart, 1);
            if (adam != null) writeAdamScalars(AdamScalars.of(adam, step));
            check(cu.cuGraphLaunch(exec, stream), "cuGraphLaunch");
        }

        /** Destroys the graph; the workspace buffers only it could still use are freed with the last graph. */
        @Override
        public void destroy() {
            if (destroyed) return;
            destroyed = true;
            if (closed) return;                         // the runtime's close freed everything already
            makeCurrent();
            check(cu.cuGraphExecDestroy(exec), "cuGraphExecDestroy");
            workspace.graphDestroyed();
        }
    }

    // ---- the end -------------------------------------------------------------------------------

    boolean closed() { return closed; }

    /** Frees every device block and the stream, and releases the context; the caller closed the libraries' handles first. */
    @Override
    public void close() {
        if (closed) return;
        makeCurrent();
        if (capturing) abort();
        cu.cuStreamSynchronize(stream);
        try {
            memory.freeAll();
        } finally {
            cu.cuStreamDestroy_v2(stream);
            cu.cuDevicePrimaryCtxRelease_v2(device);
            CURRENT.remove();
            closed = true;
        }
    }
}
