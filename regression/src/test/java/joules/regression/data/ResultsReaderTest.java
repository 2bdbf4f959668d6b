package joules.regression.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import joules.regression.GoldenCase;
import joules.results.PowerTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRunSchemaAndSkipsFailedRuns() {
        List<String> notices = new ArrayList<>();
        List<HardwareResults> all = ResultsReader.readAll(List.of(GoldenCase.resultsFile("gpu-a.csv"), GoldenCase.resultsFile("gpu-c.csv")), notices);
        assertEquals(List.of("gpu-a", "gpu-c"), all.stream().map(HardwareResults::hardware).toList());
        assertEquals(43, all.get(0).rows().size());
        assertEquals(43, all.get(1).rows().size()); // 44 rows, one failed run skipped
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains("line 45: skipped 'cnn-L9-H999' (status 'out_of_memory')"), notices.get(0));
        ConfigResult first = all.get(0).rows().get(0);
        assertEquals("mlp-L1-H512", first.id());
        assertEquals("mlp", first.family());
        assertEquals(8398848, first.flops());
    }

    @Test
    void minimalColumnsAndQuotedFieldsAreEnough() throws IOException {
        Path f = write("min.csv", "id,hardware,energy_j,flops,params,note\na-1,\"x, 2 threads\",1.5,10,20,\"said \"\"hi\"\"\"\nb,\"x, 2 threads\",2,3,4,\n");
        HardwareResults h = ResultsReader.read(f, new ArrayList<>()).get(0);
        assertEquals("a-1", h.rows().get(0).id());
        assertEquals("x, 2 threads", h.hardware());
        assertEquals(2, h.rows().size());
    }

    @Test
    void aRunFileIsReadWithOrWithoutTheLaterColumns() throws IOException {
        // joules run's header before and after step_mode was added (at the end): columns are matched by name
        String before = "id,family,hardware,device,energy_j,flops,macs,params,status,error,engine_version";
        Path old = write("old.csv", before + "\nm,mlp,x,cpu,1.5,10,5,20,ok,,0.1.0\n");
        Path now = write("now.csv", before + ",step_mode\nm,mlp,y,cuda:0,2.5,10,5,20,ok,,0.2.0,cuda-graph\n");
        List<HardwareResults> both = ResultsReader.readAll(List.of(old, now), new ArrayList<>());
        assertEquals(List.of(1.5, 2.5), both.stream().map(h -> h.rows().get(0).energyJ()).toList());
    }

    @Test
    void oneFileMayHoldSeveralHardware() throws IOException {
        Path f = write("both.csv", "id,hardware,energy_j,flops,params\na,x,1,1,1\na,y,2,1,1\n");
        assertEquals(2, ResultsReader.read(f, new ArrayList<>()).size());
    }

    @Test
    void badInputNamesFileLineAndColumn() throws IOException {
        String header = "id,hardware,energy_j,flops,params\n";
        expect(write("missing.csv", "id,hardware,energy_j,params\na,x,1,1\n"), "missing.csv: line 1: missing column 'flops'");
        expect(write("text.csv", header + "a,x,1,1,1\nb,x,lots,1,1\n"), "text.csv: line 3, column 3 (energy_j): 'lots' is not a number");
        expect(write("negative.csv", header + "a,x,-4,1,1\n"), "negative.csv: line 2, column 3 (energy_j): -4 is negative (J)");
        expect(write("nan.csv", header + "a,x,NaN,1,1\n"), "nan.csv: line 2, column 3 (energy_j): 'NaN' is not a finite number");
        expect(write("unit.csv", header + "a,x,4721 kWh,1,1\n"), "unit.csv: line 2, column 3 (energy_j): '4721 kWh' is a number"
                + " with a unit: energy_j is in J; write the number alone, in J");
        expect(write("flops.csv", header + "a,x,1,,1\n"), "flops.csv: line 2, column 4 (flops): empty, expected a number");
        expect(write("dup.csv", header + "a,x,1,1,1\nb,x,1,1,1\na,x,2,1,1\n"),
                "dup.csv: line 4, column 1 (id): 'a' on hardware 'x' is also on line 2; keep one of the two lines");
        expect(write("path.csv", header + "../../secret/leak,x,1,1,1\n"), "path.csv: line 2, column 1 (id): '../../secret/leak' is not"
                + " a configuration id");
        expect(write("short.csv", header + "a,x,1,1\nb,x,1,1,1\n"), "short.csv: line 2: 4 fields but the header has 5");
        expect(write("other.csv", "timestamp,energy_consumed\n1,2\n"), "other.csv: line 1: not a known results file");
        expect(dir.resolve("absent.csv"), "absent.csv does not exist");
    }

    @Test
    void sameHardwareInTwoFilesIsAnError() throws IOException {
        Path a = write("a.csv", "id,hardware,energy_j,flops,params\nm,x,1,1,1\n");
        Path b = write("b.csv", "id,hardware,energy_j,flops,params\nm,x,1,1,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsReader.readAll(List.of(a, b), new ArrayList<>()));
        assertTrue(e.getMessage().contains("b.csv: line 2: hardware 'x' is also in"), e.getMessage());
    }

    @Test
    void powerTracesAreFoundBesideTheResults() {
        List<String> ids = ResultsReader.read(GoldenCase.resultsFile("gpu-a.csv"), new ArrayList<>()).get(0).rows().stream().map(ConfigResult::id).toList();
        var traces = PowerTrace.readAll(GoldenCase.resultsFile("gpu-a.csv"), ids, new ArrayList<>());
        assertEquals(5, traces.size());
        assertEquals(25, traces.get("mlp-L1-H512").watts().length);
        assertTrue(PowerTrace.readAll(GoldenCase.resultsFile("gpu-b.csv"), ids, new ArrayList<>()).isEmpty());
    }

    private void expect(Path file, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsReader.read(file, new ArrayList<>()));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
