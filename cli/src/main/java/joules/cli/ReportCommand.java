package joules.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import joules.regression.data.HardwareResults;
import joules.regression.data.ConfigResult;
import joules.regression.dcase.DcaseComparison;
import joules.regression.dcase.DcaseInputs;
import joules.regression.dcase.Metric;
import joules.regression.normalize.ReferenceSpec;
import joules.results.CsvNumber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import joules.results.Csv;
import joules.results.Json;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Reports that other communities ask for.",
        subcommands = {ReportCommand.Dcase.class})
public final class ReportCommand implements Callable<Integer> {
    /** Without a subcommand: says which there are (bad usage). */
    @Override
    public Integer call() {
        throw new IllegalArgumentException("report needs a subcommand: dcase (see 'joules report --help')");
    }

    @Command(name = "dcase", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The energy figures of DCASE Task 4: the training energy (kWh) of the submitted system and of the "
                    + "baseline, and the energy-weighted score EW = metric x baseline kWh / system kWh.",
                    "Both energies must come from the same hardware. When they do not, and both files also hold the same "
                            + "reference configurations, the system's energy is mapped onto the baseline's hardware by the "
                            + "study's dual-reference normalisation and the score is given again with it.",
                    "Files: joules results, CodeCarbon emissions.csv (runs named in project_name or experiment_id) or "
                            + "toolbox metadata.txt; one hardware per file."},
            footer = {"", "Examples (docs/codecarbon.md works through the second):",
                    "  joules report dcase --submission mine.csv --baseline base.csv \\",
                    "      --metric PSDS1=0.48",
                    "  joules report dcase --submission docs/examples/emissions-rtx3090.csv \\",
                    "      --baseline docs/examples/results-a40.csv --metric PSDS1=0.48"})
    static final class Dcase implements Callable<Integer> {
        @Option(names = "--submission", required = true, paramLabel = "FILE", description = "The submitted system's results.")
        Path submission;

        @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The baseline's results.")
        Path baseline;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "The system's score, e.g. PSDS1=0.48; repeatable.")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--system", paramLabel = "ID",
                description = "The system's id in the submission file (default: its only id that the baseline file lacks).")
        String systemId;

        @Option(names = "--baseline-id", paramLabel = "ID",
                description = "The baseline's id in the baseline file (default: its only id that the submission file lacks).")
        String baselineId;

        @Option(names = "--refs", paramLabel = "ID,ID|min-max:2",
                description = "The two reference configurations for the normalisation, among those both files hold "
                        + "(default: min-max:2, the lowest and highest energy on the system's hardware).")
        String refs;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            String f = Formats.parse(format);
            List<Metric> ms = metrics.stream().map(Metric::parse).toList();
            ReferenceSpec spec = refs == null ? null : ReferenceSpec.parse(refs);
            List<String> notices = new ArrayList<>();
            HardwareResults sub = DcaseInputs.read(submission, "submission", notices);
            HardwareResults base = DcaseInputs.read(baseline, "baseline", notices);
            notices.forEach(n -> System.err.println(ErrorHandler.printable("joules: " + n)));
            DcaseComparison c = DcaseComparison.compare(sub, base, systemId, baselineId, spec);
            PrintStream out = System.out;
            switch (f) {
                case "csv" -> csv(out, c, ms);
                case "json" -> out.println(Json.write(json(c, ms)));
                default -> table(out, c, ms);
            }
            out.flush();
            return 0;
        }
    }

    // ---- table ----------------------------------------------------------------------------------

    static void table(PrintStream out, DcaseComparison c, List<Metric> ms) {
        out.println("DCASE energy report: training energy; EW = metric x baseline kWh / system kWh");
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"", "id", "hardware", "kWh", "J", "line"});
        runs.add(run("system", c.system(), c.systemKwh()));
        runs.add(run("baseline", c.baseline(), c.baselineKwh()));
        Formats.printTable(out, runs, 3);
        out.println();
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("comparison", "system kWh", "baseline kWh", "baseline/system"));
        for (Metric m : ms) head.add(m.name() + " " + number(m.value()) + " -> EW");
        rows.add(head.toArray(new String[0]));
        rows.add(comparison(c.sameHardware() ? "same hardware" : "raw (different hardware)", c.systemKwh(), c, ms, false));
        if (c.normalised() != null) {
            rows.add(comparison("dual reference, on " + c.baseline().hardware(), c.normalised().systemKwh(), c, ms, true));
        }
        Formats.printTable(out, rows, 1);
        if (!c.sameHardware()) {
            out.println();
            out.println("The system ran on " + c.system().hardware() + " and the baseline on " + c.baseline().hardware()
                    + ": the raw ratio compares the hardware as much as the models.");
            if (c.normalised() != null) {
                DcaseComparison.Normalised n = c.normalised();
                out.printf(Locale.ROOT, "Dual reference through %s and %s: E on %s = %s J + %s x E on %s%n", n.references().get(0),
                        n.references().get(1), c.baseline().hardware(), number(n.line().intercept()), number(n.line().slope()),
                        c.system().hardware());
                if (!(n.systemJoules() > 0)) {
                    out.println("The mapped energy is not positive: the system lies far outside the references' range; no EW.");
                }
            } else {
                out.println("No normalised comparison: " + c.whyNot() + ".");
            }
        }
    }

    private static String[] run(String role, ConfigResult r, double kwh) {
        return new String[] {role, r.id(), r.hardware(), number(kwh), number(r.energyJ()), Integer.toString(r.line())};
    }

    private static String[] comparison(String label, double systemKwh, DcaseComparison c, List<Metric> ms, boolean normalised) {
        List<String> row = new ArrayList<>(List.of(label, number(systemKwh), number(c.baselineKwh()),
                number(c.baselineKwh() / systemKwh)));
        for (Metric m : ms) row.add(number(normalised ? c.energyWeightedNormalised(m) : c.energyWeighted(m)));
        return row.toArray(new String[0]);
    }

    /** Six significant digits, plain where that stays short; NaN as "-". */
    static String number(double x) { return Double.isNaN(x) ? "-" : Formats.significant(x); }

    // ---- csv --------------------------------------------------------------------------------------

    static void csv(PrintStream out, DcaseComparison c, List<Metric> ms) {
        List<String> header = new ArrayList<>(List.of("comparison", "system_id", "system_hardware", "system_kwh", "baseline_id",
                "baseline_hardware", "baseline_kwh", "baseline_over_system"));
        for (Metric m : ms) header.add(m.name());
        for (Metric m : ms) header.add(m.name() + "_ew");
        out.println(Csv.line(header));
        out.println(Csv.line(csvRow(c.sameHardware() ? "same_hardware" : "raw", c.system().hardware(), c.systemKwh(), c, ms, false)));
        if (c.normalised() != null) {
            out.println(Csv.line(csvRow("dual_reference", c.baseline().hardware(), c.normalised().systemKwh(), c, ms, true)));
        }
    }

    private static List<String> csvRow(String label, String systemHardware, double systemKwh, DcaseComparison c, List<Metric> ms,
            boolean normalised) {
        List<String> row = new ArrayList<>(List.of(label, c.system().id(), systemHardware, CsvNumber.format(systemKwh),
                c.baseline().id(), c.baseline().hardware(), CsvNumber.format(c.baselineKwh()),
                CsvNumber.format(c.baselineKwh() / systemKwh)));
        for (Metric m : ms) row.add(CsvNumber.format(m.value()));
        for (Metric m : ms) row.add(CsvNumber.format(normalised ? c.energyWeightedNormalised(m) : c.energyWeighted(m)));
        return row;
    }

    // ---- json -------------------------------------------------------------------------------------

    static Map<String, Object> json(DcaseComparison c, List<Metric> ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", runJson(c.system(), c.systemKwh()));
        m.put("baseline", runJson(c.baseline(), c.baselineKwh()));
        m.put("same_hardware", c.sameHardware());
        m.put("baseline_over_system", finite(c.baselineKwh() / c.systemKwh()));
        m.put("metrics", metricsJson(ms, c, false));
        if (c.normalised() != null) {
            DcaseComparison.Normalised n = c.normalised();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("references", new ArrayList<Object>(n.references()));
            d.put("intercept_j", n.line().intercept());
            d.put("slope", n.line().slope());
            d.put("hardware", c.baseline().hardware());
            d.put("system_kwh", finite(n.systemKwh()));
            d.put("baseline_over_system", n.systemJoules() > 0 ? finite(c.baselineKwh() / n.systemKwh()) : null);
            d.put("metrics", metricsJson(ms, c, true));
            m.put("dual_reference", d);
        } else {
            m.put("dual_reference", null);
            if (c.whyNot() != null) m.put("dual_reference_missing", c.whyNot());
        }
        return m;
    }

    private static Map<String, Object> runJson(ConfigResult r, double kwh) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("hardware", r.hardware());
        m.put("kwh", kwh);
        m.put("joules", r.energyJ());
        return m;
    }

    private static List<Object> metricsJson(List<Metric> ms, DcaseComparison c, boolean normalised) {
        List<Object> out = new ArrayList<>();
        for (Metric metric : ms) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", metric.name());
            m.put("value", metric.value());
            m.put("energy_weighted", finite(normalised ? c.energyWeightedNormalised(metric) : c.energyWeighted(metric)));
            out.add(m);
        }
        return out;
    }

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
