package joules.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Results written in CodeCarbon's emissions.csv layout, so that a sweep can be handed in where a CodeCarbon
 * file is asked for (the DCASE Challenge asks for one). One row per configuration that trained to the end;
 * CodeCarbon's units: energy in kWh, power in W (means over the run), emissions in kg CO2eq, duration in s.
 * Columns joules cannot know (location, Python, utilisation, water) are left empty rather than invented;
 * docs/codecarbon.md gives the mapping column by column.
 */
public final class CodeCarbonWriter {
    /**
     * CodeCarbon 3.x's columns in its order: the fields of EmissionsData in
     * codecarbon/output_methods/emissions_data.py, which its CSV output writes as they are declared.
     */
    public static final List<String> COLUMNS = List.of(
            "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
            "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
            "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
            "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
            "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
            "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue");

    static final double JOULES_PER_KWH = 3.6e6;
    /** Decimals of the kWh columns: 1e-15 kWh is 3.6e-9 J, far below the results file's 1e-4 J. */
    static final int KWH_DECIMALS = 15;
    /** CodeCarbon's timestamp format; joules writes UTC where CodeCarbon writes local time. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * What joules knows of the machine besides a result row. Empty text and NaN or negative numbers are
     * written as empty cells.
     *
     * @param os         the operating system, "Linux-6.8.0-x86_64" (CodeCarbon writes Python's platform.platform())
     * @param cpuModel   the CPU's model name
     * @param cpuCount   logical CPUs
     * @param ramTotalGb total memory in GB of 2^30 bytes, as CodeCarbon counts them
     */
    public record Machine(String os, String cpuModel, int cpuCount, double ramTotalGb) {

        /** The machine this JVM runs on. */
        public static Machine current() {
            String os = System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-" + System.getProperty("os.arch");
            double ram = Double.NaN;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
                ram = bean.getTotalMemorySize() / (double) (1L << 30);
            }
            return new Machine(os, cpuModelName(), Runtime.getRuntime().availableProcessors(), ram);
        }

        /** The first "model name" of /proc/cpuinfo, or empty where there is none. */
        private static String cpuModelName() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
                }
            } catch (IOException | UncheckedIOException e) {
                // not Linux, or not readable: unknown
            }
            return "";
        }
    }

    private CodeCarbonWriter() {}

    /**
     * Writes the file anew: the header and one row per result of {@code hardware} that trained to the end
     * (status ok), in the results' order. The file is replaced whole and synced ({@link OutputFiles#writeAtomically}),
     * so that a sweep can keep it in step with its results file after every row.
     *
     * @return the number of rows written
     * @throws OutputException when it cannot be written
     */
    public static int write(Path file, List<ResultRow> results, String hardware, Machine machine) {
        StringBuilder sb = new StringBuilder(Csv.line(COLUMNS)).append('\n');
        int n = 0;
        for (ResultRow r : results) {
            if (!r.hardware().equals(hardware) || !r.get(Column.STATUS).equals(RunStatus.OK.cell())) continue;
            sb.append(Csv.line(cells(r, machine))).append('\n');
            n++;
        }
        OutputFiles.writeAtomically("the CodeCarbon file", OutputFiles.target("the CodeCarbon file", file),
                sb.toString().getBytes(StandardCharsets.UTF_8));
        return n;
    }

    /** One result as the cells of {@link #COLUMNS}, in that order. */
    public static List<String> cells(ResultRow r, Machine machine) {
        boolean onGpu = r.get(Column.DEVICE).startsWith("cuda");
        double seconds = number(r, Column.DURATION_S);
        double cpuJ = number(r, Column.CPU_ENERGY_J);
        double gpuJ = onGpu ? number(r, Column.ENERGY_J) : 0;   // a CPU run tracks no GPU: 0, as CodeCarbon writes
        double ramJ = number(r, Column.RAM_ENERGY_J);
        double kg = number(r, Column.CARBON_G) / 1000;
        double totalJ = cpuJ + gpuJ + ramJ;                    // NaN when a component is unknown: left empty

        List<String> c = new ArrayList<>(COLUMNS.size());
        c.add(timestamp(r, seconds));                          // timestamp: end of the run, UTC
        c.add(r.id());                                         // project_name: the configuration
        c.add(runId(r));                                       // run_id
        c.add("");                                             // experiment_id: a CodeCarbon API experiment; none
        c.add(r.get(Column.DURATION_S));                       // duration, s
        c.add(Csv.decimal(kg, 12));                            // emissions, kg CO2eq
        c.add(Csv.decimal(kg / seconds, 15));                  // emissions_rate, kg/s
        c.add(Csv.decimal(cpuJ / seconds, 6));                 // cpu_power, W (mean)
        c.add(Csv.decimal(gpuJ / seconds, 6));                 // gpu_power, W (mean)
        c.add(Csv.decimal(ramJ / seconds, 6));                 // ram_power, W (mean)
        c.add(kwh(cpuJ));                                      // cpu_energy, kWh
        c.add(kwh(gpuJ));                                      // gpu_energy, kWh
        c.add(kwh(ramJ));                                      // ram_energy, kWh
        c.add(kwh(totalJ));                                    // energy_consumed, kWh
        c.add("");                                             // water_consumed: needs a WUE
        c.add("");                                             // country_name
        c.add("");                                             // country_iso_code
        c.add("");                                             // region
        c.add("");                                             // cloud_provider
        c.add("");                                             // cloud_region
        c.add(machine.os());                                   // os
        c.add("");                                             // python_version
        c.add("");                                             // codecarbon_version: not CodeCarbon
        c.add(machine.cpuCount() > 0 ? Integer.toString(machine.cpuCount()) : "");   // cpu_count
        c.add(machine.cpuModel());                             // cpu_model
        c.add(onGpu ? "1" : "0");                              // gpu_count: joules trains on one GPU
        c.add(onGpu ? "1 x " + r.hardware() : "");             // gpu_model, CodeCarbon's "N x name"
        c.add("");                                             // longitude
        c.add("");                                             // latitude
        c.add(machine.ramTotalGb() > 0 ? Csv.decimal(machine.ramTotalGb(), 3) : "");  // ram_total_size, GB
        c.add("machine");                                      // tracking_mode: NVML and RAPL measure the device
        c.add("");                                             // cpu_utilization_percent
        c.add("");                                             // gpu_utilization_percent
        c.add("");                                             // ram_utilization_percent
        c.add("");                                             // ram_used_gb
        c.add("");                                             // on_cloud
        c.add("1");                                            // pue: energies are the devices', not scaled
        c.add("");                                             // wue
        return c;
    }

    private static String kwh(double joules) {
        return Csv.decimal(joules / JOULES_PER_KWH, KWH_DECIMALS);
    }

    /** A cell as a number; empty or unreadable is NaN (written back as an empty cell). */
    private static double number(ResultRow r, Column c) {
        try {
            return Csv.number(r.get(c));
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /** The end of the run (started_at + duration), in CodeCarbon's format; empty without a start time. */
    static String timestamp(ResultRow r, double seconds) {
        try {
            Instant start = Instant.parse(r.get(Column.STARTED_AT));
            long nanos = Double.isFinite(seconds) ? Math.round(seconds * 1e9) : 0;
            return TIMESTAMP.format(start.plusNanos(nanos));
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    /** A UUID derived from the run's configuration, hardware and start time: the same run always gets the same id. */
    static String runId(ResultRow r) {
        String key = r.id() + "\u0000" + r.hardware() + "\u0000" + r.get(Column.STARTED_AT);
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
