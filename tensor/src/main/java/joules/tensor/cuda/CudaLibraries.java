package joules.tensor.cuda;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds and binds the CUDA libraries: the driver, NVRTC, cuBLAS and cuDNN, by soname (see
 * {@link LibrarySearch} for where it looks). One jar runs on CUDA 11, 12 and 13: the newest soname that the
 * installed driver supports wins.
 *
 * <p>Companion libraries that the four load by soname themselves (cuBLAS needs cuBLASLt; NVRTC loads its
 * builtins; cuDNN 9 loads its sub-libraries libcudnn_ops, _cnn, _adv, _graph, _engines_*, _heuristic) are
 * loaded first from the same folder, by full path: the dynamic loader then finds them already loaded by
 * soname, so no LD_LIBRARY_PATH is needed.
 */
public final class CudaLibraries {
    static final LibrarySearch.Spec DRIVER = new LibrarySearch.Spec("CUDA driver",
            List.of(new LibrarySearch.Soname("libcuda.so.1", 0)));
    static final LibrarySearch.Spec NVRTC = new LibrarySearch.Spec("NVRTC", List.of(
            new LibrarySearch.Soname("libnvrtc.so.13", 13), new LibrarySearch.Soname("libnvrtc.so.12", 12),
            new LibrarySearch.Soname("libnvrtc.so.11.2", 11)));
    static final LibrarySearch.Spec CUBLAS = new LibrarySearch.Spec("cuBLAS", List.of(
            new LibrarySearch.Soname("libcublas.so.13", 13), new LibrarySearch.Soname("libcublas.so.12", 12),
            new LibrarySearch.Soname("libcublas.so.11", 11)));
    static final LibrarySearch.Spec CUDNN = new LibrarySearch.Spec("cuDNN",
            List.of(new LibrarySearch.Soname("libcudnn.so.9", 0)));
    static final List<LibrarySearch.Spec> ALL = List.of(DRIVER, NVRTC, CUBLAS, CUDNN);

    /** cuDNN 9's sub-libraries in the order their dependencies need (graph first, the front library last). */
    static final List<String> CUDNN_PARTS = List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
            "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
            "libcudnn_cnn.so.9", "libcudnn_adv.so.9");

    private static CudaLibraries loaded;

    public final CudaDriver cu;
    public final Nvrtc nvrtc;
    public final Cublas cublas;
    public final Cudnn cudnn;
    /** The driver's CUDA version, e.g. 13000 for 13.0. */
    public final int driverVersion;
    /** Where each library came from, for {@link #describe()} and error messages. */
    public final List<LibrarySearch.Result> found;
    private final List<NativeLibrary> companions;

    private CudaLibraries(CudaDriver cu, Nvrtc nvrtc, Cublas cublas, Cudnn cudnn, int driverVersion,
                          List<LibrarySearch.Result> found, List<NativeLibrary> companions) {
        this.cu = cu;
        this.nvrtc = nvrtc;
        this.cublas = cublas;
        this.cudnn = cudnn;
        this.driverVersion = driverVersion;
        this.found = found;
        this.companions = companions;
    }

    /**
     * Loads all four libraries once per process.
     *
     * @throws IllegalStateException with one line naming what is missing and where it was looked for
     */
    public static synchronized CudaLibraries load() {
        if (loaded != null) return loaded;
        LibrarySearch search = LibrarySearch.system();
        List<LibrarySearch.Result> found = new ArrayList<>();
        List<NativeLibrary> companions = new ArrayList<>();

        LibrarySearch.Result driverFile = require(search.find(DRIVER, 0));
        found.add(driverFile);
        CudaDriver cu = bind(driverFile, CudaDriver.class);
        IntByReference version = new IntByReference();
        CudaException.check(cu, cu.cuDriverGetVersion(version), "cuDriverGetVersion");
        int driverMajor = version.getValue() / 1000;

        LibrarySearch.Result nvrtcFile = require(search.find(NVRTC, driverMajor));
        found.add(nvrtcFile);
        Nvrtc nvrtc = loadNvrtc(nvrtcFile, companions);

        LibrarySearch.Result cublasFile = require(search.find(CUBLAS, driverMajor));
        found.add(cublasFile);
        Cublas cublas = loadCublas(cublasFile, companions);

        LibrarySearch.Result cudnnFile = require(search.find(CUDNN, driverMajor));
        found.add(cudnnFile);
        Cudnn cudnn = loadCudnn(cudnnFile, companions);
        requireCudaOf(cudnnFile, cudnn.cudnnGetCudartVersion(), version.getValue());

        loaded = new CudaLibraries(cu, nvrtc, cublas, cudnn, version.getValue(), List.copyOf(found), companions);
        return loaded;
    }

    /**
     * What was found where, one library a line, for {@code joules devices}. Loads nothing but the driver
     * (to read its version); never throws.
     */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        LibrarySearch search = LibrarySearch.system();
        int driverMajor = 0;
        for (LibrarySearch.Spec spec : ALL) {
            LibrarySearch.Result r = search.find(spec, driverMajor);
            out.append(String.format("%-12s ", spec.label() + ":"));
            if (!r.found()) {
                out.append("not found (looked for ").append(sonames(spec)).append(" in ").append(r.looked().size())
                        .append(" folders)\n");
                continue;
            }
            out.append(r.file()).append("  [").append(r.origin()).append("]");
            if (spec == DRIVER) {
                try {
                    CudaDriver cu = bind(r, CudaDriver.class);
                    IntByReference v = new IntByReference();
                    if (cu.cuDriverGetVersion(v) == 0) {
                        driverMajor = v.getValue() / 1000;
                        out.append("  CUDA ").append(v.getValue() / 1000).append('.').append(v.getValue() % 1000 / 10);
                    }
                } catch (UnsatisfiedLinkError | IllegalStateException e) {
                    out.append("  (cannot be loaded: ").append(e.getMessage()).append(')');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Prints {@link #describe()}: {@code java -cp joules.jar joules.tensor.cuda.CudaLibraries} (used by scripts/gpu-check.sh). */
    public static void main(String[] args) {
        System.out.print(describe());
    }

    /** NVRTC from the file found, after its builtins library (which NVRTC loads by soname). */
    static Nvrtc loadNvrtc(LibrarySearch.Result file, List<NativeLibrary> companions) {
        companions.addAll(loadSiblings(file.file().getParent(), "libnvrtc-builtins.so."));
        return bind(file, Nvrtc.class);
    }

    /** cuBLAS from the file found, after cuBLASLt of the same major version. */
    static Cublas loadCublas(LibrarySearch.Result file, List<NativeLibrary> companions) {
        String major = file.file().getFileName().toString().substring("libcublas.so.".length());
        companions.addAll(loadIfPresent(file.file().getParent(), List.of("libcublasLt.so." + major)));
        return bind(file, Cublas.class);
    }

    /** cuDNN from the file found, after its sub-libraries. */
    static Cudnn loadCudnn(LibrarySearch.Result file, List<NativeLibrary> companions) {
        companions.addAll(loadIfPresent(file.file().getParent(), CUDNN_PARTS));
        return bind(file, Cudnn.class);
    }

    /**
     * cuDNN 9 has one soname for every CUDA major (libcudnn.so.9), so the search cannot tell a build for
     * CUDA 13 from one for CUDA 12: a build for a newer CUDA than the driver's fails later, in cudnnCreate,
     * with a less helpful status. Checked here, by name.
     */
    static void requireCudaOf(LibrarySearch.Result file, long builtFor, int driverVersion) {
        if (builtFor / 1000 > driverVersion / 1000) {
            throw new IllegalStateException(file.spec().label() + " library " + file.file() + " was built for CUDA "
                    + builtFor / 1000 + "." + builtFor % 1000 / 10 + ", newer than this driver's CUDA " + driverVersion / 1000
                    + "." + driverVersion % 1000 / 10 + "; set JOULES_CUDA_LIB to a folder with a cuDNN for CUDA "
                    + driverVersion / 1000 + " (pip: nvidia-cudnn-cu" + driverVersion / 1000 + ")");
        }
    }

    private static LibrarySearch.Result require(LibrarySearch.Result r) {
        if (r.found()) return r;
        List<String> origins = new ArrayList<>();
        for (LibrarySearch.Folder f : r.looked()) if (!origins.contains(f.origin())) origins.add(f.origin());
        throw new IllegalStateException(r.spec().label() + " library not found: looked for " + sonames(r.spec()) + " in "
                + r.looked().size() + " folders (" + (origins.isEmpty() ? "none exist" : String.join(", ", origins))
                + "); set JOULES_CUDA_LIB to the folder(s) that hold it");
    }

    private static String sonames(LibrarySearch.Spec spec) {
        List<String> names = new ArrayList<>();
        for (LibrarySearch.Soname s : spec.sonames()) names.add(s.file());
        return String.join(", ", names);
    }

    private static <T extends Library> T bind(LibrarySearch.Result r, Class<T> type) {
        try {
            return Native.load(r.file().toString(), type, Map.of(Library.OPTION_OPEN_FLAGS, openFlags()));
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException(r.spec().label() + " library " + r.file() + " could not be loaded: "
                    + firstLine(e.getMessage()));
        }
    }

    /** Loads the files of {@code dir} whose names start with {@code prefix} (e.g. libnvrtc-builtins.so.13.0). */
    private static List<NativeLibrary> loadSiblings(Path dir, String prefix) {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().forEach(names::add);
        } catch (IOException e) {
            return List.of();
        }
        return loadIfPresent(dir, names);
    }

    /** Loads each named file of {@code dir} that exists; one that fails to load is skipped (its owner will report it). */
    private static List<NativeLibrary> loadIfPresent(Path dir, List<String> names) {
        List<NativeLibrary> out = new ArrayList<>();
        for (String name : names) {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p)) continue;
            try {
                out.add(NativeLibrary.getInstance(p.toString(), Map.of(Library.OPTION_OPEN_FLAGS, openFlags())));
            } catch (UnsatisfiedLinkError e) {
                // e.g. libcudnn_engines_runtime_compiled without NVRTC: cuDNN reports it if it needs it
            }
        }
        return out;
    }

    /** RTLD_NOW | RTLD_GLOBAL on Linux. */
    private static int openFlags() { return 0x002 | 0x100; }

    private static String firstLine(String s) {
        if (s == null) return "unknown reason";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
