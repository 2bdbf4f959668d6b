package joules.train.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void shardsCoverEveryItemExactlyOnceInOrder() {
        List<Integer> all = IntStream.range(0, 43).boxed().toList();
        for (int n = 1; n <= 7; n++) {
            List<Integer> seen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Integer> part = Shard.parse(i + "/" + n).select(all);
                for (int k = 1; k < part.size(); k++) assertTrue(part.get(k - 1) < part.get(k));
                seen.addAll(part);
            }
            seen.sort(null);
            assertEquals(all, seen, "n = " + n);
        }
        assertEquals(List.of(1, 4, 7), new Shard(1, 3).select(List.of(0, 1, 2, 3, 4, 5, 6, 7)));
    }

    @Test
    void malformedShardsAreRejectedWithTheUsersText() {
        for (String bad : new String[] {"3/3", "-1/2", "1/0", "a/b", "1", "1/2/3", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().startsWith("--shard '" + bad + "'"), e.getMessage());
        }
    }
}
