package joules.regression.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import joules.results.CsvTable;

/**
 * The output folder of the paper authors' toolbox (github.com/ConstanceDws/toolbox_energy, main.py). Each
 * job appends to {@code metadata.txt} one line per run, fields separated by ';', no header:
 *
 * <pre>  node;job_id;run_N;start_time;stop_time;model;flops;macs;params;num_frame;num_layers;hidden_size;batch_size
 *   grue-3;1234567;run_0;1700000000.0;1700000600.0;crnn;112592138;4719232;26250;64;[1, 1];[64, 64];8</pre>
 *
 * FLOPs, MACs and parameters are the DeepSpeed profiler's for one input (1, 1, 128, num_frame), taken as
 * given. The run's energy is in {@code run_N/codecarbon/emissions.csv} beside metadata.txt: its last row's
 * {@code gpu_energy} (kWh, read by {@link CodeCarbonFormat}), as the authors' results.py reads it. The
 * hardware is that row's {@code gpu_model}, else the node's cluster (the node name up to its first '-').
 * Configuration ids follow joules's names: model mlp/cnn/rnn with num_layers L and hidden_size H is
 * {@code mlp-L<L>-H<H>}; crnn with num_layers [C, R] and hidden_size [c, h] is {@code crnn-C<C>R<R>-H<c>x<h>};
 * a num_frame other than the study's 64 appends {@code -F<num_frame>}.
 */
public final class ToolboxFormat implements ResultsFormat {
    /** The fields of a metadata line, in order (the file itself has no header). */
    public static final List<String> FIELDS = List.of("node", "job_id", "run", "start_time", "stop_time", "model", "flops", "macs",
            "params", "num_frame", "num_layers", "hidden_size", "batch_size");
    static final int STUDY_FRAMES = 64;

    @Override
    public String name() {
        return "toolbox_energy metadata.txt";
    }

    /** Whether a file's text is a toolbox metadata.txt: its first non-blank line has 13 fields separated by ';'. */
    public static boolean isMetadata(String text) {
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) return line.split(";", -1).length == FIELDS.size();
        }
        return false;
    }

    /**
     * The lines of a metadata.txt as a table whose header is {@link #FIELDS}; line numbers are the file's. A torn
     * last line (no line break, fewer fields) is left out and reported in {@link CsvTable#torn}, as in a CSV file.
     */
    public static CsvTable table(Path file, String text) {
        List<String> lines = List.of(text.split("\r?\n", -1));
        List<CsvTable.Row> rows = new ArrayList<>();
        CsvTable.Torn torn = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> fields = Arrays.stream(lines.get(i).split(";", -1)).map(String::trim).toList();
            boolean last = i == lines.size() - 1;                  // no line break after it
            if (last && fields.size() < FIELDS.size() && !rows.isEmpty()) {
                torn = new CsvTable.Torn(i + 1, lines.get(i).getBytes(StandardCharsets.UTF_8).length);
                break;
            }
            if (fields.size() != FIELDS.size()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + fields.size() + " fields separated by ';';"
                        + " a toolbox metadata line has " + FIELDS.size() + ": " + String.join(";", FIELDS));
            }
            rows.add(new CsvTable.Row(i + 1, fields));
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": line 1: the file is empty");
        return new CsvTable(file, FIELDS, rows, torn);
    }

    @Override
    public boolean recognises(List<String> header) {
        return header.equals(FIELDS);
    }

    @Override
    public List<HardwareResults> read(CsvTable table, List<String> notices) {
        Path folder = table.file().toAbsolutePath().getParent();
        Map<String, List<ConfigResult>> byHardware = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String id = configurationId(table, row);
            double flops = CodeCarbonFormat.number(table, row, FIELDS.indexOf("flops"), "flops");
            double params = CodeCarbonFormat.number(table, row, FIELDS.indexOf("params"), "params");
            CodeCarbonFormat.Run run = energy(table, row, folder);
            String key = run.hardware() + "\u0000" + id;
            Integer first = firstLine.putIfAbsent(key, row.line());
            if (first != null) {
                throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": a second run of '" + id + "' on '"
                        + run.hardware() + "' (the first is on line " + first + "); keep one run per configuration and hardware");
            }
            String family = field(row, "model").toLowerCase(Locale.ROOT);
            byHardware.computeIfAbsent(run.hardware(), h -> new ArrayList<>())
                    .add(new ConfigResult(id, family, run.hardware(), run.joules(), flops, params, row.line()));
        }
        List<HardwareResults> out = new ArrayList<>();
        byHardware.forEach((hw, rows) -> out.add(new HardwareResults(hw, table.file(), List.copyOf(rows))));
        return out;
    }

    /** The run's energy: the last row of run_N/codecarbon/emissions.csv beside the metadata file. */
    private static CodeCarbonFormat.Run energy(CsvTable table, CsvTable.Row row, Path folder) {
        String run = field(row, "run");
        if (run.isEmpty() || run.contains("/") || run.contains("\\") || run.contains("..")) {
            throw new IllegalArgumentException(table.where(row, FIELDS.indexOf("run"), "run") + ": '" + run
                    + "' is not a run folder name (run_N)");
        }
        Path emissions = folder.resolve(run).resolve("codecarbon").resolve("emissions.csv");
        if (!Files.isRegularFile(emissions)) {
            throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": run " + run + " has no energy: "
                    + emissions + " does not exist");
        }
        CsvTable cc = CsvTable.read(emissions);
        if (cc.rows().isEmpty()) throw new IllegalArgumentException(emissions + ": line 1: no rows (run " + run + " of " + table.file() + ")");
        String node = field(row, "node");
        String cluster = node.contains("-") ? node.substring(0, node.indexOf('-')) : node;
        return CodeCarbonFormat.Columns.of(cc).run(cc.rows().get(cc.rows().size() - 1), cluster.isEmpty() ? null : cluster);
    }

    /** joules's id for the toolbox's (model, num_layers, hidden_size, num_frame). */
    static String configurationId(CsvTable table, CsvTable.Row row) {
        String model = field(row, "model").toLowerCase(Locale.ROOT);
        int[] layers = ints(table, row, "num_layers");
        int[] hidden = ints(table, row, "hidden_size");
        int frames = ints(table, row, "num_frame")[0];
        String id = switch (model) {
            case "mlp", "cnn", "rnn" -> {
                if (layers.length != 1 || hidden.length != 1) throw shape(table, row, model, "one number each");
                yield model + "-L" + layers[0] + "-H" + hidden[0];
            }
            case "crnn" -> {
                if (layers.length != 2 || hidden.length != 2) throw shape(table, row, model, "two numbers each ([conv, rnn])");
                yield "crnn-C" + layers[0] + "R" + layers[1] + "-H" + hidden[0] + "x" + hidden[1];
            }
            default -> throw new IllegalArgumentException(table.where(row, FIELDS.indexOf("model"), "model")
                    + ": unknown model '" + model + "'; the toolbox's models are mlp, cnn, rnn, crnn");
        };
        return frames == STUDY_FRAMES ? id : id + "-F" + frames;
    }

    private static IllegalArgumentException shape(CsvTable table, CsvTable.Row row, String model, String expected) {
        return new IllegalArgumentException(table.file() + ": line " + row.line() + ": num_layers '" + field(row, "num_layers")
                + "' and hidden_size '" + field(row, "hidden_size") + "' of a " + model + " should be " + expected);
    }

    /** "8", "[1, 2]" or "(1, 2)" as whole numbers. */
    private static int[] ints(CsvTable table, CsvTable.Row row, String name) {
        String v = field(row, name).replace("[", "").replace("]", "").replace("(", "").replace(")", "");
        try {
            return Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(table.where(row, FIELDS.indexOf(name), name) + ": '"
                    + field(row, name) + "' is not a whole number or a list of them");
        }
    }

    private static String field(CsvTable.Row row, String name) {
        return row.fields().get(FIELDS.indexOf(name));
    }
}
