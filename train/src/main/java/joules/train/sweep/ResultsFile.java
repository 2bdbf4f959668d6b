package joules.train.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A results file: a header line, then one complete line per finished configuration.
 *
 * <p>Crash safety. A row is written only once its configuration has finished, and it is written whole:
 * a new row is one {@code write} call on a file opened with {@code O_APPEND}, followed by {@code fsync};
 * a row that replaces an older one (a redone configuration) goes through a temporary file that is
 * renamed over the old one. A process killed with SIGKILL therefore leaves either the complete row or
 * none. Should a torn last line ever appear anyway (a full disk, a power cut before the data reached
 * the disk), readers ignore it and {@link #openForAppend} cuts it off before writing.
 *
 * <p>One writer. While a sweep has the file open for appending it holds an exclusive lock on
 * {@code <file>.lock} ({@link ResultsLock}): a second {@code joules run} on the same file stops at once.
 *
 * <p>Earlier versions. A file written before a column of {@link Column#ADDED_LATER} existed lacks it: it
 * reads with that column's cells empty ({@link #missingColumns}), and {@link #openForAppend} rewrites it
 * with this version's header first (its rows unchanged), so that new rows and old ones have the same cells.
 */
public final class ResultsFile implements AutoCloseable {

    /** A complete row and its line number in the file (the header is line 1). */
    public record Line(int number, ResultRow row) {}

    private final Path path;
    private final List<Line> lines;
    private final long tornBytes;
    private final List<Column> missing;
    private FileChannel appender;
    private ResultsLock lock;

    private ResultsFile(Path path, List<Line> lines, long tornBytes, List<Column> missing) {
        this.path = path;
        this.lines = lines;
        this.tornBytes = tornBytes;
        this.missing = missing;
    }

    public Path path() { return path; }

    /** The complete rows, in file order. */
    public List<Line> lines() { return List.copyOf(lines); }

    public List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        for (Line l : lines) rows.add(l.row());
        return rows;
    }

    /** Bytes of a torn last line that reading ignored (0 in every normal case). */
    public long tornBytes() { return tornBytes; }

    /**
     * The columns of this version that the file's header lacked (an earlier version wrote it): their cells
     * read as empty. After {@link #openForAppend} the file on disk has them (the list says what was added).
     */
    public List<Column> missingColumns() { return missing; }

    /**
     * Null while this file is locked against a second writer or was only read; for a file open for appending
     * whose lock could not be taken (a file system without locks), why ({@link ResultsLock}).
     */
    public String notLockedBecause() { return lock == null ? null : lock.unavailable(); }

    /** The latest row for this configuration on this hardware, if any. */
    public Optional<ResultRow> find(String key) {
        ResultRow found = null;
        for (Line l : lines) if (l.row().key().equals(key)) found = l.row();
        return Optional.ofNullable(found);
    }

    /**
     * Checks that every row was trained with these settings (a file holds one experiment).
     *
     * @throws IllegalArgumentException naming the line and the first setting that differs
     */
    public void requireSettings(Map<Column, String> settings, String advice) {
        for (Line l : lines) {
            for (Map.Entry<Column, String> s : settings.entrySet()) {
                String theirs = l.row().get(s.getKey());
                if (!theirs.equals(s.getValue())) {
                    throw new IllegalArgumentException(path + " line " + l.number() + " (" + l.row().id()
                            + ") was trained with " + s.getKey().header + " " + theirs + ", this run uses "
                            + s.getValue() + "; " + advice);
                }
            }
        }
    }

    /**
     * Reads a results file that must exist and have this version's columns, or an earlier version's
     * (lacking some of {@link Column#ADDED_LATER}).
     *
     * @throws IllegalArgumentException when it is missing, unreadable, has other columns or a malformed line
     */
    public static ResultsFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("results file " + path + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read results file " + path + ": " + e.getMessage());
        }
        return parse(path, bytes);
    }

    /**
     * Opens a results file for a sweep: creates its folder, takes its lock ({@link ResultsLock}), creates
     * the file with the header when it is absent or empty, checks its columns otherwise (an earlier version's
     * file is rewritten with this version's header), cuts off a torn last line, and keeps it open for
     * appending until {@link #close}, which releases the lock.
     *
     * @throws IllegalArgumentException when another joules run is writing the file, the path cannot be
     *         written or the file has other columns
     */
    public static ResultsFile openForAppend(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the folder " + parent + " for the results file "
                    + path + ": " + describe(e));
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("the results file " + path + " is a folder; give a file name");
        }
        ResultsLock lock = ResultsLock.acquire(path);
        try {
            ResultsFile file = openLocked(path);
            file.lock = lock;
            return file;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** {@link #openForAppend} once the folder exists and the lock is held. */
    private static ResultsFile openLocked(Path path) {
        try {
            if (!Files.exists(path) || Files.size(path) == 0) {
                try {
                    writeAtomically(path, List.of());
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write the results file " + path + ": " + describe(e));
                }
            }
            ResultsFile file;
            try {
                file = read(path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; choose another --out", e);
            }
            if (!file.missing.isEmpty()) {      // an earlier version's file: this version's header, the same rows
                try {
                    writeAtomically(path, file.rows());
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot add the column(s) " + String.join(", ", Column.headers(file.missing))
                            + " to the results file " + path + ": " + describe(e));
                }
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write the results file " + path + ": " + describe(e));
            }
            if (file.tornBytes > 0 && file.missing.isEmpty()) {   // (a rewrite has dropped it already)
                ch.truncate(ch.size() - file.tornBytes);
                ch.force(true);
            }
            file.appender = ch;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a finished configuration: appended as one write when it is new; when the file already
     * holds a row with the same key, the file is rewritten with the new row in place of the old one.
     */
    public synchronized void record(ResultRow row) {
        if (appender == null) throw new IllegalStateException(path + " is not open for appending");
        try {
            int replaced = -1;
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).row().key().equals(row.key())) replaced = i;
            if (replaced < 0) {
                appendLine(row.toLine());
                lines.add(new Line(lines.isEmpty() ? 2 : lines.get(lines.size() - 1).number() + 1, row));
            } else {
                List<ResultRow> rows = rows();
                rows.set(replaced, row);
                rows.removeIf(r -> r != row && r.key().equals(row.key()));
                appender.close();
                writeAtomically(path, rows);
                appender = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                lines.clear();
                for (int i = 0; i < rows.size(); i++) lines.add(new Line(i + 2, rows.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private void appendLine(String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        // One write(2) for a heap buffer of this size; the loop only guards against a short write.
        while (buf.hasRemaining()) appender.write(buf);
        appender.force(false);
    }

    /** Closes the file and releases its lock; closing twice does nothing more. */
    @Override
    public synchronized void close() {
        if (appender == null) return;
        try {
            appender.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            appender = null;
            if (lock != null) lock.close();
            lock = null;
        }
    }

    /** The header and these rows written to a temporary file, synced, then renamed over {@code path}. */
    public static void writeAtomically(Path path, List<ResultRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(Csv.line(Column.headers())).append('\n');
        for (ResultRow r : rows) sb.append(r.toLine()).append('\n');
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(dir);
    }

    /** Makes a rename or a new file in {@code dir} durable (Linux: fsync on the folder). */
    static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every system can open a folder (Windows); the rename is still atomic there.
        }
    }

    static ResultsFile parse(Path path, byte[] bytes) {
        int end = bytes.length;                               // everything after the last '\n' is torn
        while (end > 0 && bytes[end - 1] != '\n') end--;
        long torn = bytes.length - end;
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        String[] split = text.split("\n", -1);
        String expected = Csv.line(Column.headers());
        if (bytes.length == 0) {
            throw new IllegalArgumentException(path + " is empty: not a results file (line 1 should be the header '"
                    + abbreviate(expected) + "')");
        }
        List<Column> columns = end == 0 ? null : columnsOf(Csv.cells(stripCr(split[0])));
        if (columns == null) {
            String found = end == 0 ? new String(bytes, StandardCharsets.UTF_8) : stripCr(split[0]);
            throw new IllegalArgumentException(path + " is not a results file of this version: line 1 is '"
                    + abbreviate(found) + "', expected '" + abbreviate(expected) + "'" + firstDifference(found, expected));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 1; i < split.length - 1; i++) {       // the last piece is the empty text after the final '\n'
            String line = stripCr(split[i]);
            if (line.isBlank()) continue;
            ResultRow row = ResultRow.parse(columns, line);
            if (row == null) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + ": " + Csv.cells(line).size()
                        + " cells, expected " + columns.size() + " (the header's); the file was edited or is corrupt");
            }
            try {
                row.status();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + " line " + (i + 1) + ": unknown status '"
                        + row.get(Column.STATUS) + "'");
            }
            lines.add(new Line(i + 1, row));
        }
        List<Column> missing = new ArrayList<>(List.of(Column.values()));
        missing.removeAll(columns);
        return new ResultsFile(path, lines, torn, List.copyOf(missing));
    }

    /**
     * The columns a header names, when it is this version's header or an earlier one's: this version's
     * columns in order, less some of {@link Column#ADDED_LATER}; null for any other header.
     */
    static List<Column> columnsOf(List<String> header) {
        List<Column> columns = new ArrayList<>();
        for (Column c : Column.values()) {
            if (!Column.ADDED_LATER.contains(c) || header.contains(c.header)) columns.add(c);
        }
        return Column.headers(columns).equals(header) ? columns : null;
    }

    private static String stripCr(String s) { return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s; }

    private static String abbreviate(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }

    private static String firstDifference(String found, String expected) {
        List<String> a = Csv.cells(found), b = Csv.cells(expected);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return " (column " + (i + 1) + " is '" + a.get(i) + "', expected '" + b.get(i) + "')";
            }
        }
        return a.size() == b.size() ? "" : " (" + a.size() + " columns, expected " + b.size() + ")";
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException n) return "cannot create " + n.getFile();
        if (e instanceof java.nio.file.FileAlreadyExistsException) return e.getMessage() + " is a file, not a folder";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
