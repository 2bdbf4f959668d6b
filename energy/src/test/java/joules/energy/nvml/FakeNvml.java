package joules.energy.nvml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds src/test/c/fake_nvml.c into a folder holding libnvidia-ml.so.1, once per variant and test run.
 * Tests that need it are skipped where no C compiler exists.
 */
public final class FakeNvml {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private FakeNvml() {
    }

    /** The folder of a fake libnvidia-ml.so.1 built with {@code defines} ("-DNO_COUNTER", …). */
    public static synchronized Path folder(String... defines) throws IOException, InterruptedException {
        String key = String.join(" ", defines);
        Path built = BUILT.get(key);
        if (built != null) return built;
        Path cc = List.of("/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang").stream().map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(cc != null, "no C compiler: the fake NVML library cannot be built");
        Path source = Path.of("src/test/c/fake_nvml.c").toAbsolutePath();
        Path dir = Files.createTempDirectory("fake-nvml");
        dir.toFile().deleteOnExit();
        List<String> cmd = new java.util.ArrayList<>(List.of(cc.toString(), "-shared", "-fPIC", "-O1", "-o",
                dir.resolve(NvmlLocator.SONAME).toString(), source.toString()));
        cmd.addAll(List.of(defines));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("building the fake NVML failed: " + log);
        dir.resolve(NvmlLocator.SONAME).toFile().deleteOnExit();
        BUILT.put(key, dir);
        return dir;
    }
}
