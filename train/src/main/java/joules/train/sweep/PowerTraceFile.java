package joules.train.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import joules.energy.PowerSample;

/**
 * The power time series of one configuration, {@code <results>.power/<id>.csv}:
 * {@code t_s,power_w,gpu_w,cpu_w,ram_w}, seconds from the start of the measured run, watts. power_w is
 * the component that {@code energy_j} reports (the GPU on a GPU, the CPU on the CPU). Every sampler tick
 * is a line; a cell is empty where its component has no value at that tick (no sensor, a failed read,
 * or a counter's first tick, which has no mean power yet).
 */
public final class PowerTraceFile {
    private PowerTraceFile() {}

    /** The folder of traces for a results file: "results.csv" -> "results.csv.power". */
    public static Path folderFor(Path results) {
        return results.resolveSibling(results.getFileName() + ".power");
    }

    /** Writes the trace whole (a temporary file renamed into place), replacing an older one. */
    public static Path write(Path results, String id, List<PowerSample> samples, boolean gpuHeadline) throws IOException {
        Path dir = folderFor(results);
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder("t_s,power_w,gpu_w,cpu_w,ram_w\n");
        for (PowerSample s : samples) {
            double headline = gpuHeadline ? s.gpuWatts() : s.cpuWatts();
            sb.append(Csv.decimal(s.tSeconds(), 4)).append(',')
              .append(Csv.decimal(headline, 3)).append(',')
              .append(Csv.decimal(s.gpuWatts(), 3)).append(',')
              .append(Csv.decimal(s.cpuWatts(), 3)).append(',')
              .append(Csv.decimal(s.ramWatts(), 3)).append('\n');
        }
        Path file = dir.resolve(id + ".csv");
        Path tmp = dir.resolve("." + id + ".csv.tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
