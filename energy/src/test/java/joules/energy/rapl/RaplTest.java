package joules.energy.rapl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import joules.energy.SensorException;
import joules.energy.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAPL on a fake powercap tree written by the test. */
class RaplTest {
    static final long RANGE = 1_000_000;  // wraps at 1 J to make wrap-around easy to reach

    @TempDir
    Path root;

    static void zone(Path root, String id, String name, long energy) throws IOException {
        Path d = Files.createDirectories(root.resolve(id));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("max_energy_range_uj"), RANGE + "\n");
        Files.writeString(d.resolve("energy_uj"), energy + "\n");
    }

    static void set(Path root, String id, long energy) throws IOException {
        Files.writeString(root.resolve(id).resolve("energy_uj"), energy + "\n");
    }

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("intel-rapl"));     // the control type: not a zone
        zone(root, "intel-rapl:0", "package-0", 999_000);
        zone(root, "intel-rapl:0:0", "core", 5);                // part of package-0: not added
        zone(root, "intel-rapl:0:1", "dram", 100);
        zone(root, "intel-rapl:1", "package-1", 10_000);
        zone(root, "intel-rapl:2", "psys", 7);                  // the whole platform: not added
        zone(root, "intel-rapl-mmio:0", "package-0", 3);        // the same package through MMIO: skipped
    }

    @Test
    void discoversPackagesAndDramOnly() {
        Rapl.Discovery d = Rapl.discover(root);
        assertEquals(List.of("intel-rapl:0", "intel-rapl:1"), d.packages().stream().map(RaplZone::id).toList());
        assertEquals(List.of("intel-rapl:0:1"), d.dram().stream().map(RaplZone::id).toList());
        assertEquals(List.of(), d.problems());
        assertEquals(RANGE, d.packages().get(0).maxEnergyRangeMicrojoules());
    }

    @Test
    void sumsPackagesAndCorrectsAWrapAround() throws Exception {
        Rapl.Discovery d = Rapl.discover(root);
        RaplSensor cpu = new RaplSensor("CPU packages", d.packages());
        assertEquals(Source.COUNTER, cpu.source());
        assertEquals("RAPL CPU packages (intel-rapl:0 package-0 + intel-rapl:1 package-1)", cpu.describe());

        long s = 1_000_000_000L;
        cpu.begin(0);
        assertTrue(Double.isNaN(cpu.powerWatts(0)));            // no interval yet
        set(root, "intel-rapl:0", 500);                         // wrapped: 999000 -> 1000000 = 0 -> 500: +1500 uJ
        set(root, "intel-rapl:1", 12_000);                      // +2000 uJ
        assertEquals(3500e-6 / 0.5, cpu.powerWatts(s / 2), 1e-12);
        set(root, "intel-rapl:0", 2_500);                       // +2000
        set(root, "intel-rapl:1", 12_500);                      // +500
        assertEquals(2500e-6 / 0.5, cpu.powerWatts(s), 1e-12);
        assertEquals(6000e-6, cpu.energySinceBeginJoules(s), 1e-15);

        cpu.begin(2 * s);                                       // a new interval starts from zero
        set(root, "intel-rapl:0", 3_000);
        assertEquals(500e-6, cpu.energySinceBeginJoules(3 * s), 1e-15);
    }

    @Test
    void aZoneThatVanishesIsASensorError() throws Exception {
        RaplSensor dram = new RaplSensor("DRAM", Rapl.discover(root).dram());
        dram.begin(0);
        Files.delete(root.resolve("intel-rapl:0:1").resolve("energy_uj"));
        SensorException e = org.junit.jupiter.api.Assertions.assertThrows(SensorException.class, () -> dram.powerWatts(1));
        assertTrue(e.getMessage().startsWith("cannot read " + root.resolve("intel-rapl:0:1/energy_uj")), e.getMessage());
    }

    @Test
    void permissionDeniedIsReportedWithTheFix() throws IOException {
        Path energy = root.resolve("intel-rapl:0/energy_uj");
        Files.setPosixFilePermissions(energy, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(energy), "running as root: permissions do not stop reads");
        Rapl.Discovery d = Rapl.discover(root);
        assertEquals(List.of("intel-rapl:1"), d.packages().stream().map(RaplZone::id).toList());
        assertTrue(d.anyPermissionDenied());
        assertTrue(d.problems().get(0).contains("permission denied"));
        assertTrue(d.problems().get(0).contains("sudo chmod a+r " + root + "/*-rapl:*/energy_uj"), d.problems().get(0));
    }

    @Test
    void theFixNamesTheCommandAndTheUdevRule() {
        String fix = Rapl.permissionFix(Path.of("/sys/class/powercap"));
        assertTrue(fix.contains("sudo chmod a+r /sys/class/powercap/*-rapl:*/energy_uj"));
        assertTrue(fix.contains("SUBSYSTEM==\"powercap\""));
    }

    @Test
    void noTreeMeansNoZonesAndNoProblems() {
        Rapl.Discovery d = Rapl.discover(root.resolve("absent"));
        assertTrue(d.packages().isEmpty() && d.dram().isEmpty() && d.problems().isEmpty());
    }
}
