package joules.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import joules.results.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge result files from shards or machines, checking they agree on settings.",
                "Rows are kept in input order; the inputs must have the same columns and training settings (epochs, "
                        + "batch size, lr, seed, samples, data). A configuration may appear once per hardware: two rows for "
                        + "one are refused, except an ok row and a failed one, where the ok row is kept and a notice says so. "
                        + "Power traces stay beside their inputs."},
        footer = {"", "Example:", "  joules merge runs/part0.csv runs/part1.csv --out runs/all.csv"})
public final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE.csv", description = "results files written by joules run")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv",
            description = "the merged file (must not exist, unless it is one of the inputs)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Merge.Report r = Merge.merge(inputs, out);
        for (String n : r.notices()) System.err.println(ErrorHandler.printable("joules merge: " + n));
        for (String w : r.warnings()) System.err.println(ErrorHandler.printable("joules merge: warning: " + w));
        System.out.println("merged " + r.rows() + " row(s) from " + inputs.size() + " file(s) into " + out);
        return 0;
    }
}
