package joules.energy.rapl;

import java.nio.file.Path;

/**
 * One RAPL power zone under the powercap tree: its folder ("…/intel-rapl:0"), its id ("intel-rapl:0"),
 * its name ("package-0", "dram") and the value at which its energy_uj counter wraps back to zero.
 */
public record RaplZone(Path dir, String id, String name, long maxEnergyRangeMicrojoules) {

    public Path energyFile() {
        return dir.resolve("energy_uj");
    }
}
