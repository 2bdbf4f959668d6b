package joules.regression.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import joules.regression.analysis.StudyAnalysis;
import joules.regression.data.HardwareResults;
import joules.results.PowerTrace;

/**
 * Writes an analysis to a folder: results.csv and splits.csv (the numbers), report.md (tables),
 * figures/*.png and *.svg, and report.html, which holds everything with the images inlined.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** The files written, for the command to list. */
    public record Written(Path results, Path splits, Path markdown, Path html, List<Path> figures) {}

    public static Written write(StudyAnalysis.Results results, Map<String, Map<String, PowerTrace>> traces, Path out) {
        try {
            Files.createDirectories(out.resolve("figures"));
            Path resultsCsv = write(out.resolve("results.csv"), Tables.resultsCsv(results));
            Path splitsCsv = write(out.resolve("splits.csv"), Tables.splitsCsv(results));
            List<TextTable> tables = Tables.reportTables(results);
            List<Figure> figures = StudyFigures.all(results, traces);
            List<Path> figureFiles = new ArrayList<>();
            StringBuilder md = new StringBuilder(header(results, false));
            StringBuilder html = new StringBuilder(htmlStart()).append(header(results, true));
            for (TextTable t : tables) {
                md.append(t.markdown());
                html.append(t.html());
            }
            md.append("## Figures\n\n");
            html.append("<h2>Figures</h2>\n");
            // figures are independent: draw them in parallel, then write them in order
            List<Rendered> rendered = figures.parallelStream().map(f -> new Rendered(f, f.png(), f.svg())).toList();
            for (Rendered r : rendered) {
                Figure f = r.figure();
                byte[] png = r.png();
                Path pngFile = out.resolve("figures").resolve(f.name() + ".png");
                Files.write(pngFile, png);
                Path svgFile = write(out.resolve("figures").resolve(f.name() + ".svg"), r.svg());
                figureFiles.add(pngFile);
                figureFiles.add(svgFile);
                md.append("### ").append(f.title()).append("\n\n![").append(f.title()).append("](figures/").append(f.name())
                        .append(".png)\n\n").append(f.caption()).append(" ([SVG](figures/").append(f.name()).append(".svg))\n\n");
                html.append("<figure id=\"").append(f.name()).append("\"><h3>").append(TextTable.escape(f.title())).append("</h3>\n")
                        .append("<img alt=\"").append(TextTable.escape(f.title())).append("\" width=\"").append(f.width())
                        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n")
                        .append("<figcaption>").append(TextTable.escape(f.caption())).append("</figcaption></figure>\n");
            }
            html.append("</body>\n</html>\n");
            Path mdFile = write(out.resolve("report.md"), md.toString());
            Path htmlFile = write(out.resolve("report.html"), html.toString());
            return new Written(resultsCsv, splitsCsv, mdFile, htmlFile, figureFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
    }

    private record Rendered(Figure figure, byte[] png, String svg) {}

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String header(StudyAnalysis.Results results, boolean html) {
        StudyAnalysis.Options o = results.options();
        StringBuilder sb = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (HardwareResults h : results.hardware()) {
            lines.add(h.hardware() + ": " + h.rows().size() + " configurations from " + h.file());
        }
        String settings = "Seed " + o.seed() + "; " + o.splits() + " random 80/20 splits per pair; references "
                + java.util.Arrays.toString(o.percents()) + " % of the training points; SVR: " + o.svr().kernel().id() + " kernel, "
                + o.svr().combinations() + " combinations of C " + java.util.Arrays.toString(o.svr().cs()) + ", epsilon "
                + java.util.Arrays.toString(o.svr().epsilons()) + ", gamma " + java.util.Arrays.toString(o.svr().gammas()).replace("NaN", "scale")
                + " chosen by " + o.svr().folds() + "-fold cross-validation (standardised units).";
        if (html) {
            sb.append("<h1>Normalising energy across hardware</h1>\n<ul>\n");
            for (String l : lines) sb.append("<li>").append(TextTable.escape(l)).append("</li>\n");
            sb.append("</ul>\n<p class=\"note\">").append(TextTable.escape(settings)).append("</p>\n");
        } else {
            sb.append("# Normalising energy across hardware\n\n");
            for (String l : lines) sb.append("- ").append(l).append('\n');
            sb.append('\n').append(settings).append("\n\n");
        }
        return sb.toString();
    }

    private static String htmlStart() {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>joules: normalising energy across hardware</title>
                <style>
                body { font-family: sans-serif; margin: 2em auto; max-width: 1250px; color: #222; }
                table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
                th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
                th { background: #f0f0f0; }
                td.key { text-align: left; white-space: nowrap; }
                .note { color: #555; font-size: 0.9em; }
                figure { margin: 1em 0 2em; }
                img { max-width: 100%; height: auto; border: 1px solid #eee; }
                figcaption { color: #555; font-size: 0.9em; }
                </style>
                </head>
                <body>
                """;
    }
}
