#!/usr/bin/env bash
# The one GPU check of the CUDA backend, for a Linux x86-64 machine with an NVIDIA GPU (Java not needed:
# it uses runtime/ and dist/ made by scripts/build-runtime.sh). Within 8 minutes it:
#   1. prints the card, driver and CUDA versions (nvidia-smi) and where the CUDA libraries were found;
#   2. runs the GPU tests (every CUDA operation against the CPU backend, CUDA graph capture and replay);
#   3. runs the energy check (joules devices --energy-check: NVML counter vs samples vs nvidia-smi);
#   4. runs `joules bench --device cuda:0` if that command exists, and bench/pytorch_reference.py;
# writes everything under $OUT (or results/gpu-check-<time>/) and prints a short table last.
# Usage, from the repository root:  bash scripts/gpu-check.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start_s=$(date +%s)
budget_s=${GPU_CHECK_SECONDS:-470}
out="${OUT:-results/gpu-check-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
row() { printf '%-22s %-8s %s\n' "$1" "$2" "$3" >> "$summary"; }
# seconds a stage may take: its cap, or what is left of the budget less a reserve for the later stages
allow() { local cap=$1 reserve=$2 left; left=$(( budget_s - ($(date +%s) - start_s) - reserve )); (( left < cap )) && cap=$left; (( cap < 5 )) && cap=5; echo "$cap"; }

java="runtime/bin/java"
[[ -x "$java" ]] || java="$(command -v java || true)"
python="$(command -v python3 || true)"
echo "== gpu-check: results in $out"

# ---- 1. the machine -----------------------------------------------------------------------------
{
  echo "## nvidia-smi"
  nvidia-smi --query-gpu=name,driver_version,memory.total,power.limit,clocks.max.sm --format=csv 2>&1
  nvidia-smi 2>&1 | head -15
  echo "## CUDA libraries (joules.tensor.cuda.CudaLibraries)"
} > "$out/environment.txt"
gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
driver=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -1)
cuda=$(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9.]*' | head -1 | cut -d' ' -f3)
row "card" "${gpu_name:+ok}" "${gpu_name:-nvidia-smi failed} driver ${driver:-?} CUDA ${cuda:-?}"

if [[ -z "$java" ]]; then
  row "java" "MISSING" "no runtime/bin/java and no java on PATH: run scripts/build-runtime.sh and carry runtime/ dist/"
else
  libs=$("$java" -cp dist/joules.jar joules.tensor.cuda.CudaLibraries 2>&1)
  if grep -q "not found" <<<"$libs" && [[ -z "${JOULES_CUDA_LIB:-}" && -n "$python" ]]; then
    # the Python environment's CUDA wheels, in case the search missed them
    export JOULES_CUDA_LIB=$("$python" - <<'PY' 2>/dev/null
import glob, os, site
roots = site.getsitepackages() + [site.getusersitepackages()]
print(":".join(sorted({os.path.dirname(p) for r in roots for p in glob.glob(os.path.join(r, "nvidia", "**", "lib", "lib*.so*"), recursive=True)})))
PY
)
    libs="$libs"$'\n'"retry with JOULES_CUDA_LIB=$JOULES_CUDA_LIB"$'\n'$("$java" -cp dist/joules.jar joules.tensor.cuda.CudaLibraries 2>&1)
  fi
  echo "$libs" >> "$out/environment.txt"
  echo "$libs"
  missing=$(grep -c "not found" <<<"$(tail -4 <<<"$libs")")
  found=$(tail -4 <<<"$libs" | awk -F': +' '{split($2, a, " "); n = split(a[1], p, "/"); printf "%s %s; ", $1, (a[1] == "not" ? "MISSING" : p[n])}')
  row "cuda libraries" "$([[ $missing == 0 ]] && echo ok || echo MISSING)" "$found"
fi
cat "$out/environment.txt" | head -25

# ---- 2. GPU tests ---------------------------------------------------------------------------------
if [[ -n "$java" ]]; then
  t=$(allow 240 200)
  echo "== GPU tests (timeout ${t}s)"
  timeout "$t" "$java" --add-modules jdk.incubator.vector -jar dist/junit-platform-console-standalone.jar execute \
      -cp dist/joules.jar:dist/tensor-tests.jar --select-package joules.tensor.cuda \
      --details=tree --disable-banner --disable-ansi-colors 2>&1 | tee "$out/gpu-tests.log"
  rc=${PIPESTATUS[0]}
  count() { grep -E "^\[ +[0-9]+ tests $1" "$out/gpu-tests.log" | grep -oE "[0-9]+" | head -1; }
  ok=$(count successful); failed=$(count failed); aborted=$(count aborted)
  status=$([[ $rc == 0 && ${ok:-0} -gt 0 ]] && echo ok || echo FAILED)
  [[ $rc == 124 ]] && status="TIMEOUT"
  row "gpu tests" "$status" "${ok:-0} passed, ${failed:-?} failed, ${aborted:-?} skipped (exit $rc)"
  grep -E "^\[gpu\]" "$out/gpu-tests.log" | while read -r line; do row "" "" "${line:0:150}"; done
  grep -E "✘" "$out/gpu-tests.log" | head -8 | while read -r line; do row "  failed" "" "${line:0:150}"; done
fi

# ---- 3. energy: NVML under a known load (10 s of SGEMM), counter vs samples vs nvidia-smi ---------
if [[ -n "$java" ]]; then
  t=$(allow 60 150)
  echo "== energy check (timeout ${t}s)"
  timeout "$t" "$java" -jar dist/joules.jar devices --energy-check 10 --device cuda:0 2>&1 | tee "$out/energy.log"
  rc=${PIPESTATUS[0]}
  row "energy (NVML)" "$([[ $rc == 0 ]] && echo ok || echo "FAIL:$rc")" "$(tail -1 "$out/energy.log" | cut -c1-150)"
else
  row "energy (NVML)" "skipped" "no java"
fi

# ---- 4. benchmarks ---------------------------------------------------------------------------------
if [[ -n "$java" ]] && "$java" -jar dist/joules.jar bench --help 2>&1 | grep -q -- "--device"; then
  t=$(allow 90 150)
  echo "== joules bench (timeout ${t}s)"
  timeout "$t" "$java" --add-modules jdk.incubator.vector -jar dist/joules.jar bench --device cuda:0 --preset paper --steps 20 --warmup 3 --energy --energy-seconds 1 --out "$out/bench-joules.csv" 2>&1 | tee "$out/bench-joules.txt"
  rc=${PIPESTATUS[0]}
  row "joules bench" "$([[ $rc == 0 ]] && echo ok || echo "FAIL:$rc")" "$(tail -1 "$out/bench-joules.txt" | cut -c1-150)"
else
  row "joules bench" "skipped" "the jar has no 'bench --device' yet"
fi

if [[ -n "$python" ]] && "$python" -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then
  t=$(allow 170 5)
  echo "== PyTorch reference (timeout ${t}s)"
  PYTHONUNBUFFERED=1 timeout "$t" "$python" bench/pytorch_reference.py --device cuda:0 --out "$out/bench-pytorch.csv" \
      --seconds "${BENCH_SECONDS:-1.0}" 2>&1 | tee "$out/bench-pytorch.log"
  rc=${PIPESTATUS[0]}
  rows=$(( $(wc -l < "$out/bench-pytorch.csv" 2>/dev/null || echo 1) - 1 ))
  row "pytorch reference" "$([[ $rc == 0 ]] && echo ok || echo "FAIL:$rc")" "$rows configurations in bench-pytorch.csv; $(head -1 "$out/bench-pytorch.log" | cut -c1-110)"
else
  row "pytorch reference" "skipped" "no python3 with CUDA-enabled torch"
fi

row "total" "" "$(( $(date +%s) - start_s )) s"
echo
echo "== gpu-check summary"
cat "$summary"
