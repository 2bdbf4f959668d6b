package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "normalize", mixinStandardHelpOptions = true, description = "Fit or apply a model that maps energy from one hardware to another.")
public final class NormalizeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules normalize: not implemented yet");
        return 1;
    }
}
