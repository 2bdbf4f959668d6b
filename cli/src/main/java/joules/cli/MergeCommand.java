package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge result files from shards or machines, checking they agree on settings.")
public final class MergeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules merge: not implemented yet");
        return 1;
    }
}
