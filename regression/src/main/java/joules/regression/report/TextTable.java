package joules.regression.report;

import java.util.List;

/** A titled table of text cells, written as Markdown or HTML; the first column is the row's key. */
public record TextTable(String title, String note, List<String> header, List<List<String>> rows) {

    /** An anchor for links to this table ("1a-linear-regression-on-picked-references-r2"). */
    public String id() {
        return StudyFigures.slug(title.replace("²", "2"));
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("<a id=\"").append(id()).append("\"></a>\n\n### ").append(title).append("\n\n");
        if (!note.isEmpty()) out.append(note).append("\n\n");
        out.append("| ").append(String.join(" | ", header.stream().map(TextTable::pipes).toList())).append(" |\n|");
        for (int i = 0; i < header.size(); i++) out.append(numeric(i) ? " ---: |" : " --- |");
        out.append('\n');
        for (List<String> row : rows) out.append("| ").append(String.join(" | ", row.stream().map(TextTable::pipes).toList())).append(" |\n");
        return out.append('\n').toString();
    }

    public String html() {
        StringBuilder out = new StringBuilder("<h3 id=\"").append(id()).append("\">").append(escape(title)).append("</h3>\n");
        if (!note.isEmpty()) out.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        boolean[] numeric = new boolean[header.size()];
        for (int i = 0; i < numeric.length; i++) numeric[i] = numeric(i);
        out.append("<div class=\"table\"><table>\n<tr>");
        for (int i = 0; i < header.size(); i++) out.append(numeric[i] ? "<th>" : "<th class=\"text\">").append(escape(header.get(i))).append("</th>");
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? "<td class=\"key\">" : numeric[i] ? "<td>" : "<td class=\"text\">").append(escape(row.get(i))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table></div>\n").toString();
    }

    /** A column of numbers (right-aligned): not the key, every cell starts with a digit, a sign or a dash, or says "failed". */
    private boolean numeric(int column) {
        if (column == 0) return false;
        for (List<String> row : rows) {
            String c = row.get(column);
            if (!c.isEmpty() && !c.equals("failed") && "0123456789-−–.".indexOf(c.charAt(0)) < 0) return false;
        }
        return true;
    }

    private static String pipes(String s) {
        return s.replace("|", "\\|");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
