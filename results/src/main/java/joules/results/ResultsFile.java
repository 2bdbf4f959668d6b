package joules.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A results file: a header line, then one complete line per finished configuration.
 *
 * <p>Reading. Every reader (run, merge, analyze, normalize, report) applies the same rules: those of
 * {@link CsvTable} (UTF-8, a byte-order mark dropped, a torn last line left out with a warning, a line of the
 * wrong length an error), then {@link #validate}: each cell by its column's kind ({@link Column#problem}), an
 * ok row has its energy, and a configuration appears once per hardware. Errors name file, line and column.
 *
 * <p>Crash safety. A row is written only once its configuration has finished, and it is written whole:
 * a new row is one {@code write} call on a file opened with {@code O_APPEND}, followed by {@code fsync};
 * a row that replaces an older one (a redone configuration) goes through a temporary file that is
 * renamed over the old one ({@link OutputFiles#writeAtomically}). A process killed with SIGKILL therefore leaves
 * either the complete row or none. A write that fails (a full disk, an immutable file) is cut back off the file
 * and stops the sweep ({@link OutputException}). Should a torn last line appear anyway (a power cut before the
 * data reached the disk), readers leave it out and {@link #openForAppend} cuts it off before writing.
 *
 * <p>One writer. While a sweep has the file open for appending it holds an exclusive lock on
 * {@code <file>.lock} ({@link ResultsLock}), taken on the real file ({@link OutputFiles#target}), so that a
 * second {@code joules run} on the same file, by any path or link, stops at once, and so does a merge into it.
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
    private final boolean endsWithLineBreak;
    private final List<Column> missing;
    private Path target;
    private FileChannel appender;
    private ResultsLock lock;

    private ResultsFile(Path path, List<Line> lines, long tornBytes, boolean endsWithLineBreak, List<Column> missing) {
        this.path = path;
        this.lines = lines;
        this.tornBytes = tornBytes;
        this.endsWithLineBreak = endsWithLineBreak;
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

    /** Bytes of a torn last line that reading left out (0 in every normal case). */
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
        return parse(path, InputFiles.readBytes(path, "results file", InputFiles.MAX_TEXT_BYTES));
    }

    /**
     * Opens a results file for a sweep: follows its links to the real file ({@link OutputFiles#target}), refusing
     * anything but a regular file, creates its folder, takes its lock ({@link ResultsLock}), creates the file with
     * the header when it is absent or empty, checks its rows (an earlier version's file is rewritten with this
     * version's header), cuts off a torn last line, and keeps it open for appending until {@link #close}, which
     * releases the lock.
     *
     * @throws IllegalArgumentException when another joules run is writing the file, the path cannot be
     *         written, is not a regular file, or the file has other columns or a malformed line
     */
    public static ResultsFile openForAppend(Path path) {
        Path target = OutputFiles.target("the results file", path);
        OutputFiles.beside("the results file", path, target, PowerTrace.SUFFIX);     // refused now, not after the first run
        ResultsLock lock = ResultsLock.acquire(path, target);
        try {
            ResultsFile file = openLocked(path, target);
            file.lock = lock;
            return file;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** {@link #openForAppend} once the lock is held. */
    private static ResultsFile openLocked(Path path, Path target) {
        try {
            if (!Files.exists(target) || Files.size(target) == 0) OutputFiles.writeAtomically("the results file", target, bytes(List.of()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the results file " + path + ": " + OutputFiles.describe(e));
        }
        ResultsFile file;
        try {
            file = parse(path, InputFiles.readBytes(target, "results file", InputFiles.MAX_TEXT_BYTES));
        } catch (IllegalArgumentException e) {
            boolean other = e.getMessage().contains("not a results file");
            throw new IllegalArgumentException(e.getMessage() + (other ? "; choose another --out" : "; correct the file, or choose another --out"), e);
        }
        file.target = target;
        if (!file.missing.isEmpty()) {        // an earlier version's file: this version's header, the same rows
            OutputFiles.writeAtomically("the results file", target, bytes(file.rows()));
        }
        try {
            file.appender = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the results file " + path + ": " + OutputFiles.describe(e));
        }
        try {
            if (file.tornBytes > 0 && file.missing.isEmpty()) {   // (a rewrite has dropped it already)
                file.appender.truncate(file.appender.size() - file.tornBytes);
                file.appender.force(true);
            } else if (!file.endsWithLineBreak && file.missing.isEmpty()) {
                file.appendBytes("\n");                            // a last line saved without its line break
            }
        } catch (IOException e) {
            file.close();
            throw new OutputException("the results file", path, e);
        }
        return file;
    }

    /**
     * Records a finished configuration: appended as one write when it is new; when the file already
     * holds a row with the same key, the file is rewritten with the new row in place of the old one.
     *
     * @throws OutputException when the file cannot be written (a full disk): the file is as it was before
     * @throws IllegalStateException for a row that breaks the rules of the file (a bug: readers would refuse it)
     */
    public synchronized void record(ResultRow row) {
        if (appender == null) throw new IllegalStateException(path + " is not open for appending");
        String problem = row.problem();
        if (problem != null) throw new IllegalStateException("refusing to write a row that readers would refuse: " + row.id() + ": " + problem);
        int replaced = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).row().key().equals(row.key())) replaced = i;
        if (replaced < 0) {
            try {
                appendBytes(row.toLine() + "\n");
            } catch (IOException e) {
                throw new OutputException("the results file", path, e);
            }
            lines.add(new Line(lines.isEmpty() ? 2 : lines.get(lines.size() - 1).number() + 1, row));
            return;
        }
        List<ResultRow> rows = rows();
        rows.set(replaced, row);
        OutputFiles.writeAtomically("the results file", target, bytes(rows));
        try {
            appender.close();
            appender = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            appender = null;
            throw new OutputException("the results file", path, e);
        }
        lines.clear();
        for (int i = 0; i < rows.size(); i++) lines.add(new Line(i + 2, rows.get(i)));
    }

    /**
     * Appends {@code text} in one write and syncs it; when the write fails part way (a full disk), what it wrote
     * is cut off again, so that the file never ends in a torn line.
     */
    private void appendBytes(String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long before = appender.size();
        try {
            // One write(2) for a heap buffer of this size; the loop only guards against a short write.
            while (buf.hasRemaining()) appender.write(buf);
            appender.force(false);
        } catch (IOException e) {
            try {
                appender.truncate(before);
                appender.force(false);
            } catch (IOException ignored) {
                // nothing was written (an immutable file), or the torn line is cut off at the next open
            }
            throw e;
        }
    }

    /** Closes the file and releases its lock; closing twice does nothing more. */
    @Override
    public synchronized void close() {
        try {
            if (appender != null) appender.close();
        } catch (IOException ignored) {
            // every row was synced when it was written: closing loses nothing
        } finally {
            appender = null;
            if (lock != null) lock.close();
        }
    }

    /**
     * Writes a results file whole, the header and these rows, atomically ({@link OutputFiles#writeAtomically}) to
     * the file {@code path} names ({@link OutputFiles#target}).
     *
     * @throws OutputException when it cannot be written
     */
    public static void writeAtomically(Path path, List<ResultRow> rows) {
        OutputFiles.writeAtomically("the results file", OutputFiles.target("the results file", path), bytes(rows));
    }

    static byte[] bytes(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(Csv.line(Column.headers())).append('\n');
        for (ResultRow r : rows) sb.append(r.toLine()).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ResultsFile parse(Path path, byte[] bytes) {
        String expected = Csv.line(Column.headers());
        if (bytes.length == 0) {
            throw new IllegalArgumentException(path + " is empty: not a results file (line 1 should be the header '"
                    + abbreviate(expected) + "')");
        }
        CsvTable table = CsvTable.parse(path, InputFiles.decode(path, bytes));
        List<Column> columns = columnsOf(table.header());
        if (columns == null) {
            String found = Csv.line(table.header());
            throw new IllegalArgumentException(path + " is not a results file of this version: line 1 is '"
                    + abbreviate(found) + "', expected '" + abbreviate(expected) + "'" + firstDifference(table.header(), Column.headers()));
        }
        validate(table);
        List<Line> lines = new ArrayList<>();
        for (CsvTable.Row r : table.rows()) lines.add(new Line(r.line(), ResultRow.of(columns, r.fields())));
        List<Column> missing = new ArrayList<>(List.of(Column.values()));
        missing.removeAll(columns);
        long torn = table.torn() == null ? 0 : table.torn().bytes();
        return new ResultsFile(path, lines, torn, bytes[bytes.length - 1] == '\n' || torn > 0, List.copyOf(missing));
    }

    /**
     * The rules every reader applies to the rows of a table whose header names results columns (a file of this
     * version, an earlier one, or only some columns, as a person may write for {@code joules analyze}):
     * every cell of a known column by its kind ({@link Column#problem}), an ok row has its energy_j, and a
     * configuration appears once per hardware. Columns it does not know are not checked.
     *
     * @throws IllegalArgumentException naming file, line and column of the first cell that breaks a rule
     */
    public static void validate(CsvTable table) {
        Map<Column, Integer> at = new HashMap<>();
        for (int i = 0; i < table.header().size(); i++) {
            Column c = Column.ofHeader(table.header().get(i));
            if (c != null) at.putIfAbsent(c, i);
        }
        Integer id = at.get(Column.ID);
        Integer hardware = at.get(Column.HARDWARE);
        Integer status = at.get(Column.STATUS);
        Map<String, Integer> firstLine = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String rowStatus = status == null ? "" : row.fields().get(status);
            for (Map.Entry<Column, Integer> e : at.entrySet()) {
                String p = problem(e.getKey(), row.fields().get(e.getValue()), rowStatus);
                if (p != null) throw new IllegalArgumentException(table.where(row, e.getValue(), e.getKey().header) + ": " + p);
            }
            if (id == null) continue;
            String hw = hardware == null ? "" : row.fields().get(hardware);
            Integer first = firstLine.putIfAbsent(row.fields().get(id) + "\u0000" + hw, row.line());
            if (first != null) {
                throw new IllegalArgumentException(table.where(row, id, "id") + ": '" + row.fields().get(id) + "'"
                        + (hardware == null ? "" : " on hardware '" + hw + "'") + " is also on line " + first
                        + "; keep one of the two lines");
            }
        }
    }

    /** {@link Column#problem}, and an ok row's energy_j must be there. */
    static String problem(Column c, String cell, String status) {
        String p = c.problem(cell);
        if (p == null && c == Column.ENERGY_J && cell.isEmpty() && status.trim().equalsIgnoreCase(RunStatus.OK.cell())) {
            return "is empty, but the row's status is ok (an ok run has its energy)";
        }
        return p;
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

    private static String abbreviate(String s) { return s.length() <= 60 ? s : s.substring(0, 57) + "..."; }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return " (column " + (i + 1) + " is '" + a.get(i) + "', expected '" + b.get(i) + "')";
            }
        }
        return a.size() == b.size() ? "" : " (" + a.size() + " columns, expected " + b.size() + ")";
    }
}
