package joules.regression.report;

import java.util.List;

/** A titled table of text cells, written as Markdown or HTML. */
public record TextTable(String title, String note, List<String> header, List<List<String>> rows) {

    public String markdown() {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
        if (!note.isEmpty()) out.append(note).append("\n\n");
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) out.append(i == 0 ? " --- |" : " ---: |");
        out.append('\n');
        for (List<String> row : rows) out.append("| ").append(String.join(" | ", row)).append(" |\n");
        return out.append('\n').toString();
    }

    public String html() {
        StringBuilder out = new StringBuilder("<h3>").append(escape(title)).append("</h3>\n");
        if (!note.isEmpty()) out.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        out.append("<table>\n<tr>");
        for (String h : header) out.append("<th>").append(escape(h)).append("</th>");
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) out.append(i == 0 ? "<td class=\"key\">" : "<td>").append(escape(row.get(i))).append("</td>");
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
