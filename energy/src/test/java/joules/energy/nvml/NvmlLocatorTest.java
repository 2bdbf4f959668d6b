package joules.energy.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding libnvidia-ml.so.1, and a clean one-line report when it is absent or broken. */
class NvmlLocatorTest {
    @TempDir
    Path dir;

    @Test
    void absentLibraryIsReportedWithEveryPlaceLooked() throws IOException {
        Path stub = Files.createDirectories(dir.resolve("cuda/lib64/stubs")).resolve(NvmlLocator.SONAME);
        Files.writeString(stub, "stub");
        NvmlLocator locator = new NvmlLocator(List.of(dir.resolve("a").resolve(NvmlLocator.SONAME), stub));
        NvmlUnavailableException e = assertThrows(NvmlUnavailableException.class, () -> Nvml.open(locator));
        assertEquals("libnvidia-ml.so.1 not found (is the NVIDIA driver installed? set JOULES_NVML_LIB to its folder); looked in: "
                + dir.resolve("a/libnvidia-ml.so.1") + ", " + stub + " (stub, skipped)", e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryIsReportedCleanly() throws IOException {
        Path bogus = Files.writeString(dir.resolve(NvmlLocator.SONAME), "not an ELF file");
        NvmlUnavailableException e = assertThrows(NvmlUnavailableException.class, () -> Nvml.open(new NvmlLocator(List.of(bogus))));
        assertTrue(e.getMessage().startsWith("found " + bogus + " but could not load it: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void firstExistingCandidateWins() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a")).resolve(NvmlLocator.SONAME);
        Path b = Files.createDirectories(dir.resolve("b")).resolve(NvmlLocator.SONAME);
        Files.writeString(b, "b");
        Files.writeString(Files.createDirectories(dir.resolve("c")).resolve(NvmlLocator.SONAME), "c");
        assertEquals(b, new NvmlLocator(List.of(a, b, dir.resolve("c").resolve(NvmlLocator.SONAME))).find().orElseThrow());
    }

    @Test
    void ldconfigLinesOfThisArchitectureOnly() {
        List<String> lines = List.of("1234 libs found in cache `/etc/ld.so.cache'",
                "\tlibnvidia-ml.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
                "\tlibnvidia-ml.so.1 (libc6) => /usr/lib/i386-linux-gnu/libnvidia-ml.so.1",
                "\tlibnvidia-ml.so (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-ml.so",
                "\tlibnvidia-ml.so.1 (libc6,AArch64) => /usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1");
        assertEquals(List.of(Path.of("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1")), NvmlLocator.parseLdconfig(lines, "amd64"));
        assertEquals(List.of(Path.of("/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1")), NvmlLocator.parseLdconfig(lines, "aarch64"));
    }

    @Test
    void stubFoldersAreRecognised() {
        assertTrue(NvmlLocator.isStub(Path.of("/usr/local/cuda-13.0/lib64/stubs/libnvidia-ml.so.1")));
        assertTrue(!NvmlLocator.isStub(Path.of("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1")));
    }

    @Test
    void initFailuresSayWhatToDo() {
        Path f = Path.of("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
        assertEquals("driver/library version mismatch: " + f + " does not match the loaded kernel module (reboot, or reload the"
                + " nvidia module after a driver update): Driver/library version mismatch (18)",
                Nvml.initFailure(18, "Driver/library version mismatch", f));
        assertTrue(Nvml.initFailure(9, "Driver Not Loaded", f).startsWith("the NVIDIA kernel driver is not loaded"));
    }
}
