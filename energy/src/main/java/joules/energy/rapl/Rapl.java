package joules.energy.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import joules.energy.SensorException;

/**
 * Finds the RAPL zones of the Linux powercap interface (/sys/class/powercap) and reads their counters.
 *
 * <p>The tree lists every zone flat: {@code intel-rapl:0} (name {@code package-0}), its sub-zones
 * {@code intel-rapl:0:0} ({@code core}), {@code intel-rapl:0:1} ({@code uncore} or {@code dram}), and
 * on some laptops {@code intel-rapl:1} ({@code psys}, the whole platform). AMD processors (Zen and later)
 * appear under the same {@code intel-rapl} names through the kernel's intel_rapl_msr driver.
 * The CPU figure is the sum of the {@code package-N} zones and the memory figure the sum of the
 * {@code dram} zones; core/uncore are parts of a package and psys contains it, so they are not added.
 * {@code intel-rapl-mmio:*} zones repeat the package counter through another interface and are skipped.
 */
public final class Rapl {
    public static final Path DEFAULT_ROOT = Path.of("/sys/class/powercap");

    /** Zone folders: "intel-rapl:0", "intel-rapl:0:1" (any vendor prefix ending in "-rapl"); not "intel-rapl-mmio:0". */
    private static final Pattern ZONE_ID = Pattern.compile("[a-z0-9]+-rapl(:\\d+)+");

    /** What was found: readable package and dram zones, and a line for each zone that could not be used. */
    public record Discovery(Path root, List<RaplZone> packages, List<RaplZone> dram, List<String> problems) {
        public boolean anyPermissionDenied() {
            return problems.stream().anyMatch(p -> p.contains("permission denied"));
        }
    }

    private Rapl() {
    }

    public static Discovery discover(Path root) {
        List<RaplZone> packages = new ArrayList<>();
        List<RaplZone> dram = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(root)) return new Discovery(root, packages, dram, problems);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(p -> ZONE_ID.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            problems.add("cannot list " + root + ": " + e.getMessage());
            return new Discovery(root, packages, dram, problems);
        }
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            try {
                String name = Files.readString(dir.resolve("name")).trim();
                boolean isPackage = name.startsWith("package");
                if (!isPackage && !name.equals("dram")) continue;
                long max = Long.parseLong(Files.readString(dir.resolve("max_energy_range_uj")).trim());
                RaplZone zone = new RaplZone(dir, id, name, max);
                readMicrojoules(zone);  // readable?
                (isPackage ? packages : dram).add(zone);
            } catch (SensorException e) {
                problems.add(e.getMessage());
            } catch (IOException | NumberFormatException e) {
                problems.add(id + ": " + e);
            }
        }
        return new Discovery(root, packages, dram, problems);
    }

    /** The zone's energy_uj counter; permission denied comes back with the command that fixes it. */
    static long readMicrojoules(RaplZone zone) throws SensorException {
        Path file = zone.energyFile();
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (AccessDeniedException e) {
            throw new SensorException("cannot read " + file + ": permission denied (" + permissionFix(zone.dir().getParent()) + ")");
        } catch (IOException | NumberFormatException e) {
            throw new SensorException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * How to let an ordinary user read the counters. Since Linux 5.10 energy_uj is readable by root
     * only (a side-channel fix, CVE-2020-8694).
     */
    public static String permissionFix(Path root) {
        return "energy_uj is root-only since Linux 5.10; until the next reboot: sudo chmod a+r "
                + root + "/*-rapl:*/energy_uj ; for good, a udev rule in /etc/udev/rules.d/99-rapl.rules: "
                + "ACTION==\"add\", SUBSYSTEM==\"powercap\", RUN+=\"/bin/chmod a+r /sys%p/energy_uj\"";
    }
}
