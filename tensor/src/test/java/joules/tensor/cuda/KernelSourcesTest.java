package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernels' sources, checked without a GPU: they compile with nvcc, and every launch matches a kernel. */
class KernelSourcesTest {

    @Test
    void everyKernelFileCompilesWithNvccForHopperAndTuring(@TempDir Path tmp) throws Exception {
        String nvcc = findOnPath("nvcc");
        assumeTrue(nvcc != null, "nvcc is not on the PATH");
        for (String file : Kernels.FILES) {
            Path cu = tmp.resolve(file + ".cu");
            Files.writeString(cu, Kernels.source(file));
            for (String arch : List.of("sm_90", "sm_75")) {
                Path out = tmp.resolve(file + "-" + arch + ".cubin");
                Process p = new ProcessBuilder(nvcc, "-arch=" + arch, "--cubin", "-Werror", "all-warnings", "-o",
                        out.toString(), cu.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc timed out on " + file);
                assertEquals(0, p.exitValue(), "nvcc " + arch + " " + file + ".cu failed:\n" + log);
                assertTrue(Files.size(out) > 0, file + " produced an empty cubin");
            }
        }
    }

    @Test
    void signaturesAreParsedFromTheSources() {
        Map<String, String> layout = Kernels.signatures(Kernels.source("layout"));
        assertEquals("PPPPIJ", layout.get("gather_rows"));
        assertEquals("PPIIII", layout.get("nchw_to_sequence"));
        assertEquals("PPPPJFFFFFP", Kernels.signatures(Kernels.source("adam")).get("adam_step"));
        assertEquals("PPJIJ", Kernels.signatures(Kernels.source("bias")).get("add_bias"));
    }

    @Test
    void launcherRefusesArgumentsOfTheWrongKindOrCount() {
        Launcher.checkArguments("relu_forward", "PPJ", 1L, 2L, 3L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Launcher.checkArguments("relu_forward", "PPJ", 1L, 2L, 3));
        assertTrue(e.getMessage().contains("argument 2 must be a long"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Launcher.checkArguments("add_bias", "PPJIJ", 1L, 2L, 3L, 4L));
        assertThrows(IllegalArgumentException.class, () -> Launcher.checkArguments("adam_step", "F", 1.0));
    }

    /** Every launch("file", "kernel", blocks, args...) in CudaBackend names a declared kernel and passes as many arguments. */
    @Test
    void everyLaunchInTheBackendMatchesAKernelDeclaration() throws IOException {
        Path source = Path.of("src/main/java/joules/tensor/cuda/CudaBackend.java");          // run by Maven in tensor/
        if (!Files.exists(source)) source = Path.of("tensor").resolve(source);               // run from the repository root
        assumeTrue(Files.exists(source), "the sources are not here (tests run from a jar elsewhere)");
        String java = Files.readString(source);
        Matcher m = Pattern.compile("launch\\(\"(\\w+)\", \"(\\w+)\",").matcher(java);
        int launches = 0;
        while (m.find()) {
            String file = m.group(1), kernel = m.group(2);
            String signature = Kernels.signatures(Kernels.source(file)).get(kernel);
            assertNotNull(signature, kernel + " is launched but not declared in " + file + ".cu");
            List<String> args = topLevelArguments(java, m.end());
            assertEquals(signature.length(), args.size() - 1, "launch of " + kernel + " passes " + (args.size() - 1)
                    + " kernel arguments " + args.subList(1, args.size()) + ", the kernel takes " + signature.length());
            launches++;
        }
        assertEquals(10, launches, "kernel launches found in CudaBackend");
    }

    /** The comma-separated arguments from {@code from} up to the call's closing parenthesis. */
    private static List<String> topLevelArguments(String text, int from) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            if (c == ')') {
                if (depth == 0) break;
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().trim());
        return out;
    }

    static String findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
