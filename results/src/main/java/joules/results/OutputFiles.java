package joules.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * The files joules writes, written so that nothing a user types loses data:
 * <ul>
 *   <li>{@link #target}: the file a path names is where its symbolic links lead, in its folder's real path,
 *       so that a lock and a rename act on the real file (a link stays a link); a path that exists and is not
 *       a regular file (a folder, /dev/full, a FIFO) is refused before any work;</li>
 *   <li>{@link #writeAtomically}: a file is replaced whole: written to a temporary file beside it (a short
 *       name, so it fits wherever the file's name fits), synced, renamed over the file, and the folder synced;
 *       on any failure the temporary file is deleted and the old file is left as it was;</li>
 *   <li>a file that cannot be written is one {@link OutputException} line naming the file and the fix
 *       ({@link #describe}: a full disk, a read-only or immutable file, a name too long).</li>
 * </ul>
 */
public final class OutputFiles {
    /** The longest file name, in bytes, of Linux's usual file systems (ext4, XFS, Btrfs, tmpfs). */
    public static final int NAME_MAX = 255;

    private OutputFiles() {}

    /**
     * The regular file that writing {@code path} writes: {@code path}, or the end of its symbolic links (a link
     * to a missing file: that file), in the real path of its folder, which is created.
     *
     * @param what how messages name it: "the results file", "--codecarbon-csv"
     * @throws IllegalArgumentException when the path exists and is not a regular file or a link to one, or its
     *         folder cannot be made
     */
    public static Path target(String what, Path path) {
        Path p = path.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) throw new IllegalArgumentException(what + " " + path + ": too many symbolic links (a loop?)");
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p));
            } catch (IOException e) {
                throw new IllegalArgumentException(what + " " + path + ": cannot follow its link (" + describe(e) + ")");
            }
        }
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null) throw new IllegalArgumentException(what + " " + path + " is a folder; give a file name");
        try {
            Files.createDirectories(parent);
            p = parent.toRealPath().resolve(p.getFileName());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + path + ": cannot create its folder " + parent + " (" + describe(e) + ")");
        }
        if (Files.isDirectory(p)) throw new IllegalArgumentException(what + " " + path + " is a folder; give a file name");
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(what + " " + path + (p.equals(path.toAbsolutePath()) ? "" : " (" + p + ")") + " is "
                    + kind(p) + ", not a regular file; give the path of a file");
        }
        return p;
    }

    /** What a path that is not a regular file or a folder is, in words. */
    private static String kind(Path p) {
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            if (type == 0010000) return "a FIFO (named pipe)";
            if (type == 0020000) return "a character device";
            if (type == 0060000) return "a block device";
            if (type == 0140000) return "a socket";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: say it plainly
        }
        return "a special file";
    }

    /**
     * A side file of {@code target}: {@code <name><suffix>} ("r.csv.lock"), or where that name is too long for
     * the file system, {@code <name without its extension><suffix>} ("r.lock"), which readers look for too.
     *
     * @throws IllegalArgumentException when neither fits (at most {@link #NAME_MAX} bytes), naming by how much to
     *         shorten the name: refused before the work starts, not halfway through it
     */
    public static Path beside(String what, Path path, Path target, String suffix) {
        String name = target.getFileName().toString();
        if (bytes(name + suffix) <= NAME_MAX) return target.resolveSibling(name + suffix);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && bytes(name.substring(0, dot) + suffix) <= NAME_MAX) return target.resolveSibling(name.substring(0, dot) + suffix);
        String stem = dot > 0 ? name.substring(0, dot) : name;
        throw new IllegalArgumentException(what + " " + path + ": its name is " + bytes(name) + " bytes long, and joules keeps <name>"
                + suffix + " beside it, which the file system cannot name (at most " + NAME_MAX + " bytes); shorten the name by "
                + (bytes(stem + suffix) - NAME_MAX) + " bytes");
    }

    private static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Checks, before the work starts, that {@code file} can be written: {@link #target}, and its folder takes
     * files. Returns the target.
     */
    public static Path requireWritableFile(String what, Path file) {
        Path target = target(what, file);
        probe(what + " " + file, target.getParent());
        return target;
    }

    /** Checks, before the work starts, that {@code dir} is a folder (made here) that takes files. */
    public static void requireWritableFolder(String what, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException(what + " " + dir + " is a file; give a folder");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + dir + ": cannot create the folder (" + describe(e) + ")");
        }
        probe(what + " " + dir, dir.toAbsolutePath());
    }

    private static void probe(String what, Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".joules-", ".probe"));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot create files in " + dir + " (" + describe(e) + ")");
        }
    }

    /** Writes {@code text} (UTF-8) to the target of {@code file} atomically ({@link #writeAtomically}). */
    public static void write(String what, Path file, String text) {
        writeAtomically(what, target(what, file), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} (an image, say) to the target of {@code file} atomically ({@link #writeAtomically}). */
    public static void write(String what, Path file, byte[] bytes) {
        writeAtomically(what, target(what, file), bytes);
    }

    /**
     * Replaces {@code target} (a {@link #target}) whole with {@code bytes}: a temporary file in the same folder,
     * fsync, rename over the target, fsync of the folder. A failure leaves the target as it was and no temporary file.
     *
     * @throws OutputException "cannot write WHAT FILE: the disk is full ..."
     */
    public static void writeAtomically(String what, Path target, byte[] bytes) {
        Path dir = target.getParent();
        Path tmp = temporaryFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new OutputException(what, target, e);
        }
        syncFolder(dir);
        removeStaleTemporaries(target);
    }

    /**
     * The temporary file that {@link #writeAtomically} writes before renaming it over {@code target}:
     * {@code .joules-<pid>-<hash of the name>.tmp}, under 40 bytes whatever the length of the name. A process killed mid-write
     * leaves its own; the next write of the same file by another process deletes it.
     */
    static Path temporaryFor(Path target) {
        return target.resolveSibling(".joules-" + ProcessHandle.current().pid() + "-" + nameHash(target) + ".tmp");
    }

    private static String nameHash(Path target) {
        return HexFormat.of().toHexDigits(target.getFileName().toString().hashCode());
    }

    /** Deletes the temporaries of {@code target} left by processes that no longer run (killed mid-write). */
    private static void removeStaleTemporaries(Path target) {
        String suffix = "-" + nameHash(target) + ".tmp";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(target.getParent(), ".joules-*" + suffix)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                try {
                    long pid = Long.parseLong(name.substring(".joules-".length(), name.length() - suffix.length()));
                    if (ProcessHandle.of(pid).isEmpty()) deleteQuietly(p);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            // the folder cannot be listed: the temporaries stay, the write succeeded all the same
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more can be done; the message names the file that was to be written
        }
    }

    /** Makes a rename or a new file in {@code dir} durable (Linux: fsync on the folder). */
    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every system can open a folder (Windows); the rename is still atomic there.
        }
    }

    /** An I/O failure in words, with what to do where there is something to do. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied; check the permissions of the file and its folder (ls -l)";
        if (e instanceof FileAlreadyExistsException f) return f.getFile() + " is a file, not a folder";
        if (e instanceof NotDirectoryException f) return f.getFile() + " is not a folder";
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
        if (reason.contains("No space left on device")) return "the disk is full (no space left on device); free space on it or write elsewhere";
        if (reason.contains("Disk quota exceeded")) return "the disk quota is exceeded; free space or write elsewhere";
        if (reason.contains("Read-only file system")) return "the file system is read-only; write elsewhere";
        if (reason.contains("Operation not permitted")) return "operation not permitted (an immutable or append-only file? lsattr shows it)";
        if (reason.contains("File name too long")) return "the file name is too long for this file system; shorten it";
        if (reason.contains("Is a directory")) return "it is a folder, not a file";
        return e.getMessage() == null ? e.getClass().getSimpleName() : reason;
    }
}
