package joules.results;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output that could not be written (a full disk, a read-only or immutable file): the work stops at once and
 * the command says, in one line, which file and what to do ({@link OutputFiles#describe}). Not a failure of the
 * work itself: a sweep never records a measured run as failed because of it.
 */
public final class OutputException extends RuntimeException {
    private final Path file;

    /** "cannot write WHAT FILE: REASON". */
    public OutputException(String what, Path file, IOException cause) {
        super("cannot write " + what + " " + file + ": " + OutputFiles.describe(cause), cause);
        this.file = file;
    }

    /** The same failure, its message followed by {@code more} ("; run the same command again to resume"). */
    public OutputException(OutputException e, String more) {
        super(e.getMessage() + more, e.getCause());
        this.file = e.file;
    }

    /** The file that could not be written. */
    public Path file() { return file; }
}
