package joules.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import joules.regression.analysis.HardwareNames;
import joules.regression.analysis.PairResult;
import joules.regression.analysis.PairSelection;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.analysis.SvrSettings;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.data.ResultsReader;
import joules.regression.data.RooflineTimes;
import joules.regression.report.Findings;
import joules.regression.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import joules.results.OutputFiles;
import joules.results.PowerTrace;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
                "Run the study's normalisation analyses on result files from several hardware.",
                "For every ordered pair of hardware (X, Y), configurations measured on both are split 80/20 at random"
                        + " (--splits times) and three analyses are scored (R², MSE, RMSE and mean relative error on the test points):"
                        + " reference points (10-100 %%, random vs min-max, plus single and dual reference),"
                        + " regression type (linear, polynomial degree 2, SVR with a grid search),"
                        + " computational metrics (energy alone, + FLOPs, + params, + both; with --roofline also + the roofline"
                        + " model's predicted times on X and Y, docs/roofline.md).",
                "Writes results.csv (mean and std over the splits), splits.csv (each split's scores), predictions.csv (every"
                        + " point of every fit: reference or test, measured and predicted), report.md, report.html (self-contained)"
                        + " and figures/ (PNG and SVG) to --out.",
                "--pairs or --reference limit the pairs; hardware can be named by their full or short names (the short ones"
                        + " are derived, e.g. 'RTX 2080 Ti' for 'NVIDIA GeForce RTX 2080 Ti', and set with --short-name)."},
        footer = {"", "Examples:", "  joules analyze runs/*.csv --out report/",
                "  joules analyze t4.csv a40.csv rtx.csv --reference A40 --short-name \"Tesla T4=T4 lab\"",
                "  joules analyze t4.csv a40.csv --pairs T4:A40 --splits 20"})
public final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RESULTS.csv",
            description = "Result files (columns id, hardware, energy_j, flops, params at least); together at least 2 hardware.")
    List<Path> files;

    @Option(names = "--out", defaultValue = "analysis", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the splits, random references and folds (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--splits", defaultValue = "5", paramLabel = "N", description = "Random 80/20 splits per pair (default: ${DEFAULT-VALUE}).")
    int splits;

    @Option(names = "--pairs", paramLabel = "X:Y,...", description = "Only these ordered pairs (energy measured on X, predicted on Y),"
            + " e.g. T4:A40,A40:T4 (default: all n (n - 1)).")
    String pairs;

    @Option(names = "--reference", paramLabel = "HW", description = "Only the pairs that predict energy on this hardware: every X -> HW.")
    String reference;

    @Option(names = "--short-name", paramLabel = "HW=NAME", description = "The name of a hardware in tables and figures (repeatable),"
            + " e.g. \"NVIDIA A40=A40 (lab)\"; by default derived from the full name.")
    List<String> shortNames = new ArrayList<>();

    @Option(names = "--C", paramLabel = "LIST", description = "SVR grid of C, comma separated (default: 0.1,0.3,1,3,10,30,100).")
    String cs;

    @Option(names = "--epsilon", paramLabel = "LIST", description = "SVR grid of epsilon (default: 0.001,0.005,0.01,0.05,0.1,0.2,0.5).")
    String epsilons;

    @Option(names = "--gamma", paramLabel = "LIST", description = "SVR grid of gamma, 'scale' = 1/inputs (default: scale).")
    String gammas;

    @Option(names = "--kernel", defaultValue = "rbf", paramLabel = "KERNEL", description = "SVR kernel: rbf or linear (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--folds", defaultValue = "5", paramLabel = "K", description = "Cross-validation folds of the SVR grid search (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--roofline", description = "Also score energy + each configuration's roofline time on X and on Y (a model"
            + " from the table of cards, not a measurement: docs/roofline.md) beside + FLOPs and + params.")
    boolean roofline;

    @Option(names = RooflineInput.OPTION, paramLabel = "NAME=KEY", description = "With --roofline: the card of a hardware"
            + " whose name is not an NVML name of the table (KEY: a card of 'joules roofline', or PEAK_GFLOPS:BANDWIDTH_GBS)."
            + " Repeatable.")
    Map<String, String> rooflineCards;

    @Override
    public Integer call() {
        if (splits < 1) throw new IllegalArgumentException("--splits must be at least 1; got " + splits);
        List<String> notices = new ArrayList<>();
        List<HardwareResults> hardware = ResultsReader.readAll(files, notices);
        OutputFiles.requireWritableFolder("--out", out);
        if (rooflineCards != null && !roofline) throw new IllegalArgumentException(RooflineInput.OPTION + " goes with --roofline");
        StudyAnalysis.Options options = new StudyAnalysis.Options(seed, splits, new double[] {10, 15, 20, 50, 100},
                SvrSettings.parse(kernel, cs, epsilons, gammas, folds));
        List<String> names = hardware.stream().map(HardwareResults::hardware).toList();
        HardwareNames shortNames = HardwareNames.of(names, this.shortNames);
        List<PairSelection.OrderedPair> chosen = PairSelection.select(names, shortNames, pairs, reference);
        notices.forEach(n -> System.err.println(ErrorHandler.printable("joules: " + n))); // after the options are checked
        List<String> skipped = List.copyOf(notices);
        notices.clear();
        RooflineTimes times = roofline ? rooflineTimes(hardware) : RooflineTimes.NONE;

        Progress progress = Progress.onConsole();
        StudyAnalysis.Results results = StudyAnalysis.run(hardware, chosen, options, times, (done, total) -> {
            progress.status("analyze: " + done + "/" + total + " splits", (double) done / total);
            if (!progress.terminal() && done % splits == 0) {
                progress.line("analyze: pair " + done / splits + "/" + total / splits + " done, ETA " + progress.eta((double) done / total));
            }
        });
        progress.clearStatus();

        Map<String, Map<String, PowerTrace>> traces = new HashMap<>();
        for (HardwareResults h : hardware) {
            traces.put(h.hardware(), PowerTrace.readAll(h.file(), h.rows().stream().map(ConfigResult::id).toList(), notices));
        }
        notices.forEach(n -> System.err.println(ErrorHandler.printable("joules: " + n)));
        ReportWriter.Written written = ReportWriter.write(results, new ReportWriter.Inputs(shortNames, traces, skipped), out);

        for (PairResult p : results.pairs()) {
            Findings f = Findings.of(p);
            System.out.println(shortNames.of(p.data().xHardware()) + " -> " + shortNames.of(p.data().yHardware()) + ": references " + Findings.describe(f.bestReferences()) + "; regression "
                    + Findings.describe(f.bestRegression()) + "; metrics " + Findings.describe(f.bestMetrics()));
        }
        System.out.printf(Locale.ROOT, "wrote %s, %s, %s, %s, %s and %d figure files (figures/) in %s (%.1f s)%n",
                written.results().getFileName(), written.splits().getFileName(), written.predictions().getFileName(),
                written.markdown().getFileName(),
                written.html().getFileName(), written.figures().size(), out, progress.elapsedSeconds());
        return 0;
    }

    /** Every configuration's roofline time on every hardware, computed now so that a name without a card stops here. */
    private RooflineTimes rooflineTimes(List<HardwareResults> hardware) {
        RooflineInput times = RooflineInput.of(hardware.stream().map(HardwareResults::hardware).toList(), rooflineCards);
        for (HardwareResults h : hardware) {
            for (ConfigResult r : h.rows()) times.seconds(r.id(), h.hardware());
        }
        System.err.println("joules: " + times.notice());
        return times;
    }
}
