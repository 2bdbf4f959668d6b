package joules.regression.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import joules.results.CsvTable;
import org.junit.jupiter.api.Test;

/** CodeCarbon's emissions.csv: units, naming, hardware, and the messages for files that cannot be read. */
class CodeCarbonFormatTest {
    private static final double KWH = 3.6e6;
    /** CodeCarbon 2.x's layout (31 columns, no experiment_id, water or utilisation), as the study's toolbox wrote it. */
    private static final String V2_HEADER = "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
            + "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,"
            + "cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
            + "ram_total_size,tracking_mode,on_cloud,pue";

    private static List<HardwareResults> read(String text, boolean studyOnly) {
        return new CodeCarbonFormat(studyOnly).read(CsvTable.parse(Path.of("emissions.csv"), text), new ArrayList<>());
    }

    private static String v2Row(String project, double seconds, double gpuWatts, String gpuEnergy, String gpuCount, String gpuModel) {
        return "2023-11-14T23:18:21," + project + ",0d6f5c1e-7a42-4b8e-9d1a-3e2f4c5b6a70," + seconds + ",0.0006,0.000002,42.5,"
                + gpuWatts + ",47.25,0.003541666667," + gpuEnergy + ",0.0039375,0.0120625,France,FRA,grand est,,,Linux,3.9.2,2.3.1,32,"
                + "AMD EPYC 7351 16-Core Processor," + gpuCount + "," + gpuModel + ",6.2,48.7,125.7,machine,N,1.0";
    }

    @Test
    void sampleOfCodeCarbon33IsReadInJoulesWithItsHardwareAndStudyCosts() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/codecarbon/emissions-3.3.csv").toURI());
        CsvTable table = CsvTable.read(file);
        assertEquals(38, table.header().size());
        CodeCarbonFormat format = new CodeCarbonFormat(false);
        assertTrue(format.recognises(table.header()));
        List<HardwareResults> hw = format.read(table, new ArrayList<>());
        assertEquals(1, hw.size());
        assertEquals("NVIDIA GeForce RTX 3090", hw.get(0).hardware());   // "1 x " removed
        Map<String, ConfigResult> rows = hw.get(0).byId();
        assertEquals(List.of("my-sed-system", "mlp-L1-H512", "rnn-L14-H2048"), List.copyOf(rows.keySet()));
        // gpu_energy in kWh: 0.8 kWh = 0.8 x 3.6e6 J
        assertEquals(0.8 * KWH, rows.get("my-sed-system").energyJ(), 1e-6);
        assertEquals(0.02 * KWH, rows.get("mlp-L1-H512").energyJ(), 1e-6);
        assertEquals(0.42 * KWH, rows.get("rnn-L14-H2048").energyJ(), 1e-6);
        // FLOPs and parameters of study configurations come from the study table; a free name has none
        assertEquals(8399370, rows.get("mlp-L1-H512").flops());
        assertEquals(4199946, rows.get("mlp-L1-H512").params());
        assertEquals("mlp", rows.get("mlp-L1-H512").family());
        assertTrue(Double.isNaN(rows.get("my-sed-system").flops()));
        assertEquals(2, rows.get("my-sed-system").line());
    }

    @Test
    void runsThatAreNotStudyConfigurationsAreAnErrorForTheAnalysesNamingFileLineAndClosestIds() {
        String text = V2_HEADER + "\n" + v2Row("mlp-L1-H512", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n"
                + v2Row("mlp-L1-H521", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 3: run 'mlp-L1-H521' (project_name) is not a study configuration"),
                e.getMessage());
        assertTrue(e.getMessage().contains("closest: mlp-L1-H512"), e.getMessage());
    }

    @Test
    void aRunLeftWithCodeCarbonsDefaultNamesIsAnError() {
        String text = V2_HEADER + "\n" + v2Row("codecarbon", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 2: the run names no configuration (project_name 'codecarbon',"
                + " experiment_id '' are empty or CodeCarbon's defaults); name each run by its configuration id"), e.getMessage());
        // the DCASE report takes any name, falling back to run_id
        assertEquals("0d6f5c1e-7a42-4b8e-9d1a-3e2f4c5b6a70", read(text, false).get(0).rows().get(0).id());
    }

    @Test
    void codeCarbon2LayoutWithTheConfigurationInProjectName() {
        String text = V2_HEADER + "\n" + v2Row("cnn-L1-H128", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n";
        ConfigResult r = read(text, true).get(0).rows().get(0);
        assertEquals("cnn-L1-H128", r.id());
        assertEquals("Tesla T4", r.hardware());
        assertEquals(0.004583333333 * KWH, r.energyJ(), 1e-6);   // 16500 J = 55 W x 300 s
        assertEquals(27262986, r.flops());
    }

    @Test
    void experimentIdNamesTheConfigurationWhenProjectNameDoesNot() {
        String text = "project_name,experiment_id,duration,gpu_power,gpu_energy,gpu_model,codecarbon_version\n"
                + "codecarbon,rnn-L1-H128,100,50,0.001388888889,1 x NVIDIA A40,3.3.0\n";
        assertEquals("rnn-L1-H128", read(text, true).get(0).rows().get(0).id());
    }

    @Test
    void aUnitInTheColumnNameIsConvertedExplicitly() {
        String text = "project_name,gpu_energy_wh,gpu_model\nmlp-L1-H512,20,1 x NVIDIA A40\n";
        assertEquals(20 * 3600.0, read(text, true).get(0).rows().get(0).energyJ(), 1e-9);
        String joules = "project_name,gpu_energy (J),gpu_model\nmlp-L1-H512,72000,1 x NVIDIA A40\n";
        assertEquals(72000.0, read(joules, true).get(0).rows().get(0).energyJ(), 1e-9);
    }

    @Test
    void withoutCodeCarbonsVersionColumnTheUnitIsToldFromPowerTimesDuration() {
        // 300 W for 240 s = 72000 J = 20 Wh: the values are Wh
        String text = "project_name,duration,gpu_power,gpu_energy,gpu_model\nmlp-L1-H512,240,300,20,1 x NVIDIA A40\n";
        assertEquals(72000.0, read(text, true).get(0).rows().get(0).energyJ(), 1e-9);
    }

    @Test
    void unitsThatCannotBeToldAreAnError() {
        String text = "project_name,gpu_energy,gpu_model\nmlp-L1-H512,0.02,1 x NVIDIA A40\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 1, column 2 (gpu_energy): the unit of gpu_energy cannot be told"),
                e.getMessage());
        assertTrue(e.getMessage().contains("gpu_energy_kwh"), e.getMessage());
    }

    @Test
    void energiesThatDisagreeWithPowerTimesDurationByAWholeUnitAreAnError() {
        // labelled CodeCarbon (kWh) but holding Wh: 300 W x 240 s = 20 Wh
        String text = "project_name,duration,gpu_power,gpu_energy,gpu_model,codecarbon_version\n"
                + "mlp-L1-H512,240,300,0.02,1 x NVIDIA A40,3.3.0\n"
                + "mlp-L1-H1024,240,300,20,1 x NVIDIA A40,3.3.0\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 3, column 4 (gpu_energy): 20.0 kWh disagrees with gpu_power x duration"),
                e.getMessage());
        assertTrue(e.getMessage().contains("look like Wh"), e.getMessage());
    }

    @Test
    void missingEnergyColumnsAreAnError() {
        String text = "project_name,run_id,duration,cpu_energy,energy_consumed\nmlp-L1-H512,x,240,0.003,0.02\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 1: no gpu_energy column"), e.getMessage());
        String empty = V2_HEADER + "\n" + v2Row("cnn-L1-H128", 300, 55, "", "1", "1 x Tesla T4") + "\n";
        e = assertThrows(IllegalArgumentException.class, () -> read(empty, true));
        assertEquals("emissions.csv: line 2, column 11 (gpu_energy): empty", e.getMessage());
    }

    @Test
    void aRunWithoutGpuTakesTheCpuEnergyAndModel() {
        String text = V2_HEADER + "\n" + v2Row("cnn-L1-H128", 300, 0, "0", "0", "") + "\n";
        ConfigResult r = read(text, true).get(0).rows().get(0);
        assertEquals("AMD EPYC 7351 16-Core Processor", r.hardware());
        assertEquals(0.003541666667 * KWH, r.energyJ(), 1e-6);
    }

    @Test
    void aHardwareColumnOverridesTheGpuModel() {
        String text = "project_name,gpu_energy_kwh,gpu_model,hardware\nmlp-L1-H512,0.02,1 x NVIDIA A40,a40-node7\n";
        assertEquals("a40-node7", read(text, true).get(0).hardware());
    }

    @Test
    void twoRunsOfOneConfigurationOnOneHardwareAreAnError() {
        String text = V2_HEADER + "\n" + v2Row("cnn-L1-H128", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n"
                + v2Row("cnn-L1-H128", 300, 55, "0.004583333333", "1", "1 x Tesla T4") + "\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, true));
        assertTrue(e.getMessage().startsWith("emissions.csv: line 3: a second run of 'cnn-L1-H128' on 'Tesla T4' (the first is on line 2)"),
                e.getMessage());
    }

    @Test
    void ownFlopsAndParamsColumnsAllowAnyName() {
        String text = "project_name,gpu_energy_kwh,gpu_model,flops,params\nmy-net,0.5,1 x NVIDIA A40,1e9,12345\n";
        ConfigResult r = read(text, true).get(0).rows().get(0);
        assertEquals("my-net", r.id());
        assertEquals(1e9, r.flops());
        assertEquals(12345, r.params());
    }

    @Test
    void recognisesCodeCarbonHeadersAndNotJoulesOnes() {
        CodeCarbonFormat f = new CodeCarbonFormat();
        assertTrue(f.recognises(List.of(V2_HEADER.split(","))));
        assertFalse(f.recognises(List.of("id", "hardware", "energy_j", "flops", "params", "project_name")));
        assertFalse(f.recognises(List.of("a", "b")));
    }

    @Test
    void energyUnitsSplitFromColumnNames() {
        assertEquals(new EnergyUnit.Named("gpu_energy", EnergyUnit.KWH), EnergyUnit.split("gpu_energy (kWh)"));
        assertEquals(new EnergyUnit.Named("gpu_energy", EnergyUnit.KWH), EnergyUnit.split("GPU_energy_kwh"));
        assertEquals(new EnergyUnit.Named("gpu_energy", EnergyUnit.WH), EnergyUnit.split("gpu_energy [Wh]"));
        assertEquals(new EnergyUnit.Named("gpu_energy", null), EnergyUnit.split("gpu_energy"));
        assertEquals(3.6e6, EnergyUnit.KWH.toJoules(1));
        assertEquals(1.0, EnergyUnit.KWH.fromJoules(3.6e6));
    }
}
