package joules.regression.data;

/**
 * One configuration's result on one hardware: what the analyses need. {@code family} is empty when the
 * file has no such column; {@code line} is where the row starts in its file.
 */
public record ConfigResult(String id, String family, String hardware, double energyJ, double flops, double params, int line) {}
