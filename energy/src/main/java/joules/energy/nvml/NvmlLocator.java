package joules.energy.nvml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds libnvidia-ml.so.1, the NVML library that comes with the NVIDIA driver, in this order:
 * <ol>
 *   <li>the folder given by a flag, then the folder (or file) named by {@code JOULES_NVML_LIB};</li>
 *   <li>the folders of {@code LD_LIBRARY_PATH};</li>
 *   <li>the system library cache ({@code ldconfig -p});</li>
 *   <li>/usr/lib/x86_64-linux-gnu, /usr/lib/aarch64-linux-gnu, /usr/lib64, /usr/local/nvidia/lib64,
 *       /usr/lib/wsl/lib.</li>
 * </ol>
 * A path with a {@code stubs} folder is skipped: the CUDA toolkit's stub library (cuda/lib64/stubs)
 * links but cannot talk to a driver.
 */
public final class NvmlLocator {
    public static final String SONAME = "libnvidia-ml.so.1";
    public static final String ENV = "JOULES_NVML_LIB";
    static final List<String> SYSTEM_FOLDERS = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib");

    private final List<Path> candidates;
    private final List<String> looked = new ArrayList<>();

    /** Looks at exactly these files, in order (tests use this). */
    public NvmlLocator(List<Path> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** The standard search; {@code flagFolder} may be null. */
    public static NvmlLocator standard(Path flagFolder) {
        List<Path> files = new ArrayList<>();
        if (flagFolder != null) files.add(inFolderOrFile(flagFolder));
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) files.add(inFolderOrFile(Path.of(env.trim())));
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String folder : ldPath.split(":")) if (!folder.isBlank()) files.add(Path.of(folder, SONAME));
        }
        files.addAll(fromLdconfig());
        for (String folder : SYSTEM_FOLDERS) files.add(Path.of(folder, SONAME));
        return new NvmlLocator(files);
    }

    /** The first candidate that exists and is not a stub. */
    public Optional<Path> find() {
        looked.clear();
        for (Path file : candidates) {
            if (isStub(file)) {
                looked.add(file + " (stub, skipped)");
            } else if (Files.isRegularFile(file)) {
                return Optional.of(file);
            } else if (!looked.contains(file.toString())) {
                looked.add(file.toString());
            }
        }
        return Optional.empty();
    }

    /** Where {@link #find} looked without success. */
    public List<String> looked() {
        return List.copyOf(looked);
    }

    static boolean isStub(Path file) {
        for (Path part : file) if (part.toString().equals("stubs")) return true;
        return false;
    }

    private static Path inFolderOrFile(Path p) {
        return Files.isRegularFile(p) ? p : p.resolve(SONAME);
    }

    /** The libnvidia-ml.so.1 entries of `ldconfig -p` for this JVM's architecture ("=> /path" lines). */
    static List<Path> fromLdconfig() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (!Files.isExecutable(Path.of(ldconfig))) continue;
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                List<String> lines;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    lines = r.lines().toList();
                }
                p.waitFor(5, TimeUnit.SECONDS);
                return parseLdconfig(lines, System.getProperty("os.arch"));
            } catch (IOException e) {
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /** "\tlibnvidia-ml.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1" lines for {@code osArch}. */
    static List<Path> parseLdconfig(List<String> lines, String osArch) {
        String want = switch (osArch) {
            case "amd64", "x86_64" -> "x86-64";
            case "aarch64" -> "AArch64";
            default -> "";
        };
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            int arrow = t.indexOf("=>");
            if (!t.startsWith(SONAME + " ") || arrow < 0) continue;
            String flags = t.substring(SONAME.length(), arrow);
            if (!want.isEmpty() && !flags.contains(want)) continue;
            out.add(Path.of(t.substring(arrow + 2).trim()));
        }
        return out;
    }
}
