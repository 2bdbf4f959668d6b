package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What a person reads first: {@code joules --help} and each command's help. */
class HelpTextTest {

    /** Every command and subcommand, depth first, by its qualified name ("normalize fit"). */
    private static List<CommandSpec> allCommands() {
        List<CommandSpec> out = new ArrayList<>();
        collect(new CommandLine(new Main()).getCommandSpec(), out);
        return out;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> out) {
        out.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!out.contains(sub.getCommandSpec())) collect(sub.getCommandSpec(), out);
        }
    }

    @Test
    void everyCommandPrintsItsHelpAndExitsZero() {
        for (CommandSpec spec : allCommands()) {
            List<String> args = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
            args.remove(0);                                           // "joules"
            if (spec.name().equals("help")) continue;                  // picocli's own help command
            args.add("--help");
            Cli.Result r = Cli.joules(args.toArray(String[]::new));
            assertEquals(0, r.exit(), spec.qualifiedName() + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: " + spec.qualifiedName()), spec.qualifiedName() + ":\n" + r.out());
            assertEquals("", r.err(), spec.qualifiedName());
        }
    }

    /**
     * picocli prints each element of a description array on a new line, so a sentence split across
     * elements is wrapped twice: short lines in the middle of an option's paragraph. An option's
     * description is one string, which picocli wraps to the terminal's width.
     */
    @Test
    void everyOptionDescriptionIsOneParagraph() {
        for (CommandSpec spec : allCommands()) {
            for (OptionSpec o : spec.options()) {
                assertEquals(1, o.description().length,
                        spec.qualifiedName() + " " + o.longestName() + ": description split into lines");
                assertTrue(!o.description()[0].isBlank(), spec.qualifiedName() + " " + o.longestName() + " has no description");
            }
        }
    }
}
