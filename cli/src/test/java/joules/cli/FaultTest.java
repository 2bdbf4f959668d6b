package joules.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import joules.results.Column;
import joules.results.Csv;
import joules.results.ResultRow;
import joules.results.ResultsFile;
import joules.results.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a realistic, unlucky user does to the outputs of {@code joules run} and {@code joules merge}: write through
 * symbolic links, start a second writer, name a device or a FIFO, give a 250-byte name, fill the disk. Each must
 * end in exit 0 with every row kept, or exit 2 with one line that names the file, and never in a torn row, a
 * measured run recorded as failed, a replaced link or a temporary file left behind. The full-disk cases mount a
 * 1 MiB tmpfs, and skip where the test may not mount one (not root, no mount command).
 */
class FaultTest {
    @TempDir Path dir;
    private Path disk;

    private static String[] tinyRun(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--device", "cpu", "--configs", "mlp-L1-H512",
                "--epochs", "1", "--samples", "10", "--idle-seconds", "0", "--warmup-steps", "0", "--sample-ms", "20",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Exit 2, exactly one "joules: " line (after the progress lines), starting so, and no stack trace. */
    private static void assertStopped(Cli.Result r, String start) {
        assertEquals(2, r.exit(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.startsWith("joules: ")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith(start), "expected a line starting with\n" + start + "\ngot\n" + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    private static List<String> temporaries(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    // ---- links and a second writer ----

    @Test
    void aRunThroughALinkWritesTheRealFileAndLocksItForEveryOtherPath() throws Exception {
        Path realDir = Files.createDirectories(dir.resolve("real"));
        Path real = realDir.resolve("a.csv");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), real);       // dangling until the first run
        assertEquals(0, Cli.joules(tinyRun(link)).exit());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(realDir.resolve("a.csv.lock")));
        assertTrue(Files.isRegularFile(realDir.resolve("a.csv.power/mlp-L1-H512.csv")));
        assertEquals(1, ResultsFile.read(real).rows().size());

        Cli.Result forced = Cli.joules(tinyRun(link, "--force"));                  // the row is replaced through the link
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(1, ResultsFile.read(real).rows().size());

        Path alias = Files.createSymbolicLink(dir.resolve("alias"), realDir);     // the folder by another name
        try (ResultsFile held = ResultsFile.openForAppend(alias.resolve("a.csv"))) {
            String busy = " is being written by another joules run (pid " + ProcessHandle.current().pid() + "); wait until it ends";
            assertStopped(Cli.joules(tinyRun(real, "--force")), "joules: " + real + busy);
            assertStopped(Cli.joules(tinyRun(link, "--force")), "joules: " + link + busy);
            Path other = Files.writeString(dir.resolve("other.csv"), Files.readString(real));
            assertStopped(Cli.joules("merge", other.toString(), "--out", link.toString()),
                    "joules: " + link + " exists and is not one of the inputs");
            assertStopped(Cli.joules("merge", real.toString(), "--out", link.toString()), "joules: " + link + busy);
        }
        Cli.Result merged = Cli.joules("merge", link.toString(), "--out", link.toString());   // onto itself, through the link
        assertEquals(0, merged.exit(), merged.err());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(1, ResultsFile.read(real).rows().size());
        assertEquals(List.of(), temporaries(dir));
    }

    @Test
    void aPathThatIsNotARegularFileIsRefusedBeforeAnyWork() throws Exception {
        Path fifo = dir.resolve("fifo.csv");
        Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS), "no mkfifo");
        Assumptions.assumeTrue(Files.exists(fifo), "no mkfifo");
        Thread unblocker = new Thread(() -> {        // should a command open the FIFO, it reads an end, not waits forever
            try {
                Files.newOutputStream(fifo).close();
            } catch (IOException ignored) {
                // the test has ended
            }
        });
        unblocker.setDaemon(true);
        unblocker.start();
        assertStopped(Cli.joules(tinyRun(fifo)), "joules: the results file " + fifo + " is a FIFO (named pipe), not a regular file;");
        assertStopped(Cli.joules(tinyRun(dir.resolve("r.csv"), "--codecarbon-csv", fifo.toString())), "joules: --codecarbon-csv " + fifo
                + " is a FIFO (named pipe), not a regular file;");
        assertStopped(Cli.joules("merge", fifo.toString(), "--out", fifo.toString()), "joules: --out " + fifo + " is a FIFO");
        if (Files.exists(Path.of("/dev/full"))) {
            assertStopped(Cli.joules(tinyRun(Path.of("/dev/full"))), "joules: the results file /dev/full is a character device,");
            Path toDevice = Files.createSymbolicLink(dir.resolve("device.csv"), Path.of("/dev/full"));
            assertStopped(Cli.joules(tinyRun(toDevice)), "joules: the results file " + toDevice + " (/dev/full) is a character device,");
        }
        assertFalse(Files.exists(dir.resolve("r.csv")));
    }

    @Test
    void aLongNameThatTheFileSystemTakesIsUsedWithItsSideFilesBesideIt() throws Exception {
        String name = "r".repeat(246) + ".csv";                                    // 250 bytes: <name>.power would be 256
        Path out = dir.resolve(name);
        Cli.Result r = Cli.joules(tinyRun(out));
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, ResultsFile.read(out).rows().size());
        assertTrue(Files.isRegularFile(dir.resolve("r".repeat(246) + ".power/mlp-L1-H512.csv")));
        assertTrue(Files.isRegularFile(dir.resolve(name + ".lock")));
        assertEquals(List.of(), temporaries(dir));
        Path tooLong = dir.resolve("r".repeat(252));                               // no extension to drop: refused at once
        assertStopped(Cli.joules(tinyRun(tooLong)), "joules: the results file " + tooLong + ": its name is 252 bytes long, and joules"
                + " keeps <name>.power beside it, which the file system cannot name (at most 255 bytes); shorten the name by 3 bytes");
    }

    // ---- an immutable or append-only file ----

    /** chattr +i or +a on a file, or the test is skipped (not root, a file system without attributes). */
    private static void chattr(String flag, Path file) throws Exception {
        boolean done;
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
            done = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            done = false;
        }
        Assumptions.assumeTrue(done, "cannot chattr " + flag + " here");
    }

    @Test
    void anImmutableOrAppendOnlyResultsFileStopsTheRunInOneLine() throws Exception {
        Path out = dir.resolve("r.csv");
        assertEquals(0, Cli.joules(tinyRun(out)).exit());
        byte[] before = Files.readAllBytes(out);
        chattr("+i", out);
        try {
            assertStopped(Cli.joules(tinyRun(out, "--force")), "joules: cannot write the results file " + out
                    + ": operation not permitted (an immutable or append-only file? lsattr shows it)");
        } finally {
            chattr("-i", out);
        }
        chattr("+a", out);                                                        // appends work, a replacement does not
        try {
            assertStopped(Cli.joules(tinyRun(out, "--force")), "joules: cannot write the results file " + out
                    + ": operation not permitted (an immutable or append-only file? lsattr shows it); mlp-L1-H512 keeps its earlier row");
        } finally {
            chattr("-a", out);
        }
        assertArrayEquals(before, Files.readAllBytes(out));
        assertEquals(List.of(), temporaries(dir));
    }

    // ---- a full disk ----

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    /** A 1 MiB tmpfs at dir/disk, or the test is skipped. */
    private Path mountSmallDisk() throws Exception {
        Path at = Files.createDirectories(dir.resolve("disk"));
        boolean mounted;
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", at.toString())
                    .redirectErrorStream(true).start();
            mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            mounted = false;
        }
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root?): the full-disk case is not tested");
        disk = at;
        return at;
    }

    /** Fills the disk to the last byte; deleting the returned file frees it. */
    private static Path fill(Path disk) throws IOException {
        Path filler = disk.resolve("filler");
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            for (int size = 1 << 16; size >= 1; size /= 2) {
                try {
                    while (true) {
                        b.clear().limit(size);
                        while (b.hasRemaining()) ch.write(b);
                    }
                } catch (IOException full) {
                    // this size no longer fits: try half of it
                }
            }
        }
        return filler;
    }

    @Test
    void aFullDiskWhileAPowerTraceIsWrittenStopsTheRunWithoutRecordingAnything() throws Exception {
        Path disk = mountSmallDisk();
        Path out = disk.resolve("r.csv");
        ResultsFile.openForAppend(out).close();                                     // the header is there; then the disk fills
        Path filler = fill(disk);
        Cli.Result r = Cli.joules(tinyRun(out));
        assertStopped(r, "joules: cannot write the power trace " + disk.resolve("r.csv.power/mlp-L1-H512.csv")
                + ": the disk is full (no space left on device); free space on it or write elsewhere; mlp-L1-H512 has no row,"
                + " and running the same command again trains it again");
        assertEquals(List.of(), ResultsFile.read(out).rows());                      // no row, so no "failed" row either
        assertEquals(List.of(), temporaries(disk));

        Files.delete(filler);
        Cli.Result again = Cli.joules(tinyRun(out));
        assertEquals(0, again.exit(), again.err());
        assertEquals(List.of(RunStatus.OK), ResultsFile.read(out).rows().stream().map(ResultRow::status).toList());
    }

    @Test
    void aFullDiskWhileARowIsAppendedLeavesNoTornRow() throws Exception {
        Path disk = mountSmallDisk();
        Path out = disk.resolve("r.csv");
        // the traces go to another disk; the results file ends 20 bytes before the end of a page, so that the
        // next row needs a page the full disk does not have: the write stops part way
        Files.createSymbolicLink(disk.resolve("r.csv.power"), Files.createDirectories(dir.resolve("traces")));
        ResultRow other = new ResultRow().set(Column.ID, "cnn-x").set(Column.HARDWARE, "another machine").set(Column.EPOCHS, 1)
                .set(Column.BATCH_SIZE, 8).set(Column.LR, "0.001").set(Column.SEED, 1).set(Column.SAMPLES, 10)
                .set(Column.DATA, "synthetic").set(Column.STATUS, RunStatus.FAILED.cell());
        int base = (Csv.line(Column.headers()) + "\n" + other.toLine() + "\n").length();
        int pad = Math.floorMod(4096 - 20 - base, 4096);
        ResultsFile.writeAtomically(out, List.of(other.set(Column.ERROR, "x".repeat(pad))));
        byte[] before = Files.readAllBytes(out);
        assertEquals(4096 - 20, before.length % 4096);
        Path filler = fill(disk);

        Cli.Result r = Cli.joules(tinyRun(out));
        assertStopped(r, "joules: cannot write the results file " + out + ": the disk is full (no space left on device);"
                + " free space on it or write elsewhere; mlp-L1-H512 has no row");
        assertArrayEquals(before, Files.readAllBytes(out));                         // the part of the row written is cut off
        assertEquals(List.of(), temporaries(disk));

        Files.delete(filler);
        Cli.Result again = Cli.joules(tinyRun(out));
        assertEquals(0, again.exit(), again.err());
        List<ResultRow> rows = ResultsFile.read(out).rows();
        assertEquals(List.of("cnn-x", "mlp-L1-H512"), rows.stream().map(ResultRow::id).toList());
        assertEquals(RunStatus.OK, rows.get(1).status());
    }

    @Test
    void aFullDiskWhileTheCodeCarbonFileIsWrittenStopsTheRunAndKeepsTheRow() throws Exception {
        Path disk = mountSmallDisk();
        Path out = dir.resolve("r.csv");                                            // results elsewhere, the emissions on the full disk
        Path emissions = disk.resolve("emissions.csv");
        Files.writeString(emissions, "");
        Path filler = fill(disk);
        Cli.Result r = Cli.joules(tinyRun(out, "--codecarbon-csv", emissions.toString()));
        assertStopped(r, "joules: cannot write the CodeCarbon file " + emissions + ": the disk is full");
        assertEquals(1, ResultsFile.read(out).rows().size());                       // recorded before the side file failed
        assertEquals("", Files.readString(emissions, StandardCharsets.UTF_8));      // the old file, whole
        assertEquals(List.of(), temporaries(disk));
        Files.delete(filler);
        Cli.Result again = Cli.joules(tinyRun(out, "--codecarbon-csv", emissions.toString()));
        assertEquals(0, again.exit(), again.err());
        assertEquals(2, Files.readAllLines(emissions).size());
    }
}
