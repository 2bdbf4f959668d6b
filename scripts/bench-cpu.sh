#!/usr/bin/env bash
# The CPU benchmark of record: joules against PyTorch (Debian's python3-torch, 1.13) on every configuration of the
# study, twice back to back, on this machine. Run it on an otherwise idle machine, from the repository root:
#   bash scripts/bench-cpu.sh                 # all 43 configurations (--preset paper)
#   bash scripts/bench-cpu.sh mlp-L1-H512,cnn-L2-H128     # or a list
# Writes bench/results/<date>-cpu-<host>/bench-cpu-run1.csv and -run2.csv (each: joules bench --pytorch --format
# csv: step times, FLOP/s, the step's lower bound on this machine, PyTorch's step and the speed-up, the Java heap a
# step allocated) and
# environment.txt (CPU, memory, load before each run, JDK, PyTorch, the commit). A configuration that does not
# fit in the Java heap (75 % of memory) is reported and skipped by joules bench itself. For each configuration
# PyTorch runs first, in a process of its own, then joules (until 6d0f4fc PyTorch timed all 43 before joules
# started, minutes apart); each warms up 5 steps and at least 2 seconds (the JIT compiles joules' hot loops during a
# model's first second or so, and joules goes on while a step still allocates megabytes; PyTorch warms up alike)
# and times 15.
# On some virtual machines PyTorch's CPU step is dominated by page faults of its fresh tensors (docs/cpu-backend.md),
# so this script has glibc keep freed memory (set these variables yourself to compare otherwise; environment.txt
# records the settings used). The trim threshold is 64 GiB, not 1: cnn-L1-H1024's step frees several 268 MB tensors
# together, and with a 1 GiB threshold that gave the heap's top back to the system every step (PyTorch 1.6 to 2.4 s a
# step instead of 0.3 to 0.4; the record at 857e9f2 has it).
set -euo pipefail
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1073741824}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-68719476736}"
export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-536870912}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configs=(--preset paper)
[[ $# -gt 0 ]] && configs=(--configs "$1")
out="bench/results/$(date +%Y-%m-%d)-cpu-$(hostname -s)"
mkdir -p "$out"
{
  echo "commit: $(git rev-parse HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo "date: $(date -Is)"
  grep -m1 'model name' /proc/cpuinfo
  echo "cpus: $(nproc)"
  grep MemTotal /proc/meminfo
  # the JVM ./joules runs, as the launcher chooses it (JAVA_HOME's when set; building the jar first if needed)
  JOULES_JAVA_OPTS=-XshowSettings:properties ./joules --version 2>&1 \
    | sed -n 's/^ *\(java\.runtime\.version\|java\.vendor\) = /\1: /p' || true
  # and the JVM's flags for bench, as the launcher sets them (heap, GC, -XX:ObjectAlignmentInBytes=64)
  echo "JVM flags of joules bench: $(JOULES_JAVA_OPTS=-XX:+PrintCommandLineFlags ./joules bench --help 2>&1 | grep -m1 -- '-XX:' || echo unknown)"
  /usr/bin/python3 -c 'import torch; print("torch", torch.__version__)'
  # Debian's PyTorch multiplies through whichever libblas.so.3 the system links: the reference BLAS (libblas3,
  # what python3-torch pulls in alone) makes its Linear and GRU layers many times slower than OpenBLAS
  # (apt install libopenblas0-pthread), so say which one ran
  echo "libblas.so.3: $(readlink -f /usr/lib/"$(uname -m)"-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"
  echo "glibc malloc settings: $(env | grep '^MALLOC_' | tr '\n' ' ' || true)"
} > "$out/environment.txt"
./joules --version >/dev/null 2>&1 || true        # builds the jar first, so that the runs time no build
for run in 1 2; do
  echo "load before run $run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/environment.txt"
  ./joules bench --device cpu "${configs[@]}" --steps 15 --warmup 5 --warmup-seconds 2 --pytorch --format csv --out "$out/bench-cpu-run$run.csv"
done
echo "results in $out"
