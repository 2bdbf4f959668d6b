package joules.results;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a results file, in file order, each with the kind of value it holds and its unit. Energies in
 * joules, durations in seconds, power in watts, carbon in grams of CO2-equivalent; an empty cell means "not
 * available". {@link #problem} is the rule every reader applies to a cell.
 */
public enum Column {
    ID("id", Kind.ID, ""),                                   // configuration id, e.g. cnn-L2-H256
    FAMILY("family", Kind.TEXT, ""),                         // mlp, cnn, rnn, crnn
    HARDWARE("hardware", Kind.NAME, ""),                     // the backend's hardware description
    DEVICE("device", Kind.TEXT, ""),                         // cpu or cuda:N
    EPOCHS("epochs", Kind.COUNT, ""),
    BATCH_SIZE("batch_size", Kind.COUNT, ""),
    LR("lr", Kind.POSITIVE, ""),
    SEED("seed", Kind.INTEGER, ""),
    SAMPLES("samples", Kind.COUNT, ""),                      // clips in the training set
    DATA("data", Kind.TEXT, ""),                             // "synthetic" or "desed:<hash of the labels file>"
    STEPS("steps", Kind.COUNT, ""),                          // optimiser steps of the measured run
    DURATION_S("duration_s", Kind.QUANTITY, "s"),            // wall time of the measured run
    ENERGY_J("energy_j", Kind.QUANTITY, "J"),                // GPU energy on a GPU, CPU energy on the CPU
    ENERGY_SOURCE("energy_source", Kind.TEXT, ""),           // counter, sampled, estimated or unavailable
    GPU_ENERGY_COUNTER_J("gpu_energy_counter_j", Kind.QUANTITY, "J"),  // NVML's total-energy counter, difference
    GPU_ENERGY_SAMPLED_J("gpu_energy_sampled_j", Kind.QUANTITY, "J"),  // the integral of the sampled GPU power
    IDLE_POWER_W("idle_power_w", Kind.QUANTITY, "W"),        // baseline power, device open and idle, before the first run
    ENERGY_ABOVE_IDLE_J("energy_above_idle_j", Kind.SIGNED, "J"),   // energy_j - idle_power_w * duration_s
    CPU_ENERGY_J("cpu_energy_j", Kind.QUANTITY, "J"),
    CPU_ENERGY_SOURCE("cpu_energy_source", Kind.TEXT, ""),
    RAM_ENERGY_J("ram_energy_j", Kind.QUANTITY, "J"),
    RAM_ENERGY_SOURCE("ram_energy_source", Kind.TEXT, ""),
    CARBON_G("carbon_g", Kind.QUANTITY, "g"),
    METER_ERRORS("meter_errors", Kind.TEXT, ""),             // energy sensor failures during the run ("; " between them)
    FLOPS("flops", Kind.QUANTITY, ""),                       // DeepSpeed convention, one input (batch 1), forward
    MACS("macs", Kind.QUANTITY, ""),                         // DeepSpeed convention, batch 1
    PARAMS("params", Kind.QUANTITY, ""),
    TRAIN_FLOPS("train_flops", Kind.QUANTITY, ""),           // training convention, the whole run
    PEAK_MEMORY_BYTES("peak_memory_bytes", Kind.COUNT, "bytes"),   // the backend's peak allocation
    FINAL_LOSS("final_loss", Kind.SIGNED, ""),               // mean loss of the last epoch
    STATUS("status", Kind.STATUS, ""),                       // see RunStatus
    ERROR("error", Kind.TEXT, ""),                           // why a configuration failed, else empty
    STARTED_AT("started_at", Kind.INSTANT, ""),              // ISO-8601 UTC: start of the measured run (of duration_s)
    ENGINE_VERSION("engine_version", Kind.TEXT, ""),
    STEP_MODE("step_mode", Kind.TEXT, "");                   // cuda-graph or plain on a GPU, cpu-vector or cpu-scalar on the CPU

    /** What a column's cells hold. Every kind but ID, NAME and STATUS may be empty: not available. */
    public enum Kind {
        /** A configuration id: letters, digits, '.', '_' and '-' (it names a file: {@code <results>.power/<id>.csv}). */
        ID,
        /** Any text, not empty. */
        NAME,
        /** Any text. */
        TEXT,
        /** A whole number, 0 or more. */
        COUNT,
        /** A whole number. */
        INTEGER,
        /** A finite number, 0 or more (a measured quantity). */
        QUANTITY,
        /** A finite number of either sign. */
        SIGNED,
        /** A finite number above 0. */
        POSITIVE,
        /** One of {@link RunStatus}. */
        STATUS,
        /** An ISO-8601 UTC time such as 2025-01-01T09:00:00Z. */
        INSTANT
    }

    /** The columns that must agree between every row of one file (and between merged files). */
    public static final Set<Column> SETTINGS = EnumSet.of(EPOCHS, BATCH_SIZE, LR, SEED, SAMPLES, DATA);

    /**
     * The columns added after the first version: a file written before one was added lacks it, and reads
     * with its cells empty ({@link ResultsFile}). A new column goes at the end and here.
     */
    public static final Set<Column> ADDED_LATER = EnumSet.of(STEP_MODE);

    /** What a configuration id may hold; it names a power-trace file, so never a '/' or a path of its own. */
    private static final java.util.regex.Pattern ID_TEXT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public final String header;
    public final Kind kind;
    /** The unit of the column's numbers ("J", "s"), or empty for a count or text. */
    public final String unit;

    Column(String header, Kind kind, String unit) {
        this.header = header;
        this.kind = kind;
        this.unit = unit;
    }

    /** The header line's cells. */
    public static List<String> headers() { return headers(List.of(values())); }

    /** The header cells of these columns. */
    public static List<String> headers(List<Column> columns) {
        List<String> h = new ArrayList<>();
        for (Column c : columns) h.add(c.header);
        return h;
    }

    /** The column of this header cell (case and surrounding blanks ignored), or null. */
    public static Column ofHeader(String cell) {
        for (Column c : values()) if (c.header.equalsIgnoreCase(cell.trim())) return c;
        return null;
    }

    /** Whether {@code id} is a valid configuration id: letters, digits, '.', '_' and '-', 1 to 128 of them, not "." or "..". */
    public static boolean isId(String id) {
        return ID_TEXT.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    /**
     * Why {@code cell} is not a valid value of this column, or null when it is. The rule every reader and
     * writer of results applies; the caller names file, line and column.
     */
    public String problem(String cell) {
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return String.format("holds the control character U+%04X; results hold printable text only", (int) c);
            }
        }
        if (cell.isEmpty()) {
            return kind == Kind.ID || kind == Kind.NAME || kind == Kind.STATUS ? "is empty" : null;
        }
        switch (kind) {
            case ID:
                return isId(cell) ? null : "'" + cell + "' is not a configuration id (letters, digits, '.', '_' and '-' only, as joules models lists them)";
            case NAME:
            case TEXT:
                return null;
            case STATUS:
                try {
                    RunStatus.parse(cell);
                    return null;
                } catch (IllegalArgumentException e) {
                    return "unknown status '" + cell + "'; valid: " + String.join(", ", RunStatus.cells());
                }
            case INSTANT:
                try {
                    Instant.parse(cell);
                    return null;
                } catch (DateTimeParseException e) {
                    return "'" + cell + "' is not a UTC time such as 2025-01-01T09:00:00Z";
                }
            default:
                return numberProblem(cell);
        }
    }

    private String numberProblem(String cell) {
        double d;
        try {
            d = Csv.number(cell);
        } catch (IllegalArgumentException e) {
            boolean withUnit = e.getMessage().endsWith("with a unit");
            return e.getMessage() + (withUnit ? ": " + header + " is in " + (unit.isEmpty() ? "plain numbers" : unit)
                    + "; write the number alone" + (unit.isEmpty() ? "" : ", in " + unit) : "");
        }
        boolean whole = kind == Kind.COUNT || kind == Kind.INTEGER;
        if (whole && (d != Math.rint(d) || cell.contains(".") || cell.contains("e") || cell.contains("E"))) {
            return "'" + cell + "' is not a whole number";
        }
        if ((kind == Kind.COUNT || kind == Kind.QUANTITY) && d < 0) return cell + " is negative" + (unit.isEmpty() ? "" : " (" + unit + ")");
        if (kind == Kind.POSITIVE && !(d > 0)) return cell + " is not above 0";
        return null;
    }
}
