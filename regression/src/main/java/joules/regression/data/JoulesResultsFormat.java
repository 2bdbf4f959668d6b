package joules.regression.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import joules.results.CsvTable;
import joules.results.ResultsFile;

/**
 * The result file written by {@code joules run}: one row per configuration and hardware. Needs the
 * columns id, hardware, energy_j, flops, params; uses family when present; a status column other than
 * "ok" skips the row. Every cell of a results column is checked by the rules of the results file
 * ({@link ResultsFile#validate}: the same that {@code run} and {@code merge} apply); other columns are ignored.
 */
public final class JoulesResultsFormat implements ResultsFormat {
    public static final List<String> REQUIRED = List.of("id", "hardware", "energy_j", "flops", "params");

    @Override
    public String name() {
        return "joules results";
    }

    @Override
    public boolean recognises(List<String> header) {
        return header.stream().anyMatch(h -> h.trim().equalsIgnoreCase("energy_j"));
    }

    @Override
    public List<HardwareResults> read(CsvTable table, List<String> notices) {
        Map<String, Integer> columns = new HashMap<>();
        for (String name : REQUIRED) {
            int c = table.column(name);
            if (c < 0) {
                throw new IllegalArgumentException(table.file() + ": line 1: missing column '" + name
                        + "'; a joules results file needs the columns " + String.join(", ", REQUIRED));
            }
            columns.put(name, c);
        }
        ResultsFile.validate(table);
        int status = table.column("status");
        int family = table.column("family");

        Map<String, List<ConfigResult>> byHardware = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            List<String> f = row.fields();
            String id = table.text(row, columns.get("id"), "id");
            if (status >= 0 && !f.get(status).equalsIgnoreCase("ok")) {
                notices.add(table.file() + ": line " + row.line() + ": skipped '" + id + "' (status '" + f.get(status) + "')");
                continue;
            }
            String hardware = table.text(row, columns.get("hardware"), "hardware");
            double energy = table.number(row, columns.get("energy_j"), "energy_j");
            double flops = table.number(row, columns.get("flops"), "flops");
            double params = table.number(row, columns.get("params"), "params");
            String fam = family >= 0 ? f.get(family) : "";
            byHardware.computeIfAbsent(hardware, h -> new ArrayList<>())
                    .add(new ConfigResult(id, fam, hardware, energy, flops, params, row.line()));
        }
        List<HardwareResults> out = new ArrayList<>();
        byHardware.forEach((hw, rows) -> out.add(new HardwareResults(hw, table.file(), List.copyOf(rows))));
        if (out.isEmpty()) throw new IllegalArgumentException(table.file() + ": no usable result rows");
        return out;
    }
}
