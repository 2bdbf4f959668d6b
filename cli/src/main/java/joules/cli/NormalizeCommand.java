package joules.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import joules.regression.analysis.Method;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import joules.regression.data.RooflineTimes;
import joules.regression.normalize.NormalizationModel;
import joules.regression.normalize.ReferenceSpec;
import joules.results.CsvNumber;
import joules.results.Csv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import joules.results.InputFiles;
import joules.results.OutputFiles;

@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = "Fit or apply a model that maps energy from one hardware to another.",
        subcommands = {NormalizeCommand.Fit.class, NormalizeCommand.Apply.class})
public final class NormalizeCommand implements Callable<Integer> {
    /** Without a subcommand: says which there are (bad usage). */
    @Override
    public Integer call() {
        throw new IllegalArgumentException("normalize needs a subcommand: fit or apply (see 'joules normalize --help')");
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = {"Fit a normalisation from hardware A (--from) to hardware B (--to) on reference configurations"
                    + " measured on both, and save it as JSON.",
                    "Methods: linear, poly2, svr, linear+flops, linear+params, linear+flops+params, linear+roofline, single-ref,"
                            + " dual-ref. linear+roofline reads each configuration's roofline time on both hardware: a model"
                            + " from the table of cards (docs/roofline.md), not a measurement."})
    static final class Fit implements Callable<Integer> {
        @Option(names = "--from", required = true, paramLabel = "A.csv", description = "Results on the source hardware (one hardware).")
        Path from;

        @Option(names = "--to", required = true, paramLabel = "B.csv", description = "Results on the destination hardware (one hardware).")
        Path to;

        @Option(names = "--method", required = true, paramLabel = "METHOD", description = "linear, poly2, svr, linear+flops, linear+params,"
                + " linear+flops+params, linear+roofline, single-ref or dual-ref.")
        String method;

        @Option(names = RooflineInput.OPTION, paramLabel = "NAME=KEY", description = "For linear+roofline: the card of a hardware"
                + " whose name is not an NVML name of the table (KEY: a card of 'joules roofline', or PEAK_GFLOPS:BANDWIDTH_GBS).")
        Map<String, String> rooflineCards;

        @Option(names = "--refs", paramLabel = "SPEC", description = "Reference configurations: ID,ID,... | min-max:K | all"
                + " (default: all; min-max:1 for single-ref, min-max:2 for dual-ref).")
        String refs;

        @Option(names = "--C", paramLabel = "LIST", description = "SVR C; one value, or a comma list to grid-search (default: a 7-value grid).")
        String cs;

        @Option(names = "--epsilon", paramLabel = "LIST", description = "SVR epsilon; one value or a comma list (default: a 7-value grid).")
        String epsilons;

        @Option(names = "--gamma", paramLabel = "LIST", description = "SVR gamma; 'scale' = 1/inputs (default: scale).")
        String gammas;

        @Option(names = "--kernel", defaultValue = "rbf", paramLabel = "KERNEL", description = "SVR kernel: rbf or linear (default: ${DEFAULT-VALUE}).")
        String kernel;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the SVR cross-validation folds (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "model.json", description = "Where to write the model.")
        Path out;

        @Override
        public Integer call() {
            Method m = Method.parse(method);
            ReferenceSpec spec = refs != null ? ReferenceSpec.parse(refs)
                    : m == Method.SINGLE_REF ? ReferenceSpec.parse("min-max:1")
                    : m == Method.DUAL_REF ? ReferenceSpec.parse("min-max:2") : ReferenceSpec.ALL;
            List<String> notices = new ArrayList<>();
            HardwareResults a = single(from, notices);
            HardwareResults b = single(to, notices);
            OutputFiles.requireWritableFile("--out", out);
            notices.forEach(n -> System.err.println(ErrorHandler.printable("joules: " + n)));
            if (a.hardware().equals(b.hardware())) {
                throw new IllegalArgumentException(to + ": hardware '" + b.hardware() + "' is the same as in " + from);
            }
            RooflineTimes times = rooflineTimes(m.usesRoofline(), List.of(a.hardware(), b.hardware()), rooflineCards);
            NormalizationModel model = NormalizationModel.fit(a, b, m, spec, SvrSettings.parse(kernel, cs, epsilons, gammas, 5), seed,
                    times);
            OutputFiles.write("--out", out, model.toJson());
            System.out.println("wrote " + out + ": " + m.id() + " from '" + a.hardware() + "' to '" + b.hardware() + "' on "
                    + model.references().size() + " reference configurations");
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Predict the energy on the model's destination hardware for every configuration of a result file"
                    + " from its source hardware; writes id,predicted_energy_j,note.",
                    "The note says when a prediction is negative and when an input lies outside the range of the model's"
                            + " references (an extrapolation), and by how much; a summary line goes to stderr."})
    static final class Apply implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "model.json", description = "A model written by 'normalize fit'.")
        Path modelFile;

        @Option(names = "--input", required = true, paramLabel = "X.csv", description = "Results measured on the model's source hardware.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "predicted.csv", description = "Where to write the predictions.")
        Path out;

        @Option(names = RooflineInput.OPTION, paramLabel = "NAME=KEY", description = "For a linear+roofline model: the card of a"
                + " hardware whose name is not an NVML name of the table, as when it was fitted.")
        Map<String, String> rooflineCards;

        @Override
        public Integer call() {
            OutputFiles.requireWritableFile("--out", out);
            NormalizationModel model = NormalizationModel.fromJson(InputFiles.readText(modelFile, "model file"), modelFile.toString());
            List<String> notices = new ArrayList<>();
            List<HardwareResults> all = ResultsReader.read(input, notices);
            notices.forEach(n -> System.err.println(ErrorHandler.printable("joules: " + n)));
            HardwareResults rows = all.stream().filter(h -> h.hardware().equals(model.fromHardware())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(input + ": no rows from hardware '" + model.fromHardware()
                            + "', the source of " + modelFile + " (found: " + String.join(", ", all.stream().map(HardwareResults::hardware).toList()) + ")"));
            RooflineTimes times = rooflineTimes(model.method().usesRoofline(), List.of(model.fromHardware(), model.toHardware()),
                    rooflineCards);
            StringBuilder csv = new StringBuilder(Csv.line(List.of("id", "predicted_energy_j", "note"))).append('\n');
            int negative = 0;
            int outside = 0;
            for (ConfigResult r : rows.rows()) {
                double predicted = model.predict(r, times);
                String note = model.note(r, times, predicted);
                if (predicted < 0) negative++;
                if (model.extrapolates(r, times)) outside++;
                csv.append(Csv.line(List.of(r.id(), CsvNumber.format(predicted), note))).append('\n');
            }
            OutputFiles.write("--out", out, csv.toString());
            System.out.println("wrote " + out + ": " + rows.rows().size() + " predictions of energy on '" + model.toHardware() + "'");
            String summary = summary(rows.rows().size(), negative, outside, model);
            if (!summary.isEmpty()) System.err.println("joules: " + summary + "; see the note column of " + out);
            return 0;
        }
    }

    /**
     * The roofline times of a +roofline method for the two hardware (checked now, so that a name without a card
     * stops here, in one line); none for the other methods, which must not be given cards.
     */
    static RooflineTimes rooflineTimes(boolean needed, List<String> hardware, Map<String, String> cards) {
        if (!needed) {
            if (cards != null) throw new IllegalArgumentException(RooflineInput.OPTION + " goes with the method linear+roofline");
            return RooflineTimes.NONE;
        }
        RooflineInput times = RooflineInput.of(hardware, cards);
        System.err.println("joules: " + times.notice());
        return times;
    }

    /**
     * "17 of 43 predictions are negative; 8 of 43 configurations lie outside the references' range (energy_j 267 to
     * 1.89e+06), where the model extrapolates", or "" when there is nothing to say.
     */
    static String summary(int n, int negative, int outside, NormalizationModel model) {
        List<String> parts = new ArrayList<>();
        if (negative > 0) parts.add(negative + " of " + n + " predictions are negative");
        if (outside > 0) {
            parts.add(outside + " of " + n + " configurations lie outside the references' range (" + String.join(", ",
                    model.ranges().stream().map(r -> r.input().column() + " " + r.text()).toList()) + "), where the model extrapolates");
        }
        if (model.ranges().isEmpty() && !parts.isEmpty()) {
            parts.add("the model does not record its references' range (refit it to have extrapolation noted)");
        }
        return String.join("; ", parts);
    }

    /** The one hardware of a file; a file with several is an error. */
    static HardwareResults single(Path file, List<String> notices) {
        List<HardwareResults> all = ResultsReader.read(file, notices);
        if (all.size() != 1) {
            throw new IllegalArgumentException(file + ": holds " + all.size() + " hardware (" + String.join(", ",
                    all.stream().map(HardwareResults::hardware).toList()) + "); give a file with one");
        }
        return all.get(0);
    }

}
