package joules.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import joules.layers.cost.Hardware;
import joules.layers.cost.Roofline;
import joules.regression.data.RooflineTimes;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;

/**
 * The +roofline input of {@code analyze} and {@code normalize}: each configuration's predicted time for the
 * study's training run (1,578 clips, batch 8, 10 epochs) on each hardware of the results, by the roofline model
 * (docs/roofline.md), from the model zoo and the table of cards. The analysis reads these numbers through
 * {@link RooflineTimes} and knows nothing of models or cards.
 *
 * <p>A results file names its hardware as NVML does ("NVIDIA GeForce RTX 2080 Ti", "Tesla T4"); those names map
 * to the table ({@link Hardware#forDeviceName}). Any other name needs {@code --roofline-card NAME=KEY}, KEY a
 * key of the table or PEAK_GFLOPS:BANDWIDTH_GBS; a name without a card is refused before any work, in one line
 * that names the option. The times are a model, to be checked against the measured durations.
 */
final class RooflineInput implements RooflineTimes {
    /** The option that names a card for a hardware, as the messages spell it. */
    static final String OPTION = "--roofline-card";

    private final Map<String, Hardware> cards;
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();

    private RooflineInput(Map<String, Hardware> cards) {
        this.cards = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cards));   // the order given (Map.copyOf has none)
    }

    /**
     * A card for each hardware name: the one {@code given} names for it (NAME=KEY), else the table's for an NVML
     * name.
     *
     * @throws IllegalArgumentException for a name without a card, a KEY that is neither a card nor two numbers, or
     *         a NAME that is not among {@code hardwareNames}
     */
    static RooflineInput of(Collection<String> hardwareNames, Map<String, String> given) {
        Map<String, String> options = given == null ? Map.of() : given;
        for (String name : options.keySet()) {
            if (!hardwareNames.contains(name)) {
                throw new IllegalArgumentException(OPTION + " '" + name + "=" + options.get(name) + "': no hardware '" + name
                        + "' in the results (they hold: " + String.join(", ", hardwareNames) + ")");
            }
        }
        Map<String, Hardware> cards = new LinkedHashMap<>();
        for (String name : hardwareNames) {
            String key = options.get(name);
            Hardware card = key != null ? card(name, key) : Hardware.forDeviceName(name).orElseThrow(() ->
                    new IllegalArgumentException("hardware '" + name + "' is not a card of the roofline table; name its card with "
                            + OPTION + " '" + name + "=KEY' (KEY: " + Hardware.keys() + ", or PEAK_GFLOPS:BANDWIDTH_GBS)"));
            cards.put(name, card);
        }
        return new RooflineInput(cards);
    }

    /** A table key, or "PEAK_GFLOPS:BANDWIDTH_GBS". */
    private static Hardware card(String name, String key) {
        String[] numbers = key.split(":", -1);
        if (numbers.length == 2) {
            try {
                return Hardware.given(name + " (" + key + ")", Double.parseDouble(numbers[0].trim()),
                        Double.parseDouble(numbers[1].trim()), OPTION);
            } catch (IllegalArgumentException e) {      // not numbers, or not positive ones
                throw new IllegalArgumentException(OPTION + " '" + name + "=" + key + "': PEAK_GFLOPS:BANDWIDTH_GBS must be two"
                        + " positive numbers");
            }
        }
        return ErrorHandler.option(OPTION + " '" + name + "=" + key + "'", () -> Hardware.byKey(key));
    }

    /** The study's training run on the card of {@code hardware}, in seconds (computed once per pair). */
    @Override
    public double seconds(String id, String hardware) {
        Hardware card = cards.get(hardware);
        if (card == null) {
            throw new IllegalArgumentException("hardware '" + hardware + "' has no card for the roofline model; name it with "
                    + OPTION + " '" + hardware + "=KEY'");
        }
        return seconds.computeIfAbsent(id + "\u0000" + hardware, k -> {
            ModelConfig c = ErrorHandler.option("configuration '" + id + "' (roofline time on '" + hardware + "')",
                    () -> Zoo.config(id));
            return Roofline.trainingRunSeconds(Zoo.network(c), Zoo.SAMPLE_SHAPE, FlopsCommand.STUDY_CLIPS,
                    FlopsCommand.STUDY_BATCH, FlopsCommand.STUDY_EPOCHS, card);
        });
    }

    /** "gpu-a = NVIDIA T4 (t4), ...": which card each hardware was given, for the user to check. */
    String describe() {
        List<String> parts = new ArrayList<>();
        cards.forEach((name, card) -> parts.add(String.format(Locale.ROOT, "'%s' = %s (%s GFLOP/s, %s GB/s)", name,
                card.name(), Formats.significant(card.peakGflops()), Formats.significant(card.bandwidthGbs()))));
        return String.join(", ", parts);
    }

    /** One line for the user: the cards, what the times are, and that they are a model. */
    String notice() {
        return "+roofline: " + describe() + "; each configuration's predicted time for the study's training run ("
                + FlopsCommand.STUDY_CLIPS + " clips, batch " + FlopsCommand.STUDY_BATCH + ", " + FlopsCommand.STUDY_EPOCHS
                + " epochs) by the roofline model: a model, not a measurement (docs/roofline.md)";
    }
}
