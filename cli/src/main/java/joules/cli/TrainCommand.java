package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train one model and print the loss per epoch.")
public final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules train: not implemented yet");
        return 1;
    }
}
