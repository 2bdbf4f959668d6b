package joules.energy.estimate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import joules.energy.SensorException;

/**
 * The few /proc files the estimates read, under a root that tests replace with a fake tree.
 * CPU times in /proc are in clock ticks (USER_HZ); the estimates only ever divide two of them.
 */
final class ProcFiles {
    private final Path root;

    ProcFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * CPU time of this process, user + system, in clock ticks: fields 14 (utime) and 15 (stime) of
     * /proc/self/stat. The fields are counted after the ')' that ends the command name, which may hold spaces.
     */
    long processTicks() throws SensorException {
        String stat = read("self/stat");
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field k is f[k - 3]
        return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
    }

    /**
     * CPU time of the whole machine in clock ticks: the sum of user, nice, system, idle, iowait, irq,
     * softirq and steal on the "cpu" line of /proc/stat (guest times are already inside user and nice).
     */
    long machineTicks() throws SensorException {
        String first = read("stat").lines().findFirst().orElse("");
        String[] f = first.trim().split("\\s+");
        if (!f[0].equals("cpu")) throw new SensorException(root.resolve("stat") + ": first line is not the cpu total");
        long sum = 0;
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) sum += Long.parseLong(f[i]);
        return sum;
    }

    /** Logical CPUs that /proc/stat counts (its "cpuN" lines), the CPUs behind {@link #machineTicks}. */
    int logicalCpus() throws SensorException {
        return (int) read("stat").lines().filter(l -> l.matches("cpu\\d+\\s.*")).count();
    }

    /** Resident memory of this process in bytes (VmRSS of /proc/self/status, given in kB = 1024 bytes). */
    long residentBytes() throws SensorException {
        return kilobytesField("self/status", "VmRSS:") * 1024;
    }

    /** Memory of the machine in bytes (MemTotal of /proc/meminfo). */
    long totalMemoryBytes() throws SensorException {
        return kilobytesField("meminfo", "MemTotal:") * 1024;
    }

    /** The first "model name" of /proc/cpuinfo, or "unknown CPU" (some ARM kernels have none). */
    String cpuModel() {
        try {
            for (String line : read("cpuinfo").lines().toList()) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (SensorException e) {
            // fall through
        }
        return "unknown CPU";
    }

    /** Distinct "physical id" values of /proc/cpuinfo (sockets); 1 when the file has none. */
    int sockets() {
        Set<String> ids = new HashSet<>();
        try {
            for (String line : read("cpuinfo").lines().toList()) {
                if (line.startsWith("physical id")) ids.add(line.substring(line.indexOf(':') + 1).trim());
            }
        } catch (SensorException e) {
            // fall through
        }
        return Math.max(1, ids.size());
    }

    private long kilobytesField(String file, String key) throws SensorException {
        List<String> lines = read(file).lines().toList();
        for (String line : lines) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new SensorException(root.resolve(file) + ": no " + key + " line");
    }

    private String read(String relative) throws SensorException {
        Path file = root.resolve(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new SensorException("cannot read " + file + ": " + e, e);
        }
    }
}
