package joules.layers.cost;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the roofline model knows of a processor: its FP32 peak, its memory bandwidth and its board power. The
 * table holds the study's cards and two current ones, each number from the vendor's datasheet or
 * specification page (docs/roofline.md cites each; a peak that the vendor gives only as cores and clock is
 * cores x 2 FLOPs (a fused multiply-add) x boost clock). These are peaks: no kernel reaches them, and the
 * roofline built on them is a model, to be checked against measurements.
 *
 * @param key          the name on the command line ("rtx-2080-ti"), lower case
 * @param name         the card, as a person would write it
 * @param peakGflops   FP32 peak, 10^9 FLOP/s (not the tensor cores': the engine computes in FP32)
 * @param bandwidthGbs memory bandwidth, 10^9 bytes/s
 * @param boardPowerW  the board's power limit (TDP or total graphics power), W; NaN when unknown
 * @param source       where the three numbers come from
 * @param deviceNames  the names NVML gives the card (results files carry them in their hardware column)
 */
public record Hardware(String key, String name, double peakGflops, double bandwidthGbs, double boardPowerW,
                       String source, List<String> deviceNames) {

    /** The key for this machine's processor, measured rather than looked up. */
    public static final String MEASURED_HERE = "cpu";

    public static final List<Hardware> TABLE = List.of(
            new Hardware("gtx-1080-ti", "NVIDIA GeForce GTX 1080 Ti", 3584 * 2 * 1.582, 484, 250,
                    "NVIDIA GeForce GTX 1080 Ti specifications: 3,584 CUDA cores at 1,582 MHz boost, 11 Gbps GDDR5X on 352 bits,"
                            + " 250 W graphics card power",
                    List.of("NVIDIA GeForce GTX 1080 Ti", "GeForce GTX 1080 Ti")),
            new Hardware("rtx-2080-ti", "NVIDIA GeForce RTX 2080 Ti", 4352 * 2 * 1.545, 616, 250,
                    "NVIDIA Turing architecture whitepaper (2018): reference RTX 2080 Ti, 4,352 CUDA cores at 1,545 MHz boost,"
                            + " 14 Gbps GDDR6 on 352 bits, 250 W TDP (Founders Edition: 1,635 MHz, 260 W)",
                    List.of("NVIDIA GeForce RTX 2080 Ti", "GeForce RTX 2080 Ti")),
            new Hardware("t4", "NVIDIA T4", 8100, 320, 70,
                    "NVIDIA T4 Tensor Core GPU datasheet: 8.1 TFLOPS FP32, 320 GB/s GDDR6, 70 W",
                    List.of("Tesla T4", "NVIDIA T4")),
            new Hardware("a40", "NVIDIA A40", 37_400, 696, 300,
                    "NVIDIA A40 datasheet and product brief PB-09976-001: 37.4 TFLOPS FP32, 696 GB/s GDDR6, 300 W",
                    List.of("NVIDIA A40")),
            new Hardware("h100", "NVIDIA H100 SXM5 80GB", 67_000, 3350, 700,
                    "NVIDIA H100 Tensor Core GPU datasheet, H100 SXM: 67 TFLOPS FP32, 3.35 TB/s HBM3, up to 700 W",
                    List.of("NVIDIA H100 80GB HBM3")),
            new Hardware("h100-pcie", "NVIDIA H100 PCIe 80GB", 51_000, 2000, 350,
                    "NVIDIA H100 Tensor Core GPU datasheet, H100 PCIe: 51 TFLOPS FP32, 2 TB/s HBM2e; product brief"
                            + " PB-11133-001: 350 W maximum TDP",
                    List.of("NVIDIA H100 PCIe")),
            new Hardware("h200", "NVIDIA H200 SXM 141GB", 67_000, 4800, 700,
                    "NVIDIA H200 Tensor Core GPU datasheet, H200 SXM: 67 TFLOPS FP32, 4.8 TB/s HBM3e, up to 700 W",
                    List.of("NVIDIA H200")),
            new Hardware("h200-nvl", "NVIDIA H200 NVL 141GB", 60_000, 4800, 600,
                    "NVIDIA H200 Tensor Core GPU datasheet, H200 NVL: 60 TFLOPS FP32, 4.8 TB/s HBM3e, up to 600 W",
                    List.of("NVIDIA H200 NVL")));

    public Hardware {
        if (!(peakGflops > 0) || !(bandwidthGbs > 0)) {
            throw new IllegalArgumentException("the peak and the bandwidth of " + name + " must be positive, got "
                    + peakGflops + " GFLOP/s and " + bandwidthGbs + " GB/s");
        }
        deviceNames = List.copyOf(deviceNames);
    }

    /** A processor given by its two numbers (the command line's --peak-gflops and --bandwidth-gbs). */
    public static Hardware given(String name, double peakGflops, double bandwidthGbs, String source) {
        return new Hardware("custom", name, peakGflops, bandwidthGbs, Double.NaN, source, List.of());
    }

    /** FLOP/s at the peak. */
    public double peakFlopsPerSecond() { return peakGflops * 1e9; }

    /** Bytes/s at the peak. */
    public double bytesPerSecond() { return bandwidthGbs * 1e9; }

    /**
     * The ridge point, FLOPs per byte: a kernel of lower intensity cannot reach the peak (its memory limits it),
     * one of higher intensity cannot use the whole bandwidth.
     */
    public double ridgeIntensity() { return peakGflops / bandwidthGbs; }

    /** The table's entry for a command-line key (case-insensitive). */
    public static Hardware byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (Hardware h : TABLE) if (h.key.equals(k)) return h;
        throw new IllegalArgumentException("unknown hardware '" + key + "'; valid: " + keys() + ", " + MEASURED_HERE
                + " (this machine, measured)");
    }

    /** The table's keys, comma separated. */
    public static String keys() { return TABLE.stream().map(Hardware::key).collect(Collectors.joining(", ")); }

    /**
     * The table's entry for a hardware name as a results file holds it: a name NVML gives the card ("NVIDIA
     * GeForce RTX 2080 Ti", "Tesla T4"), the table's name or its key, compared without case and with runs of
     * blanks as one. Empty for any other name: a name is never guessed at (an "H100" alone could be either
     * variant, whose bandwidths differ by 1.7 times).
     */
    public static Optional<Hardware> forDeviceName(String deviceName) {
        String n = normalised(deviceName);
        for (Hardware h : TABLE) {
            if (normalised(h.key).equals(n) || normalised(h.name).equals(n)) return Optional.of(h);
            for (String d : h.deviceNames) if (normalised(d).equals(n)) return Optional.of(h);
        }
        return Optional.empty();
    }

    private static String normalised(String s) {
        return Arrays.stream(s.trim().toLowerCase(Locale.ROOT).split("\\s+")).collect(Collectors.joining(" "));
    }
}
