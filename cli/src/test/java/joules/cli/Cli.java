package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a joules command line in the test's JVM and keeps what it printed. */
final class Cli {
    private Cli() {}

    /** Exit code, standard output and standard error of one command line. */
    record Result(int exit, String out, String err) {}

    static Result joules(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Bad input as the project's rules want it: exit code 2, and stderr is exactly one line, which starts
     * with {@code start} (no stack trace, no second line of advice).
     */
    static void assertBadInput(Result r, String start) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(start), "expected a line starting with\n" + start + "\ngot\n" + r.err());
    }
}
