package joules.train.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges results files (the shards of a sweep, or the sweeps of several machines) into one, keeping
 * every row in input order. The inputs must have this version's columns and the same training settings.
 */
public final class Merge {
    private Merge() {}

    /** What a merge did: rows written, and the warnings a person should read. */
    public record Report(int rows, List<String> warnings) {}

    /**
     * @throws IllegalArgumentException when an input is missing or malformed, the inputs disagree on a
     *         setting, or {@code out} exists and is not one of the inputs (it would be overwritten)
     */
    public static Report merge(List<Path> inputs, Path out) throws IOException {
        if (inputs.isEmpty()) throw new IllegalArgumentException("merge needs at least one results file");
        if (Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a folder; give a file name");
        boolean outIsInput = false;
        for (Path in : inputs) outIsInput |= Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out);
        if (Files.exists(out) && !outIsInput) {
            throw new IllegalArgumentException(out + " exists and is not one of the inputs; list it as an input to keep its rows, or choose another --out");
        }
        List<String> warnings = new ArrayList<>();
        List<ResultRow> merged = new ArrayList<>();
        Map<String, String> seenIn = new HashMap<>();
        ResultsFile reference = null;
        for (Path in : inputs) {
            ResultsFile f = ResultsFile.read(in);
            if (f.tornBytes() > 0) warnings.add(in + ": ignored a torn last line of " + f.tornBytes() + " bytes (an interrupted write)");
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
                String where = in + " line " + l.number();
                String earlier = seenIn.putIfAbsent(l.row().key(), where);
                if (earlier != null) {
                    warnings.add(where + ": " + l.row().id() + " on " + l.row().hardware() + " also at " + earlier + " (both kept)");
                }
                merged.add(l.row());
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            ResultsFile.writeAtomically(out, merged);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the merged file " + out + ": " + ResultsFile.describe(e));
        }
        return new Report(merged.size(), warnings);
    }
}
