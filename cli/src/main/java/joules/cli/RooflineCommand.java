package joules.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import joules.layers.cost.Convention;
import joules.layers.cost.CostTable;
import joules.layers.cost.Hardware;
import joules.layers.cost.Roofline;
import joules.results.Json;
import joules.regression.report.Figure;
import joules.results.OutputFiles;
import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.results.Csv;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "roofline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "What limits each layer of a configuration on a processor: the roofline model (docs/roofline.md).",
                "",
                "Each layer (and, training, the loss and Adam) takes max(FLOPs / peak, bytes / bandwidth): 'compute' when "
                        + "the first is larger, 'memory' when the second is. FLOPs and bytes are exact (joules flops); the "
                        + "peaks are the vendor's (the table in docs/roofline.md) or, for 'cpu', measured here. The times "
                        + "are a model, lower bounds to check against a measured step (joules bench), not measurements.",
                "",
                "  joules roofline --config mlp-L1-H512 --hardware t4",
                "  joules roofline --config crnn-C1R1-H64x64 --hardware a40 --figure crnn-a40",
                "  joules roofline --config cnn-L2-H128 --peak-gflops 19500 --bandwidth-gbs 1555",
                ""})
public final class RooflineCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "ID", description = "The configuration ('joules models' lists them).")
    String config;

    @Option(names = "--hardware", paramLabel = "NAME", description = "gtx-1080-ti, rtx-2080-ti, t4, a40, h100, h100-pcie,"
            + " h200, h200-nvl (any case), or cpu: this machine, measured by a short GEMM and a memory copy.")
    String hardware;

    @Option(names = "--peak-gflops", paramLabel = "X", description = "Any other processor: its FP32 peak, GFLOP/s (with --bandwidth-gbs).")
    Double peakGflops;

    @Option(names = "--bandwidth-gbs", paramLabel = "Y", description = "Its memory bandwidth, GB/s (with --peak-gflops).")
    Double bandwidthGbs;

    @Option(names = "--convention", paramLabel = "NAME", defaultValue = "training",
            description = "training (forward, backward, the loss, Adam) or forward. Default: ${DEFAULT-VALUE}.")
    String convention;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "" + FlopsCommand.STUDY_BATCH,
            description = "Batch size. Default: ${DEFAULT-VALUE} (the study's).")
    int batch;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--figure", paramLabel = "FILE", description = "Also draw the roofline with every layer as a point: FILE.png and FILE.svg.")
    Path figure;

    @Override
    public Integer call() {
        Convention c = Convention.parse(convention);
        if (c == Convention.DEEPSPEED) {
            throw new IllegalArgumentException("--convention: the roofline takes training or forward; deepspeed's counts are"
                    + " a profiler's rules, not the work of a pass");
        }
        String f = Formats.parse(format);
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        ModelConfig m = Zoo.config(config);
        Path png = figure == null ? null : figurePath(figure, ".png");
        Path svg = figure == null ? null : figurePath(figure, ".svg");
        if (png != null) {
            OutputFiles.requireWritableFile("--figure", png);
            OutputFiles.requireWritableFile("--figure", svg);
        }
        Hardware h = hardware();
        Roofline r = ErrorHandler.option("--batch", () ->
                Roofline.of(Zoo.network(m), CostTable.batchShape(batch, Zoo.SAMPLE_SHAPE), c, h));
        PrintStream out = System.out;
        switch (f) {
            case "csv" -> csv(out, r);
            case "json" -> json(out, m, r);
            default -> table(out, m, r);
        }
        if (png != null) {
            Figure fig = RooflineFigure.of(m.id(), batch, r);
            OutputFiles.write("--figure", png, fig.png());
            OutputFiles.write("--figure", svg, fig.svg());
            (f.equals("table") ? out : System.err).println("wrote " + png + " and " + svg);
        }
        out.flush();
        return 0;
    }

    /** The processor: a table entry, this machine measured, or the two numbers given. */
    private Hardware hardware() {
        boolean numbers = peakGflops != null || bandwidthGbs != null;
        if (hardware != null && numbers) {
            throw new IllegalArgumentException("give --hardware, or --peak-gflops with --bandwidth-gbs, not both");
        }
        if (numbers) {
            if (peakGflops == null || bandwidthGbs == null) {
                throw new IllegalArgumentException("--peak-gflops and --bandwidth-gbs go together: give both");
            }
            if (!(peakGflops > 0) || !(bandwidthGbs > 0) || peakGflops.isInfinite() || bandwidthGbs.isInfinite()) {
                throw new IllegalArgumentException("--peak-gflops and --bandwidth-gbs must be positive numbers, got "
                        + peakGflops + " and " + bandwidthGbs);
            }
            return Hardware.given(String.format(Locale.ROOT, "a processor of %s GFLOP/s and %s GB/s", Formats.significant(peakGflops),
                    Formats.significant(bandwidthGbs)), peakGflops, bandwidthGbs, "--peak-gflops and --bandwidth-gbs");
        }
        if (hardware == null) {
            throw new IllegalArgumentException("name the processor: --hardware NAME (" + Hardware.keys() + ", "
                    + Hardware.MEASURED_HERE + "), or --peak-gflops with --bandwidth-gbs");
        }
        if (hardware.trim().equalsIgnoreCase(Hardware.MEASURED_HERE)) {
            Progress.onConsole().line("measuring this machine: a second of GEMMs, half a second of memory copies ...");
            try (Backend cpu = Backends.open("cpu")) {
                return MachineProbe.measure(cpu);
            }
        }
        return ErrorHandler.option("--hardware", () -> Hardware.byKey(hardware));
    }

    /** FILE.png from FILE, FILE.png or FILE.svg. */
    private static Path figurePath(Path figure, String extension) {
        String name = figure.getFileName().toString().replaceFirst("(?i)\\.(png|svg)$", "");
        return figure.resolveSibling(name + extension);
    }

    static final String CSV_HEADER = "layer,type,flops,bytes,intensity,bound,time_s";

    private static void csv(PrintStream out, Roofline r) {
        out.println(CSV_HEADER);
        for (Roofline.Row row : rows(r)) {
            out.println(Csv.line(List.of(row.name(), row.type(), "" + row.flops(), "" + row.bytes(),
                    Csv.decimal(row.intensity(), 4), row.bound().label(), Formats.significant(row.seconds()))));
        }
    }

    private static void json(PrintStream out, ModelConfig m, Roofline r) {
        Hardware h = r.hardware();
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"id\": ").append(Json.quote(m.id())).append(",\n");
        s.append("  \"convention\": \"").append(r.convention().cliName()).append("\",\n");
        s.append("  \"batch\": ").append(r.inputShape()[0]).append(",\n");
        s.append("  \"hardware\": {\"key\": ").append(Json.quote(h.key())).append(", \"name\": ").append(Json.quote(h.name()))
                .append(", \"peak_gflops\": ").append(jsonNumber(h.peakGflops())).append(", \"bandwidth_gbs\": ")
                .append(jsonNumber(h.bandwidthGbs())).append(", \"board_power_w\": ").append(jsonNumber(h.boardPowerW()))
                .append(", \"ridge_intensity\": ").append(jsonNumber(h.ridgeIntensity())).append(", \"source\": ")
                .append(Json.quote(h.source())).append("},\n");
        s.append("  \"layers\": [\n");
        for (int i = 0; i < r.rows().size(); i++) {
            s.append("    ").append(rowJson(r.rows().get(i))).append(i + 1 < r.rows().size() ? ",\n" : "\n");
        }
        s.append("  ],\n  \"total\": ").append(rowJson(r.total())).append(",\n");
        s.append("  \"memory_bound_share\": ").append(jsonNumber(r.memoryBoundShare())).append(",\n");
        s.append("  \"energy_at_board_power_j\": ").append(jsonNumber(r.total().seconds() * h.boardPowerW())).append('\n');
        out.println(s.append('}'));
    }

    private static String rowJson(Roofline.Row row) {
        return "{\"name\": " + Json.quote(row.name()) + ", \"type\": " + Json.quote(row.type()) + ", \"flops\": " + row.flops()
                + ", \"bytes\": " + row.bytes() + ", \"intensity\": " + (row.bytes() == 0 ? "null" : Csv.decimal(row.intensity(), 4))
                + ", \"bound\": "
                + (row.bound() == Roofline.Bound.NONE ? "null" : Json.quote(row.bound().label())) + ", \"time_s\": "
                + jsonNumber(row.seconds()) + "}";
    }

    private static String jsonNumber(double x) { return Double.isFinite(x) ? Formats.significant(x) : "null"; }

    private static void table(PrintStream out, ModelConfig m, Roofline r) {
        Hardware h = r.hardware();
        out.printf(Locale.ROOT, "%s: %s roofline for an input of shape %s on %s%n", m.id(), r.convention().cliName(),
                Arrays.toString(r.inputShape()), h.name());
        out.printf(Locale.ROOT, "  peak %s GFLOP/s, bandwidth %s GB/s, ridge point %s FLOP/B%s%n", Formats.significant(h.peakGflops()),
                Formats.significant(h.bandwidthGbs()), Formats.significant(h.ridgeIntensity()),
                Double.isNaN(h.boardPowerW()) ? "" : ", board power " + Formats.significant(h.boardPowerW()) + " W");
        out.println("  source: " + h.source());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"layer", "type", "FLOPs", "bytes", "FLOP/B", "bound", "time", "share"});
        for (Roofline.Row row : rows(r)) {
            rows.add(new String[] {row.name(), row.type(), String.format(Locale.ROOT, "%,d", row.flops()),
                    String.format(Locale.ROOT, "%,d", row.bytes()), FlopsCommand.intensityText(row.intensity()), row.bound().label(),
                    duration(row.seconds()), String.format(Locale.ROOT, "%.1f%%", 100 * row.seconds() / r.total().seconds())});
        }
        Formats.printTable(out, rows, 2);
        String what = r.convention() == Convention.TRAINING ? "step" : "forward pass";
        out.printf(Locale.ROOT, "predicted %s: %s, %.0f %% of it in memory-bound kernels%s%n", what, duration(r.total().seconds()),
                100 * r.memoryBoundShare(), Double.isNaN(h.boardPowerW()) ? "" : String.format(Locale.ROOT,
                        "; at the board power (%s W), %s J", Formats.significant(h.boardPowerW()),
                        Formats.significant(r.total().seconds() * h.boardPowerW())));
        out.println("a model (peaks, compulsory traffic, no latency or launch costs): check it against a measured step"
                + " (joules bench)");
    }

    /** The layers, then the total. */
    private static List<Roofline.Row> rows(Roofline r) {
        List<Roofline.Row> all = new ArrayList<>(r.rows());
        all.add(r.total());
        return all;
    }

    /** "1.23 ms", "45.6 µs", "0" for a view. */
    static String duration(double seconds) {
        if (seconds == 0) return "0";
        if (seconds >= 1) return String.format(Locale.ROOT, "%.3g s", seconds);
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        if (seconds >= 1e-6) return String.format(Locale.ROOT, "%.3g µs", seconds * 1e6);
        return String.format(Locale.ROOT, "%.3g ns", seconds * 1e9);
    }
}
