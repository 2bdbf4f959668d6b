package joules.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import joules.tensor.Backend;
import joules.tensor.Backends;
import joules.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CpuBackendTest {

    @Test
    void opensByNameAndRefusesUnknownDevices() {
        try (Backend b = Backends.open("cpu")) {
            assertEquals("cpu", b.name());
            assertTrue(b.hardware().endsWith(Runtime.getRuntime().availableProcessors() + " threads")
                    || b.hardware().endsWith("1 thread"), b.hardware());
        }
        IllegalArgumentException cuda = assertThrows(IllegalArgumentException.class, () -> Backends.open("cuda:0"));
        assertTrue(cuda.getMessage().contains("CUDA backend is not available"), cuda.getMessage());
        IllegalArgumentException tpu = assertThrows(IllegalArgumentException.class, () -> Backends.open("tpu"));
        assertTrue(tpu.getMessage().contains("'tpu'") && tpu.getMessage().contains("cpu"), tpu.getMessage());
    }

    @Test
    void copiesFillsAndCountsMemory() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            Tensor a = cpu.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = cpu.zeros(3, 2);
            cpu.copy(a, b);
            Check.exact("copy", new float[] {1, 2, 3, 4, 5, 6}, b.toArray());
            cpu.fill(b.view(2, 3), 7f);
            Check.exact("fill a view", new float[] {1, 2, 7, 7, 7, 6}, b.toArray());
            float[] out = new float[8];
            cpu.copyToHost(b.view(1, 2), out, 5);
            Check.exact("copyToHost", new float[] {0, 0, 0, 0, 0, 2, 7, 0}, out);
            cpu.copyFromHost(new float[] {9, 8, 7}, 1, a.view(4, 2));
            Check.exact("copyFromHost", new float[] {1, 2, 3, 4, 8, 7}, a.toArray());
            assertTrue(cpu.peakMemoryBytes() >= 4 * 12, "peak " + cpu.peakMemoryBytes());
            long before = cpu.peakMemoryBytes();
            cpu.zeros(1000);
            assertTrue(cpu.peakMemoryBytes() >= before + 4000, "peak grows with allocation");
            assertThrows(IllegalArgumentException.class, () -> cpu.copy(a, cpu.zeros(5)));
        }
    }

    @Test
    void rejectsTensorsOfAnotherBackend() {
        try (CpuBackend one = new CpuBackend(1); CpuBackend two = new CpuBackend(1)) {
            assertThrows(IllegalArgumentException.class, () -> one.reluForward(two.zeros(3), one.zeros(3)));
        }
    }
}
