package joules.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files and folders that commands write for people. Each is checked before the work starts, by
 * making its folder and a probe file there, so that a mistyped or unwritable path costs one line (exit 2)
 * and not the result of a long computation.
 */
final class OutputFiles {
    private OutputFiles() {}

    /** {@code file} can be created or replaced: it is not a folder, and its folder exists (made here) and takes files. */
    static void requireWritableFile(String option, Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
        Path parent = file.toAbsolutePath().getParent();
        probe(option + " " + file, parent);
    }

    /** {@code dir} exists (made here) and takes files. */
    static void requireWritableFolder(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file; give a folder");
        }
        probe(option + " " + dir, dir.toAbsolutePath());
    }

    /** Writes {@code text} (UTF-8) to {@code file}, making its folder; a failure is one line of bad input. */
    static void write(String option, Path file, String text) {
        requireWritableFile(option, file);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot write (" + describe(e) + ")");
        }
    }

    /** Writes {@code bytes} (an image) to {@code file}, making its folder; a failure is one line of bad input. */
    static void write(String option, Path file, byte[] bytes) {
        requireWritableFile(option, file);
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot write (" + describe(e) + ")");
        }
    }

    /** Reads a whole text file that the user named; a missing file or a folder is one line of bad input. */
    static String read(Path file) {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a folder, not a file");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + describe(e) + ")");
        }
    }

    private static void probe(String what, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot create the folder " + dir + " (" + describe(e) + ")");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".joules-", ".probe"));
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot create files in " + dir
                    + (e instanceof AccessDeniedException ? " (permission denied)" : ""));
        }
    }

    /** An I/O failure in words: "no such file or folder", "permission denied", ... */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return e.getMessage() + " is a file, not a folder";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
