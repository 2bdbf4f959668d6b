package joules.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSetTest {
    @TempDir
    Path dir;

    static FeatureSet threeClips() {
        float[] features = new float[3 * FeatureSet.CLIP_FLOATS];
        for (int i = 0; i < features.length; i++) features[i] = i * 0.5f;
        float[] labels = new float[30];
        labels[4] = labels[10 + 8] = labels[20 + 0] = labels[20 + 8] = 1;
        return new FeatureSet(features, labels, new String[] {"a.wav", "b.wav", "c.wav"});
    }

    @Test
    void subsetKeepsTheFirstClips() {
        FeatureSet two = threeClips().subset(2);
        assertEquals(2, two.size());
        assertEquals(2 * 8192, two.features().length);
        assertEquals((2 * 8192 - 1) * 0.5f, two.features()[2 * 8192 - 1]);
        assertArrayEquals(new String[] {"a.wav", "b.wav"}, two.names());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 0, 0, 0, 1, 0}, two.classCounts());
        assertThrows(IllegalArgumentException.class, () -> threeClips().subset(4));
    }

    @Test
    void wrongArrayLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeatureSet(new float[8192], new float[10], new String[2]));
        assertTrue(e.getMessage().contains("2 clips needs 16384 features and 20 labels"), e.getMessage());
    }

    @Test
    void cacheFileRoundTripsAndChecksItsKey() throws IOException {
        FeatureSet set = threeClips();
        byte[] key = new byte[32];
        key[0] = 7;
        Path file = dir.resolve("sub/f.bin");
        List<DesedLoader.Skipped> skipped = List.of(new DesedLoader.Skipped("x.wav", "unusable audio: \u00e9"));
        FeatureCache.write(file, key, set, skipped);
        assertEquals(72 + 4L * (3 * 8192 + 30) + 3 * (4 + 5) + (4 + 5) + (4 + 18), Files.size(file)); // "unusable audio: é" is 18 UTF-8 bytes
        FeatureCache.Contents back = FeatureCache.read(file, key);
        assertArrayEquals(set.features(), back.features().features());
        assertArrayEquals(set.labels(), back.features().labels());
        assertArrayEquals(set.names(), back.features().names());
        assertEquals(skipped, back.skipped());
        key[0] = 8;
        assertEquals(null, FeatureCache.read(file, key));
        assertEquals(null, FeatureCache.read(dir.resolve("absent.bin"), key));
    }
}
