#!/usr/bin/env bash
# The one GPU check of the CUDA backend, for a Linux x86-64 machine with an NVIDIA GPU. Java is not needed:
# it uses runtime/ and dist/ made by scripts/build-runtime.sh (carry both). Within GPU_CHECK_SECONDS
# (default 330 s, which leaves room for a second run in a 15-minute device budget; give 520 for a longer
# benchmark, still inside one 9-minute call) it:
#   1. records the card, driver and CUDA versions (nvidia-smi) and `joules devices` (GPUs, NVML, and where
#      each CUDA library was found);
#   2. runs every GPU test: each CUDA operation against the CPU backend, CUDA graph capture and replay
#      (a workspace that grows under a live graph included), TF32 convolutions, the trainer on the GPU
#      against the CPU with a partial last batch, and the CLI's refusal of a GPU run it cannot measure;
#   3. the energy check: 10 s of 4096^3 SGEMMs, NVML's energy counter vs its integrated power samples vs
#      nvidia-smi's readings (target: counter and integrated power within 2 %);
#   4. trains one configuration per family with `joules run` for 2 epochs on 60 clips (batches of 8, the
#      last of 4) on the GPU and on the CPU with the same seed, and compares the first and last epoch's loss
#      (tolerances in scripts/gpu_check_tables.py), with the step mode and the energy source; then
#      `joules train` on the GPU with held-out clips scored between epochs;
#   5. joules bench vs bench/pytorch_reference.py on the same card, step time and energy per step, in
#      chunks (every family first) for as long as the time allows;
# writes everything under $OUT (or runs/gpu-check-<time>/) and prints a short table last (summary.txt).
# Usage, from the repository root:  bash scripts/gpu-check.sh
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start_s=$(date +%s)
budget_s=${GPU_CHECK_SECONDS:-330}
out="${OUT:-runs/gpu-check-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
row() { printf '%-20s %-12s %s\n' "$1" "$2" "$3" >> "$summary"; }
elapsed() { echo $(( $(date +%s) - start_s )); }
# seconds a stage may take: its cap, or what is left of the budget less a reserve for the later stages
allow() { local cap=$1 reserve=$2 left; left=$(( budget_s - $(elapsed) - reserve )); (( left < cap )) && cap=$left; (( cap < 5 )) && cap=5; echo "$cap"; }
left() { echo $(( budget_s - $(elapsed) )); }

java="runtime/bin/java"
[[ -x "$java" ]] || java="$(command -v java || true)"
python="$(command -v python3 || true)"
jar=dist/joules.jar
vector=(--add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=100000 -XX:ObjectAlignmentInBytes=64)   # as the joules launcher runs the Vector API
echo "== gpu-check: results in $out"

# ---- 1. the machine -----------------------------------------------------------------------------
{
  echo "## date"; date -u +%Y-%m-%dT%H:%M:%SZ
  echo "## commit"; cat dist/commit.txt 2>/dev/null || git rev-parse HEAD 2>/dev/null || echo unknown
  echo "## nvidia-smi"
  nvidia-smi --query-gpu=name,driver_version,memory.total,power.limit,clocks.max.sm --format=csv 2>&1
  nvidia-smi 2>&1 | head -15
  echo "## CPU"; lscpu 2>/dev/null | grep -E "Model name|^CPU\(s\)" ; nproc
  echo "## python"; "$python" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version())" 2>&1
} > "$out/environment.txt"
gpu_name=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1)
driver=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -1)
cuda=$(nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9.]*' | head -1 | cut -d' ' -f3)
row "card" "${gpu_name:+ok}" "${gpu_name:-nvidia-smi failed} driver ${driver:-?} CUDA ${cuda:-?}"

if [[ -z "$java" ]]; then
  row "java" "MISSING" "no runtime/bin/java and no java on PATH: run scripts/build-runtime.sh and carry runtime/ dist/"
  echo; cat "$summary"; exit 1
fi
timeout -k 10 60 "$java" -jar "$jar" devices > "$out/devices.txt" 2>&1
cat "$out/devices.txt"
libs=$(grep -E "^ *(CUDA driver|NVRTC|cuBLAS|cuDNN):" "$out/devices.txt")
missing=$(grep -c "not found" <<<"$libs")
found=$(awk -F': +' '{split($2, a, " "); n = split(a[1], p, "/"); printf "%s %s; ", $1, (a[1] == "not" ? "MISSING" : p[n])}' <<<"$libs" | sed 's/^ *//')
row "cuda libraries" "$([[ -n $libs && $missing == 0 ]] && echo ok || echo MISSING)" "$found"
grep -E "cuDNN:|cuBLAS:" "$out/devices.txt" | sed 's/^ *//' | while read -r line; do row "" "" "${line:0:150}"; done

# ---- 2. GPU tests ---------------------------------------------------------------------------------
# Only tests tagged "gpu" (the CPU-only checks ran in CI). Two JVMs, so that a sticky CUDA error in one
# (an illegal address poisons the context for the rest of the process) cannot hide the other's results;
# the operations' tests first, since a failure there explains any later one.
junit() {   # junit LOG CLASSPATH SELECTORS...
  local log=$1 cp=$2; shift 2
  timeout -k 10 "$t" "$java" "${vector[@]}" -jar dist/junit-platform-console-standalone.jar execute -cp "$cp" \
      --include-tag gpu "$@" --details=tree --details-theme=ascii --disable-banner --disable-ansi-colors > "$log" 2>&1
}
t=$(allow 100 180)
echo "== GPU tests: the CUDA operations (timeout ${t}s)"
junit "$out/gpu-tests-tensor.log" "$jar:dist/tensor-tests.jar" --select-class joules.tensor.cuda.CudaBackendTest \
    --select-class joules.tensor.cuda.RealLibrariesTest --select-class joules.tensor.cuda.StepGraphTest \
    --select-package joules.tensor.cuda
rc1=$?
t=$(allow 80 150)
echo "== GPU tests: the trainer and the CLI (timeout ${t}s)"
junit "$out/gpu-tests-train.log" "$jar:dist/tensor-tests.jar:dist/train-tests.jar:dist/cli-tests.jar" \
    --select-class joules.train.TrainerOnCudaTest --select-class joules.cli.GpuRunEnergyTest
rc2=$?
cat "$out/gpu-tests-tensor.log" "$out/gpu-tests-train.log" > "$out/gpu-tests.log"
grep -E "\[X\]|^\[gpu\]|tests (successful|failed|aborted)" "$out/gpu-tests.log"
count() { grep -E "^\[ +[0-9]+ tests $1" "$out/gpu-tests.log" | grep -oE "[0-9]+" | awk '{s += $1} END {print s + 0}'; }
ok=$(count successful); failed=$(count failed); aborted=$(count aborted)
status=FAILED
[[ $rc1 == 0 && $rc2 == 0 && $ok -gt 0 ]] && status=$([[ $aborted == 0 ]] && echo ok || echo "SOME SKIPPED")
[[ $rc1 == 124 || $rc2 == 124 ]] && status="TIMEOUT"
row "gpu tests" "$status" "$ok passed, $failed failed, $aborted skipped (exit $rc1, $rc2)"
grep -E "^\[gpu\]" "$out/gpu-tests.log" | while read -r line; do row "" "" "${line:0:160}"; done
grep -E "\[X\]" "$out/gpu-tests.log" | head -10 | while read -r line; do row "  failed" "" "${line:0:160}"; done

# ---- 3. energy: NVML under a known load (10 s of SGEMM), counter vs samples vs nvidia-smi ---------
t=$(allow 45 110)
echo "== energy check (timeout ${t}s)"
timeout -k 10 "$t" "$java" -jar "$jar" devices --energy-check 10 --device cuda:0 --out "$out/energy-check.json" 2>&1 | tee "$out/energy.log"
rc=${PIPESTATUS[0]}
row "energy (NVML)" "$([[ $rc == 0 ]] && echo ok || echo "FAIL:$rc")" "$(tail -1 "$out/energy.log" | cut -c1-150)"

# ---- 4. training: joules run on the GPU and on the CPU, same seed, partial last batch ----------------
echo "== joules run, GPU vs CPU"
train_configs=mlp-L1-H512,cnn-L1-H128,rnn-L1-H128,crnn-C1R1-H64x64
train_args=(--configs "$train_configs" --epochs 2 --samples 60 --batch-size 8 --seed 1 --idle-seconds 0)
timeout -k 10 "$(allow 60 90)" "$java" "${vector[@]}" -jar "$jar" run --device cuda:0 "${train_args[@]}" \
    --out "$out/train-gpu.csv" > "$out/train-gpu.log" 2>&1
rc_gpu=$?
timeout -k 10 "$(allow 60 50)" "$java" "${vector[@]}" -jar "$jar" run --device cpu "${train_args[@]}" \
    --out "$out/train-cpu.csv" > "$out/train-cpu.log" 2>&1
rc_cpu=$?
tail -3 "$out/train-gpu.log"
if [[ -n "$python" ]]; then
  "$python" scripts/gpu_check_tables.py training "$out" > "$out/training.txt" 2>&1
  verdict=$(tail -1 "$out/training.txt")
  row "run GPU vs CPU" "$(cut -d: -f1 <<<"$verdict")" "exit $rc_gpu / $rc_cpu; ${verdict#*: }"
  head -n -1 "$out/training.txt" | while read -r line; do row "" "" "${line:0:160}"; done
else
  row "run GPU vs CPU" "exit $rc_gpu/$rc_cpu" "no python3 to compare the logs: see train-gpu.log, train-cpu.log"
fi

# joules train on the GPU: held-out scoring (forward passes of another batch size) between graph replays
t=$(allow 40 20)
timeout -k 10 "$t" "$java" "${vector[@]}" -jar "$jar" train --device cuda:0 --config crnn-C1R1-H64x64 --epochs 2 --samples 60 \
    --validation 12 > "$out/train-command-gpu.log" 2>&1
rc=$?
line=$([[ $rc == 0 ]] && grep -i "held-out" "$out/train-command-gpu.log" | tail -1 || tail -1 "$out/train-command-gpu.log")
row "train, held-out" "$([[ $rc == 0 ]] && echo ok || echo "FAIL:$rc")" "${line:0:150}"

# ---- 5. benchmarks: joules vs PyTorch on the same card, in chunks while time allows -----------------
chunks=(
  "mlp-L1-H512,cnn-L1-H128,rnn-L1-H512,crnn-C1R1-H64x64,mlp-L4-H2048,cnn-L2-H128,rnn-L4-H1024,crnn-C2R1-H64x64"
  "mlp-L1-H1024,mlp-L1-H2048,mlp-L4-H1024,mlp-L4-H4096,cnn-L1-H256,cnn-L1-H512,cnn-L2-H256,cnn-L2-H384,rnn-L1-H128,rnn-L1-H1024,crnn-C1R2-H64x64,crnn-C1R1-H256x64,crnn-C1R1-H512x256"
  "mlp-L6-H4096,mlp-L10-H4096,cnn-L1-H1024,cnn-L2-H512,cnn-L2-H768,rnn-L1-H2048,rnn-L6-H1024,rnn-L2-H2048,crnn-C1R2-H512x256,crnn-C2R1-H512x256,crnn-C1R2-H1024x256"
  "mlp-L16-H4096,mlp-L32-H4096,cnn-L2-H1024,cnn-L6-H384,cnn-L6-H768,rnn-L4-H2048,rnn-L6-H2048,rnn-L10-H2048,rnn-L14-H2048,crnn-C2R2-H728x256,crnn-C2R2-H1024x256"
)
has_torch=0
[[ -n "$python" ]] && "$python" -c "import torch; assert torch.cuda.is_available()" 2>/dev/null && has_torch=1
n=0
for ids in "${chunks[@]}"; do
  (( $(left) < 70 )) && { row "bench" "stopped" "time: $(left) s left before chunk $n"; break; }
  t=$(allow 150 25)
  echo "== chunk $n: joules bench (timeout ${t}s)"
  timeout -k 10 "$t" "$java" "${vector[@]}" -jar "$jar" bench --device cuda:0 --configs "$ids" --steps 20 --warmup 3 --warmup-seconds 1 \
      --energy --energy-seconds 1 --format csv --out "$out/bench-joules-$n.csv" > "$out/bench-joules-$n.log" 2>&1
  echo "joules bench chunk $n: exit $? ($(elapsed) s)"
  if (( has_torch )); then
    t=$(allow 150 10)
    echo "== chunk $n: PyTorch (timeout ${t}s)"
    PYTHONUNBUFFERED=1 timeout -k 10 "$t" "$python" bench/pytorch_reference.py --device cuda:0 --only "$ids" --steps 20 --warmup 3 --warmup-seconds 1 \
        --seconds 1.0 --out "$out/bench-pytorch-$n.csv" > "$out/bench-pytorch-$n.log" 2>&1
    echo "PyTorch chunk $n: exit $? ($(elapsed) s)"
  fi
  n=$((n + 1))
done
if (( has_torch )); then
  "$python" scripts/gpu_check_tables.py bench "$out" > "$out/bench.txt" 2>&1
  verdict=$(tail -1 "$out/bench.txt")
  row "bench vs PyTorch" "$(cut -d: -f1 <<<"$verdict")" "${verdict#*: }"
  head -n -1 "$out/bench.txt" | while read -r line; do row "" "" "${line:0:160}"; done
else
  row "bench vs PyTorch" "skipped" "no python3 with CUDA-enabled torch; joules alone in bench-joules-*.csv"
fi

row "total" "" "$(elapsed) s"
echo
echo "== gpu-check summary"
cat "$summary"
