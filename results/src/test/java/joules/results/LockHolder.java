package joules.results;

import java.nio.file.Path;

/**
 * A results file held open for appending in a process of its own, for the lock test: {@code LockHolder OUT}
 * opens OUT, prints "locked", and keeps it until its standard input ends.
 */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (ResultsFile f = ResultsFile.openForAppend(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) { }
        }
        System.out.println("released");
    }
}
