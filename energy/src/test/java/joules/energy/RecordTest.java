package joules.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The measurement's JSON and CSV, the error log, and nvidia-smi line parsing. */
class RecordTest {

    static Measurement sample() {
        ComponentEnergy gpu = new ComponentEnergy("gpu", "Fake \"GPU\"", Source.COUNTER, 100, 100, 101, 60, 40, 11,
                Map.of("utilisation_mean_pct", 87.5));
        ComponentEnergy cpu = new ComponentEnergy("cpu", "estimate", Source.ESTIMATED, 20, Double.NaN, Double.NaN, 15, 5, 10, Map.of());
        ComponentEnergy ram = ComponentEnergy.unavailable("ram", "no RAM sensor");
        List<PowerSample> trace = List.of(new PowerSample(0, 99.5, Double.NaN, Double.NaN), new PowerSample(0.1, 100.25, 20, Double.NaN));
        return new Measurement(1700000000000L, 1.0, 0.1, 5, gpu, cpu, ram, 0.0125, trace, List.of("a note"), List.of());
    }

    @Test
    void jsonHoldsEveryFigureAndNullForMissingOnes() {
        assertEquals("{\"start_epoch_ms\": 1700000000000, \"duration_s\": 1, \"sample_period_s\": 0.1, \"idle_baseline_s\": 5, "
                + "\"total_J\": 120, \"total_above_idle_J\": 45, \"carbon_g\": 0.0125, \"samples\": 2, "
                + "\"gpu\": {\"source\": \"counter\", \"sensor\": \"Fake \\\"GPU\\\"\", \"energy_J\": 100, \"counter_J\": 100, "
                + "\"sampled_J\": 101, \"sampled_vs_counter\": 0.01, \"idle_W\": 60, \"above_idle_J\": 40, \"samples\": 11, "
                + "\"stats\": {\"utilisation_mean_pct\": 87.5}}, "
                + "\"cpu\": {\"source\": \"estimated\", \"sensor\": \"estimate\", \"energy_J\": 20, \"counter_J\": null, "
                + "\"sampled_J\": null, \"sampled_vs_counter\": null, \"idle_W\": 15, \"above_idle_J\": 5, \"samples\": 10, \"stats\": {}}, "
                + "\"ram\": {\"source\": \"unavailable\", \"sensor\": \"no RAM sensor\", \"energy_J\": null, \"counter_J\": null, "
                + "\"sampled_J\": null, \"sampled_vs_counter\": null, \"idle_W\": null, \"above_idle_J\": null, \"samples\": 0, \"stats\": {}}, "
                + "\"notes\": [\"a note\"], \"errors\": []}", sample().toJson());
    }

    @Test
    void traceCsvHasAHeaderAndEmptyCellsForMissingValues() throws Exception {
        StringWriter w = new StringWriter();
        sample().writeTraceCsv(w);
        assertEquals("t_s,gpu_W,cpu_W,ram_W\n0.0000,99.500,,\n0.1000,100.250,20.000,\n", w.toString().replace("\r\n", "\n"));
    }

    @Test
    void errorLogCountsRepeatsAndCapsDistinctMessages() {
        ErrorLog log = new ErrorLog();
        log.record("gpu", "GPU is lost (15)", 1.5);
        log.record("gpu", "GPU is lost (15)", 1.6);
        for (int i = 0; i < ErrorLog.MAX_DISTINCT + 3; i++) log.record("cpu", "error " + i, 2);
        List<String> lines = log.lines();
        assertEquals("gpu: GPU is lost (15) [x2, first at 1.500 s]", lines.get(0));
        assertEquals(ErrorLog.MAX_DISTINCT + 1, lines.size());
        assertEquals("4 more errors of other kinds not kept", lines.get(lines.size() - 1));
    }

    @Test
    void nvidiaSmiLinesAreParsedWithTheirOwnTimestamps() {
        long[] r = NvmlAgreement.SmiReader.parse("2025/01/15 10:23:45.123, 312.45", 0);
        long expected = java.time.LocalDateTime.of(2025, 1, 15, 10, 23, 45, 123_000_000)
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        assertArrayEquals(new long[] {expected, 312450}, r);
        assertArrayEquals(new long[] {42, 75000}, NvmlAgreement.SmiReader.parse("garbled, 75.00", 42));
        assertNull(NvmlAgreement.SmiReader.parse("2025/01/15 10:23:45.123, [N/A]", 0));
        assertNull(NvmlAgreement.SmiReader.parse("No devices were found", 0));
    }
}
