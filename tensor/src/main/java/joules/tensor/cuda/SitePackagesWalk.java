package joules.tensor.cuda;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A bounded walk that finds Python {@code site-packages} and {@code dist-packages} folders holding an
 * {@code nvidia/} folder (where pip puts NVIDIA's CUDA wheels). It is bounded in depth and in the number
 * of folders it opens, follows no symbolic links, and does not descend into package folders, caches or
 * version-control folders, so it stays fast on a home folder full of projects.
 */
final class SitePackagesWalk {
    /** Depth for places that hold environments of environments: /opt/conda/envs/x/lib/python3.12/site-packages is 6. */
    static final int DEEP = 7;
    /** The most folders one walk opens before it gives up on the rest. */
    static final int MAX_FOLDERS = 20_000;

    private static final Set<String> PACKAGE_FOLDERS = Set.of("site-packages", "dist-packages");
    private static final Set<String> SKIPPED = Set.of("node_modules", ".git", "__pycache__", ".cache", "proc", "sys",
            "dev", "include", "share", "src", "doc", "man");
    /** Hidden folders where environments live; other hidden folders are skipped. */
    private static final Set<String> HIDDEN_KEPT = Set.of(".venv", ".local", ".pyenv", ".virtualenvs", ".conda", ".env");

    private SitePackagesWalk() {}

    /** The package folders below {@code start} (depth counted from it) that hold {@code nvidia/}, in walk order. */
    static List<Path> find(Path start, int maxDepth) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(start)) return found;
        int[] opened = {0};
        try {
            Files.walkFileTree(start, Set.of(), maxDepth, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (++opened[0] > MAX_FOLDERS) return FileVisitResult.TERMINATE;
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (PACKAGE_FOLDERS.contains(name)) {
                        if (Files.isDirectory(dir.resolve("nvidia"))) found.add(dir.toAbsolutePath().normalize());
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(start) && (SKIPPED.contains(name) || name.startsWith(".") && !HIDDEN_KEPT.contains(name))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) { return FileVisitResult.CONTINUE; }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) { return FileVisitResult.CONTINUE; }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) { return FileVisitResult.CONTINUE; }
            });
        } catch (IOException e) {
            // an unreadable start folder: nothing found there
        }
        found.sort(null);            // the file system's listing order is arbitrary: sorted, the choice is repeatable
        return found;
    }
}
