package joules.train.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * One of {@code count} disjoint parts of a sweep: shard {@code index} runs the configurations whose
 * position in the sweep's list, modulo {@code count}, equals {@code index} (0-based, as a Slurm array's
 * task id). Shards of the same list cover every configuration exactly once.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected I/N with N >= 1 and 0 <= I < N");
        }
    }

    /** Parses "I/N", e.g. "0/4" .. "3/4". */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (IllegalArgumentException ignored) {   // NumberFormatException is one
            // reported below with the user's text
        }
        throw new IllegalArgumentException("--shard '" + text + "': expected I/N with N >= 1 and 0 <= I < N, "
                + "e.g. 0/4 for the first of four shards");
    }

    /** The items of this shard, in their original order. */
    public <T> List<T> select(List<T> all) {
        List<T> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += count) mine.add(all.get(i));
        return mine;
    }

    @Override
    public String toString() { return index + "/" + count; }
}
