package joules.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Run the study's normalisation analyses on result files from several hardware.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("joules analyze: not implemented yet");
        return 1;
    }
}
