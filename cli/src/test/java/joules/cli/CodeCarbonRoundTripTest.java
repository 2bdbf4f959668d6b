package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import joules.layers.cost.Convention;
import joules.layers.cost.Cost;
import joules.regression.data.CodeCarbonFormat;
import joules.regression.data.HardwareResults;
import joules.regression.data.JoulesResultsFormat;
import joules.regression.data.ConfigResult;
import joules.regression.data.StudyConfigurations;
import joules.results.CodeCarbonWriter;
import joules.results.Column;
import joules.results.CsvTable;
import joules.results.ResultsFile;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A joules results file written as CodeCarbon's emissions.csv (module train) and read back as CodeCarbon
 * (module regression) gives the same energies, to the unit conversion; and the study table that the
 * CodeCarbon reader takes FLOPs and parameters from matches the zoo.
 */
class CodeCarbonRoundTripTest {
    private static final CodeCarbonWriter.Machine MACHINE = new CodeCarbonWriter.Machine("Linux", "AMD EPYC 7B13", 16, 62.5);

    @TempDir
    Path dir;

    @Test
    void resultsWrittenAsCodeCarbonReadBackWithTheSameEnergies() {
        Path results = ReportCommandTest.EXAMPLES.resolve("results-a40.csv");
        Path emissions = dir.resolve("emissions.csv");
        int n = CodeCarbonWriter.write(emissions, ResultsFile.read(results).rows(), "NVIDIA A40", MACHINE);
        assertEquals(3, n);

        CsvTable written = CsvTable.read(emissions);
        CodeCarbonFormat format = new CodeCarbonFormat();
        assertTrue(format.recognises(written.header()));
        List<HardwareResults> back = format.read(written, new ArrayList<>());
        List<HardwareResults> original = new JoulesResultsFormat().read(CsvTable.read(results), new ArrayList<>());
        assertEquals(1, back.size());
        assertEquals("NVIDIA A40", back.get(0).hardware());
        List<ConfigResult> a = original.get(0).rows();
        List<ConfigResult> b = back.get(0).rows();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).id(), b.get(i).id());
            assertEquals(a.get(i).energyJ(), b.get(i).energyJ(), 1e-6, a.get(i).id());   // J -> kWh (15 decimals) -> J
            assertEquals(a.get(i).flops(), b.get(i).flops(), a.get(i).id());
            assertEquals(a.get(i).params(), b.get(i).params(), a.get(i).id());
        }
    }

    @Test
    void aCpuRunComesBackWithItsCpuEnergyOnTheCpuModel() {
        joules.results.ResultRow cpu = new joules.results.ResultRow().set(Column.ID, "mlp-L1-H512")
                .set(Column.HARDWARE, "AMD EPYC 7B13, 16 threads").set(Column.DEVICE, "cpu").set(Column.DURATION_S, "60.125")
                .set(Column.ENERGY_J, "1803.7519").set(Column.CPU_ENERGY_J, "1803.7519").set(Column.RAM_ENERGY_J, "360.25")
                .set(Column.STATUS, "ok").set(Column.STARTED_AT, "2025-05-10T10:00:00Z");
        Path emissions = dir.resolve("cpu.csv");
        CodeCarbonWriter.write(emissions, List.of(cpu), "AMD EPYC 7B13, 16 threads", MACHINE);
        ConfigResult back = new CodeCarbonFormat().read(CsvTable.read(emissions), new ArrayList<>()).get(0).rows().get(0);
        assertEquals("AMD EPYC 7B13", back.hardware());   // CodeCarbon's cpu_model
        assertEquals(1803.7519, back.energyJ(), 1e-6);
    }

    @Test
    void theStudyTableOfTheRegressionModuleMatchesTheZoo() {
        assertEquals(Zoo.configs().size(), StudyConfigurations.all().size());
        for (ModelConfig m : Zoo.configs()) {
            StudyConfigurations.Entry e = StudyConfigurations.find(m.id()).orElseThrow(() -> new AssertionError(m.id()));
            Cost c = Zoo.costs(m, Convention.DEEPSPEED, 1).total();
            assertEquals(m.family().label(), e.family(), m.id());
            assertEquals(c.params(), e.params(), m.id());
            assertEquals(c.macs(), e.macs(), m.id());
            assertEquals(c.flops(), e.flops(), m.id());
        }
    }
}
