package joules.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticDesedTest {
    static FeatureSet set;

    @BeforeAll
    static void generate() {
        set = SyntheticDesed.generate(600, 42);
    }

    @Test
    void isDeterministicFromTheSeedOnAnyNumberOfThreads() {
        FeatureSet oneThread = SyntheticDesed.generate(40, 42, 1, Progress.NONE);
        FeatureSet first40 = set.subset(40);
        assertArrayEquals(first40.features(), oneThread.features());
        assertArrayEquals(first40.labels(), oneThread.labels());
        assertArrayEquals(first40.names(), oneThread.names());
        assertFalse(Arrays.equals(oneThread.features(), SyntheticDesed.generate(40, 43).features()));
    }

    @Test
    void everyClipHasOneToThreeLabelsMostlyOne() {
        int[] byCount = new int[4];
        for (int i = 0; i < set.size(); i++) {
            int n = 0;
            for (int c = 0; c < 10; c++) {
                float v = set.labels()[i * 10 + c];
                assertTrue(v == 0f || v == 1f);
                n += (int) v;
            }
            assertTrue(n >= 1 && n <= 3, "clip " + i + " has " + n + " labels");
            byCount[n]++;
        }
        assertTrue(byCount[1] > 0.7 * set.size() && byCount[2] > 0.1 * set.size() && byCount[3] > 0, Arrays.toString(byCount));
    }

    @Test
    void classFrequenciesFollowDesed() {
        int[] counts = set.classCounts();
        for (int c = 0; c < 10; c++) assertTrue(counts[c] > 0, DesedClasses.NAMES.get(c));
        int speech = counts[DesedClasses.index("Speech")];
        for (int c = 0; c < 10; c++) assertTrue(counts[c] <= speech, "Speech is the most frequent class: " + Arrays.toString(counts));
    }

    @Test
    void featuresLookLikeMagnitudeMelSpectrograms() {
        float max = 0;
        for (float v : set.features()) {
            assertTrue(v >= 0 && Float.isFinite(v));
            max = Math.max(max, v);
        }
        // a full-scale sine gives mel peaks of a few hundred (see the golden fixtures); quiet clips much less
        assertTrue(max > 10 && max < 2000, "largest mel value " + max);
        for (int i = 0; i < set.size(); i++) {
            float clipMax = 0;
            for (int j = 0; j < FeatureSet.CLIP_FLOATS; j++) clipMax = Math.max(clipMax, set.features()[i * FeatureSet.CLIP_FLOATS + j]);
            assertTrue(clipMax > 0.01f, "clip " + i + " is silent");
        }
    }

    /**
     * Class content is learnable: a nearest-centroid classifier on the mean log-mel spectrum, trained on half of
     * the single-label clips, names the class of the other half far above chance (10 %).
     */
    @Test
    void classesHaveDistinctSpectra() {
        int[] label = new int[set.size()];
        double[][] spectrum = new double[set.size()][FeatureSet.MELS];
        for (int i = 0; i < set.size(); i++) {
            label[i] = -1;
            int n = 0;
            for (int c = 0; c < 10; c++) if (set.labels()[i * 10 + c] > 0) { label[i] = c; n++; }
            if (n != 1) label[i] = -1;
            for (int m = 0; m < FeatureSet.MELS; m++) {
                double sum = 0;
                for (int t = 0; t < FeatureSet.FRAMES; t++) sum += Math.log(1e-3 + set.features()[i * FeatureSet.CLIP_FLOATS + m * FeatureSet.FRAMES + t]);
                spectrum[i][m] = sum / FeatureSet.FRAMES;
            }
        }
        double[][] centroid = new double[10][FeatureSet.MELS];
        int[] members = new int[10];
        for (int i = 0; i < set.size(); i += 2) {
            if (label[i] < 0) continue;
            members[label[i]]++;
            for (int m = 0; m < FeatureSet.MELS; m++) centroid[label[i]][m] += spectrum[i][m];
        }
        for (int c = 0; c < 10; c++) for (int m = 0; m < FeatureSet.MELS; m++) centroid[c][m] /= Math.max(1, members[c]);
        int right = 0, tested = 0;
        for (int i = 1; i < set.size(); i += 2) {
            if (label[i] < 0) continue;
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < 10; c++) {
                if (members[c] == 0) continue;
                double d = 0;
                for (int m = 0; m < FeatureSet.MELS; m++) d += Math.pow(spectrum[i][m] - centroid[c][m], 2);
                if (d < bestDistance) { bestDistance = d; best = c; }
            }
            tested++;
            if (best == label[i]) right++;
        }
        double accuracy = right / (double) tested;
        System.out.printf("nearest-centroid accuracy on %d single-label synthetic clips: %.2f%n", tested, accuracy);
        assertTrue(accuracy > 0.5, "accuracy " + accuracy);
    }

    @Test
    void namesAreNumbered() {
        assertEquals("synthetic_00000.wav", set.names()[0]);
        assertEquals("synthetic_00599.wav", set.names()[599]);
    }
}
