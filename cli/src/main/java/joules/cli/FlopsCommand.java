package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "flops", mixinStandardHelpOptions = true, description = "Exact per-layer FLOPs, MACs and parameters.")
public final class FlopsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules flops: not implemented yet");
        return 1;
    }
}
