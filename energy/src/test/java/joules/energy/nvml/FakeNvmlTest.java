package joules.energy.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JNA binding end to end against a fake libnvidia-ml.so.1 compiled from C with nvml.h's declarations:
 * a wrong signature, struct offset or field id shows up as a wrong number here.
 */
class FakeNvmlTest {

    interface LayoutProbe extends Library {
        int fake_sizeof_field_value();

        int fake_offsetof_value();

        int fake_offsetof_value_type();
    }

    private static Nvml open(String... defines) throws Exception {
        Path folder = FakeNvml.folder(defines);
        return Nvml.open(new NvmlLocator(List.of(folder.resolve(NvmlLocator.SONAME))));
    }

    @Test
    void theCompilersLayoutIsOurs() throws Exception {
        LayoutProbe c = Native.load(FakeNvml.folder().resolve(NvmlLocator.SONAME).toString(), LayoutProbe.class);
        assertEquals(NvmlStructs.FIELD_VALUE.size(), c.fake_sizeof_field_value());
        assertEquals(NvmlStructs.FIELD_VALUE.offset("value"), c.fake_offsetof_value());
        assertEquals(NvmlStructs.FIELD_VALUE.offset("valueType"), c.fake_offsetof_value_type());
    }

    @Test
    void deviceQueries() throws Exception {
        try (Nvml nvml = open()) {
            assertEquals("580.00.fake", nvml.driverVersion());
            assertEquals("13.0", nvml.cudaDriverVersion());
            assertEquals(1, nvml.deviceCount());
            NvmlDevice d = nvml.find("0");
            assertEquals("Fake GPU 80GB", d.name());
            assertEquals("GPU-fake-0000-1111", d.uuid());
            assertEquals(0, d.index());
            assertEquals(NvmlConstants.ARCH_HOPPER, d.architecture());
            assertEquals(700.0, d.powerLimitWatts());
            assertEquals(250.0, d.powerUsageWatts());
            assertEquals(250.0, d.instantPowerWatts());
            assertEquals(87, d.utilizationPercent()[0]);
            assertEquals(80L << 30, d.memoryBytes()[0]);
            assertEquals(3L << 30, d.memoryBytes()[1]);
            assertTrue(d.energyMillijoules() >= 1_000_000);
            assertEquals("GPU-fake-0000-1111", nvml.find("GPU-fake").uuid());  // a unique UUID prefix
            NvmlException wrongField = assertThrows(NvmlException.class, () -> d.fieldValue(185, 0));
            assertEquals("nvmlDeviceGetFieldValues[field 185]: Invalid Argument (2)", wrongField.getMessage());
        }
    }

    @Test
    void unknownGpuIsBadInputListingTheChoices() throws Exception {
        try (Nvml nvml = open()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nvml.find("3"));
            assertEquals("GPU '3' not found: NVML sees 1 GPU(s): 0 = GPU-fake-0000-1111 (Fake GPU 80GB)", e.getMessage());
        }
    }

    @Test
    void probeChoosesTheCounterAndTheInstantField() throws Exception {
        try (Nvml nvml = open()) {
            NvmlGpuSensor s = NvmlGpuSensor.probe(nvml.device(0));
            assertTrue(s.hasCounter());
            assertEquals(NvmlGpuSensor.PowerReading.INSTANT_FIELD, s.powerReading());
            assertEquals(List.of(), s.notes());
        }
    }

    @Test
    void preVoltaCardWithAnOldDriverFallsBackAndSaysWhy() throws Exception {
        try (Nvml nvml = open("-DNO_COUNTER", "-DNO_INSTANT")) {
            NvmlGpuSensor s = NvmlGpuSensor.probe(nvml.device(0));
            assertFalse(s.hasCounter());
            assertEquals(NvmlGpuSensor.PowerReading.POWER_USAGE, s.powerReading());
            assertEquals(joules.energy.Source.SAMPLED, s.source());
            assertEquals(List.of(
                    "no energy counter (nvmlDeviceGetTotalEnergyConsumption: Not Supported (3); Volta and newer have one): energy from power samples",
                    "no NVML_FI_DEV_POWER_INSTANT (nvmlDeviceGetFieldValues[field 186]: Not Supported (3))",
                    "power from nvmlDeviceGetPowerUsage, a 1 s average on this card: samples lag the load"), s.notes());
        }
    }
}
