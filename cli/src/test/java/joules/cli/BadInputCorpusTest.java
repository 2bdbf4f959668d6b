package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus of malformed inputs in src/test/resources/malformed, each a mistake a realistic user makes (see its
 * README): every one must end in exit 2 with at most 3 lines on stderr, exactly one of them "joules: ..." saying
 * what and where, no stack trace and no raw control character. A malformed results file is read by every command
 * that reads results (merge, run, analyze, normalize), which must give the same line: one set of rules.
 */
class BadInputCorpusTest {
    @TempDir static Path work;
    static Path corpus;

    /** The arguments {run} stands for in commands.tsv. */
    static final String RUN = "run --device cpu --configs mlp-L1-H512 --epochs 1 --samples 10 --idle-seconds 0 --warmup-steps 0";

    @BeforeAll
    static void copyTheCorpus() throws IOException, URISyntaxException {
        Path source = Path.of(Objects.requireNonNull(BadInputCorpusTest.class.getResource("/malformed/results.tsv")).toURI()).getParent();
        corpus = work.resolve("malformed");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Files.copy(p, corpus.resolve(source.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** The non-comment lines of a manifest, split at the tab. */
    private static List<String[]> manifest(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve(name), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cells = line.split("\t", -1);
            assertEquals(2, cells.length, "a manifest line is 'input<TAB>message': " + line);
            rows.add(cells);
        }
        return rows;
    }

    /**
     * Bad input as the project promises it: exit 2, at most 3 lines on stderr and nothing on stdout, one line
     * "joules: ..." that starts with {@code start}, and nothing a terminal would act on or a stack trace.
     */
    static void assertOneClearLine(Cli.Result r, String start, String what) {
        String err = r.err();
        assertEquals(2, r.exit(), what + "\n" + err);
        assertTrue(err.lines().count() <= 3, what + ": more than 3 lines:\n" + err);
        List<String> lines = err.lines().filter(l -> l.startsWith("joules: ")).toList();
        assertEquals(1, lines.size(), what + ":\n" + err);
        assertTrue(lines.get(0).startsWith(start), what + ": expected a line starting with\n" + start + "\ngot\n" + lines.get(0));
        assertTrue(!err.contains("\tat ") && !err.contains("Exception"), what + ": a stack trace:\n" + err);
        for (char c : err.toCharArray()) {
            assertTrue(c == '\n' || !Character.isISOControl(c), what + ": a raw control character U+" + Integer.toHexString(c) + " in\n" + err);
        }
        assertEquals("", r.out(), what);
    }

    @TestFactory
    Stream<DynamicTest> everyReaderRefusesAMalformedResultsFileWithTheSameLine() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : manifest("results.tsv")) {
            for (String command : List.of("merge", "run", "analyze", "normalize")) {
                tests.add(DynamicTest.dynamicTest(command + " " + c[0], () -> {
                    Path f = Files.createDirectories(work.resolve(command)).resolve(Path.of(c[0]).getFileName());
                    Files.copy(corpus.resolve(c[0]), f, StandardCopyOption.REPLACE_EXISTING);
                    Path out = Files.createTempDirectory(work, "out");
                    Path other = corpus.resolve("results-other-hardware.csv");
                    List<String> args = switch (command) {
                        case "merge" -> List.of("merge", f.toString(), "--out", out.resolve("m.csv").toString());
                        case "run" -> words(RUN + " --out " + f);
                        case "analyze" -> List.of("analyze", f.toString(), other.toString(), "--out", out.resolve("a").toString());
                        default -> List.of("normalize", "fit", "--from", f.toString(), "--to", other.toString(), "--method", "linear",
                                "--out", out.resolve("m.json").toString());
                    };
                    byte[] before = Files.readAllBytes(f);
                    Cli.Result r = Cli.joules(args.toArray(String[]::new));
                    String message = "joules: " + c[1].replace("{f}", f.toString());
                    assertOneClearLine(r, message, String.join(" ", args));
                    if (command.equals("run")) assertTrue(r.err().strip().endsWith("; correct the file, or choose another --out"), r.err());
                    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)), "the input was changed");
                    try (Stream<Path> written = Files.list(out)) {
                        assertEquals(List.of(), written.toList(), "nothing is written");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsExitTwoWithOneClearLine() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : manifest("commands.tsv")) {
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                Path out = Files.createTempDirectory(work, "out");
                String line = c[0].replace("{run}", RUN).replace("{c}", corpus.toString()).replace("{out}", out.toString());
                if (line.contains("/dev/full")) Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
                Cli.Result r = Cli.joules(words(line).toArray(String[]::new));
                assertOneClearLine(r, c[1].replace("{c}", corpus.toString()).replace("{out}", out.toString()), line);
            }));
        }
        return tests.stream();
    }

    private static List<String> words(String line) {
        return List.of(line.trim().split(" +"));
    }

    /** A model nested 200,000 deep (not kept in the repository: 400 kB of brackets) is one line, not a stack overflow. */
    @Test
    void aDeeplyNestedModelIsOneLineNotAStackOverflow() throws IOException {
        Path deep = Files.writeString(work.resolve("deep.json"), "{\"format\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}");
        Cli.Result r = Cli.joules("normalize", "apply", "--model", deep.toString(), "--input",
                corpus.resolve("results-good.csv").toString(), "--out", work.resolve("p.csv").toString());
        assertOneClearLine(r, "joules: " + deep + ": line 1, column 75: nested deeper than 64 levels", "deep.json");
    }

    /** Control characters in what the user typed reach the terminal as escapes, not as themselves. */
    @Test
    void controlCharactersInAMessageArePrintedAsEscapes() {
        Path name = work.resolve("a\u001b[2J\rb\u202e.csv");
        Cli.Result r = Cli.joules("merge", name.toString(), "--out", work.resolve("m.csv").toString());
        assertOneClearLine(r, "joules: results file " + work + "/a\\x1b[2J\\x0db\\u202e.csv does not exist", "a file name with ESC, CR, RLO");
    }

    /** Samples whose features would not fit the heap twice are refused before anything is generated. */
    @Test
    void samplesBeyondTheHeapAreRefusedBeforeGenerating() {
        long clips = Runtime.getRuntime().maxMemory() / joules.audio.FeatureSet.bytes(1);     // twice this does not fit
        Assumptions.assumeTrue(clips <= joules.audio.FeatureSet.MAX_CLIPS, "a heap larger than the largest training set");
        Cli.Result r = Cli.joules("train", "--config", "mlp-L1-H512", "--device", "cpu", "--samples", Long.toString(clips));
        assertOneClearLine(r, "joules: --samples " + clips + " needs about ", "--samples " + clips);
        assertTrue(r.err().contains("GB this Java may use; use fewer clips, or give Java more memory (JOULES_JAVA_OPTS=-Xmx"), r.err());
    }

    /** A pipe ({@code <(cat a.csv)} in bash) is read like a file, not called empty. */
    @Test
    void aPipeIsReadLikeAFile() throws Exception {
        Path fifo = work.resolve("pipe.csv");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo here");
        byte[] text = Files.readAllBytes(corpus.resolve("results-good.csv"));
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        Path merged = work.resolve("from-pipe.csv");
        Cli.Result r = Cli.joules("merge", fifo.toString(), "--out", merged.toString());
        writer.join(10_000);
        assertEquals(0, r.exit(), r.err());
        assertEquals("merged 2 row(s) from 1 file(s) into " + merged + "\n", r.out());
        assertTrue(java.util.Arrays.equals(text, Files.readAllBytes(merged)));
    }
}
