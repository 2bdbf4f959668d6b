package joules.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.layers.cost.CostTable;
import joules.results.Csv;
import joules.results.CsvNumber;
import joules.results.Json;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "flops", mixinStandardHelpOptions = true,
        description = {
                "Exact per-layer FLOPs, MACs, parameters and bytes of memory traffic of the study's models, from the maths"
                        + " (docs/flops.md, docs/roofline.md); intensity = FLOPs per byte.",
                "",
                "Conventions: deepspeed = the DeepSpeed profiler's forward-pass rules, as the study reported them "
                        + "(batch 1); forward = every operation of the engine's forward pass; training = one training "
                        + "step (forward, loss, backward, Adam) and a whole run. Bytes: every tensor a pass reads or "
                        + "writes, once, 4 bytes a float (DeepSpeed counts none: its rows show the forward pass's).",
                "",
                "  joules flops --config cnn-L2-H128                    per-layer table",
                "  joules flops --config rnn-L1-H128 --convention training --format json",
                "  joules flops --all --format csv > flops.csv          one row per configuration",
                ""})
public final class FlopsCommand implements Callable<Integer> {
    /** Clips in the study's training set (the weakly labelled DESED clips) and its epochs. */
    static final int STUDY_CLIPS = 1578;
    static final int STUDY_EPOCHS = 10;
    static final int STUDY_BATCH = 8;

    static final class Which {
        @Option(names = "--config", paramLabel = "ID", description = "One configuration ('joules models' lists them).")
        String config;

        @Option(names = "--all", description = "Every configuration, one row each.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--convention", paramLabel = "NAME", defaultValue = "deepspeed",
            description = "deepspeed, forward or training. Default: ${DEFAULT-VALUE}.")
    String convention;

    @Option(names = "--batch", paramLabel = "B",
            description = "Batch size. Default: 1 for deepspeed and forward, " + STUDY_BATCH + " (the study's) for training.")
    Integer batch;

    @Option(names = "--clips", paramLabel = "N", defaultValue = "" + STUDY_CLIPS,
            description = "Training set size for the per-run FLOPs of the training convention. Default: ${DEFAULT-VALUE}.")
    int clips;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + STUDY_EPOCHS,
            description = "Epochs for the per-run FLOPs of the training convention. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        Convention c = Convention.parse(convention);
        String f = Formats.parse(format);
        int b = batch != null ? batch : c == Convention.TRAINING ? STUDY_BATCH : 1;
        if (b < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + b);
        if (clips < 1) throw new IllegalArgumentException("--clips must be at least 1, got " + clips);
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        requireCountsFit(which.all ? Zoo.configs() : List.of(Zoo.config(which.config)), c, b);
        PrintStream out = System.out;
        if (which.all) {
            allConfigs(out, c, b, f);
        } else {
            oneConfig(out, Zoo.config(which.config), c, b, f);
        }
        out.flush();
        return 0;
    }

    /**
     * The counts are 64-bit integers: refuses a batch, clip count or epoch count whose FLOPs would not fit.
     * Every term of a count grows at most linearly with the batch, so a step's FLOPs are at most the batch times
     * those at batch 1, and a run's at most (clips + batch) x epochs times those at batch 1.
     */
    private void requireCountsFit(List<ModelConfig> configs, Convention c, int b) {
        double atBatch1 = 0;
        for (ModelConfig m : configs) atBatch1 = Math.max(atBatch1, Zoo.costs(m, c, 1).total().flops());
        boolean training = c == Convention.TRAINING;
        double samples = training ? Math.max(b, (double) (clips + Math.min(b, clips)) * epochs) : b;
        if (atBatch1 * samples >= Long.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--batch %d%s: the FLOP count (about %.1e) would not fit"
                    + " in 64 bits; choose smaller values", b, training ? ", --clips " + clips + ", --epochs " + epochs : "",
                    atBatch1 * samples));
        }
    }

    private long runFlops(ModelConfig m, int b) {
        return CostTable.trainingRunFlops(Zoo.network(m), Zoo.SAMPLE_SHAPE, clips, b, epochs);
    }

    private void oneConfig(PrintStream out, ModelConfig m, Convention c, int b, String f) {
        CostTable t = Zoo.costs(m, c, b);
        boolean training = c == Convention.TRAINING;
        long perRun = training ? runFlops(m, b) : 0;
        switch (f) {
            case "csv" -> {
                out.println("layer,type,output_shape,params,macs,flops,bytes,intensity,share");
                for (CostTable.Row r : t.rows()) {
                    out.println(Csv.line(List.of(r.name(), r.type(), shape(r.outputShape(), "x"), "" + r.cost().params(),
                            "" + r.cost().macs(), "" + r.cost().flops(), "" + r.cost().bytes(), intensity(r.cost()),
                            CsvNumber.format(r.share(t.total())))));
                }
            }
            case "json" -> {
                StringBuilder s = new StringBuilder("{\n");
                s.append("  \"id\": ").append(Json.quote(m.id())).append(",\n");
                s.append("  \"convention\": \"").append(c.cliName()).append("\",\n");
                s.append("  \"batch\": ").append(b).append(",\n");
                s.append("  \"input_shape\": [").append(shape(t.inputShape(), ", ")).append("],\n");
                s.append("  \"layers\": [\n");
                for (int i = 0; i < t.rows().size(); i++) {
                    CostTable.Row r = t.rows().get(i);
                    s.append("    {\"name\": ").append(Json.quote(r.name())).append(", \"type\": ")
                            .append(Json.quote(r.type())).append(", \"output_shape\": [")
                            .append(shape(r.outputShape(), ", ")).append("], ").append(costJson(r.cost()))
                            .append(", \"share\": ").append(CsvNumber.format(r.share(t.total()))).append('}')
                            .append(i + 1 < t.rows().size() ? ",\n" : "\n");
                }
                s.append("  ],\n");
                s.append("  \"total\": {").append(costJson(t.total())).append('}');
                if (training) {
                    s.append(",\n  \"clips\": ").append(clips).append(",\n  \"epochs\": ").append(epochs)
                            .append(",\n  \"train_flops_per_run\": ").append(perRun);
                }
                out.println(s.append("\n}"));
            }
            default -> {
                out.printf(Locale.ROOT, "%s: %s FLOPs and bytes for an input of shape %s%n", m.id(), c.cliName(),
                        Arrays.toString(t.inputShape()));
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"layer", "type", "output shape", "params", "MACs", "FLOPs", "bytes", "FLOP/B", "share"});
                for (CostTable.Row r : t.rows()) {
                    rows.add(new String[] {r.name(), r.type(), shape(r.outputShape(), "x"), grouped(r.cost().params()),
                            grouped(r.cost().macs()), grouped(r.cost().flops()), grouped(r.cost().bytes()),
                            intensityText(r.cost().intensity()), String.format(Locale.ROOT, "%.1f%%", 100 * r.share(t.total()))});
                }
                rows.add(new String[] {"total", "", "", grouped(t.total().params()), grouped(t.total().macs()),
                        grouped(t.total().flops()), grouped(t.total().bytes()), intensityText(t.total().intensity()), "100.0%"});
                Formats.printTable(out, rows, 3);
                if (training) {
                    out.printf(Locale.ROOT, "one run (%d clips, batch %d, %d epochs, the last batch of each epoch %d): %s FLOPs%n",
                            clips, b, epochs, clips % b == 0 ? b : clips % b, grouped(perRun));
                }
            }
        }
    }

    private void allConfigs(PrintStream out, Convention c, int b, String f) {
        boolean training = c == Convention.TRAINING;
        List<String> header = new ArrayList<>(List.of("id", "family", "params", "macs", "flops", "bytes", "intensity"));
        if (training) header.addAll(List.of("train_flops_per_step", "train_flops_per_run"));
        List<List<String>> rows = new ArrayList<>();
        for (ModelConfig m : Zoo.configs()) {
            Cost total = Zoo.costs(m, c, b).total();
            List<String> row = new ArrayList<>(List.of(m.id(), m.family().label(), "" + total.params(),
                    "" + total.macs(), "" + total.flops(), "" + total.bytes(), intensity(total)));
            if (training) row.addAll(List.of("" + total.flops(), "" + runFlops(m, b)));
            rows.add(row);
        }
        switch (f) {
            case "csv" -> Formats.printCsv(out, header, rows);
            case "json" -> Formats.printJson(out, header, rows, 2);
            default -> {
                out.printf(Locale.ROOT, "%s FLOPs, batch %d%s%n", c.cliName(), b,
                        training ? ", run of " + clips + " clips x " + epochs + " epochs" : "");
                List<String[]> table = new ArrayList<>();
                List<String> names = new ArrayList<>(List.of("id", "family", "params", "MACs", "FLOPs", "bytes", "FLOP/B"));
                if (training) names.addAll(List.of("FLOPs per step", "FLOPs per run"));
                table.add(names.toArray(new String[0]));
                for (List<String> r : rows) {
                    String[] cells = r.toArray(new String[0]);
                    for (int k = 2; k < cells.length; k++) {
                        if (k != INTENSITY_COLUMN) cells[k] = grouped(Long.parseLong(cells[k]));
                    }
                    table.add(cells);
                }
                Formats.printTable(out, table, 2);
            }
        }
    }

    /** Where the intensity sits in the rows of {@code --all} (a decimal among the counts). */
    private static final int INTENSITY_COLUMN = 6;

    private static String costJson(Cost c) {
        String intensity = intensity(c);
        return "\"params\": " + c.params() + ", \"macs\": " + c.macs() + ", \"flops\": " + c.flops() + ", \"bytes\": "
                + c.bytes() + ", \"intensity\": " + (intensity.isEmpty() ? "null" : intensity);
    }

    /** FLOPs per byte for CSV and JSON, 4 decimals; empty when nothing moves (a view). */
    static String intensity(Cost c) { return Csv.decimal(c.intensity(), 4); }

    /** FLOPs per byte for the text table: 3 significant digits, "-" for a view (NaN). */
    static String intensityText(double i) {
        return Double.isNaN(i) ? "-" : i == 0 ? "0" : i >= 100 ? String.format(Locale.ROOT, "%.0f", i) : String.format(Locale.ROOT, "%.3g", i);
    }

    private static String shape(int[] s, String sep) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining(sep));
    }

    private static String grouped(long v) { return String.format(Locale.ROOT, "%,d", v); }
}
