package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "features", mixinStandardHelpOptions = true, description = "Compute mel-spectrogram features from WAV files or a DESED folder.")
public final class FeaturesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules features: not implemented yet");
        return 1;
    }
}
