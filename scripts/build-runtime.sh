#!/usr/bin/env bash
# Prepares what a GPU machine without Java needs to run the CUDA checks (scripts/gpu-check.sh):
#   runtime/  a trimmed Java runtime made by jlink (java.base, java.logging, jdk.unsupported, jdk.zipfs
#             for JUnit to scan jars, jdk.incubator.vector for the CPU GEMM; no desktop)
#   dist/     joules.jar (the fat jar of cli); tensor-tests.jar, train-tests.jar and cli-tests.jar (the test
#             classes and resources of the modules with GPU tests); junit-platform-console-standalone.jar
#             (the JUnit launcher, fetched by Maven); commit.txt (the commit built, and whether it was clean)
# Both folders are git-ignored; carry them to the GPU machine (together well under 60 MB).
# Run it on the build machine, from anywhere:  scripts/build-runtime.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
junit_platform="1.14.1"   # the JUnit Platform of JUnit Jupiter 5.14.1 (parent pom)

echo "build-runtime: mvn package (tests compiled, not run)" >&2
mvn -q -o -DskipTests package >&2 || mvn -q -DskipTests package >&2

rm -rf runtime dist
mkdir -p dist
echo "build-runtime: jlink -> runtime/" >&2
jlink --add-modules java.base,java.logging,jdk.unsupported,jdk.zipfs,jdk.incubator.vector --compress=2 --strip-debug --no-header-files \
      --no-man-pages --output runtime

cp cli/target/joules.jar dist/joules.jar
for m in tensor train cli; do jar cf "dist/$m-tests.jar" -C "$m/target/test-classes" .; done
{ git rev-parse HEAD; git status --porcelain | grep -q . && echo "with uncommitted changes"; } > dist/commit.txt 2>/dev/null || true
mvn -q -o dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_platform" \
    -DoutputDirectory=dist >&2 2>/dev/null \
  || mvn -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit_platform" \
    -DoutputDirectory=dist >&2
mv "dist/junit-platform-console-standalone-$junit_platform.jar" dist/junit-platform-console-standalone.jar

echo "build-runtime: smoke test of the runtime" >&2
runtime/bin/java -cp dist/joules.jar joules.tensor.cuda.CudaLibraries >&2 || true
du -sh runtime dist >&2
total_kb=$(du -sk runtime dist | awk '{s += $1} END {print s}')
if (( total_kb > 60 * 1024 )); then
  echo "build-runtime: runtime/ and dist/ hold ${total_kb} KB, over the 60 MB that may be carried" >&2
  exit 1
fi
echo "build-runtime: ready (${total_kb} KB): runtime/ dist/" >&2
