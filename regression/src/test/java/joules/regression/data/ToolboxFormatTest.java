package joules.regression.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import joules.results.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authors' toolbox folder: metadata.txt with FLOPs and parameters, run_N/codecarbon/emissions.csv with the energy. */
class ToolboxFormatTest {
    private static final String EMISSIONS_HEADER = "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
            + "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,codecarbon_version,cpu_model,gpu_count,gpu_model";

    @TempDir
    Path dir;

    private void run(String name, String... rows) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name).resolve("codecarbon"));
        Files.writeString(folder.resolve("emissions.csv"), EMISSIONS_HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    private static String text(Path file) {
        return joules.results.InputFiles.readText(file, "file");
    }

    @Test
    void aTornLastLineIsLeftOutAsInACsvFile() throws IOException {
        Path file = metadata("grue-3;1;run_0;0;1;mlp;1;1;1;64;1;512;8\ngrue-3;1;run_1;0;1;ml");
        CsvTable t = ToolboxFormat.table(file, text(file));
        assertEquals(1, t.rows().size());
        assertEquals(new CsvTable.Torn(2, 21), t.torn());
    }

    private Path metadata(String text) throws IOException {
        return Files.writeString(dir.resolve("metadata.txt"), text);
    }

    private static List<HardwareResults> read(Path file) {
        CsvTable table = ToolboxFormat.table(file, text(file));
        ToolboxFormat f = new ToolboxFormat();
        assertTrue(f.recognises(table.header()));
        return f.read(table, new ArrayList<>());
    }

    @Test
    void readsIdsCostsAndTheLastCodeCarbonRowOfEachRun() throws IOException {
        run("run_0", "2023-11-14T23:18:21,codecarbon,a,300,0,0,42.5,55,47.25,0.0035,0.004583333333,0.0039,0.012,2.3.1,AMD EPYC,1,1 x Tesla T4");
        // CodeCarbon appends a row at every stop: the last one is the run's total
        run("run_1", "2023-11-14T23:20:00,codecarbon,b,100,0,0,42.5,60,47.25,0.001,0.001,0.001,0.003,2.3.1,AMD EPYC,1,1 x Tesla T4",
                "2023-11-14T23:28:53,codecarbon,b,600,0,0,42.5,60,47.25,0.007,0.01,0.0079,0.025,2.3.1,AMD EPYC,1,1 x Tesla T4");
        Path file = metadata("grue-3;2104117;run_0;1700000000.5;1700000301.2;cnn;27262986;12058624;2622730;64;1;128;8\n"
                + "grue-3;2104117;run_1;1700000331.8;1700000933.1;crnn;112592138;4719232;26250;64;[1, 1];[64, 64];8\n");
        assertTrue(ToolboxFormat.isMetadata(text(file)));
        List<HardwareResults> hw = read(file);
        assertEquals(1, hw.size());
        assertEquals("Tesla T4", hw.get(0).hardware());
        ConfigResult cnn = hw.get(0).rows().get(0);
        ConfigResult crnn = hw.get(0).rows().get(1);
        assertEquals("cnn-L1-H128", cnn.id());
        assertEquals("cnn", cnn.family());
        assertEquals(27262986, cnn.flops());
        assertEquals(2622730, cnn.params());
        assertEquals(0.004583333333 * 3.6e6, cnn.energyJ(), 1e-6);   // 16500 J
        assertEquals("crnn-C1R1-H64x64", crnn.id());
        assertEquals(0.01 * 3.6e6, crnn.energyJ(), 1e-6);
        assertEquals(2, crnn.line());
    }

    @Test
    void theNodesClusterNamesTheHardwareWhenCodeCarbonSawNoGpuModelAndOtherFramesAreMarked() throws IOException {
        run("run_0", "2023-11-14T23:18:21,codecarbon,a,300,0,0,42.5,55,47.25,0.0035,0.004583333333,0.0039,0.012,2.3.1,AMD EPYC,1,");
        Path file = metadata("gruss-2;77;run_0;0;1;rnn;1;1;1;128;14;2048;8\n");
        ConfigResult r = read(file).get(0).rows().get(0);
        assertEquals("gruss", r.hardware());
        assertEquals("rnn-L14-H2048-F128", r.id());
    }

    @Test
    void aRunWithoutItsEmissionsFileIsAnErrorNamingTheLineAndThePath() throws IOException {
        Path file = metadata("grue-3;1;run_7;0;1;mlp;1;1;1;64;1;512;8\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(file));
        assertTrue(e.getMessage().startsWith(file + ": line 1: run run_7 has no energy: "), e.getMessage());
        assertTrue(e.getMessage().contains("run_7/codecarbon/emissions.csv does not exist"), e.getMessage());
    }

    @Test
    void badLinesAreErrorsNamingTheLine() throws IOException {
        Path short_ = metadata("grue-3;1;run_0;0;1;mlp;1;1;1;64;1;512;8\n\ngrue-3;1;run_1;0;1;mlp;1;1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolboxFormat.table(short_, text(short_)));
        assertTrue(e.getMessage().startsWith(short_ + ": line 3: 8 fields separated by ';'"), e.getMessage());

        run("run_0", "t,codecarbon,a,300,0,0,42.5,55,47.25,0.0035,0.0045,0.0039,0.012,2.3.1,AMD EPYC,1,1 x Tesla T4");
        Path model = metadata("grue-3;1;run_0;0;1;transformer;1;1;1;64;1;512;8\n");
        e = assertThrows(IllegalArgumentException.class, () -> read(model));
        assertTrue(e.getMessage().contains("line 1, column 6 (model): unknown model 'transformer'"), e.getMessage());
    }

    @Test
    void csvFilesAreNotMetadataFiles() throws IOException {
        Path csv = Files.writeString(dir.resolve("results.csv"), "id,hardware,energy_j,flops,params\n");
        assertFalse(ToolboxFormat.isMetadata(text(csv)));
        assertFalse(new ToolboxFormat().recognises(List.of("id", "hardware", "energy_j")));
    }
}
