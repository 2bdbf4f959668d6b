package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the 43 model configurations of the study.")
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules models: not implemented yet");
        return 1;
    }
}
