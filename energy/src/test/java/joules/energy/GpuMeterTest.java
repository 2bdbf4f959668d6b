package joules.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import joules.energy.nvml.FakeNvml;
import joules.energy.nvml.NvmlLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole meter and `joules devices` with the fake NVML (250 W constant) and fake powercap and /proc trees. */
class GpuMeterTest {
    @TempDir
    Path tmp;

    private MeterOptions options(Path nvmlFolder) {
        return MeterOptions.defaults().withGpu("0").withNvmlFolder(nvmlFolder).withSamplePeriodMs(10)
                .withIdleSeconds(0).withPowercapRoot(tmp.resolve("no-powercap"));
    }

    @Test
    void counterAndSamplesAgreeOnTheFakeGpu() throws Exception {
        try (EnergyMeter meter = new EnergyMeter(options(FakeNvml.folder()))) {
            assertEquals("gpu: Fake GPU 80GB (GPU-fake-0000-1111) via NVML: energy counter, power: field NVML_FI_DEV_POWER_INSTANT (power now)",
                    meter.describe().get(0));
            meter.start();
            Thread.sleep(300);
            Measurement m = meter.stop();
            ComponentEnergy gpu = m.gpu();
            assertEquals(Source.COUNTER, gpu.source());
            assertEquals(250 * m.durationSeconds(), gpu.sampledJoules(), 1e-9);
            // the C side times the counter with its own clock reads, a few microseconds off ours
            assertEquals(250 * m.durationSeconds(), gpu.counterJoules(), 0.01 * 250 * m.durationSeconds());
            assertTrue(Math.abs(gpu.sampledVsCounter()) < 0.01, "sampled vs counter " + gpu.sampledVsCounter());
            assertEquals(87.0, gpu.stats().get("utilisation_mean_pct"));
            assertEquals(3072.0, gpu.stats().get("memory_used_peak_mib"));
            assertEquals(Source.ESTIMATED, m.cpu().source());
            assertEquals(Source.ESTIMATED, m.ram().source());
            assertTrue(m.notes().contains("cpu: estimated (no RAPL zones under " + tmp.resolve("no-powercap") + ")"), m.notes().toString());
            assertEquals(List.of(), m.errors());
            String json = m.toJson();
            assertTrue(json.contains("\"gpu\": {\"source\": \"counter\""), json);
        }
    }

    @Test
    void withoutTheCounterTheSamplesAreTheFigure() throws Exception {
        try (EnergyMeter meter = new EnergyMeter(options(FakeNvml.folder("-DNO_COUNTER")))) {
            meter.start();
            Thread.sleep(50);
            Measurement m = meter.stop();
            assertEquals(Source.SAMPLED, m.gpu().source());
            assertTrue(Double.isNaN(m.gpu().counterJoules()));
            assertEquals(250 * m.durationSeconds(), m.gpu().joules(), 1e-9);
            assertTrue(m.notes().get(0).startsWith("gpu: no energy counter"), m.notes().toString());
        }
    }

    @Test
    void anUnknownGpuIsBadInput() throws Exception {
        Path folder = FakeNvml.folder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EnergyMeter(options(folder).withGpu("GPU-nope")));
        assertTrue(e.getMessage().startsWith("GPU 'GPU-nope' not found"), e.getMessage());
    }

    @Test
    void agreementRunsTheLoadAndComparesTheFigures() throws Exception {
        boolean smiOnPath = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, "nvidia-smi")));
        org.junit.jupiter.api.Assumptions.assumeFalse(smiOnPath, "a real nvidia-smi would watch a real GPU, not the fake");
        int[] calls = {0};
        NvmlAgreement.Result r = NvmlAgreement.measure(() -> {
            calls[0]++;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0.2, options(FakeNvml.folder()));
        assertTrue(calls[0] >= 2, "load ran " + calls[0] + " times");
        assertTrue(r.durationSeconds() >= 0.2);
        assertEquals(250 * r.durationSeconds(), r.sampledJoules(), 1e-9);
        assertTrue(Math.abs(r.sampledVsCounter()) < 0.01, "sampled vs counter " + r.sampledVsCounter());
        assertTrue(Double.isNaN(r.smiJoules()));
        assertTrue(r.smiNote().startsWith("nvidia-smi not run"), r.smiNote());
        assertEquals("field NVML_FI_DEV_POWER_INSTANT (power now)", r.powerReading());
        assertTrue(r.toJson().contains("\"smi_J\": null"), r.toJson());
    }

    @Test
    void devicesListsTheGpuAndWhatWillBeEstimated() throws Exception {
        Path folder = FakeNvml.folder();
        String text = Devices.describe(options(folder));
        assertTrue(text.contains("  library: " + folder.resolve(NvmlLocator.SONAME) + " (NVML 13.580.00, driver 580.00.fake, CUDA 13.0)"), text);
        assertTrue(text.contains("  GPU 0: Fake GPU 80GB, GPU-fake-0000-1111, Hopper"), text);
        assertTrue(text.contains("    power limit: 700 W"), text);
        assertTrue(text.contains("    energy counter: works ("), text);
        assertTrue(text.contains("    power reading: field NVML_FI_DEV_POWER_INSTANT (power now), now 250.0 W"), text);
        assertTrue(text.contains("  no RAPL zones found"), text);
        assertTrue(text.contains("  CPU: estimated: "), text);
        assertTrue(text.contains("  RAM: estimated: 0.375 W per GiB"), text);
    }

    @Test
    void devicesWithoutNvmlSaysWhyInOneLine() {
        String text = Devices.describe(options(null), new NvmlLocator(List.of(tmp.resolve("none/libnvidia-ml.so.1"))));
        assertTrue(text.startsWith("GPU energy (NVML)" + System.lineSeparator() + "  GPU energy unavailable: libnvidia-ml.so.1 not found"), text);
    }

    @Test
    void noNvmlMeansGpuUnavailableWithTheReason() throws Exception {
        // an empty folder given by flag, and nothing on this CI machine's system paths (skipped where a driver exists)
        org.junit.jupiter.api.Assumptions.assumeTrue(NvmlLocator.standard(null).find().isEmpty(), "this machine has NVML");
        try (EnergyMeter meter = new EnergyMeter(options(tmp))) {
            meter.start();
            Measurement m = meter.stop();
            assertEquals(Source.UNAVAILABLE, m.gpu().source());
            assertTrue(m.gpu().sensor().startsWith("GPU energy unavailable: libnvidia-ml.so.1 not found"), m.gpu().sensor());
            assertTrue(m.gpu().sensor().contains(tmp.resolve(NvmlLocator.SONAME).toString()));
        }
    }
}
