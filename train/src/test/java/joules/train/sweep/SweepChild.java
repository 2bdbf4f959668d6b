package joules.train.sweep;

import java.nio.file.Path;
import joules.results.Column;
import joules.results.ResultRow;

/**
 * A sweep in a process of its own, for the crash test: {@code SweepChild OUT EPOCHS} runs the tiny sweep
 * into OUT, printing one line per finished configuration.
 */
public final class SweepChild {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        try (Sweep sweep = Sweep.open(TinySweep.options(out, Shard.ALL, epochs, false, false))) {
            Sweep.Summary s = sweep.run(TinySweep.DATA, "synthetic", new SweepListener() {
                @Override
                public void onConfigDone(int index, int count, ResultRow row) {
                    System.out.println("done " + row.id() + " " + row.get(Column.STATUS));
                }
            });
            System.out.println("summary " + s);
        }
    }
}
