package joules.regression.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Short names for figures, derived from full hardware names or set by hand, and the pairs chosen by them. */
class HardwareNamesTest {
    static final List<String> STUDY = List.of("Tesla T4", "NVIDIA A40", "NVIDIA GeForce RTX 2080 Ti", "NVIDIA GeForce GTX 1080 Ti");

    @Test
    void derivedNamesDropVendorBrandAndMemory() {
        assertEquals("T4", HardwareNames.shorten("Tesla T4"));
        assertEquals("A40", HardwareNames.shorten("NVIDIA A40"));
        assertEquals("RTX 2080 Ti", HardwareNames.shorten("NVIDIA GeForce RTX 2080 Ti"));
        assertEquals("A100", HardwareNames.shorten("NVIDIA A100-SXM4-80GB"));
        assertEquals("A100", HardwareNames.shorten("NVIDIA A100-PCIE-40GB"));
        assertEquals("H100", HardwareNames.shorten("NVIDIA H100 80GB HBM3"));
        assertEquals("RTX A6000", HardwareNames.shorten("NVIDIA RTX A6000"));
        assertEquals("RX 7900 XTX", HardwareNames.shorten("AMD Radeon RX 7900 XTX"));
        assertEquals("Xeon Gold 6248R", HardwareNames.shorten("Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz"));
        assertEquals("gpu-a", HardwareNames.shorten("gpu-a"));
        assertEquals("NVIDIA", HardwareNames.shorten("NVIDIA"));   // nothing would be left: the name stays
    }

    @Test
    void namesAreUniqueAndOverridable() {
        HardwareNames n = HardwareNames.of(STUDY, List.of());
        assertEquals("RTX 2080 Ti → GTX 1080 Ti", n.pair("NVIDIA GeForce RTX 2080 Ti", "NVIDIA GeForce GTX 1080 Ti"));
        // two cards that would share a short name keep their full names
        HardwareNames same = HardwareNames.of(List.of("NVIDIA A100-SXM4-80GB", "NVIDIA A100-PCIE-40GB", "Tesla T4"), List.of());
        assertEquals("NVIDIA A100-SXM4-80GB", same.of("NVIDIA A100-SXM4-80GB"));
        assertEquals("T4", same.of("Tesla T4"));
        // by full or derived name, case-insensitively
        HardwareNames set = HardwareNames.of(STUDY, List.of("NVIDIA GeForce RTX 2080 Ti=RTX", "gtx 1080 ti=GTX"));
        assertEquals("RTX → GTX", set.pair("NVIDIA GeForce RTX 2080 Ti", "NVIDIA GeForce GTX 1080 Ti"));
        assertEquals("Tesla T4", set.resolve("t4").orElseThrow());
        assertEquals("NVIDIA GeForce RTX 2080 Ti", set.resolve("RTX").orElseThrow());
    }

    @Test
    void badOverridesSayWhatIsWrong() {
        assertEquals("--short-name A50=x: no hardware 'A50'; known: T4 (Tesla T4), A40 (NVIDIA A40), RTX 2080 Ti (NVIDIA GeForce RTX"
                + " 2080 Ti), GTX 1080 Ti (NVIDIA GeForce GTX 1080 Ti)", message(() -> HardwareNames.of(STUDY, List.of("A50=x"))));
        assertEquals("--short-name T4: give HARDWARE=SHORT, e.g. \"NVIDIA A40=A40\"", message(() -> HardwareNames.of(STUDY, List.of("T4"))));
        assertEquals("--short-name: 'Tesla T4' and 'NVIDIA A40' would both be called 'X'; give them different names",
                message(() -> HardwareNames.of(STUDY, List.of("T4=X", "A40=X"))));
    }

    @Test
    void pairsByNameOrReference() {
        HardwareNames n = HardwareNames.of(STUDY, List.of());
        assertEquals(12, PairSelection.select(STUDY, n, null, null).size());
        assertEquals(List.of(new PairSelection.OrderedPair("Tesla T4", "NVIDIA A40"), new PairSelection.OrderedPair("NVIDIA A40", "Tesla T4")),
                PairSelection.select(STUDY, n, "T4:A40, a40:Tesla T4", null));
        assertEquals(List.of(new PairSelection.OrderedPair("Tesla T4", "NVIDIA A40"),
                new PairSelection.OrderedPair("NVIDIA GeForce RTX 2080 Ti", "NVIDIA A40"),
                new PairSelection.OrderedPair("NVIDIA GeForce GTX 1080 Ti", "NVIDIA A40")), PairSelection.select(STUDY, n, null, "A40"));
        assertEquals("give --pairs or --reference, not both", message(() -> PairSelection.select(STUDY, n, "T4:A40", "A40")));
        assertEquals("--pairs T4-A40: 'T4-A40' is not X:Y (e.g. T4:A40)", message(() -> PairSelection.select(STUDY, n, "T4-A40", null)));
        assertEquals("--pairs T4:T4: 'T4:T4' pairs a hardware with itself", message(() -> PairSelection.select(STUDY, n, "T4:T4", null)));
        assertEquals("--pairs T4:A40,T4:A40: 'T4:A40' is given twice", message(() -> PairSelection.select(STUDY, n, "T4:A40,T4:A40", null)));
        assertEquals("--reference V100: no hardware 'V100'; known: T4 (Tesla T4), A40 (NVIDIA A40), RTX 2080 Ti (NVIDIA GeForce RTX 2080 Ti),"
                + " GTX 1080 Ti (NVIDIA GeForce GTX 1080 Ti)", message(() -> PairSelection.select(STUDY, n, null, "V100")));
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
