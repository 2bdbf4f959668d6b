package joules.regression.data;

import java.util.Locale;

/**
 * A unit of energy that an imported file may use, and its size in joules. The analyses work in joules;
 * every other unit is converted explicitly with {@link #toJoules}.
 *
 * <pre>  1 kWh = 1000 W x 3600 s = 3.6e6 J      1 Wh = 3600 J      1 kJ = 1000 J  </pre>
 */
public enum EnergyUnit {
    J("J", 1),
    KJ("kJ", 1e3),
    WH("Wh", 3600),
    KWH("kWh", 3.6e6);

    /** The symbol as people write it. */
    public final String symbol;
    /** Joules in one of this unit. */
    public final double joules;

    EnergyUnit(String symbol, double joules) {
        this.symbol = symbol;
        this.joules = joules;
    }

    public double toJoules(double value) {
        return value * joules;
    }

    public double fromJoules(double j) {
        return j / joules;
    }

    /** The unit of this symbol, case-insensitively ("kwh", "J"), or null. */
    public static EnergyUnit ofSymbol(String symbol) {
        for (EnergyUnit u : values()) if (u.symbol.equalsIgnoreCase(symbol.trim())) return u;
        return null;
    }

    /**
     * A column name split into its quantity and its unit: "gpu_energy (kWh)", "gpu_energy [kWh]" and
     * "gpu_energy_kwh" all give ("gpu_energy", kWh); a name without a unit gives (name, null).
     */
    public record Named(String quantity, EnergyUnit unit) {}

    public static Named split(String columnName) {
        String name = columnName.trim();
        int open = Math.max(name.lastIndexOf('('), name.lastIndexOf('['));
        if (open > 0 && (name.endsWith(")") || name.endsWith("]"))) {
            EnergyUnit u = ofSymbol(name.substring(open + 1, name.length() - 1));
            if (u != null) return new Named(name.substring(0, open).trim().toLowerCase(Locale.ROOT), u);
        }
        int underscore = name.lastIndexOf('_');
        if (underscore > 0) {
            EnergyUnit u = ofSymbol(name.substring(underscore + 1));
            if (u != null) return new Named(name.substring(0, underscore).toLowerCase(Locale.ROOT), u);
        }
        return new Named(name.toLowerCase(Locale.ROOT), null);
    }
}
