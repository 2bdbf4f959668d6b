package joules.train.sweep;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a results file, in file order. Energies in joules, durations in seconds, power in
 * watts, carbon in grams of CO2-equivalent; an empty cell means "not available".
 */
public enum Column {
    ID("id"),                                      // configuration id, e.g. cnn-L2-H256
    FAMILY("family"),                              // mlp, cnn, rnn, crnn
    HARDWARE("hardware"),                          // the backend's hardware description
    DEVICE("device"),                              // cpu or cuda:N
    EPOCHS("epochs"),
    BATCH_SIZE("batch_size"),
    LR("lr"),
    SEED("seed"),
    SAMPLES("samples"),                            // clips in the training set
    DATA("data"),                                  // "synthetic" or "desed:<hash of the labels file>"
    STEPS("steps"),                                // optimiser steps of the measured run
    DURATION_S("duration_s"),                      // wall time of the measured run
    ENERGY_J("energy_j"),                          // GPU energy on a GPU, CPU energy on the CPU
    ENERGY_SOURCE("energy_source"),                // COUNTER, SAMPLED, ESTIMATED or UNAVAILABLE
    GPU_ENERGY_COUNTER_J("gpu_energy_counter_j"),  // NVML's total-energy counter, difference
    GPU_ENERGY_SAMPLED_J("gpu_energy_sampled_j"),  // the integral of the sampled GPU power
    IDLE_POWER_W("idle_power_w"),                  // baseline power, device open and idle, before the first run
    ENERGY_ABOVE_IDLE_J("energy_above_idle_j"),    // energy_j - idle_power_w * duration_s
    CPU_ENERGY_J("cpu_energy_j"),
    CPU_ENERGY_SOURCE("cpu_energy_source"),
    RAM_ENERGY_J("ram_energy_j"),
    RAM_ENERGY_SOURCE("ram_energy_source"),
    CARBON_G("carbon_g"),
    METER_ERRORS("meter_errors"),                  // energy sensor failures during the run ("; " between them)
    FLOPS("flops"),                                // DeepSpeed convention, one input (batch 1), forward
    MACS("macs"),                                  // DeepSpeed convention, batch 1
    PARAMS("params"),
    TRAIN_FLOPS("train_flops"),                    // training convention, the whole run
    PEAK_MEMORY_BYTES("peak_memory_bytes"),        // the backend's peak allocation
    FINAL_LOSS("final_loss"),                      // mean loss of the last epoch
    STATUS("status"),                              // see RunStatus
    ERROR("error"),                                // why a configuration failed, else empty
    STARTED_AT("started_at"),                      // ISO-8601 UTC: start of the measured run (of duration_s)
    ENGINE_VERSION("engine_version"),
    STEP_MODE("step_mode");                        // cuda-graph or plain on a GPU, cpu-vector or cpu-scalar on the CPU

    /** The columns that must agree between every row of one file (and between merged files). */
    public static final Set<Column> SETTINGS = EnumSet.of(EPOCHS, BATCH_SIZE, LR, SEED, SAMPLES, DATA);

    /**
     * The columns added after the first version: a file written before one was added lacks it, and reads
     * with its cells empty ({@link ResultsFile}). A new column goes at the end and here.
     */
    public static final Set<Column> ADDED_LATER = EnumSet.of(STEP_MODE);

    public final String header;

    Column(String header) { this.header = header; }

    /** The header line's cells. */
    public static List<String> headers() { return headers(List.of(values())); }

    /** The header cells of these columns. */
    public static List<String> headers(List<Column> columns) {
        List<String> h = new ArrayList<>();
        for (Column c : columns) h.add(c.header);
        return h;
    }
}
