package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Train the study's models and measure each one's energy (the main job).")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules run: not implemented yet");
        return 1;
    }
}
