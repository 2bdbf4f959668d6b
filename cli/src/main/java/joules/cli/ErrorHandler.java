package joules.cli;

import joules.tensor.ShapeMismatchException;
import picocli.CommandLine;

/**
 * Maps failures to exit codes: bad usage and bad input (picocli's parameter errors, and every
 * {@link IllegalArgumentException} the library throws with a user-facing message) print one line and
 * exit 2; anything else is an internal failure: its stack trace goes to stderr and the exit code is 1.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int INTERNAL = 1;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        System.err.println("joules: " + ex.getMessage());
        System.err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (isBadInput(ex)) {
            System.err.println("joules: " + ex.getMessage());
            return BAD_INPUT;
        }
        System.err.println("joules: internal error: " + ex);
        ex.printStackTrace(System.err);
        return INTERNAL;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException && !(ex instanceof ShapeMismatchException);
    }
}
