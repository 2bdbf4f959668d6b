package joules.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results in CodeCarbon's emissions.csv layout: its 38 columns in order, its units, empty cells for what joules cannot know. */
class CodeCarbonWriterTest {
    private static final CodeCarbonWriter.Machine MACHINE = new CodeCarbonWriter.Machine("Linux-6.8.0-x86_64", "AMD EPYC 7B13", 16, 62.5);

    @TempDir
    Path dir;

    private static ResultRow gpuRun() {
        return new ResultRow().set(Column.ID, "cnn-L1-H128").set(Column.FAMILY, "cnn").set(Column.HARDWARE, "NVIDIA A40")
                .set(Column.DEVICE, "cuda:0").set(Column.DURATION_S, "100").set(Column.ENERGY_J, "36000")
                .set(Column.ENERGY_SOURCE, "counter").set(Column.CPU_ENERGY_J, "3600").set(Column.RAM_ENERGY_J, "720")
                .set(Column.CARBON_G, "0.6612").set(Column.STATUS, "ok").set(Column.STARTED_AT, "2025-05-10T09:00:00Z");
    }

    private static ResultRow cpuRun() {
        return new ResultRow().set(Column.ID, "mlp-L1-H512").set(Column.HARDWARE, "AMD EPYC 7B13, 16 threads")
                .set(Column.DEVICE, "cpu").set(Column.DURATION_S, "60").set(Column.ENERGY_J, "1800")
                .set(Column.CPU_ENERGY_J, "1800").set(Column.RAM_ENERGY_J, "360").set(Column.STATUS, "ok")
                .set(Column.STARTED_AT, "2025-05-10T10:00:00Z");
    }

    @Test
    void theHeaderIsCodeCarbons38ColumnsInItsOrder() {
        assertEquals(38, CodeCarbonWriter.COLUMNS.size());
        assertEquals("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,"
                + "cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,"
                + "cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,"
                + "longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"
                + "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue", String.join(",", CodeCarbonWriter.COLUMNS));
    }

    @Test
    void aGpuRunInCodeCarbonsUnits() {
        List<String> c = CodeCarbonWriter.cells(gpuRun(), MACHINE);
        assertEquals(38, c.size());
        assertEquals("2025-05-10T09:01:40", cell(c, "timestamp"));        // started_at + 100 s
        assertEquals("cnn-L1-H128", cell(c, "project_name"));
        assertEquals(CodeCarbonWriter.runId(gpuRun()), cell(c, "run_id"));
        assertEquals(36, cell(c, "run_id").length());
        assertEquals("", cell(c, "experiment_id"));
        assertEquals("100", cell(c, "duration"));
        assertEquals("0.0006612", cell(c, "emissions"));                  // 0.6612 g = 0.0006612 kg
        assertEquals("0.000006612", cell(c, "emissions_rate"));           // kg/s
        assertEquals("36", cell(c, "cpu_power"));                         // 3600 J / 100 s
        assertEquals("360", cell(c, "gpu_power"));
        assertEquals("7.2", cell(c, "ram_power"));
        assertEquals("0.001", cell(c, "cpu_energy"));                     // 3600 J = 0.001 kWh
        assertEquals("0.01", cell(c, "gpu_energy"));                      // 36000 J = 0.01 kWh
        assertEquals("0.0002", cell(c, "ram_energy"));
        assertEquals("0.0112", cell(c, "energy_consumed"));               // 40320 J
        assertEquals("Linux-6.8.0-x86_64", cell(c, "os"));
        assertEquals("16", cell(c, "cpu_count"));
        assertEquals("AMD EPYC 7B13", cell(c, "cpu_model"));
        assertEquals("1", cell(c, "gpu_count"));
        assertEquals("1 x NVIDIA A40", cell(c, "gpu_model"));
        assertEquals("62.5", cell(c, "ram_total_size"));
        assertEquals("machine", cell(c, "tracking_mode"));
        assertEquals("1", cell(c, "pue"));
        for (String unknown : List.of("water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region",
                "python_version", "codecarbon_version", "longitude", "latitude", "cpu_utilization_percent", "gpu_utilization_percent",
                "ram_utilization_percent", "ram_used_gb", "on_cloud", "wue")) {
            assertEquals("", cell(c, unknown), unknown);
        }
    }

    @Test
    void aCpuRunTracksNoGpuAndUnknownFiguresStayEmpty() {
        List<String> c = CodeCarbonWriter.cells(cpuRun(), MACHINE);
        assertEquals("0", cell(c, "gpu_count"));
        assertEquals("", cell(c, "gpu_model"));
        assertEquals("0", cell(c, "gpu_energy"));
        assertEquals("0", cell(c, "gpu_power"));
        assertEquals("0.0005", cell(c, "cpu_energy"));                    // 1800 J
        assertEquals("0.0006", cell(c, "energy_consumed"));               // 1800 + 360 J
        assertEquals("", cell(c, "emissions"));                           // no carbon intensity given
        assertEquals("", cell(c, "emissions_rate"));

        List<String> noCpu = CodeCarbonWriter.cells(gpuRun().set(Column.CPU_ENERGY_J, ""), MACHINE);
        assertEquals("", cell(noCpu, "cpu_energy"));
        assertEquals("", cell(noCpu, "energy_consumed"));                 // not a partial sum
    }

    @Test
    void theFileHoldsTheFinishedRunsOfOneHardware() throws IOException {
        ResultRow failed = gpuRun().set(Column.ID, "cnn-L2-H128").set(Column.STATUS, "out_of_memory").set(Column.ENERGY_J, "");
        ResultRow elsewhere = gpuRun().set(Column.HARDWARE, "Tesla T4");
        Path file = dir.resolve("sub/emissions.csv");
        int n = CodeCarbonWriter.write(file, List.of(gpuRun(), failed, elsewhere, cpuRun()), "NVIDIA A40", MACHINE);
        assertEquals(1, n);
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertEquals(String.join(",", CodeCarbonWriter.COLUMNS), lines.get(0));
        assertEquals(Csv.line(CodeCarbonWriter.cells(gpuRun(), MACHINE)), lines.get(1));
    }

    @Test
    void theRunIdIsStableForOneRunAndDiffersBetweenRuns() {
        assertEquals(CodeCarbonWriter.runId(gpuRun()), CodeCarbonWriter.runId(gpuRun()));
        String later = CodeCarbonWriter.runId(gpuRun().set(Column.STARTED_AT, "2025-05-11T09:00:00Z"));
        assertEquals(false, later.equals(CodeCarbonWriter.runId(gpuRun())));
    }

    private static String cell(List<String> cells, String column) {
        return cells.get(CodeCarbonWriter.COLUMNS.indexOf(column));
    }
}
