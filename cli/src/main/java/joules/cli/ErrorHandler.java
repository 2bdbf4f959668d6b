package joules.cli;

import java.util.function.Supplier;
import joules.results.OutputException;
import joules.tensor.ShapeMismatchException;
import picocli.CommandLine;

/**
 * Maps failures to exit codes: bad usage and bad input (picocli's parameter errors, and every
 * {@link IllegalArgumentException} the library throws with a user-facing message) print one line and
 * exit 2, and so does an output that cannot be written ({@link OutputException}: a full disk); anything else
 * is an internal failure: its stack trace goes to stderr and the exit code is 1. Every line is
 * {@link #printable}: text from an input file cannot move the cursor, clear the screen or hide itself.
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
        System.err.println(printable("joules: " + message + suggestions + " (see '"
                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')"));
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (isBadInput(ex)) {
            System.err.println(printable("joules: " + ex.getMessage()));
            return BAD_INPUT;
        }
        System.err.println("joules: internal error: " + ex);
        ex.printStackTrace(System.err);
        return INTERNAL;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException && !(ex instanceof ShapeMismatchException) || ex instanceof OutputException;
    }

    /**
     * A line safe to print on a terminal: control characters (ESC sequences, NUL, CR, line breaks, C1 codes) and
     * the invisible Unicode controls that reorder text are written as escapes ("\x1b", "\u202e"); so one message is
     * always one line.
     */
    static String printable(String line) {
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean hidden = Character.isISOControl(c) && c != '\t' || c >= '\u202a' && c <= '\u202e'
                    || c >= '\u2066' && c <= '\u2069' || c == '\u200e' || c == '\u200f';
            if (hidden && out == null) out = new StringBuilder(line.substring(0, i));
            if (out == null) continue;
            if (!hidden) out.append(c);
            else if (c < 0x100) out.append(String.format("\\x%02x", (int) c));
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out == null ? line : out.toString();
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
