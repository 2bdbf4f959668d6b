package joules.regression.dcase;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import joules.regression.data.EnergyUnit;
import joules.regression.data.Feature;
import joules.regression.data.HardwareResults;
import joules.regression.data.PairData;
import joules.regression.data.ConfigResult;
import joules.regression.model.DualReference;
import joules.regression.normalize.ReferenceSpec;

/**
 * The energy figures DCASE Task 4 asks for: the training energy of the submitted system and of the
 * baseline, in kWh, on the same hardware, and the energy-weighted score metric x E_baseline / E_system.
 *
 * <p>When the two were trained on different hardware, the raw ratio mixes the models with the hardware.
 * If both files also hold reference configurations (ids present in both), the study's dual-reference
 * normalisation maps the system's energy onto the baseline's hardware: the line through the low- and the
 * high-energy reference,
 *
 * <pre>  E_system on baseline hw = y_lo + (E_system - x_lo) (y_hi - y_lo) / (x_hi - x_lo)  </pre>
 *
 * with x the references' energies on the system's hardware and y on the baseline's; the score is then
 * computed with that energy.
 *
 * @param normalised the comparison on the baseline's hardware; null when the hardware is the same or
 *                   the files share fewer than two references (then {@code whyNot} says so)
 */
public record DcaseComparison(ConfigResult system, ConfigResult baseline, boolean sameHardware, Normalised normalised, String whyNot) {

    /**
     * The system's energy mapped onto the baseline's hardware.
     *
     * @param references the two reference ids, low then high energy on the system's hardware
     */
    public record Normalised(List<String> references, DualReference line, double systemJoules) {
        public double systemKwh() {
            return EnergyUnit.KWH.fromJoules(systemJoules);
        }
    }

    public double systemKwh() {
        return EnergyUnit.KWH.fromJoules(system.energyJ());
    }

    public double baselineKwh() {
        return EnergyUnit.KWH.fromJoules(baseline.energyJ());
    }

    /**
     * Compares a submission with the baseline.
     *
     * @param systemId   the system's id in the submission file, or null: the only configuration that is not also
     *                   in the baseline file (or the file's only row)
     * @param baselineId the baseline's id in the baseline file, or null: likewise
     * @param refs       the references among the ids both files share (null: min-max:2, the lowest and the highest
     *                   energy on the system's hardware)
     */
    public static DcaseComparison compare(HardwareResults submission, HardwareResults baseline, String systemId, String baselineId,
            ReferenceSpec refs) {
        Set<String> shared = new LinkedHashSet<>(submission.byId().keySet());
        shared.retainAll(baseline.byId().keySet());
        ConfigResult sys = pick(submission, baseline, systemId, "submission", "--system");
        ConfigResult base = pick(baseline, submission, baselineId, "baseline", "--baseline-id");
        requirePositive(sys, "system");
        requirePositive(base, "baseline");
        boolean same = submission.hardware().equals(baseline.hardware());
        if (same) return new DcaseComparison(sys, base, true, null, null);

        shared.remove(sys.id());
        shared.remove(base.id());
        if (shared.size() < 2) {
            return new DcaseComparison(sys, base, false, null, "the two files share " + shared.size() + " reference configuration"
                    + (shared.size() == 1 ? "" : "s") + " besides the system and the baseline; dual-reference normalisation needs two"
                    + " (train the same two reference models on both hardware)");
        }
        PairData pair = PairData.join(only(submission, shared), only(baseline, shared));
        ReferenceSpec spec = refs != null ? refs : ReferenceSpec.parse("min-max:2");
        int[] points = spec.select(pair);
        if (points.length != 2) {
            throw new IllegalArgumentException("--refs " + spec.text() + " gives " + points.length + " reference"
                    + (points.length == 1 ? "" : "s") + "; dual-reference normalisation takes exactly two");
        }
        if (pair.energyX(points[0]) > pair.energyX(points[1])) points = new int[] {points[1], points[0]};
        DualReference line = new DualReference().fit(pair.inputs(List.of(Feature.ENERGY), points),
                pair.targets(points));
        double mapped = line.predict(new double[] {sys.energyJ()});
        return new DcaseComparison(sys, base, false, new Normalised(List.of(pair.id(points[0]), pair.id(points[1])), line, mapped), null);
    }

    /** The energy-weighted metric on the raw energies. */
    public double energyWeighted(Metric m) {
        return m.energyWeighted(baseline.energyJ(), system.energyJ());
    }

    /** The energy-weighted metric with the system's energy normalised to the baseline's hardware (NaN when not positive). */
    public double energyWeightedNormalised(Metric m) {
        if (normalised == null || !(normalised.systemJoules() > 0)) return Double.NaN;
        return m.energyWeighted(baseline.energyJ(), normalised.systemJoules());
    }

    private static ConfigResult pick(HardwareResults file, HardwareResults other, String id, String role, String option) {
        Map<String, ConfigResult> rows = file.byId();
        if (id != null) {
            ConfigResult r = rows.get(id);
            if (r == null) {
                throw new IllegalArgumentException(option + " " + id + ": not in the " + role + " file " + file.file() + " (it holds "
                        + String.join(", ", rows.keySet()) + ")");
            }
            return r;
        }
        if (rows.size() == 1) return rows.values().iterator().next();
        List<String> own = new ArrayList<>();
        for (String k : rows.keySet()) if (!other.byId().containsKey(k)) own.add(k);
        if (own.size() == 1) return rows.get(own.get(0));
        throw new IllegalArgumentException("the " + role + " file " + file.file() + " holds " + own.size() + " configurations that the other"
                + " file does not (" + String.join(", ", own.isEmpty() ? rows.keySet() : own) + "); say which is the " + role
                + " with " + option + " ID");
    }

    private static void requirePositive(ConfigResult r, String role) {
        if (!(r.energyJ() > 0)) {
            throw new IllegalArgumentException("the " + role + " '" + r.id() + "' has energy " + r.energyJ() + " J (line " + r.line()
                    + "): the energy-weighted score needs a positive energy");
        }
    }

    private static HardwareResults only(HardwareResults h, Set<String> ids) {
        return new HardwareResults(h.hardware(), h.file(), h.rows().stream().filter(r -> ids.contains(r.id())).toList());
    }
}
