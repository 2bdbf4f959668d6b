package joules.tensor.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's own kernels: the {@code .cu} files under {@code joules/kernels/} on the class path, compiled
 * by NVRTC for the card's architecture ({@code sm_XY}) on first use, loaded as CUDA modules, and cached on
 * disk as CUBIN by a hash of the source, the options and the NVRTC version
 * ({@code ~/.cache/joules/kernels/<file>-<hash>-sm_XY.cubin}, or {@code $JOULES_KERNEL_CACHE}).
 */
final class Kernels implements AutoCloseable {
    /** Every kernel file, for tests and for compiling all up front. */
    static final List<String> FILES = List.of("elementwise", "bias", "loss", "layout", "adam");

    private final CudaLibraries libs;
    private final String arch;
    private final Path cacheDir;
    private final Map<String, Pointer> modules = new HashMap<>();
    private final Map<String, Pointer> functions = new HashMap<>();
    private final Map<String, Map<String, String>> signatures = new HashMap<>();
    private int compiled;
    private int fromCache;

    Kernels(CudaLibraries libs, int ccMajor, int ccMinor) {
        this.libs = libs;
        this.arch = "sm_" + ccMajor + ccMinor;
        this.cacheDir = cacheFolder();
    }

    /** The kernel {@code name} of {@code file}.cu, compiling and loading the file on first use. */
    Pointer function(String file, String name) {
        String key = file + "/" + name;
        Pointer f = functions.get(key);
        if (f != null) return f;
        Pointer module = modules.computeIfAbsent(file, this::loadModule);
        PointerByReference ref = new PointerByReference();
        CudaException.check(libs.cu, libs.cu.cuModuleGetFunction(ref, module, name), "cuModuleGetFunction(" + key + ")");
        f = CudaException.value(ref, "cuModuleGetFunction");
        functions.put(key, f);
        return f;
    }

    /**
     * The parameter kinds of every {@code extern "C" __global__} kernel of a source, by name: 'P' a pointer,
     * 'J' a {@code long long}, 'I' an {@code int}, 'F' a {@code float}. {@link Launcher} checks each launch's
     * arguments against them, so a mismatch fails with a clear message instead of reading garbage.
     */
    static Map<String, String> signatures(String source) {
        Map<String, String> out = new HashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            StringBuilder kinds = new StringBuilder();
            for (String param : m.group(2).split(",")) {
                String p = param.trim();
                if (p.isEmpty()) continue;
                if (p.contains("*")) kinds.append('P');
                else if (p.startsWith("long long")) kinds.append('J');
                else if (p.startsWith("int")) kinds.append('I');
                else if (p.startsWith("float")) kinds.append('F');
                else throw new IllegalStateException("kernel " + m.group(1) + ": unsupported parameter type in '" + p + "'");
            }
            out.put(m.group(1), kinds.toString());
        }
        return out;
    }

    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    /** The parameter kinds of kernel {@code name} of {@code file}.cu (see {@link #signatures}). */
    String signature(String file, String name) {
        String sig = signatures.computeIfAbsent(file, f -> signatures(source(f))).get(name);
        if (sig == null) throw new IllegalStateException("kernel " + name + " is not declared in " + file + ".cu");
        return sig;
    }

    /** "5 files compiled for sm_90 (2 from the disk cache)". */
    String summary() {
        return modules.size() + " kernel files for " + arch + " (" + compiled + " compiled by NVRTC, " + fromCache
                + " from " + (cacheDir == null ? "no cache" : cacheDir.toString()) + ")";
    }

    static String source(String file) {
        String path = "/joules/kernels/" + file + ".cu";
        try (InputStream in = Kernels.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("kernel source " + path + " is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + path, e);
        }
    }

    private Pointer loadModule(String file) {
        String source = source(file);
        String[] options = options(arch);
        String version = nvrtcVersion();
        String hash = sha256(source + "\n" + String.join(" ", options) + "\n" + version).substring(0, 16);
        Path cached = cacheDir == null ? null : cacheDir.resolve(file + "-" + hash + "-" + arch + ".cubin");
        byte[] cubin = null;
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                cubin = Files.readAllBytes(cached);
                fromCache++;
            } catch (IOException e) {
                cubin = null;
            }
        }
        if (cubin == null) {
            cubin = compile(libs.nvrtc, file, source, options);
            compiled++;
            store(cached, cubin);
        }
        Memory image = new Memory(cubin.length);
        image.write(0, cubin, 0, cubin.length);
        PointerByReference module = new PointerByReference();
        CudaException.check(libs.cu, libs.cu.cuModuleLoadData(module, image), "cuModuleLoadData(" + file + ".cu, " + arch + ")");
        return CudaException.value(module, "cuModuleLoadData");
    }

    /** NVRTC's options: real code for the card ({@code sm_XY}), so the result is a CUBIN. */
    static String[] options(String arch) {
        return new String[] {"--gpu-architecture=" + arch, "-default-device", "--std=c++14"};
    }

    /** Compiles one source to CUBIN; a compile error carries NVRTC's log. */
    static byte[] compile(Nvrtc nvrtc, String file, String source, String[] options) {
        PointerByReference ref = new PointerByReference();
        CudaException.checkNvrtc(nvrtc, nvrtc.nvrtcCreateProgram(ref, source, file + ".cu", 0, null, null), "nvrtcCreateProgram");
        Pointer program = CudaException.value(ref, "nvrtcCreateProgram");
        try {
            int result = nvrtc.nvrtcCompileProgram(program, options.length, options);
            if (result != Nvrtc.NVRTC_SUCCESS) {
                throw new CudaException("nvrtcCompileProgram(" + file + ".cu, " + String.join(" ", options) + ") failed: "
                        + nvrtc.nvrtcGetErrorString(result) + " (" + result + ")\n" + log(nvrtc, program), result);
            }
            LongByReference size = new LongByReference();
            CudaException.checkNvrtc(nvrtc, nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
            byte[] cubin = new byte[Math.toIntExact(size.getValue())];
            CudaException.checkNvrtc(nvrtc, nvrtc.nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN");
            return cubin;
        } finally {
            nvrtc.nvrtcDestroyProgram(new PointerByReference(program));
        }
    }

    private static String log(Nvrtc nvrtc, Pointer program) {
        LongByReference size = new LongByReference();
        if (nvrtc.nvrtcGetProgramLogSize(program, size) != 0 || size.getValue() <= 1) return "(no log)";
        byte[] log = new byte[Math.toIntExact(size.getValue())];
        nvrtc.nvrtcGetProgramLog(program, log);
        return new String(log, 0, log.length - 1, StandardCharsets.UTF_8);
    }

    private String nvrtcVersion() {
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        CudaException.checkNvrtc(libs.nvrtc, libs.nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
        return major.getValue() + "." + minor.getValue();
    }

    /** Writes through a temporary file and a rename, so that two processes never see half a file. */
    private static void store(Path cached, byte[] cubin) {
        if (cached == null) return;
        try {
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), "kernel", ".tmp");
            Files.write(tmp, cubin);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // a read-only home is no reason to fail: the kernel is compiled again next time
        }
    }

    static Path cacheFolder() {
        String explicit = System.getenv("JOULES_KERNEL_CACHE");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "joules", "kernels");
        String home = System.getProperty("user.home");
        return home == null ? null : Path.of(home, ".cache", "joules", "kernels");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Pointer module : modules.values()) libs.cu.cuModuleUnload(module);
        modules.clear();
        functions.clear();
    }
}
