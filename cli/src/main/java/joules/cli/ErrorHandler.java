package joules.cli;

import java.util.function.Supplier;
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

    /** One line: picocli's message, the commands it suggests for a typo, and where the help is. */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        String message = ex.getMessage().replaceFirst("^Error: ", "").replaceAll("\\s*\\R\\s*", " ");
        String suggestions = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            var commands = ex.getCommandLine().getSubcommands().keySet();
            String first = u.getUnmatched().isEmpty() ? "-" : u.getUnmatched().get(0);
            if (!u.getSuggestions().isEmpty()) {
                suggestions = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            } else if (!commands.isEmpty()) {
                suggestions = "; the commands are " + String.join(", ", commands);
            }
            if (!commands.isEmpty() && !first.startsWith("-")) message = "unknown command '" + first + "'";
        }
        System.err.println("joules: " + message + suggestions + " (see '"
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
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

    /**
     * The value a library call makes of one option, its bad-input message prefixed with the option's name
     * (the library says what is wrong; only the command knows which flag the value came from).
     */
    static <T> T option(String flag, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            if (e instanceof ShapeMismatchException || String.valueOf(e.getMessage()).startsWith(flag)) throw e;
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }
}
