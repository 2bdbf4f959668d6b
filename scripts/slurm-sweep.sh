#!/usr/bin/env bash
# The study's sweep as a Slurm job array: one shard per GPU, one results file per shard, merged at the end.
#
#   sbatch scripts/slurm-sweep.sh                       # 4 shards of the 43 configurations
#   sbatch --array=0-7 scripts/slurm-sweep.sh           # 8 shards (SHARDS follows the array size)
#   # when every task has finished:
#   ./joules merge runs/$HW/shard-*.csv --out runs/$HW.csv
#
# A task that dies (time limit, node failure) is resumed by resubmitting the same array: each shard skips
# the configurations its file already holds. Shard i runs configurations i, i+N, i+2N, ... of the 43.
#
#SBATCH --job-name=joules-sweep
#SBATCH --array=0-3
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=4
#SBATCH --mem=32G
#SBATCH --time=24:00:00
#SBATCH --output=logs/joules-sweep-%A_%a.log
set -euo pipefail

cd "${SLURM_SUBMIT_DIR:-$(dirname "$0")/..}"
SHARDS="${SHARDS:-${SLURM_ARRAY_TASK_COUNT:-4}}"
SHARD="${SLURM_ARRAY_TASK_ID:-0}"
HW="${HW:-$(nvidia-smi --query-gpu=name --format=csv,noheader -i 0 2>/dev/null | head -1 | tr ' ' '-' || echo cpu)}"
mkdir -p "runs/$HW" logs

# Slurm gives each task its own GPU as CUDA device 0; NVML still sees the node's numbering, so the GPU
# to measure is named by UUID.
GPU_UUID="$(nvidia-smi --query-gpu=uuid --format=csv,noheader -i "${CUDA_VISIBLE_DEVICES%%,*}" 2>/dev/null || true)"

./joules run --preset paper \
  --device cuda:0 ${GPU_UUID:+--meter-gpu "$GPU_UUID"} \
  --data "${DESED_AUDIO:?set DESED_AUDIO to the folder of the weak training clips}" \
  --labels "${DESED_LABELS:?set DESED_LABELS to the weak labels TSV}" \
  --shard "$SHARD/$SHARDS" \
  --out "runs/$HW/shard-$SHARD.csv"
