package joules.regression.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import joules.regression.data.HardwareResults;
import joules.regression.data.PairData;
import joules.regression.data.RooflineTimes;
import joules.regression.eval.Scores;
import joules.regression.eval.ReferenceSelection;
import joules.regression.eval.Split;
import joules.regression.model.FitException;
import joules.regression.model.Regressor;

/**
 * The paper's three analyses (section 3) for every ordered pair of hardware (X, Y); each configuration
 * measured on both is a point (energy on X, energy on Y).
 * <ol>
 *   <li>references: 80/20 splits repeated; linear regression Y ~ X fitted on 10/15/20/50/100 % of the
 *       training points picked at random or min-max; plus the single-reference (lowest, highest) and
 *       dual-reference baselines;</li>
 *   <li>regression: linear vs polynomial (degree 2) vs SVR (grid search) on all training points;</li>
 *   <li>metrics: linear regression on energy, energy + FLOPs, energy + params, energy + both; and, when the
 *       caller gives roofline times, energy + the roofline model's predicted times on X and on Y.</li>
 * </ol>
 * R^2 and MSE are measured on the test points of each split. Pairs run in parallel; results do not
 * depend on the number of threads.
 */
public final class StudyAnalysis {
    /** Fewest configurations common to a pair: 8 training points (4 coefficients of energy + FLOPs + params, 5 folds) and 2 test points. */
    public static final int MIN_COMMON = 10;

    /** Analysis 2: the regression types, each on all training points (figure 4 draws them). */
    public static final List<Method> REGRESSIONS = List.of(Method.LINEAR, Method.POLY2, Method.SVR);

    /** Analysis 3: linear regression on energy, then with the computational metrics; a new input is one more entry. */
    public static final List<Method> INPUT_SETS = List.of(Method.LINEAR, Method.LINEAR_FLOPS, Method.LINEAR_PARAMS, Method.LINEAR_FLOPS_PARAMS);

    /** Settings of a run. */
    public record Options(long seed, int splits, double[] percents, SvrSettings svr) {
        public static Options defaults(long seed) {
            return new Options(seed, 5, new double[] {10, 15, 20, 50, 100}, SvrSettings.defaults());
        }
    }

    /** Called after each (pair, split) with the units done and the total. */
    public interface Progress {
        void update(int done, int total);
    }

    /** The chosen pairs' results, in order (all pairs: for each X, each other Y in file order). */
    public record Results(List<HardwareResults> hardware, List<PairResult> pairs, Options options) {}

    private StudyAnalysis() {}

    /** Every ordered pair of the hardware. */
    public static Results run(List<HardwareResults> hardware, Options options, Progress progress) {
        List<String> names = hardware.stream().map(HardwareResults::hardware).toList();
        return run(hardware, PairSelection.select(names, HardwareNames.of(names, List.of()), null, null), options,
                RooflineTimes.NONE, progress);
    }

    /** Every ordered pair, with the +roofline method scored too when {@code roofline} is not NONE. */
    public static Results run(List<HardwareResults> hardware, Options options, RooflineTimes roofline, Progress progress) {
        List<String> names = hardware.stream().map(HardwareResults::hardware).toList();
        return run(hardware, PairSelection.select(names, HardwareNames.of(names, List.of()), null, null), options, roofline,
                progress);
    }

    /** The chosen ordered pairs of the hardware (see {@link PairSelection}). */
    public static Results run(List<HardwareResults> hardware, List<PairSelection.OrderedPair> chosen, Options options, Progress progress) {
        return run(hardware, chosen, options, RooflineTimes.NONE, progress);
    }

    /** The chosen ordered pairs, with the +roofline method scored too when {@code roofline} is not NONE. */
    public static Results run(List<HardwareResults> hardware, List<PairSelection.OrderedPair> chosen, Options options,
                              RooflineTimes roofline, Progress progress) {
        if (hardware.size() < 2) {
            throw new IllegalArgumentException("analyze needs results from at least 2 hardware; got " + hardware.size()
                    + (hardware.isEmpty() ? "" : " ('" + hardware.get(0).hardware() + "' in " + hardware.get(0).file() + ")"));
        }
        Map<String, HardwareResults> byName = new java.util.HashMap<>();
        for (HardwareResults h : hardware) byName.put(h.hardware(), h);
        List<PairData> pairs = new ArrayList<>();
        for (PairSelection.OrderedPair p : chosen) {
            HardwareResults x = byName.get(p.x());
            HardwareResults y = byName.get(p.y());
            PairData d = PairData.join(x, y, roofline);
            if (d.size() < MIN_COMMON) {
                throw new IllegalArgumentException("analyze needs at least " + MIN_COMMON + " configurations measured on both '"
                        + x.hardware() + "' (" + x.file() + ") and '" + y.hardware() + "' (" + y.file() + "): an 80/20 split"
                        + " with 8 training points for the 4 coefficients of energy + FLOPs + params; found " + d.size());
            }
            pairs.add(d);
        }
        int total = pairs.size() * options.splits();
        AtomicInteger done = new AtomicInteger();
        Runnable tick = () -> {
            int now = done.incrementAndGet();
            synchronized (progress) {
                progress.update(now, total);
            }
        };
        List<PairResult> results = IntStream.range(0, pairs.size()).parallel()
                .mapToObj(i -> analysePair(pairs.get(i), options, tick)).toList();
        return new Results(hardware, results, options);
    }

    /** The three analyses, the baselines and the curves of one pair. */
    public static PairResult analysePair(PairData d, Options o, Runnable tick) {
        Split[] splits = Split.random(d.size(), o.splits(), o.seed());
        double[] energyX = d.energyX();
        List<Cell> cells = new ArrayList<>();
        for (double percent : o.percents()) {
            for (ReferenceSelection selection : ReferenceSelection.values()) {
                cells.add(new Cell("references", Method.LINEAR, selection.id(), percent, selection));
            }
        }
        cells.add(new Cell("references", Method.SINGLE_REF, "low", Double.NaN, null));
        cells.add(new Cell("references", Method.SINGLE_REF, "high", Double.NaN, null));
        cells.add(new Cell("references", Method.DUAL_REF, "min-max", Double.NaN, null));
        for (Method m : REGRESSIONS) cells.add(new Cell("regression", m, "all", 100, null));
        for (Method m : INPUT_SETS) {
            cells.add(new Cell("metrics", m, "all", 100, null));
        }
        if (d.hasRoofline()) cells.add(new Cell("metrics", Method.LINEAR_ROOFLINE, "all", 100, null));

        List<List<SplitFit>> fits = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) fits.add(new ArrayList<>());
        int[] refCounts = new int[cells.size()];
        Map<Method, Regressor> firstSplitRegressions = new EnumMap<>(Method.class); // figure 4 draws split 0's fits

        for (Split split : splits) {
            for (int c = 0; c < cells.size(); c++) {
                Cell cell = cells.get(c);
                int[] refs = cell.references(split, energyX, o.seed());
                int[] test = split.test();
                refCounts[c] = refs.length;
                List<joules.regression.data.Feature> features = cell.method.features();
                try {
                    Regressor model = cell.method.newRegressor(o.svr(), o.seed() + split.index());
                    model.fit(d.inputs(features, refs), d.targets(refs));
                    double[] atTest = model.predict(d.inputs(features, test));
                    fits.get(c).add(new SplitFit(split.index(), refs, model.predict(d.inputs(features, refs)), test, atTest,
                            Scores.of(d.targets(test), atTest), ""));
                    if (split.index() == 0 && cell.analysis.equals("regression")) firstSplitRegressions.put(cell.method, model);
                } catch (FitException e) {
                    fits.get(c).add(new SplitFit(split.index(), refs, nan(refs.length), test, nan(test.length), Scores.FAILED,
                            e.getMessage()));
                }
            }
            tick.run();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            Cell cell = cells.get(c);
            outcomes.add(new Outcome(cell.analysis, d.xHardware(), d.yHardware(), cell.method, cell.sampling, cell.percent,
                    refCounts[c], List.copyOf(fits.get(c))));
        }
        return new PairResult(d, outcomes, baselines(d), curves(d, splits[0], firstSplitRegressions));
    }


    private static double[] nan(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    /** One row of the tables: an analysis, a method and how its references are picked. */
    private record Cell(String analysis, Method method, String sampling, double percent, ReferenceSelection selection) {
        int[] references(Split split, double[] energyX, long seed) {
            int[] train = split.train();
            if (method == Method.SINGLE_REF || method == Method.DUAL_REF) {
                int low = extreme(train, energyX, false);
                int high = extreme(train, energyX, true);
                if (method == Method.DUAL_REF) return new int[] {low, high};
                return new int[] {sampling.equals("low") ? low : high};
            }
            if (selection == null) return train;
            int count = ReferenceSelection.count(percent, train.length);
            SplittableRandom random = new SplittableRandom(seed * 7919 + split.index() * 104_729L + Math.round(percent * 10));
            return selection.pick(train, energyX, count, random);
        }
    }

    /** The point of lowest (or highest) energy on X among the candidates; the first of equals. */
    static int extreme(int[] candidates, double[] energyX, boolean highest) {
        int best = candidates[0];
        for (int i : candidates) {
            if (highest ? energyX[i] > energyX[best] : energyX[i] < energyX[best]) best = i;
        }
        return best;
    }

    private static PairResult.Baselines baselines(PairData d) {
        int[] all = IntStream.range(0, d.size()).toArray();
        double[] energyX = d.energyX();
        int low = extreme(all, energyX, false);
        int high = extreme(all, energyX, true);
        double[] none = energyX.clone();
        double[] lowPrediction = baseline(d, Method.SINGLE_REF, new int[] {low});
        double[] highPrediction = baseline(d, Method.SINGLE_REF, new int[] {high});
        double[] dual = baseline(d, Method.DUAL_REF, new int[] {low, high});
        return new PairResult.Baselines(low, high, none, lowPrediction, highPrediction, dual);
    }

    /** Predictions for every point from a model fitted on the references, or NaNs when it cannot be fitted. */
    private static double[] baseline(PairData d, Method m, int[] refs) {
        int[] all = IntStream.range(0, d.size()).toArray();
        try {
            Regressor r = m.newRegressor(SvrSettings.defaults(), 0).fit(d.inputs(m.features(), refs), d.targets(refs));
            return r.predict(d.inputs(m.features(), all));
        } catch (FitException e) {
            double[] nan = new double[d.size()];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
    }

    /** Split 0's regressions over the range of X, on a log-spaced grid (figure 4 has log axes). */
    private static PairResult.Curves curves(PairData d, Split split, Map<Method, Regressor> fitted) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : d.energyX()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int steps = 200;
        boolean log = lo > 0;
        double[] x = new double[steps + 1];
        double[][] grid = new double[steps + 1][1];
        for (int i = 0; i <= steps; i++) {
            x[i] = log ? lo * Math.pow(hi / lo, (double) i / steps) : lo + (hi - lo) * i / steps;
            grid[i][0] = x[i];
        }
        Map<Method, double[]> y = new EnumMap<>(Method.class);
        for (Method m : REGRESSIONS) {
            Regressor r = fitted.get(m);
            if (r != null) y.put(m, r.predict(grid)); // a fit that failed is left out of the figure; the tables say why
        }
        return new PairResult.Curves(split.train(), split.test(), x, y);
    }
}
