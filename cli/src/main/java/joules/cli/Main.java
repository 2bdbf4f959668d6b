package joules.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code joules} command. Exit codes: 0 success, 2 bad usage or bad input (one line on stderr
 * saying what and where), 1 internal failure.
 */
@Command(name = "joules",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Train the study's audio-tagging models, measure their energy, and normalise it across hardware.",
        subcommands = {
                RunCommand.class,
                MergeCommand.class,
                TrainCommand.class,
                ModelsCommand.class,
                FlopsCommand.class,
                RooflineCommand.class,
                FeaturesCommand.class,
                AnalyzeCommand.class,
                NormalizeCommand.class,
                ReportCommand.class,
                DevicesCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {   // the work's own arrays are unreachable by now: there is room to say so
            System.err.println("joules: out of memory (" + e.getMessage() + "); give Java more memory (JOULES_JAVA_OPTS=-Xmx16g)"
                    + " or ask for less work");
            return ErrorHandler.INTERNAL;
        } catch (StackOverflowError e) {
            System.err.println("joules: internal error: stack overflow at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            return ErrorHandler.INTERNAL;
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
