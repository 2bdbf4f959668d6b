package joules.audio;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DESED's weak-label TSV: a header line naming the columns {@code filename} and {@code event_labels}
 * (tab-separated, in any order, other columns ignored), then one clip per line with its labels comma-separated:
 * <pre>
 * filename	event_labels
 * Y00pbt6aJV8Q_350.000_360.000.wav	Dog,Speech
 * </pre>
 * Blank lines are skipped. A missing column is an {@link IllegalArgumentException} naming the file and line.
 * An empty label cell gives an entry with no labels, and label names are not checked here: the loader
 * skips such clips and says which and where.
 */
public final class WeakLabels {
    /** One clip of the TSV: its 1-based line number, file name and label names as written. */
    public record Entry(int line, String filename, List<String> labels) {}

    private WeakLabels() {}

    /** The largest labels file read: DESED's weak labels are 90 kB. */
    static final long MAX_BYTES = 64L << 20;

    public static List<Entry> read(Path tsv) {
        List<String> lines;
        try {
            if (Files.isDirectory(tsv)) throw new IllegalArgumentException("labels file " + tsv + " is a folder, not a file");
            if (Files.size(tsv) > MAX_BYTES) {
                throw new IllegalArgumentException("labels file " + tsv + " is larger than " + (MAX_BYTES >> 20) + " MiB; is it the right file?");
            }
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("labels file " + tsv + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read the labels file " + tsv + ": permission denied; check its permissions (ls -l)");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("labels file " + tsv + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the labels file " + tsv + ": " + e.getMessage());
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(tsv + " is empty; expected a header line 'filename<TAB>event_labels'");
        List<String> header = Arrays.asList(clean(lines.get(0)).split("\t", -1));
        int nameColumn = header.indexOf("filename");
        int labelColumn = header.indexOf("event_labels");
        if (nameColumn < 0 || labelColumn < 0) {
            throw new IllegalArgumentException(tsv + ", line 1: the header must name the columns 'filename' and 'event_labels' (tab-separated), found "
                    + header);
        }
        int columns = Math.max(nameColumn, labelColumn) + 1;
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = clean(lines.get(i));
            if (line.isBlank()) continue;
            String[] cells = line.split("\t", -1);
            if (cells.length < columns) {
                throw new IllegalArgumentException(String.format("%s, line %d: %d tab-separated column%s, the header needs %d (filename, event_labels)",
                        tsv, i + 1, cells.length, cells.length == 1 ? "" : "s", columns));
            }
            String name = cells[nameColumn].trim();
            if (name.isEmpty()) throw new IllegalArgumentException(tsv + ", line " + (i + 1) + ": the filename column is empty");
            List<String> labels = new ArrayList<>();
            for (String label : cells[labelColumn].split(",")) if (!label.isBlank()) labels.add(label.trim());
            entries.add(new Entry(i + 1, name, List.copyOf(labels)));
        }
        return entries;
    }

    /** Drops a byte-order mark and a Windows line end. */
    private static String clean(String line) {
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
