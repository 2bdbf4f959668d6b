package joules.regression.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceSelectionTest {
    @Test
    void countsMatchThePaperFor34TrainingPoints() {
        int[] counts = Arrays.stream(new double[] {10, 15, 20, 50, 100}).mapToInt(p -> ReferenceSelection.count(p, 34)).toArray();
        assertArrayEquals(new int[] {2, 4, 6, 16, 34}, counts);
    }

    @Test
    void minMaxPicksHalfLowestAndHalfHighest() {
        double[] energy = {50, 10, 900, 30, 700, 20, 400, 800};
        int[] candidates = {0, 1, 2, 3, 4, 5, 6}; // point 7 is not a candidate
        assertArrayEquals(new int[] {1, 2, 4, 5}, ReferenceSelection.MIN_MAX.pick(candidates, energy, 4, null));
        assertArrayEquals(new int[] {1, 2}, ReferenceSelection.MIN_MAX.pick(candidates, energy, 2, null)); // the dual reference
        assertArrayEquals(new int[] {1, 2, 5}, ReferenceSelection.MIN_MAX.pick(candidates, energy, 3, null)); // odd: 2 low, 1 high
    }

    @Test
    void randomPicksAreSeededAndDistinct() {
        int[] candidates = {3, 5, 8, 13, 21, 34, 55};
        double[] energy = new double[60];
        int[] a = ReferenceSelection.RANDOM.pick(candidates, energy, 4, new SplittableRandom(9));
        assertArrayEquals(a, ReferenceSelection.RANDOM.pick(candidates, energy, 4, new SplittableRandom(9)));
        assertEquals(4, Arrays.stream(a).distinct().count());
        assertNotEquals(Arrays.toString(a), Arrays.toString(ReferenceSelection.RANDOM.pick(candidates, energy, 4, new SplittableRandom(10))));
    }

    @Test
    void splitsAre80To20AndCoverEveryPoint() {
        Split[] splits = Split.random(43, 5, 1);
        assertEquals(5, splits.length);
        for (Split s : splits) {
            assertEquals(34, s.train().length);
            assertEquals(9, s.test().length);
            int[] all = new int[43];
            for (int i : s.train()) all[i]++;
            for (int i : s.test()) all[i]++;
            for (int c : all) assertEquals(1, c);
        }
        assertNotEquals(Arrays.toString(splits[0].test()), Arrays.toString(splits[1].test()));
        assertArrayEquals(splits[3].test(), Split.random(43, 5, 1)[3].test());
    }
}
