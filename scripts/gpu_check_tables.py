#!/usr/bin/env python3
"""The tables of scripts/gpu-check.sh, from the files its stages wrote (Python 3 standard library only).

    gpu_check_tables.py training OUT_DIR   # joules run on the GPU vs the CPU: first and last epoch's loss
    gpu_check_tables.py bench OUT_DIR      # joules bench vs bench/pytorch_reference.py: step time and energy

Each writes a CSV under OUT_DIR (training-vs-cpu.csv, bench-vs-pytorch.csv) and prints one line per row
for the check's summary, then a last line with the verdict.
"""
import csv
import glob
import math
import os
import re
import sys

# Agreement of the GPU's and the CPU's epoch losses (relative). Both compute in float32 with other
# summation orders; Adam's first updates are about lr * sign(gradient), so near-zero gradient components
# can move differently by up to 2 lr. Over 2 epochs of 8 steps that stays well below these bounds, while a
# graph replaying stale memory, a wrong kernel or a wrong algorithm changes the loss at the first digits.
FIRST_EPOCH_TOLERANCE = 1e-3
LAST_EPOCH_TOLERANCE = 1e-2

EPOCH_LINE = re.compile(r"\] (\S+) epoch (\d+): mean loss ([-+0-9.eEnaNIfity]+)")


def epoch_losses(log_path):
    """{id: {epoch: loss}} from a `joules run` log ("[12s] [1/4] mlp-L1-H512 epoch 1: mean loss 0.69, 0s")."""
    losses = {}
    if not os.path.exists(log_path):
        return losses
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = EPOCH_LINE.search(line)
            if m:
                losses.setdefault(m.group(1), {})[int(m.group(2))] = float(m.group(3))
    return losses


def read_rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def relative(a, b):
    if a is None or b is None or not math.isfinite(a) or not math.isfinite(b):
        return float("inf")
    return abs(a - b) / max(abs(b), 1e-12)


def training(out):
    gpu_log, cpu_log = epoch_losses(os.path.join(out, "train-gpu.log")), epoch_losses(os.path.join(out, "train-cpu.log"))
    gpu_rows = {r["id"]: r for r in read_rows(os.path.join(out, "train-gpu.csv"))}
    ids = list(gpu_log) + [i for i in cpu_log if i not in gpu_log]
    table, bad = [], 0
    for i in ids:
        g, c = gpu_log.get(i, {}), cpu_log.get(i, {})
        first, last = min(g or c or {1: 0}), max(g or c or {1: 0})
        d_first, d_last = relative(g.get(first), c.get(first)), relative(g.get(last), c.get(last))
        ok = d_first <= FIRST_EPOCH_TOLERANCE and d_last <= LAST_EPOCH_TOLERANCE
        bad += not ok
        row = gpu_rows.get(i, {})
        table.append({"id": i, "gpu_first_loss": g.get(first, ""), "gpu_last_loss": g.get(last, ""),
                      "cpu_first_loss": c.get(first, ""), "cpu_last_loss": c.get(last, ""),
                      "rel_diff_first": f"{d_first:.2e}", "rel_diff_last": f"{d_last:.2e}", "agree": "yes" if ok else "NO",
                      "step_mode": row.get("step_mode", ""), "energy_source": row.get("energy_source", ""),
                      "gpu_energy_j": row.get("energy_j", ""), "gpu_status": row.get("status", "")})
    fields = ["id", "gpu_first_loss", "gpu_last_loss", "cpu_first_loss", "cpu_last_loss", "rel_diff_first",
              "rel_diff_last", "agree", "step_mode", "energy_source", "gpu_energy_j", "gpu_status"]
    with open(os.path.join(out, "training-vs-cpu.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(table)
    for r in table:
        print(f"{r['id']}: GPU {r['gpu_first_loss']} -> {r['gpu_last_loss']}, CPU {r['cpu_first_loss']} -> "
              f"{r['cpu_last_loss']} (diff {r['rel_diff_first']}, {r['rel_diff_last']}) {r['agree']}; "
              f"{r['step_mode']}, {r['energy_source']}")
    print(("ok" if table and bad == 0 else "FAILED") + f": {len(table) - bad} of {len(table)} configurations agree "
          f"(first epoch within {FIRST_EPOCH_TOLERANCE:g}, last within {LAST_EPOCH_TOLERANCE:g})")


def number(s):
    try:
        v = float(s)
        return v if math.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def bench(out):
    joules = {}
    for path in sorted(glob.glob(os.path.join(out, "bench-joules-*.csv"))):
        for r in read_rows(path):
            joules[r["id"]] = r
    torch = {}
    for path in sorted(glob.glob(os.path.join(out, "bench-pytorch-*.csv"))):
        for r in read_rows(path):
            torch[r["id"]] = r
    table, logs = [], []
    for i, j in joules.items():
        t = torch.get(i, {})
        jm, tm = number(j.get("step_ms")), number(t.get("step_ms"))
        je, te = number(j.get("energy_per_step_j")), number(t.get("energy_j_per_step"))
        table.append({"id": i, "joules_step_ms": j.get("step_ms", ""), "pytorch_step_ms": t.get("step_ms", ""),
                      "speedup": f"{tm / jm:.3f}" if jm and tm else "",
                      "joules_energy_per_step_j": j.get("energy_per_step_j", ""),
                      "pytorch_energy_per_step_j": t.get("energy_j_per_step", ""),
                      "energy_ratio": f"{te / je:.3f}" if je and te else "",
                      "joules_energy_source": j.get("energy_source", ""), "pytorch_energy_source": t.get("energy_source", ""),
                      "joules_gflops": j.get("gflops", ""), "pytorch_error": t.get("error", "")})
    fields = ["id", "joules_step_ms", "pytorch_step_ms", "speedup", "joules_energy_per_step_j", "pytorch_energy_per_step_j",
              "energy_ratio", "joules_energy_source", "pytorch_energy_source", "joules_gflops", "pytorch_error"]
    with open(os.path.join(out, "bench-vs-pytorch.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(table)
    speedups = [float(r["speedup"]) for r in table if r["speedup"]]
    for r in table:
        print(f"{r['id']}: {r['joules_step_ms']} vs {r['pytorch_step_ms']} ms (x{r['speedup'] or '?'}), "
              f"{r['joules_energy_per_step_j'] or '?'} vs {r['pytorch_energy_per_step_j'] or '?'} J/step")
    if speedups:
        gm = math.exp(sum(math.log(s) for s in speedups) / len(speedups))
        slower = [r["id"] for r in table if r["speedup"] and float(r["speedup"]) < 1]
        target = gm >= 1.5 and not slower
        print(("ok" if target else "BELOW TARGET") + f": geometric-mean speed-up x{gm:.2f} over {len(speedups)} "
              f"configurations, slower than PyTorch on {len(slower)}" + (f" ({', '.join(slower[:6])})" if slower else ""))
    else:
        print(f"FAILED: no configuration timed by both ({len(joules)} by joules, {len(torch)} by PyTorch)")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("training", "bench"):
        sys.exit(__doc__)
    {"training": training, "bench": bench}[sys.argv[1]](sys.argv[2])
