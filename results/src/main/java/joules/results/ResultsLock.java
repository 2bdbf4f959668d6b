package joules.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps two {@code joules run} processes from writing one results file: an exclusive lock (java.nio's
 * {@link FileLock}, fcntl on Linux) on {@code <results>.lock}, held while the results file is open for
 * appending, and by {@code joules merge} while it writes its output. The lock is taken on the real file that the
 * path names ({@link OutputFiles#target}), so that a run through a symbolic link and one through the real path
 * meet at the same lock. The lock file holds its holder's pid, for the message the second run stops with.
 *
 * <p>What blocks is the lock, not the file: the operating system drops the lock when its process ends,
 * however it ends (Ctrl-C, SIGKILL, a crash), so a lock file left behind blocks no one. It is never deleted
 * (deleting a lock file lets a third run lock a new file while a second still waits on the old one); on
 * release its pid is cleared. What a crash or another program may leave at the lock's path is handled without
 * the user: a stale pid or garbage is overwritten, a symbolic link (never joules's) is replaced by a file, and an
 * empty folder is removed; a folder with files in it is someone's, and is refused with one line.
 *
 * <p>The lock is a safety net, not a precondition: where the lock file cannot be made or the file system
 * does not lock (some NFS set-ups), the sweep goes on unlocked and says so ({@link #unavailable}).
 *
 * <p>Within one JVM, java.nio refuses a second lock on a file ({@link OverlappingFileLockException}), and
 * closing any channel of a file drops every lock the process holds on it (POSIX): so the locks this JVM holds
 * are also kept in {@link #HELD}, and a second sweep on the same file is refused from there, before it opens a
 * channel, with the same message.
 */
final class ResultsLock implements AutoCloseable {

    /** The lock files this JVM holds, by file key (device and inode) or, where there is none, by path. */
    private static final Set<Object> HELD = new HashSet<>();

    private final Object key;
    private final FileChannel channel;     // null when no lock is held
    private final FileLock lock;
    private final String unavailable;

    private ResultsLock(Object key, FileChannel channel, FileLock lock, String unavailable) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.unavailable = unavailable;
    }

    /** Why no lock is held ("cannot lock results/x.csv.lock: ..."), or null when it is. */
    String unavailable() { return unavailable; }

    /** What the lock file's name adds to the results file's. */
    static final String SUFFIX = ".lock";

    /** {@code <results>.lock} beside the results file ({@link OutputFiles#beside}: "r.lock" where the name is too long). */
    static Path pathFor(Path results, Path target) {
        return OutputFiles.beside("the results file", results, target, SUFFIX);
    }

    /**
     * Takes the lock of a results file.
     *
     * @param results the results file as the user named it (for messages)
     * @param target  the real file it names ({@link OutputFiles#target}), whose folder exists
     * @return the lock, or where the lock file cannot be made or locked, no lock and the reason
     * @throws IllegalArgumentException "{@code results} is being written by another joules run (pid N)" when
     *         another process or another sweep of this one holds it
     */
    static ResultsLock acquire(Path results, Path target) {
        Path file = pathFor(results, target);
        synchronized (HELD) {
            clearWay(file);
            if (Files.exists(file) && HELD.contains(key(file))) throw busy(results, ProcessHandle.current().pid());
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return new ResultsLock(null, null, null, "cannot create " + file + ": " + reason(e));
            }
            FileLock lock;
            try {
                lock = tryLock(ch);
            } catch (IOException e) {
                closeQuietly(ch);
                return new ResultsLock(null, null, null, "cannot lock " + file + ": " + reason(e));
            }
            if (lock == null) {
                String pid = holder(ch);
                closeQuietly(ch);
                throw busy(results, pid);
            }
            writePid(ch);
            Object key = key(file);
            HELD.add(key);
            return new ResultsLock(key, ch, lock, null);
        }
    }

    /**
     * Makes room for the lock file where something else is at its path: a symbolic link (joules never makes one;
     * writing the pid through it would truncate whatever it points to) is deleted, and so is an empty folder.
     *
     * @throws IllegalArgumentException for a folder with files in it
     */
    private static void clearWay(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                Files.delete(file);
            } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(file);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new IllegalArgumentException(file + " is a folder with files in it, where joules keeps the lock file of "
                    + file.getFileName().toString().replaceFirst("\\.lock$", "") + "; move that folder away or choose another --out");
        } catch (IOException e) {
            // left as it is: opening it below says why no lock can be taken
        }
    }

    /** The lock, or null when another process holds it or (not through {@link #HELD}) this JVM does. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** What went wrong, without the path that the caller names already. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return OutputFiles.describe(e);
    }

    private static IllegalArgumentException busy(Path results, Object pid) {
        return new IllegalArgumentException(results + " is being written by another joules run (pid " + pid
                + "); wait until it ends, or write elsewhere");
    }

    /** The holder's pid as it wrote it, or "unknown" (it writes it a moment after taking the lock). */
    private static String holder(FileChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(32);
        try {
            ch.read(buf, 0);                  // a pid and a line break: one read
        } catch (IOException e) {
            return "unknown";
        }
        String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
        return pid.matches("[0-9]+") ? pid : "unknown";
    }

    /** The pid into the lock file, for the message of a second run; without it that message says "unknown". */
    private static void writePid(FileChannel ch) {
        ByteBuffer buf = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            ch.truncate(0);
            while (buf.hasRemaining()) ch.write(buf, buf.position());
            ch.force(false);
        } catch (IOException ignored) {
            // a full disk: the lock holds all the same
        }
    }

    /** What identifies the file for {@link #HELD}: its file key, else its absolute path. */
    private static Object key(Path file) {
        try {
            Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (k != null) return k;
        } catch (IOException ignored) {
            // no attributes: the path identifies it
        }
        return file.toAbsolutePath().normalize();
    }

    /** Clears the pid and releases the lock. Releasing twice does nothing more. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (channel == null || !channel.isOpen()) return;
            HELD.remove(key);
            try {
                channel.truncate(0);
                lock.release();
            } catch (IOException ignored) {
                // closing the channel below releases the lock all the same
            } finally {
                closeQuietly(channel);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing was written through it that closing could lose
        }
    }
}
