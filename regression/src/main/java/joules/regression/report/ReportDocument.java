package joules.regression.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The report written twice as it is built: Markdown (figures linked from figures/) and one self-contained HTML
 * page (figures inlined as PNG data), with a table of contents of the sections and what each holds. The HTML
 * is kept as text parts and the PNGs between them, and streamed to its file (base64 on the fly): a report
 * of many figures is megabytes that need not be one string.
 */
final class ReportDocument {
    private final StringBuilder md = new StringBuilder();
    private final List<Object> htmlParts = new ArrayList<>(); // String, or byte[]: a PNG written as base64
    private final StringBuilder html = new StringBuilder();
    private final List<Entry> contents = new ArrayList<>();

    /**
     * A section (level 2) or an item in it (level 3), for the table of contents; items of one group are listed on
     * one line by their short labels ("Figure 1: T4 → A40 · A40 → T4").
     */
    private record Entry(int level, String id, String title, String group) {}

    void section(String id, String title) {
        contents.add(new Entry(2, id, title, ""));
        md.append("<a id=\"").append(id).append("\"></a>\n\n## ").append(title).append("\n\n");
        html.append("<h2 id=\"").append(id).append("\">").append(TextTable.escape(title)).append("</h2>\n");
    }

    void paragraph(String text) {
        md.append(text).append("\n\n");
        html.append("<p>").append(TextTable.escape(text)).append("</p>\n");
    }

    /** A paragraph that starts with a bold heading. */
    void paragraph(String heading, String text) {
        md.append("**").append(heading).append(".** ").append(text).append("\n\n");
        html.append("<p><b>").append(TextTable.escape(heading)).append(".</b> ").append(TextTable.escape(text)).append("</p>\n");
    }

    /** A bold heading, then one bullet per sentence (a single sentence stays a paragraph). */
    void finding(String heading, List<String> sentences) {
        if (sentences.size() == 1) {
            paragraph(heading, sentences.get(0));
            return;
        }
        md.append("**").append(heading).append(".**\n\n");
        html.append("<p class=\"finding\"><b>").append(TextTable.escape(heading)).append(".</b></p>\n");
        bullets(sentences, "finding");
    }

    void note(String text) {
        md.append("*").append(text).append("*\n\n");
        html.append("<p class=\"note\">").append(TextTable.escape(text)).append("</p>\n");
    }

    void bullets(List<String> items, String cssClass) {
        if (items.isEmpty()) return;
        html.append("<ul class=\"").append(cssClass).append("\">\n");
        for (String i : items) {
            md.append("- ").append(i).append('\n');
            html.append("<li>").append(TextTable.escape(i)).append("</li>\n");
        }
        md.append('\n');
        html.append("</ul>\n");
    }

    void table(TextTable t) {
        table(t, "", t.title());
    }

    /** A table listed in the contents as {@code label} within {@code group} ("" for none). */
    void table(TextTable t, String group, String label) {
        contents.add(new Entry(3, t.id(), label, group));
        md.append(t.markdown());
        html.append(t.html());
    }

    /** A figure: its PNG inlined in the HTML, linked (PNG and SVG) from the Markdown. */
    void figure(Figure f, byte[] png) {
        figure(f, png, "", f.title());
    }

    /** A figure listed in the contents as {@code label} within {@code group} ("" for none). */
    void figure(Figure f, byte[] png, String group, String label) {
        contents.add(new Entry(3, f.name(), label, group));
        md.append("<a id=\"").append(f.name()).append("\"></a>\n\n### ").append(f.title()).append("\n\n![").append(f.title())
                .append("](figures/").append(f.name()).append(".png)\n\n").append(f.caption()).append(" ([SVG](figures/")
                .append(f.name()).append(".svg))\n\n");
        html.append("<figure id=\"").append(f.name()).append("\"><h3>").append(TextTable.escape(f.title())).append("</h3>\n")
                .append("<div class=\"figure\"><img alt=\"").append(TextTable.escape(f.title())).append("\" width=\"").append(f.width()).append("\" height=\"")
                .append(f.height()).append("\" src=\"data:image/png;base64,");
        htmlParts.add(html.toString());
        htmlParts.add(png);
        html.setLength(0);
        html.append("\"></div>\n").append("<figcaption>").append(TextTable.escape(f.caption())).append("</figcaption></figure>\n");
    }

    /** A section of the contents and the items in it. */
    private record Group(Entry section, List<Entry> items) {}

    private List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        for (Entry e : contents) {
            if (e.level() == 2 || groups.isEmpty()) groups.add(new Group(e, new ArrayList<>()));
            else groups.get(groups.size() - 1).items().add(e);
        }
        return groups;
    }

    /** The items of a section as lines: one per ungrouped item, one per group ("Figure 1: a · b"). */
    private static List<String> lines(List<Entry> items, java.util.function.Function<Entry, String> link) {
        List<String> lines = new ArrayList<>();
        String group = null;
        StringBuilder line = null;
        for (Entry e : items) {
            if (!e.group().isEmpty() && e.group().equals(group)) {
                line.append(" · ").append(link.apply(e));
                continue;
            }
            if (line != null) lines.add(line.toString());
            group = e.group();
            line = new StringBuilder(group.isEmpty() ? "" : group + ": ").append(link.apply(e));
        }
        if (line != null) lines.add(line.toString());
        return lines;
    }

    /** The Markdown: the head, the contents, then the sections. */
    String markdown(String title, List<String> head) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        for (String h : head) out.append(h).append("\n\n");
        out.append("## Contents\n\n");
        int number = 0;
        for (Group g : groups()) {
            out.append(++number).append(". [").append(g.section().title()).append("](#").append(g.section().id()).append(")\n");
            for (String line : lines(g.items(), e -> "[" + e.title() + "](#" + e.id() + ")")) out.append("   - ").append(line).append('\n');
        }
        return out.append('\n').append(md).toString();
    }

    /** Writes the HTML page: styles, the head, the contents, then the sections with their figures inlined. */
    void writeHtml(Path file, String title, List<String> head) throws IOException {
        StringBuilder top = new StringBuilder(HEAD.replace("TITLE", TextTable.escape(title)));
        top.append("<h1>").append(TextTable.escape(title)).append("</h1>\n");
        for (String h : head) top.append("<p>").append(TextTable.escape(h)).append("</p>\n");
        top.append("<nav><h2>Contents</h2>\n<ol>\n");
        for (Group g : groups()) {
            top.append("<li>").append(link(g.section()));
            for (String line : lines(g.items(), ReportDocument::link)) top.append("<br><span class=\"sub\">").append(line).append("</span>");
            top.append("</li>\n");
        }
        top.append("</ol>\n</nav>\n");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(top.toString().getBytes(StandardCharsets.UTF_8));
            for (Object part : htmlParts) {
                if (part instanceof byte[] png) {
                    int chunk = 3 << 14; // a multiple of 3 bytes: no padding but at the very end
                    for (int at = 0; at < png.length; at += chunk) {
                        out.write(Base64.getEncoder().encode(Arrays.copyOfRange(png, at, Math.min(png.length, at + chunk))));
                    }
                } else {
                    out.write(((String) part).getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write(html.toString().getBytes(StandardCharsets.UTF_8));
            out.write("</body>\n</html>\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String link(Entry e) {
        return "<a href=\"#" + e.id() + "\">" + TextTable.escape(e.title()) + "</a>";
    }

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TITLE</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5em auto; padding: 0 1em; max-width: 1320px; color: #222; line-height: 1.45; }
            h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; margin-top: 1.6em; }
            nav ol { padding-left: 1.5em; } nav li { margin: 0.3em 0; } nav .sub { font-size: 0.85em; color: #555; } nav .sub a { white-space: nowrap; }
            .table { overflow-x: auto; max-width: 100%; }
            table { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.85em; font-variant-numeric: tabular-nums; }
            th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; white-space: nowrap; }
            th { background: #f0f0f0; white-space: normal; min-width: 4.5em; vertical-align: bottom; }
            th.text, td.key, td.text { text-align: left; }
            th:first-child, td.key { position: sticky; left: 0; background: #fff; } th:first-child { background: #f0f0f0; }
            p, li, figcaption { overflow-wrap: anywhere; }
            p.finding { margin-bottom: 0.2em; } ul.finding { margin-top: 0.2em; }
            .note, figcaption { color: #555; font-size: 0.9em; }
            ul.warnings li { color: #8a4b00; }
            figure { margin: 1em 0 2.2em; }
            .figure { overflow-x: auto; }
            img { max-width: 100%; height: auto; border: 1px solid #eee; }
            @media (max-width: 760px) { .figure img { max-width: none; width: 760px; } } /* a phone scrolls a figure rather than shrink its labels */
            </style>
            </head>
            <body>
            """;
}
