#!/usr/bin/env python3
"""PyTorch reference for joules' benchmarks: step time (and GPU energy) of the study's models.

Trains the study's configurations (configs-43.tsv, models from bench/study_models.py) with PyTorch on the
same device and the same work as the engine: input (8, 1, 128, 64), sigmoid + binary cross-entropy, Adam
(lr 1e-3), batch 8, the data set and the shuffled indices on the device, FP32 (TF32 off, as the engine's
default). For each configuration, after --warmup steps (and --warmup-seconds), it times a run of --steps
steps, or of as many as fill --seconds (at least 20), each step on its own (CUDA events on a GPU, so the run
is not synchronised step by step), and writes one CSV row: step_ms is the median step, step_ms_mean the run's mean.

Energy, on a GPU only: NVML's total-energy counter through pynvml (nvidia-ml-py) where present, else the
mean of nvidia-smi power samples times the duration, over the whole run; idle power is measured once
first. On the CPU the energy columns stay empty.

    /usr/bin/python3 bench/pytorch_reference.py --out results.csv [--seconds 1.5] [--only mlp-L1-H512,cnn-L1-H128]
    /usr/bin/python3 bench/pytorch_reference.py --device cpu --threads 2 --steps 10 --only mlp-L1-H512 --out -

Progress goes to stderr; `--out -` writes the CSV to stdout (what `joules bench --pytorch` reads).
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import threading
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import study_models  # noqa: E402  (the study's models, shared with scripts/golden/make_golden.py)

FIELDS = ["id", "family", "params", "batch", "steps", "step_ms", "step_ms_mean", "seconds", "energy_j_per_step",
          "energy_above_idle_j_per_step", "avg_power_w", "idle_power_w", "energy_source", "device", "threads", "torch",
          "cuda", "cudnn", "error"]


class EnergyMeter:
    """GPU energy in joules between start() and stop(): NVML's counter, else sampled nvidia-smi power."""
    def __init__(self, index):
        self.index = index
        self.handle = None
        self.source = "nvidia-smi"
        try:
            import pynvml
            pynvml.nvmlInit()
            handle = pynvml.nvmlDeviceGetHandleByIndex(index)
            pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)
            self.nvml, self.handle, self.source = pynvml, handle, "nvml-counter"
        except Exception:
            pass

    def _smi_power(self):
        out = subprocess.run(["nvidia-smi", "-i", str(self.index), "--query-gpu=power.draw", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=5).stdout.strip()
        return float(out.splitlines()[0])

    def start(self):
        self.t0 = time.perf_counter()
        if self.handle is not None:
            self.e0 = self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle)
        else:
            self.samples, self.running = [], True
            self.thread = threading.Thread(target=self._sample, daemon=True)
            self.thread.start()

    def _sample(self):
        while self.running:
            try:
                self.samples.append(self._smi_power())
            except Exception:
                pass
            time.sleep(0.05)

    def stop(self):
        seconds = time.perf_counter() - self.t0
        if self.handle is not None:
            joules = (self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle) - self.e0) / 1000.0
        else:
            self.running = False
            self.thread.join()
            joules = (sum(self.samples) / len(self.samples) * seconds) if self.samples else float("nan")
        return joules, seconds


class NoMeter:
    """The CPU: no energy figure."""
    source = "none"

    def start(self):
        self.t0 = time.perf_counter()

    def stop(self):
        return float("nan"), time.perf_counter() - self.t0


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed_run(step, steps, device):
    """Runs step(i) steps times; each step's milliseconds (CUDA events on a GPU, the host clock on the CPU)."""
    if device.type == "cuda":
        events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(steps)]
        for i, (begin, end) in enumerate(events):
            begin.record()
            step(i)
            end.record()
        torch.cuda.synchronize(device)
        return [begin.elapsed_time(end) for begin, end in events]
    times = []
    for i in range(steps):
        t0 = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


def bench(c, args, device, meter, idle_w):
    torch.manual_seed(0)
    model = study_models.build(c).to(device)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    loss_fn = nn.BCEWithLogitsLoss()
    n = args.clips
    data = torch.rand(n, 1, 128, 64, device=device)
    labels = (torch.rand(n, 10, device=device) > 0.7).float()
    order = torch.randperm(n, device=device)

    def step(i):
        start = (i * args.batch) % (n - args.batch + 1)
        idx = order[start:start + args.batch]
        x, y = data.index_select(0, idx), labels.index_select(0, idx)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for i in range(args.warmup):
        step(i)
    synchronize(device)
    warm_until = time.perf_counter() + args.warmup_seconds   # and for at least --warmup-seconds, as joules bench does
    i = args.warmup
    while time.perf_counter() < warm_until:
        step(i)
        synchronize(device)
        i += 1
    steps = args.steps
    if steps is None:  # time a first batch of steps to size the measured run
        t = time.perf_counter()
        for i in range(10):
            step(i)
        synchronize(device)
        per_step = (time.perf_counter() - t) / 10
        steps = max(20, int(args.seconds / max(per_step, 1e-6)))
    meter.start()
    ms = timed_run(step, steps, device)
    joules, seconds = meter.stop()
    del model, opt, data, labels
    if device.type == "cuda":
        torch.cuda.empty_cache()
    row = {"id": c["id"], "family": c["family"], "params": params, "batch": args.batch, "steps": steps,
           "step_ms": round(statistics.median(ms), 4), "step_ms_mean": round(sum(ms) / steps, 4),
           "seconds": round(seconds, 3), "energy_source": meter.source}
    if joules == joules:  # not NaN: a GPU meter read something
        row.update({"energy_j_per_step": round(joules / steps, 6),
                    "energy_above_idle_j_per_step": round((joules - idle_w * seconds) / steps, 6),
                    "avg_power_w": round(joules / seconds, 2), "idle_power_w": round(idle_w, 2)})
    return row


def parse_device(text):
    """cpu, cuda, cuda:N, or N (a CUDA index)."""
    if text.isdigit():
        return torch.device("cuda", int(text))
    device = torch.device(text)
    if device.type == "cuda" and device.index is None:
        device = torch.device("cuda", 0)
    if device.type not in ("cpu", "cuda"):
        sys.exit("pytorch_reference: --device must be cpu, cuda, cuda:N or N, got " + text)
    return device


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="CSV file to write, or - for stdout")
    p.add_argument("--configs", default=study_models.CONFIGS, help="configs-43.tsv (default: the zoo's)")
    p.add_argument("--only", help="comma-separated config ids, in this order (default: all)")
    p.add_argument("--device", default="cuda:0", help="cpu, cuda:N or N (default: cuda:0)")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="CPU threads for PyTorch (default: all)")
    p.add_argument("--steps", type=int, help="timed steps per configuration (default: as many as fill --seconds)")
    p.add_argument("--seconds", type=float, default=1.5, help="measured training time per configuration")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--warmup-seconds", type=float, default=0.0,
                   help="and untimed steps for at least this long (default: 0; joules bench passes its own)")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--clips", type=int, default=1578, help="data set size kept on the device (DESED: 1578)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    device = parse_device(args.device)
    configs = study_models.read_configs(args.configs)
    if args.only:
        by_id = {c["id"]: c for c in configs}
        unknown = [i for i in args.only.split(",") if i not in by_id]
        if unknown:
            sys.exit("pytorch_reference: unknown config id(s) " + ", ".join(unknown) + " (see " + args.configs + ")")
        configs = [by_id[i] for i in args.only.split(",")]
    if device.type == "cuda":
        meter = EnergyMeter(device.index)
        meter.start()
        time.sleep(1.0)
        idle_j, idle_s = meter.stop()
        idle_w = idle_j / idle_s
        name = torch.cuda.get_device_name(device)
        print(f"# {name}, torch {torch.__version__}, CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}, "
              f"energy from {meter.source}, idle {idle_w:.1f} W", file=sys.stderr, flush=True)
    else:
        meter, idle_w, name = NoMeter(), float("nan"), "cpu"
        print(f"# cpu, torch {torch.__version__}, {args.threads} thread(s), no energy figure", file=sys.stderr, flush=True)
    f = sys.stdout if args.out == "-" else open(args.out, "w", newline="")
    try:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        for c in configs:
            try:
                row = bench(c, args, device, meter, idle_w)
                row["error"] = ""
            except Exception as e:   # one failing configuration (out of memory, say) must not stop the rest
                row = {"id": c["id"], "family": c["family"], "error": str(e).splitlines()[0][:200]}
                if device.type == "cuda":
                    torch.cuda.empty_cache()
            row.update({"device": name, "threads": args.threads, "torch": torch.__version__,
                        "cuda": torch.version.cuda if device.type == "cuda" else "",
                        "cudnn": torch.backends.cudnn.version() if device.type == "cuda" else ""})
            w.writerow(row)
            f.flush()
            print(f"{row['id']:24s} {row.get('step_ms', ''):>10} ms/step {row.get('energy_j_per_step', ''):>12} J/step "
                  f"{row.get('error', '')}", file=sys.stderr, flush=True)
    finally:
        if f is not sys.stdout:
            f.close()


if __name__ == "__main__":
    main()
