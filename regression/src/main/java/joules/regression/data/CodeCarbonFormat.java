package joules.regression.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import joules.results.Column;
import joules.results.CsvTable;

/**
 * CodeCarbon's emissions.csv: one row per tracked run (every CodeCarbon version since 2.0; the columns are
 * found by name, so their order and the extra columns of newer versions do not matter).
 *
 * <ul>
 *   <li>configuration: {@code project_name}, else {@code experiment_id}, must be one of the study's
 *       configuration ids (FLOPs and parameters then come from {@link StudyConfigurations}); a file with its
 *       own {@code flops} and {@code params} columns may name its runs freely;</li>
 *   <li>energy: {@code gpu_energy} when the run tracked a GPU ({@code gpu_count} &gt; 0, or a non-empty
 *       {@code gpu_model}), else {@code cpu_energy}; converted to joules from the unit of the column;</li>
 *   <li>hardware: a {@code hardware} column where the file has one (not CodeCarbon's, for files that need
 *       to say it), else {@code gpu_model} without its "1 x " count, else {@code cpu_model}.</li>
 * </ul>
 *
 * Units: CodeCarbon writes energies in kWh, power in W, durations in s. An energy column whose name
 * carries a unit ({@code gpu_energy_kwh}, {@code gpu_energy (Wh)}, {@code gpu_energy_j}) is read in that
 * unit; a bare {@code gpu_energy} is CodeCarbon's kWh when the file has CodeCarbon's
 * {@code codecarbon_version} column, and is otherwise told from {@code gpu_power x duration}; a file where
 * neither works is an error, and so is a file whose energies disagree with power x duration by a whole
 * other unit (a file converted to Wh but still labelled as CodeCarbon's).
 */
public final class CodeCarbonFormat implements ResultsFormat {
    /** Columns that only CodeCarbon's layout has; any one of them marks a file as CodeCarbon's. */
    static final List<String> MARKERS = List.of("codecarbon_version", "run_id", "project_name", "experiment_id");
    /** What this reader needs, for messages. */
    public static final String NEEDS = "project_name or experiment_id (a configuration id), gpu_energy (kWh), gpu_model or cpu_model";
    /** CodeCarbon's defaults, which name no run. */
    static final String DEFAULT_PROJECT = "codecarbon";
    static final String DEFAULT_EXPERIMENT = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1";
    private static final Pattern GPU_COUNT_PREFIX = Pattern.compile("^\\d+ x ");

    private final boolean studyConfigurationsOnly;

    /** The reader of {@code joules analyze} and {@code normalize}: every run must be a study configuration. */
    public CodeCarbonFormat() {
        this(true);
    }

    /**
     * @param studyConfigurationsOnly false accepts runs named anything (a DCASE system); their FLOPs and
     *                                parameters are NaN unless the file gives them
     */
    public CodeCarbonFormat(boolean studyConfigurationsOnly) {
        this.studyConfigurationsOnly = studyConfigurationsOnly;
    }

    @Override
    public String name() {
        return "CodeCarbon emissions.csv";
    }

    @Override
    public boolean recognises(List<String> header) {
        boolean marked = header.stream().anyMatch(h -> MARKERS.contains(h.trim().toLowerCase(java.util.Locale.ROOT)));
        boolean joules = header.stream().anyMatch(h -> h.trim().equalsIgnoreCase("energy_j"));
        return marked && !joules;
    }

    @Override
    public List<HardwareResults> read(CsvTable table, List<String> notices) {
        Columns c = Columns.of(table);
        int project = table.column("project_name");
        int experiment = table.column("experiment_id");
        int runId = table.column("run_id");
        if (project < 0 && experiment < 0) {
            throw new IllegalArgumentException(table.file() + ": line 1: no project_name or experiment_id column to name the"
                    + " configuration of each run; a CodeCarbon file needs " + NEEDS);
        }
        int flops = table.column("flops");
        int params = table.column("params");
        boolean ownCosts = flops >= 0 && params >= 0;

        Map<String, List<ConfigResult>> byHardware = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String id = configuration(table, row, project, experiment, runId, ownCosts);
            if (!Column.isId(id)) {
                throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": run '" + id + "' is not a configuration"
                        + " id (letters, digits, '.', '_' and '-' only); rename the run in project_name");
            }
            Run run = c.run(row);
            StudyConfigurations.Entry known = StudyConfigurations.find(id).orElse(null);
            double f = ownCosts ? number(table, row, flops, "flops") : known != null ? known.flops() : Double.NaN;
            double p = ownCosts ? number(table, row, params, "params") : known != null ? known.params() : Double.NaN;
            String key = run.hardware() + "\u0000" + id;
            Integer first = firstLine.putIfAbsent(key, row.line());
            if (first != null) {
                throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": a second run of '" + id + "' on '"
                        + run.hardware() + "' (the first is on line " + first + "); keep one row per configuration and hardware");
            }
            byHardware.computeIfAbsent(run.hardware(), h -> new ArrayList<>())
                    .add(new ConfigResult(id, known != null ? known.family() : "", run.hardware(), run.joules(), f, p, row.line()));
        }
        List<HardwareResults> out = new ArrayList<>();
        byHardware.forEach((hw, rows) -> out.add(new HardwareResults(hw, table.file(), List.copyOf(rows))));
        if (out.isEmpty()) throw new IllegalArgumentException(table.file() + ": no runs (the file has a header and no rows)");
        return out;
    }

    /**
     * The configuration a row names: the first of project_name, experiment_id that is a study configuration;
     * when names are free, else the first that is set and not CodeCarbon's default, else run_id.
     */
    private String configuration(CsvTable table, CsvTable.Row row, int project, int experiment, int runId, boolean ownCosts) {
        String p = project >= 0 ? row.fields().get(project) : "";
        String e = experiment >= 0 ? row.fields().get(experiment) : "";
        for (String name : List.of(p, e)) if (StudyConfigurations.find(name).isPresent()) return name;
        if (studyConfigurationsOnly && !ownCosts) {
            String advice = "; name each run by its configuration id in project_name or experiment_id (joules models lists"
                    + " them), or add flops and params columns";
            String given = !p.isEmpty() && !p.equals(DEFAULT_PROJECT) ? p : !e.isEmpty() && !e.equals(DEFAULT_EXPERIMENT) ? e : null;
            if (given == null) {
                throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": the run names no configuration"
                        + " (project_name '" + p + "', experiment_id '" + e + "' are empty or CodeCarbon's defaults)" + advice);
            }
            throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": run '" + given + "' ("
                    + (given.equals(p) ? "project_name" : "experiment_id") + ") is not a study configuration (closest: "
                    + String.join(", ", StudyConfigurations.closest(given)) + ")" + advice);
        }
        if (!p.isEmpty() && !p.equals(DEFAULT_PROJECT)) return p;
        if (!e.isEmpty() && !e.equals(DEFAULT_EXPERIMENT)) return e;
        if (runId >= 0 && !row.fields().get(runId).isEmpty()) return row.fields().get(runId);
        throw new IllegalArgumentException(table.file() + ": line " + row.line()
                + ": the run has no name (project_name and experiment_id are empty or CodeCarbon's defaults, run_id is empty)");
    }

    /** What one row measured: its energy in joules and the hardware it ran on. */
    public record Run(double joules, String hardware) {}

    /** An energy column: its place, its name and the unit of its values. */
    record EnergyColumn(int index, String header, EnergyUnit unit) {}

    /**
     * Where a CodeCarbon table keeps the columns joules reads, with the unit of each energy column decided
     * once for the whole file.
     */
    static final class Columns {
        private final CsvTable table;
        private final EnergyColumn gpu;
        private final EnergyColumn cpu;
        private final int gpuCount;
        private final int gpuModel;
        private final int cpuModel;
        private final int hardware;

        private Columns(CsvTable table, EnergyColumn gpu, EnergyColumn cpu) {
            this.table = table;
            this.gpu = gpu;
            this.cpu = cpu;
            this.gpuCount = table.column("gpu_count");
            this.gpuModel = table.column("gpu_model");
            this.cpuModel = table.column("cpu_model");
            this.hardware = table.column("hardware");
        }

        /** Resolves the energy columns and their units, or says what is missing. */
        static Columns of(CsvTable table) {
            EnergyColumn gpu = energyColumn(table, "gpu_energy", "gpu_power");
            if (gpu == null) {
                throw new IllegalArgumentException(table.file() + ": line 1: no gpu_energy column (CodeCarbon's GPU energy in kWh);"
                        + " the columns are " + String.join(", ", table.header()) + "; a CodeCarbon file needs " + NEEDS);
            }
            return new Columns(table, gpu, energyColumn(table, "cpu_energy", "cpu_power"));
        }

        /** The energy and hardware of one row. */
        Run run(CsvTable.Row row) {
            return run(row, null);
        }

        /** The energy and hardware of one row; {@code fallbackHardware} (may be null) when the row names none. */
        Run run(CsvTable.Row row, String fallbackHardware) {
            boolean onGpu = tracksGpu(row);
            EnergyColumn e = onGpu ? gpu : cpu;
            if (e == null) {
                throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": the run tracked no GPU (gpu_count "
                        + cell(row, gpuCount) + ") and the file has no cpu_energy column to take the CPU's energy from");
            }
            double value = number(table, row, e.index(), e.header());
            String hw = hardware(row, onGpu, fallbackHardware);
            String problem = Column.HARDWARE.problem(hw);       // the results file's rule: printable text
            if (problem != null) throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": the hardware name " + problem);
            return new Run(e.unit().toJoules(value), hw);
        }

        private boolean tracksGpu(CsvTable.Row row) {
            String count = cell(row, gpuCount);
            if (!count.isEmpty()) {
                try {
                    return Double.parseDouble(count) > 0;
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(table.where(row, gpuCount, "gpu_count") + ": '" + count + "' is not a number");
                }
            }
            return gpuModel < 0 || !cell(row, gpuModel).isEmpty();
        }

        private String hardware(CsvTable.Row row, boolean onGpu, String fallback) {
            if (!cell(row, hardware).isEmpty()) return cell(row, hardware);
            if (onGpu && !cell(row, gpuModel).isEmpty()) return GPU_COUNT_PREFIX.matcher(cell(row, gpuModel)).replaceFirst("");
            if (!onGpu && !cell(row, cpuModel).isEmpty()) return cell(row, cpuModel);
            if (fallback != null) return fallback;
            throw new IllegalArgumentException(table.file() + ": line " + row.line() + ": no hardware: "
                    + (onGpu ? "gpu_model" : "cpu_model") + " is empty or missing; add a column 'hardware' naming it");
        }

        private static String cell(CsvTable.Row row, int column) {
            return column >= 0 ? row.fields().get(column) : "";
        }

        /**
         * The column holding {@code quantity} ("gpu_energy", with or without a unit in its name) and its unit,
         * or null when the file has no such column.
         */
        private static EnergyColumn energyColumn(CsvTable table, String quantity, String powerName) {
            int index = -1;
            EnergyUnit named = null;
            for (int i = 0; i < table.header().size(); i++) {
                EnergyUnit.Named n = EnergyUnit.split(table.header().get(i));
                if (n.quantity().equals(quantity)) {
                    index = i;
                    named = n.unit();
                }
            }
            if (index < 0) return null;
            String header = table.header().get(index).trim();
            int power = table.column(powerName);
            int duration = table.column("duration");
            EnergyUnit unit;
            if (named != null) {
                unit = named;
            } else if (table.column("codecarbon_version") >= 0) {
                unit = EnergyUnit.KWH;   // CodeCarbon's documented unit
            } else {
                unit = inferred(table, index, header, power, duration);
            }
            checkAgainstPower(table, index, header, unit, power, duration);
            return new EnergyColumn(index, header, unit);
        }

        /**
         * The units told apart by power x duration: three decades or more from each other (kJ and Wh are a
         * factor 3.6 apart, too close to tell from measurements, so kJ must be named).
         */
        private static final List<EnergyUnit> INFERABLE = List.of(EnergyUnit.J, EnergyUnit.WH, EnergyUnit.KWH);

        /**
         * The unit whose energies match power x duration: the median over the rows of
         * log10(energy / (power [W] x duration [s])) must lie within one decade of -log10(unit in J).
         */
        private static EnergyUnit inferred(CsvTable table, int index, String header, int power, int duration) {
            String advice = "; name the column " + header + "_kwh (or _wh, _j) or keep CodeCarbon's codecarbon_version column";
            String where = table.file() + ": line 1, column " + (index + 1) + " (" + header + ")";
            if (power < 0 || duration < 0) {
                throw new IllegalArgumentException(where + ": the unit of " + header + " cannot be told: the name carries no unit,"
                        + " there is no codecarbon_version column, and no power and duration columns to infer it from" + advice);
            }
            List<Double> logRatios = new ArrayList<>();
            for (CsvTable.Row row : table.rows()) {
                double e = parseOrNaN(row.fields().get(index));
                double w = parseOrNaN(row.fields().get(power));
                double s = parseOrNaN(row.fields().get(duration));
                if (e > 0 && w > 0 && s > 0) logRatios.add(Math.log10(e / (w * s)));
            }
            if (logRatios.isEmpty()) {
                throw new IllegalArgumentException(where + ": the unit of " + header + " cannot be told: no row has a positive"
                        + " energy, power and duration to infer it from" + advice);
            }
            double[] sorted = logRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            for (EnergyUnit u : INFERABLE) if (Math.abs(median + Math.log10(u.joules)) < 1) return u;
            throw new IllegalArgumentException(where + ": the unit of " + header + " cannot be told: energy / (power x duration)"
                    + " is about 1e" + Math.round(median) + ", which fits none of " + INFERABLE + advice);
        }

        /**
         * Rejects a row whose energy, read in {@code unit}, is more than 100 times off power x duration and
         * within a factor of 3 of it in another unit: the file is labelled in one unit but holds another.
         */
        private static void checkAgainstPower(CsvTable table, int index, String header, EnergyUnit unit, int power, int duration) {
            if (power < 0 || duration < 0) return;
            for (CsvTable.Row row : table.rows()) {
                double e = parseOrNaN(row.fields().get(index));
                double w = parseOrNaN(row.fields().get(power));
                double s = parseOrNaN(row.fields().get(duration));
                if (!(e > 0 && w > 0 && s > 0)) continue;
                double off = Math.log10(unit.toJoules(e) / (w * s));
                if (Math.abs(off) <= 2) continue;
                for (EnergyUnit other : INFERABLE) {
                    if (other != unit && Math.abs(Math.log10(other.toJoules(e) / (w * s))) < 0.5) {
                        throw new IllegalArgumentException(table.where(row, index, header) + ": " + e + " " + unit.symbol
                                + " disagrees with " + table.header().get(power).trim() + " x duration (" + w + " W x " + s
                                + " s = " + unit.fromJoules(w * s) + " " + unit.symbol + "); the values look like " + other.symbol
                                + ", not " + unit.symbol + ": name the column " + EnergyUnit.split(header).quantity() + "_"
                                + other.symbol.toLowerCase() + " if that is so");
                    }
                }
            }
        }
    }

    private static double parseOrNaN(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A finite, non-negative number as {@link CsvTable#number}, except that an empty cell says "empty". */
    static double number(CsvTable table, CsvTable.Row row, int column, String name) {
        table.text(row, column, name);
        return table.number(row, column, name);
    }
}
