package joules.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documentation names only what exists: in every Markdown file of docs/ (and the READMEs), every relative
 * link leads to a file or folder of the repository, and every class or member named in code style
 * ({@code `Trainer`}, {@code `cpu/Gemm`}, {@code `Trainer.stepBody`}, {@code `Simd.VECTOR`}) is declared in
 * the Java sources (main or test). A renamed class or method then fails here, not in a reader's hands.
 */
class DocsMatchCodeTest {
    static final Path ROOT = Path.of("..");
    /** Markdown links: [text](target), the target up to a space or the closing parenthesis. */
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** A class in code style, optionally with its package folder and a member: `cpu/Gemm`, `Trainer.step`, `Model.forward()`. */
    static final Pattern NAMED = Pattern.compile("`((?:[a-z]+/)?)([A-Z][a-z][A-Za-z0-9]*)(?:[.#]([A-Za-z_][A-Za-z0-9_]*))?(?:\\(\\))?`");
    /** Classes of other projects (the JDK's incubating Vector API, CodeCarbon's) named in the docs; java.lang's are known. */
    static final Set<String> NOT_OURS = Set.of("FloatVector", "Float512Vector", "EmissionsTracker", "EmissionsData");

    /** Every Java source file, main and test, of every module. */
    static List<Path> sources;
    /** Simple type name (top-level or nested) to the files that declare it. */
    static final Map<String, List<Path>> declaring = new HashMap<>();

    @BeforeAll
    static void indexSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/")
                    && !p.toString().contains("/target/")).toList();
        }
        Pattern type = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");
        for (Path p : sources) {
            Matcher m = type.matcher(read(p));
            while (m.find()) declaring.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
        }
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        for (String readme : List.of("README.md", "audio/README.md", "energy/README.md")) {
            if (Files.exists(ROOT.resolve(readme))) docs.add(ROOT.resolve(readme));
        }
        return docs;
    }

    /** One match of a pattern in a document. */
    record Found(Path doc, MatchResult match) {
        String where() { return ROOT.relativize(doc) + ": " + match.group(); }
    }

    /** Every match of the pattern in every document. */
    static List<Found> find(Pattern pattern) throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path doc : documents()) pattern.matcher(read(doc)).results().forEach(m -> found.add(new Found(doc, m)));
        return found;
    }

    @Test
    void everyRelativeLinkLeadsToAFileOrFolder() throws IOException {
        List<Found> links = find(LINK).stream()
                .filter(f -> !f.match().group(1).matches("[a-z]+:.*") && !f.match().group(1).startsWith("#"))  // http:, anchors
                .toList();
        List<String> broken = links.stream()
                .filter(f -> !Files.exists(f.doc().getParent().resolve(f.match().group(1).replaceAll("#.*", "")).normalize()))
                .map(f -> ROOT.relativize(f.doc()) + ": " + f.match().group(1)).toList();
        assertTrue(links.size() > 50, links.size() + " links found: is the Markdown link pattern still right?");
        assertEquals(List.of(), broken, "links to nothing");
    }

    @Test
    void everyNamedClassAndMemberIsDeclared() throws IOException {
        List<Found> names = find(NAMED).stream()
                .filter(f -> !NOT_OURS.contains(f.match().group(2)) && !inJavaLang(f.match().group(2))).toList();
        List<String> unknown = new ArrayList<>();
        for (Found f : names) {
            String folder = f.match().group(1), type = f.match().group(2);
            String member = "java".equals(f.match().group(3)) ? null : f.match().group(3);   // `nvml/NvmlLibrary.java`: the file
            List<Path> files = declaring.getOrDefault(type, List.of()).stream()
                    .filter(p -> folder.isEmpty() || p.getParent().endsWith(folder.substring(0, folder.length() - 1)))
                    .toList();
            if (files.isEmpty()) unknown.add(f.where() + " (no such class)");
            else if (member != null && files.stream().noneMatch(p -> declares(p, member))) {
                unknown.add(f.where() + " (no such member in " + files + ")");
            }
        }
        assertTrue(names.size() > 50, names.size() + " names found: is the pattern still right?");
        assertEquals(List.of(), unknown, "names the code does not declare");
    }

    static boolean inJavaLang(String type) {
        try {
            Class.forName("java.lang." + type, false, DocsMatchCodeTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Whether the file declares a method, field, constant or record component of that name (a call does not count). */
    static boolean declares(Path file, String member) {
        String q = Pattern.quote(member);
        return Pattern.compile("[\\w>\\]](?<!return)\\s+" + q + "\\s*[(=;,)]" + "|^\\s*" + q + "\\s*[(,;]", Pattern.MULTILINE)
                .matcher(read(file)).find();
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
