package joules.tensor.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where the CUDA libraries are looked for, in order, and which file is picked. Pure logic over an
 * environment and a file system, so that tests can run it on fake folders.
 *
 * <p>Order of the folders (the first folder holding any accepted soname wins; inside a folder, the newest
 * soname wins):
 * <ol>
 *   <li>the folders the user names: the flag {@code -Djoules.cuda.lib=DIR[:DIR...]}, else the environment
 *       variable {@code JOULES_CUDA_LIB};</li>
 *   <li>{@code $CUDA_HOME/lib64}, {@code $CUDA_HOME/lib}, {@code $CUDA_HOME/targets/x86_64-linux/lib};</li>
 *   <li>each folder of {@code LD_LIBRARY_PATH};</li>
 *   <li>the folders that the system's library cache ({@code ldconfig -p}) names for the soname, then the usual
 *       system folders ({@code /usr/local/nvidia/lib64}, {@code /usr/lib/x86_64-linux-gnu}, ...);</li>
 *   <li>{@code /usr/local/cuda*}{@code /lib64} and {@code /targets/x86_64-linux/lib}, newest version first;</li>
 *   <li>the {@code nvidia/**}{@code /lib} folders of Python environments (pip's CUDA wheels:
 *       {@code nvidia/cu13/lib}, {@code nvidia/cudnn/lib}, {@code nvidia/cublas/lib}, ...): those on PATH
 *       first, then any found under {@code /opt}, the home folder and the other usual places
 *       ({@link #pythonSitePackages()}).</li>
 * </ol>
 */
public final class LibrarySearch {

    /** One library to find: a label for people and its sonames, preferred first, each with its CUDA major. */
    public record Spec(String label, List<Soname> sonames) {}

    /** A soname such as {@code libcublas.so.13}, and the CUDA major version it belongs to (0: any). */
    public record Soname(String file, int cudaMajor) {}

    /** A folder to look in and why it is on the list (shown to people when nothing is found). */
    public record Folder(Path path, String origin) {}

    /** What the search found: the file, its folder's origin, or null file and the folders it tried. */
    public record Result(Spec spec, Path file, String origin, List<Folder> looked) {
        public boolean found() { return file != null; }
    }

    /** Where drivers and distribution packages put the libraries when the library cache does not list them. */
    static final List<String> SYSTEM_FOLDERS = List.of("usr/local/nvidia/lib64", "usr/local/nvidia/lib",
            "usr/lib/x86_64-linux-gnu", "usr/lib64", "lib/x86_64-linux-gnu", "usr/lib/wsl/lib");

    private final Map<String, String> env;
    private final String flagFolders;
    private final Function<String, List<Path>> systemCache;
    private final Path root;
    private List<Path> sitePackages;

    /**
     * @param env         environment variables (System.getenv() in production)
     * @param flagFolders the value of -Djoules.cuda.lib, or null
     * @param systemCache soname to the paths the system's library cache lists for it
     * @param root        "/" in production, a temporary folder in tests: fixed folders are resolved under it
     */
    public LibrarySearch(Map<String, String> env, String flagFolders, Function<String, List<Path>> systemCache, Path root) {
        this.env = env;
        this.flagFolders = flagFolders;
        this.systemCache = systemCache;
        this.root = root;
    }

    /** The search as it runs in this process. */
    public static LibrarySearch system() {
        return new LibrarySearch(System.getenv(), System.getProperty("joules.cuda.lib"), LdCache::lookup, Path.of("/"));
    }

    /** Finds one library; sonames whose CUDA major is above {@code maxCudaMajor} are skipped (0: no limit). */
    public Result find(Spec spec, int maxCudaMajor) {
        List<Folder> folders = new ArrayList<>();
        for (Soname s : spec.sonames()) {
            for (Folder f : folders(s.file())) if (!containsPath(folders, f.path())) folders.add(f);
        }
        for (Folder folder : folders) {
            for (Soname s : spec.sonames()) {
                if (maxCudaMajor > 0 && s.cudaMajor() > maxCudaMajor) continue;
                Path candidate = folder.path().resolve(s.file());
                if (Files.isRegularFile(candidate)) return new Result(spec, candidate, folder.origin(), folders);
            }
        }
        return new Result(spec, null, null, folders);
    }

    /** Every folder to look in for one soname, in order, duplicates removed. */
    public List<Folder> folders(String soname) {
        Map<Path, String> out = new LinkedHashMap<>();
        String user = flagFolders != null && !flagFolders.isBlank() ? flagFolders : env.get("JOULES_CUDA_LIB");
        String userOrigin = flagFolders != null && !flagFolders.isBlank() ? "-Djoules.cuda.lib" : "JOULES_CUDA_LIB";
        for (String dir : split(user)) add(out, Path.of(dir), userOrigin);
        String cudaHome = env.get("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            Path home = Path.of(cudaHome);
            add(out, home.resolve("lib64"), "CUDA_HOME");
            add(out, home.resolve("lib"), "CUDA_HOME");
            add(out, home.resolve("targets/x86_64-linux/lib"), "CUDA_HOME");
        }
        for (String dir : split(env.get("LD_LIBRARY_PATH"))) add(out, Path.of(dir), "LD_LIBRARY_PATH");
        for (Path p : systemCache.apply(soname)) if (p.getParent() != null) add(out, p.getParent(), "system library cache");
        for (String dir : SYSTEM_FOLDERS) add(out, root.resolve(dir), "system folders");
        for (Path cuda : children(root.resolve("usr/local"), n -> n.startsWith("cuda"))) {
            add(out, cuda.resolve("lib64"), "/usr/local/cuda*");
            add(out, cuda.resolve("targets/x86_64-linux/lib"), "/usr/local/cuda*");
        }
        for (Path sitePackages : pythonSitePackages()) {
            for (Path lib : nvidiaLibFolders(sitePackages.resolve("nvidia"))) add(out, lib, "Python " + sitePackages);
        }
        List<Folder> folders = new ArrayList<>();
        out.forEach((p, origin) -> folders.add(new Folder(p, origin)));
        return folders;
    }

    /**
     * Python site-packages (and Debian's dist-packages) folders that hold an {@code nvidia/} package folder,
     * first those of the environments this process points at (each python3 on PATH, VIRTUAL_ENV,
     * CONDA_PREFIX), then every one found by a bounded walk of the places environments are usually made:
     * {@code /opt}, the home folder, {@code /root}, {@code /workspace}, {@code /venv}, {@code /srv},
     * {@code /app} and the system's {@code /usr/local} and {@code /usr}. So a virtual environment with the
     * CUDA wheels is found even when its python3 is not on PATH (the lent GPU machines keep PyTorch's in one).
     */
    List<Path> pythonSitePackages() {
        if (sitePackages == null) sitePackages = walkSitePackages();    // walked once per search, not once per soname
        return sitePackages;
    }

    private List<Path> walkSitePackages() {
        Set<Path> out = new LinkedHashSet<>();
        Set<Path> prefixes = new LinkedHashSet<>();
        for (String dir : split(env.get("PATH"))) {
            Path bin = Path.of(dir);
            if (Files.exists(bin.resolve("python3")) && bin.getParent() != null) prefixes.add(bin.getParent());
        }
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) prefixes.add(Path.of(v));
        }
        for (Path prefix : prefixes) out.addAll(SitePackagesWalk.find(prefix, 4));
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) out.addAll(SitePackagesWalk.find(Path.of(home), SitePackagesWalk.DEEP));
        for (String dir : List.of("opt", "root", "workspace", "venv", "srv", "app")) {
            out.addAll(SitePackagesWalk.find(root.resolve(dir), SitePackagesWalk.DEEP));
        }
        for (String dir : List.of("usr/local", "usr")) out.addAll(SitePackagesWalk.find(root.resolve(dir), 4));
        return new ArrayList<>(out);
    }

    /** Folders named lib up to three levels below nvidia/ (nvidia/cu13/lib, nvidia/cudnn/lib, ...). */
    static List<Path> nvidiaLibFolders(Path nvidia) {
        if (!Files.isDirectory(nvidia)) return List.of();
        try (Stream<Path> walk = Files.walk(nvidia, 3)) {
            return walk.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("lib")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void add(Map<Path, String> out, Path p, String origin) {
        Path n = p.toAbsolutePath().normalize();
        if (Files.isDirectory(n)) out.putIfAbsent(n, origin);
    }

    private static boolean containsPath(List<Folder> folders, Path p) {
        for (Folder f : folders) if (f.path().equals(p)) return true;
        return false;
    }

    private static List<String> split(String pathList) {
        if (pathList == null || pathList.isBlank()) return List.of();
        List<String> out = new ArrayList<>();
        for (String s : pathList.split(":")) if (!s.isBlank()) out.add(s);
        return out;
    }

    /** The sub-folders of {@code dir} whose name passes {@code accept}, newest CUDA version first (reverse name order). */
    private static List<Path> children(Path dir, java.util.function.Predicate<String> accept) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> accept.test(p.getFileName().toString()))
                    .sorted(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString())).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** "cuda-12.10" sorts after "cuda-12.9"; "cuda" (the usual symlink to the default) sorts first. */
    private static String versionKey(String name) {
        if (name.equals("cuda")) return "~";
        StringBuilder key = new StringBuilder();
        for (String part : name.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)")) {
            key.append(part.chars().allMatch(Character::isDigit) ? String.format("%08d", Long.parseLong(part.length() > 9 ? part.substring(0, 9) : part)) : part);
        }
        return key.toString();
    }

    /** The system's library cache, read once from {@code ldconfig -p}. */
    static final class LdCache {
        private static Map<String, List<Path>> cache;

        static synchronized List<Path> lookup(String soname) {
            if (cache == null) cache = read();
            return cache.getOrDefault(soname, List.of());
        }

        private static Map<String, List<Path>> read() {
            Map<String, List<Path>> out = new LinkedHashMap<>();
            for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
                try {
                    Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                    String text = new String(p.getInputStream().readAllBytes());
                    p.waitFor();
                    for (String line : text.split("\n")) {
                        // "	libcublas.so.13 (libc6,x86-64) => /usr/local/cuda/lib64/libcublas.so.13"
                        int arrow = line.indexOf("=>");
                        if (arrow < 0 || !line.contains("x86-64")) continue;
                        String name = line.trim().split("\\s+")[0];
                        out.computeIfAbsent(name, k -> new ArrayList<>()).add(Path.of(line.substring(arrow + 2).trim()));
                    }
                    return out;
                } catch (IOException e) {
                    // try the next location of ldconfig
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return out;
                }
            }
            return out;
        }
    }
}
