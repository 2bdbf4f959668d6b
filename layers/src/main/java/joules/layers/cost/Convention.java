package joules.layers.cost;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How operations are counted; docs/flops.md derives every layer's formula under each one.
 * <ul>
 *   <li>{@link #DEEPSPEED}: the DeepSpeed flops profiler's rules, forward pass only, as the study reported
 *       them (Linear 2 numel(input) out, bias not counted; Conv2d 2 MACs + bias; ReLU, MaxPool2d and the
 *       output activation numel(input); GRU by its own formula, no MACs).</li>
 *   <li>{@link #FORWARD}: every multiply, add, comparison and elementary function (exp, tanh, log, sqrt
 *       count one each) of the engine's forward pass, up to the output probabilities.</li>
 *   <li>{@link #TRAINING}: one training step: forward pass with the loss, backward pass (data and weight
 *       gradients, the GRU through time) and the Adam update of every parameter.</li>
 * </ul>
 */
public enum Convention {
    DEEPSPEED, FORWARD, TRAINING;

    /** The lower-case name used on the command line. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** Parses a command-line name, case-insensitively; an unknown name lists the valid ones. */
    public static Convention parse(String name) {
        for (Convention c : values()) {
            if (c.cliName().equalsIgnoreCase(name.trim())) return c;
        }
        throw new IllegalArgumentException("unknown convention '" + name + "'; valid: "
                + Arrays.stream(values()).map(Convention::cliName).collect(Collectors.joining(", ")));
    }
}
