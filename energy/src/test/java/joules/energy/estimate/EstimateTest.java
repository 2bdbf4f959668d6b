package joules.energy.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import joules.energy.Source;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU and RAM estimates on a fake /proc written by the test. */
class EstimateTest {
    @TempDir
    Path proc;

    /** /proc/self/stat with a command name holding spaces and a ')'; utime (field 14) and stime (field 15). */
    void processTicks(long utime, long stime) throws IOException {
        Files.writeString(proc.resolve("self/stat"), "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 30 0 69193 3133440 412 18446744073709551615\n");
    }

    /** /proc/stat of a 4-CPU machine: user nice system idle iowait irq softirq steal guest guest_nice. */
    void machineTicks(long user, long idle) throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  " + user + " 0 0 " + idle + " 0 0 0 0 99 99\n"
                + "cpu0 1 0 0 1 0 0 0 0 0 0\ncpu1 1 0 0 1 0 0 0 0 0 0\ncpu2 1 0 0 1 0 0 0 0 0 0\ncpu3 1 0 0 1 0 0 0 0 0 0\n"
                + "intr 12345\nctxt 6789\n");
    }

    @BeforeEach
    void fakeProc() throws IOException {
        Files.createDirectories(proc.resolve("self"));
        processTicks(100, 50);
        machineTicks(1000, 3000);
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmPeak:\t 9999 kB\nVmRSS:\t 2097152 kB\nThreads:\t30\n");
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nphysical id\t: 0\n\n"
                + "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nphysical id\t: 1\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16384000 kB\nMemFree: 1 kB\n");
    }

    @Test
    void procFilesAreParsed() throws Exception {
        ProcFiles p = new ProcFiles(proc);
        assertEquals(150, p.processTicks());
        assertEquals(4000, p.machineTicks());  // guest and guest_nice are inside user and nice: not added
        assertEquals(4, p.logicalCpus());
        assertEquals(2L << 30, p.residentBytes());
        assertEquals(16384000L * 1024, p.totalMemoryBytes());
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", p.cpuModel());
        assertEquals(2, p.sockets());
    }

    @Test
    void cpuEstimateIsTdpTimesTheProcessShare() throws Exception {
        CpuEstimate cpu = CpuEstimate.create(proc, 200);  // 200 W for the 4 CPUs
        assertEquals(Source.ESTIMATED, cpu.source());
        long s = 1_000_000_000L;
        cpu.begin(0);
        assertTrue(Double.isNaN(cpu.powerWatts(0)));       // /proc/stat has not moved yet
        processTicks(100 + 150, 50 + 50);                  // +200 ticks of this process
        machineTicks(1000 + 300, 3000 + 500);              // +800 ticks of the 4 CPUs: share 1/4
        assertEquals(50, cpu.powerWatts(s), 1e-12);
        processTicks(250 + 400, 100);                      // +400
        machineTicks(1300 + 400, 3500 + 400);              // +800: share 1/2
        assertEquals(100, cpu.powerWatts(3 * s), 1e-12);
        // whole interval: 600 of 1600 ticks over 3 s
        assertEquals(200 * 600.0 / 1600 * 3, cpu.energySinceBeginJoules(3 * s), 1e-9);
        assertEquals(100 * 600.0 / 1600, cpu.stats().get("process_cpu_share_pct"), 1e-9);
    }

    @Test
    void cpuPowerComesFromTheTableByModel() throws Exception {
        CpuEstimate cpu = CpuEstimate.create(proc, Double.NaN);
        assertEquals(350.0 / 112 * 4, cpu.machineWatts(), 1e-9);  // Platinum 8480: 350 W / 112 threads, x 4 CPUs
        assertTrue(cpu.describe().contains("Platinum 8480: TDP 350 W / 112 threads"), cpu.describe());

        Files.writeString(proc.resolve("cpuinfo"), "model name\t: Some Future CPU 9000\n");
        CpuEstimate unknown = CpuEstimate.create(proc, Double.NaN);
        assertEquals(CpuTdpTable.DEFAULT_WATTS_PER_THREAD * 4, unknown.machineWatts(), 1e-9);
        assertTrue(unknown.describe().contains("model not in cpu-tdp.tsv: default"), unknown.describe());
    }

    @Test
    void tableLookupTakesTheLongestMatch() {
        assertEquals("Platinum 8480", CpuTdpTable.lookup("Intel(R) Xeon(R) Platinum 8480+").orElseThrow().modelSubstring());
        assertEquals(360, CpuTdpTable.lookup("AMD EPYC 9654 96-Core Processor").orElseThrow().tdpWatts());
        assertTrue(CpuTdpTable.lookup("Intel(R) Xeon(R) Processor").isEmpty());
        assertTrue(CpuTdpTable.entries().size() >= 10);
    }

    @Test
    void ramEstimateIsWattsPerGibOfResidentMemory() throws Exception {
        RamEstimate ram = RamEstimate.create(proc);
        ram.begin(0);
        assertEquals(0.75, ram.powerWatts(0), 1e-12);      // 2 GiB x 0.375 W/GiB
        assertTrue(Double.isNaN(ram.energySinceBeginJoules(1)));
        Files.writeString(proc.resolve("self/status"), "VmRSS:\t 4194304 kB\n");
        assertEquals(1.5, ram.powerWatts(1), 1e-12);
        assertEquals(4096, ram.stats().get("resident_peak_mib"), 1e-9);
    }

    @Test
    void theRealProcIsReadable() throws Exception {
        CpuEstimate cpu = CpuEstimate.create(Path.of("/proc"), Double.NaN);
        cpu.begin(0);
        assertTrue(cpu.energySinceBeginJoules(1) >= 0);
        assertTrue(RamEstimate.create(Path.of("/proc")).powerWatts(0) > 0);
    }
}
