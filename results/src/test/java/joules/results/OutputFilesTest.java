package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where outputs go, how they are replaced, and how a failure is said. */
class OutputFilesTest {
    @TempDir Path dir;

    @Test
    void theTargetIsWhereTheLinksLeadInTheRealFolder() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("alias/r.csv"));     // relative, dangling
        assertEquals(real.toRealPath().resolve("r.csv"), OutputFiles.target("--out", link));
        assertEquals(real.toRealPath().resolve("r.csv"), OutputFiles.target("--out", alias.resolve("r.csv")));
        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        assertEquals("--out " + loop + ": too many symbolic links (a loop?)",
                assertThrows(IllegalArgumentException.class, () -> OutputFiles.target("--out", loop)).getMessage());
    }

    @Test
    void aWholeFileIsReplacedLeavingNoTemporaryAndRemovingThoseOfDeadProcesses() throws IOException {
        Path target = OutputFiles.target("--out", dir.resolve("r.csv"));
        String hash = OutputFiles.temporaryFor(target).getFileName().toString().replaceAll(".*-", "-");
        Path stale = Files.writeString(dir.resolve(".joules-999999999" + hash), "half a file of a killed run");
        Path ours = Files.writeString(OutputFiles.temporaryFor(dir.resolve("other.csv")), "another file's, this process's");
        OutputFiles.writeAtomically("--out", target, "a,b\n".getBytes(StandardCharsets.UTF_8));
        OutputFiles.writeAtomically("--out", target, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("a,b\n1,2\n", Files.readString(target));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(ours));
        assertTrue(OutputFiles.temporaryFor(dir.resolve("x".repeat(250))).getFileName().toString().length() < 40);
    }

    @Test
    void sideFilesFitWhereTheNameFits() {
        Path r = dir.resolve("r.csv");
        assertEquals(dir.resolve("r.csv.power"), OutputFiles.beside("--out", r, r, ".power"));
        Path longName = dir.resolve("r".repeat(246) + ".csv");
        assertEquals(dir.resolve("r".repeat(246) + ".power"), OutputFiles.beside("--out", longName, longName, ".power"));
        assertEquals(dir.resolve("r".repeat(246) + ".csv.lock"), OutputFiles.beside("--out", longName, longName, ".lock"));
        Path tooLong = dir.resolve("r".repeat(252));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OutputFiles.beside("--out", tooLong, tooLong, ".power"))
                .getMessage().endsWith("shorten the name by 3 bytes"));
    }

    @Test
    void failuresAreSaidInWordsWithTheFix() {
        assertEquals("the disk is full (no space left on device); free space on it or write elsewhere",
                OutputFiles.describe(new IOException("No space left on device")));
        assertEquals("the file system is read-only; write elsewhere",
                OutputFiles.describe(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("operation not permitted (an immutable or append-only file? lsattr shows it)",
                OutputFiles.describe(new FileSystemException("/x", null, "Operation not permitted")));
        assertEquals("permission denied; check the permissions of the file and its folder (ls -l)",
                OutputFiles.describe(new AccessDeniedException("/x")));
        assertEquals("the file name is too long for this file system; shorten it",
                OutputFiles.describe(new FileSystemException("/x", null, "File name too long")));
    }

    @Test
    void anUnreadableFileSaysPermissionDeniedNotItsNameTwice() throws IOException {
        Path f = Files.writeString(dir.resolve("secret.csv"), "id\n");
        f.toFile().setReadable(false, false);
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f), "root reads every file");
        assertEquals("cannot read the results file " + f + ": permission denied; check the permissions of the file and its folder (ls -l)",
                assertThrows(IllegalArgumentException.class, () -> ResultsFile.read(f)).getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
