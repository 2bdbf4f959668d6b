package joules.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the libraries are looked for, on fake folders under a temporary root. */
class LibrarySearchTest {
    @TempDir Path root;

    private Path lib(String folder, String file) throws IOException {
        Path dir = root.resolve(folder);
        Files.createDirectories(dir);
        Path p = dir.resolve(file);
        Files.writeString(p, "not really a library");
        return p;
    }

    private LibrarySearch search(Map<String, String> env, String flag, Map<String, List<Path>> ldCache) {
        return new LibrarySearch(env, flag, soname -> ldCache.getOrDefault(soname, List.of()), root);
    }

    @Test
    void theUsersFolderComesFirstThenCudaHomeThenLdLibraryPath() throws IOException {
        Path mine = lib("mine", "libcublas.so.12");
        lib("cudahome/lib64", "libcublas.so.13");
        lib("ldpath", "libcublas.so.13");
        Map<String, String> env = new HashMap<>();
        env.put("JOULES_CUDA_LIB", root.resolve("mine").toString());
        env.put("CUDA_HOME", root.resolve("cudahome").toString());
        env.put("LD_LIBRARY_PATH", root.resolve("ldpath").toString());
        LibrarySearch.Result r = search(env, null, Map.of()).find(CudaLibraries.CUBLAS, 0);
        assertEquals(mine, r.file());
        assertEquals("JOULES_CUDA_LIB", r.origin());

        env.remove("JOULES_CUDA_LIB");
        r = search(env, null, Map.of()).find(CudaLibraries.CUBLAS, 0);
        assertEquals(root.resolve("cudahome/lib64/libcublas.so.13"), r.file());
        assertEquals("CUDA_HOME", r.origin());

        env.remove("CUDA_HOME");
        r = search(env, null, Map.of()).find(CudaLibraries.CUBLAS, 0);
        assertEquals("LD_LIBRARY_PATH", r.origin());
    }

    @Test
    void theFlagOverridesTheEnvironmentVariableAndMayNameSeveralFolders() throws IOException {
        lib("env", "libcudnn.so.9");
        Path flagged = lib("b", "libcudnn.so.9");
        Files.createDirectories(root.resolve("a"));
        Map<String, String> env = Map.of("JOULES_CUDA_LIB", root.resolve("env").toString());
        LibrarySearch.Result r = search(env, root.resolve("a") + ":" + root.resolve("b"), Map.of()).find(CudaLibraries.CUDNN, 0);
        assertEquals(flagged, r.file());
        assertEquals("-Djoules.cuda.lib", r.origin());
    }

    @Test
    void theNewestSonameInAFolderWinsUnlessTheDriverIsOlder() throws IOException {
        lib("lib", "libnvrtc.so.12");
        lib("lib", "libnvrtc.so.13");
        lib("lib", "libnvrtc.so.11.2");
        Map<String, String> env = Map.of("LD_LIBRARY_PATH", root.resolve("lib").toString());
        assertEquals("libnvrtc.so.13", search(env, null, Map.of()).find(CudaLibraries.NVRTC, 13).file().getFileName().toString());
        assertEquals("libnvrtc.so.12", search(env, null, Map.of()).find(CudaLibraries.NVRTC, 12).file().getFileName().toString());
        assertEquals("libnvrtc.so.11.2", search(env, null, Map.of()).find(CudaLibraries.NVRTC, 11).file().getFileName().toString());
    }

    @Test
    void theSystemCacheIsAskedPerSoname() throws IOException {
        Path driver = lib("usr/lib/x86_64-linux-gnu", "libcuda.so.1");
        LibrarySearch.Result r = search(Map.of(), null, Map.of("libcuda.so.1", List.of(driver))).find(CudaLibraries.DRIVER, 0);
        assertEquals(driver, r.file());
        assertEquals("system library cache", r.origin());
    }

    @Test
    void theDriversUsualFoldersAreSearchedWhenTheCacheDoesNotListThem() throws IOException {
        Path driver = lib("usr/local/nvidia/lib64", "libcuda.so.1");
        LibrarySearch.Result r = search(Map.of(), null, Map.of()).find(CudaLibraries.DRIVER, 0);
        assertEquals(driver, r.file());
        assertEquals("system folders", r.origin());
    }

    @Test
    void usrLocalCudaFoldersAreSearchedNewestVersionFirst() throws IOException {
        lib("usr/local/cuda-12.4/lib64", "libcublas.so.12");
        Path newest = lib("usr/local/cuda-13.0/targets/x86_64-linux/lib", "libcublas.so.13");
        lib("usr/local/cuda-9.2/lib64", "libcublas.so.11");
        LibrarySearch.Result r = search(Map.of(), null, Map.of()).find(CudaLibraries.CUBLAS, 0);
        assertEquals(newest, r.file());
        r = search(Map.of(), null, Map.of()).find(CudaLibraries.CUBLAS, 12);
        assertEquals(root.resolve("usr/local/cuda-12.4/lib64/libcublas.so.12"), r.file());
    }

    @Test
    void pythonWheelsAreFoundThroughThePythonOnThePath() throws IOException {
        lib("opt/torch/.venv/bin", "python3");
        Path cudnn = lib("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib", "libcudnn.so.9");
        Path cublas = lib("opt/torch/.venv/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        Map<String, String> env = Map.of("PATH", root.resolve("opt/torch/.venv/bin").toString());
        LibrarySearch s = search(env, null, Map.of());
        assertEquals(cudnn, s.find(CudaLibraries.CUDNN, 0).file());
        assertEquals(cublas, s.find(CudaLibraries.CUBLAS, 13).file());
        assertTrue(s.find(CudaLibraries.CUDNN, 0).origin().startsWith("Python "));
    }

    @Test
    void userSitePackagesAreSearchedToo() throws IOException {
        Path nvrtc = lib("home/me/.local/lib/python3.11/site-packages/nvidia/cuda_nvrtc/lib", "libnvrtc.so.12");
        LibrarySearch.Result r = search(Map.of("HOME", root.resolve("home/me").toString()), null, Map.of())
                .find(CudaLibraries.NVRTC, 12);
        assertEquals(nvrtc, r.file());
    }

    @Test
    void nothingFoundListsTheFoldersLookedIn() throws IOException {
        Files.createDirectories(root.resolve("empty"));
        LibrarySearch.Result r = search(Map.of("LD_LIBRARY_PATH", root.resolve("empty").toString()), null, Map.of())
                .find(CudaLibraries.DRIVER, 0);
        assertFalse(r.found());
        assertEquals(1, r.looked().size());
        assertEquals("LD_LIBRARY_PATH", r.looked().get(0).origin());
    }

    @Test
    void missingFoldersAreSkippedAndDuplicatesListedOnce() throws IOException {
        lib("lib", "libcuda.so.1");
        String dir = root.resolve("lib").toString();
        Map<String, String> env = Map.of("JOULES_CUDA_LIB", dir + ":" + root.resolve("nope"), "LD_LIBRARY_PATH", dir);
        List<LibrarySearch.Folder> folders = search(env, null, Map.of()).folders("libcuda.so.1");
        assertEquals(1, folders.size());
        assertEquals("JOULES_CUDA_LIB", folders.get(0).origin());
    }

    @Test
    void wheelsInAVenvWhosePythonIsNotOnThePathAreFound() throws IOException {
        Path cublas = lib("opt/venvs/torch/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        Path cudnn = lib("opt/conda/envs/ml/lib/python3.11/site-packages/nvidia/cudnn/lib", "libcudnn.so.9");
        Path nvrtc = lib("root/.venv/lib64/python3.10/site-packages/nvidia/cu13/lib", "libnvrtc.so.13");
        LibrarySearch s = search(Map.of("PATH", "/usr/bin"), null, Map.of());
        assertEquals(cublas, s.find(CudaLibraries.CUBLAS, 0).file());
        assertEquals("Python " + root.resolve("opt/venvs/torch/lib/python3.12/site-packages"), s.find(CudaLibraries.CUBLAS, 0).origin());
        assertEquals(cudnn, s.find(CudaLibraries.CUDNN, 0).file());
        assertEquals(nvrtc, s.find(CudaLibraries.NVRTC, 0).file());
    }

    @Test
    void theWalkSkipsHiddenAndPackageFoldersAndPrefersTheEnvironmentOnThePath() throws IOException {
        lib("opt/a/.git/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        lib("opt/a/node_modules/x/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        Path walked = lib("opt/b/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        assertEquals(walked, search(Map.of(), null, Map.of()).find(CudaLibraries.CUBLAS, 0).file());
        lib("home/me/env/bin", "python3");
        Path onPath = lib("home/me/env/lib/python3.12/site-packages/nvidia/cu13/lib", "libcublas.so.13");
        Map<String, String> env = Map.of("PATH", root.resolve("home/me/env/bin").toString());
        assertEquals(onPath, search(env, null, Map.of()).find(CudaLibraries.CUBLAS, 0).file());
    }

    @Test
    void aCudnnBuiltForANewerCudaThanTheDriverIsRefusedByName() {
        LibrarySearch.Result cudnn = new LibrarySearch.Result(CudaLibraries.CUDNN, Path.of("/opt/x/nvidia/cudnn/lib/libcudnn.so.9"),
                "Python /opt/x", List.of());
        CudaLibraries.requireCudaOf(cudnn, 12080, 12040);             // same major: minor-version compatible
        CudaLibraries.requireCudaOf(cudnn, 12080, 13000);             // older CUDA than the driver: fine
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> CudaLibraries.requireCudaOf(cudnn, 13000, 12080));
        assertEquals("cuDNN library /opt/x/nvidia/cudnn/lib/libcudnn.so.9 was built for CUDA 13.0, newer than this driver's "
                + "CUDA 12.8; set JOULES_CUDA_LIB to a folder with a cuDNN for CUDA 12 (pip: nvidia-cudnn-cu12)", e.getMessage());
    }
}
