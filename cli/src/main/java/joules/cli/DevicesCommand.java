package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the GPUs and energy sensors joules can use.")
public final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules devices: not implemented yet");
        return 1;
    }
}
