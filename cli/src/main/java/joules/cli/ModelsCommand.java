package joules.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import joules.train.zoo.ModelConfig;
import joules.train.zoo.Zoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the 43 model configurations of the study: id, family, sizes and parameter count.",
                "",
                "  joules models",
                "  joules models --format csv > models.csv",
                ""})
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    String format;

    private static final List<String> HEADER = List.of("id", "family", "conv_layers", "rnn_layers", "conv_channels",
            "rnn_hidden", "mlp_layers", "mlp_hidden", "params");

    @Override
    public Integer call() {
        String f = Formats.parse(format);
        List<List<String>> rows = new ArrayList<>();
        for (ModelConfig c : Zoo.configs()) {
            rows.add(List.of(c.id(), c.family().label(), "" + c.convLayers(), "" + c.rnnLayers(), "" + c.convChannels(),
                    "" + c.rnnHidden(), "" + c.mlpLayers(), "" + c.mlpHidden(), "" + Zoo.parameterCount(c)));
        }
        switch (f) {
            case "csv" -> Formats.printCsv(System.out, HEADER, rows);
            case "json" -> Formats.printJson(System.out, HEADER, rows, 2);
            default -> {
                List<String[]> table = new ArrayList<>();
                table.add(new String[] {"id", "family", "conv layers", "rnn layers", "channels", "rnn hidden",
                        "mlp layers", "mlp hidden", "params"});
                for (List<String> r : rows) {
                    String[] cells = r.toArray(new String[0]);
                    cells[8] = String.format(Locale.ROOT, "%,d", Long.parseLong(cells[8]));
                    table.add(cells);
                }
                Formats.printTable(System.out, table, 2);
            }
        }
        System.out.flush();
        return 0;
    }
}
