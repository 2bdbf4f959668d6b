package joules.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges results files (the shards of a sweep, or the sweeps of several machines) into one, in input
 * order. The inputs must have this version's columns and the same training settings, and each
 * (configuration, hardware) may appear once: two rows for one are refused, except an ok row and a failed
 * one, where the ok row is kept in the place of the first and a notice says which row was dropped.
 * An input written by an earlier version, without some of {@link Column#ADDED_LATER}, is merged with those
 * cells empty (a notice says so); the merged file has this version's columns.
 *
 * <p>The output is written whole and atomically to the real file that {@code --out} names (a link stays a link),
 * under the results file's lock ({@link ResultsLock}): a merge into a file that a sweep is writing is refused,
 * so that no row of the sweep is lost to the rename.
 */
public final class Merge {
    private Merge() {}

    /**
     * What a merge did: rows written, notices (the rows it dropped, the inputs of an earlier version), and the
     * warnings a person should read.
     */
    public record Report(int rows, List<String> notices, List<String> warnings) {}

    /** A row of the merged file and where it came from. */
    private record Source(ResultRow row, String where) {}

    /**
     * @throws IllegalArgumentException when an input is missing or malformed, the inputs disagree on a
     *         setting, two rows hold the same configuration on the same hardware (unless one is ok and the
     *         other failed), an input is given twice, {@code out} exists and is not one of the inputs (it would be
     *         overwritten), or another joules run is writing it
     * @throws OutputException when the merged file cannot be written
     */
    public static Report merge(List<Path> inputs, Path out) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("merge needs at least one results file");
        for (int i = 0; i < inputs.size(); i++) {
            for (int j = i + 1; j < inputs.size(); j++) {
                if (sameFile(inputs.get(i), inputs.get(j))) {
                    throw new IllegalArgumentException(inputs.get(j) + " is given twice (as input " + (i + 1) + " and " + (j + 1)
                            + "); give each file once");
                }
            }
        }
        Path target = OutputFiles.target("--out", out);     // a folder, a device, a FIFO: refused before reading
        Merged m = read(inputs);                           // bad inputs are refused before anything is written
        int outAt = -1;
        for (int i = 0; i < inputs.size(); i++) if (sameFile(inputs.get(i), target)) outAt = i;
        if (Files.exists(target) && outAt < 0) {
            throw new IllegalArgumentException(out + " exists and is not one of the inputs; list it as an input to keep its rows, or choose another --out");
        }
        try (ResultsLock lock = ResultsLock.acquire(out, target)) {
            if (outAt >= 0 && !lines(ResultsFile.read(target).rows()).equals(lines(m.inputs().get(outAt).rows()))) {
                throw new IllegalArgumentException(out + " changed while the merge read it (a joules run wrote to it); run the merge again");
            }
            if (lock.unavailable() != null) m.warnings().add(out + " was not locked against a joules run writing it (" + lock.unavailable() + ")");
            OutputFiles.writeAtomically("the merged file", target, ResultsFile.bytes(m.rows()));
            return new Report(m.rows().size(), m.notices(), m.warnings());
        }
    }

    private static List<String> lines(List<ResultRow> rows) {
        return rows.stream().map(ResultRow::toLine).toList();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;       // unreadable: reading it says why
        }
    }

    /** The inputs as read, the merged rows, and what to tell. */
    private record Merged(List<ResultsFile> inputs, List<ResultRow> rows, List<String> notices, List<String> warnings) {}

    private static Merged read(List<Path> inputs) {
        List<ResultsFile> files = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Source> merged = new ArrayList<>();
        Map<String, Integer> indexOf = new HashMap<>();   // key -> position in merged
        ResultsFile reference = null;
        for (Path in : inputs) {
            ResultsFile f = ResultsFile.read(in);
            files.add(f);
            if (f.tornBytes() > 0) warnings.add(in + ": left out a torn last line of " + f.tornBytes() + " bytes (an interrupted write)");
            if (!f.missingColumns().isEmpty()) {
                notices.add(in + " has no " + String.join(", ", Column.headers(f.missingColumns()))
                        + " column (an earlier version's file): left empty in its rows");
            }
            for (ResultsFile.Line l : f.lines()) {
                if (reference == null) reference = f;
                ResultRow first = reference.lines().get(0).row();
                for (Column c : Column.SETTINGS) {
                    if (!l.row().get(c).equals(first.get(c))) {
                        throw new IllegalArgumentException(in + " line " + l.number() + " (" + l.row().id() + ") was trained with "
                                + c.header + " " + l.row().get(c) + ", " + reference.path() + " line " + reference.lines().get(0).number()
                                + " with " + first.get(c) + "; merge only results of the same settings");
                    }
                }
                Source row = new Source(l.row(), in + " line " + l.number());
                Integer earlier = indexOf.putIfAbsent(l.row().key(), merged.size());
                if (earlier == null) merged.add(row);
                else merged.set(earlier, keepOne(merged.get(earlier), row, notices));
            }
        }
        List<ResultRow> rows = new ArrayList<>();
        for (Source s : merged) rows.add(s.row());
        return new Merged(files, rows, notices, warnings);
    }

    /**
     * Of two rows for one configuration on one hardware, the ok one when the other failed (with a notice);
     * any other pair is an error, since which result is meant cannot be told.
     */
    private static Source keepOne(Source first, Source second, List<String> notices) {
        boolean firstOk = first.row().status() == RunStatus.OK;
        boolean secondOk = second.row().status() == RunStatus.OK;
        String what = first.row().id() + " on " + first.row().hardware();
        if (firstOk != secondOk) {
            Source kept = firstOk ? first : second;
            Source dropped = firstOk ? second : first;
            notices.add("kept " + what + " from " + kept.where() + " (ok), dropped " + dropped.where()
                    + " (" + dropped.row().get(Column.STATUS) + ")");
            return kept;
        }
        throw new IllegalArgumentException(what + " is in " + first.where() + " (" + first.row().get(Column.STATUS)
                + ") and in " + second.where() + " (" + second.row().get(Column.STATUS)
                + "); remove one of the two lines, then merge again");
    }
}
