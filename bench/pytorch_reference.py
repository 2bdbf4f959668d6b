#!/usr/bin/env python3
"""PyTorch reference for the joules GPU benchmark.

Trains the study's configurations (configs-43.tsv) with PyTorch on the same card and the same work as the
engine: input (8, 1, 128, 64), sigmoid + binary cross-entropy, Adam (lr 1e-3), batch 8, the data set and the
shuffled indices on the GPU, FP32 (TF32 off, as the engine's default). For each configuration it measures
the time of a training step and the GPU energy per step, and writes one CSV row.

Energy: NVML's total-energy counter through pynvml (nvidia-ml-py) where present, else the mean of
nvidia-smi power samples times the duration. Each configuration trains for at least --seconds so that the
counter (updated every few tens of milliseconds) sees enough of it. Idle power is measured once first.

    python3 bench/pytorch_reference.py --out results.csv [--seconds 1.5] [--only mlp-L1-H512,cnn-L1-H128]
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import threading
import time

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def find_configs(explicit):
    """The zoo's configs-43.tsv: the path given, else the first one found in the repository or beside it."""
    if explicit:
        return explicit
    patterns = [os.path.join(REPO, "**", "configs-43.tsv"), os.path.join(REPO, "..", "shared", "reference", "configs-43.tsv")]
    for pattern in patterns:
        hits = sorted(glob.glob(pattern, recursive=True))
        if hits:
            return hits[0]
    sys.exit("pytorch_reference: configs-43.tsv not found in the repository; pass --configs PATH")


def read_configs(path):
    rows = []
    with open(path) as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    header = lines[0].rstrip("\n").split("\t")
    for line in lines[1:]:
        values = dict(zip(header, line.rstrip("\n").split("\t")))
        rows.append({k: (v if k in ("id", "family") else int(v)) for k, v in values.items()})
    return rows


class Mlp(nn.Module):
    def __init__(self, layers, hidden):
        super().__init__()
        blocks, width = [], 128 * 64
        for _ in range(layers):
            blocks += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        self.body = nn.Sequential(*blocks)
        self.fc = nn.Linear(width, 10)

    def forward(self, x):
        return self.fc(self.body(x.flatten(1)))


def conv_blocks(layers, channels):
    blocks, c = [], 1
    for _ in range(layers):
        blocks += [nn.Conv2d(c, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        c = channels
    return nn.Sequential(*blocks)


class Cnn(nn.Module):
    def __init__(self, layers, channels):
        super().__init__()
        self.body = conv_blocks(layers, channels)
        self.fc = nn.Linear(channels * (128 >> layers) * (64 >> layers), 10)

    def forward(self, x):
        return self.fc(self.body(x).flatten(1))


class Rnn(nn.Module):
    """The input as a sequence of length 1 with 8192 features, as the authors ran it."""
    def __init__(self, layers, hidden):
        super().__init__()
        self.gru = nn.GRU(128 * 64, hidden, layers)
        self.fc = nn.Linear(hidden, 10)

    def forward(self, x):
        y, _ = self.gru(x.flatten(1).unsqueeze(0))      # (1, B, 8192)
        return self.fc(y[-1])


class Crnn(nn.Module):
    """Conv blocks, then the (B, C, h, w) map as h*w steps of C features (row-major over h, w), a GRU, a Linear."""
    def __init__(self, conv_layers, channels, rnn_layers, hidden):
        super().__init__()
        self.body = conv_blocks(conv_layers, channels)
        self.gru = nn.GRU(channels, hidden, rnn_layers)
        self.fc = nn.Linear(hidden, 10)

    def forward(self, x):
        f = self.body(x)                                  # (B, C, h, w)
        seq = f.flatten(2).permute(2, 0, 1).contiguous()  # (h*w, B, C)
        y, _ = self.gru(seq)
        return self.fc(y[-1])


def build(c):
    if c["family"] == "mlp":
        return Mlp(c["mlp_layers"], c["mlp_hidden"])
    if c["family"] == "cnn":
        return Cnn(c["conv_layers"], c["conv_channels"])
    if c["family"] == "rnn":
        return Rnn(c["rnn_layers"], c["rnn_hidden"])
    if c["family"] == "crnn":
        return Crnn(c["conv_layers"], c["conv_channels"], c["rnn_layers"], c["rnn_hidden"])
    raise ValueError("unknown family " + c["family"])


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


def bench(c, args, device, meter, idle_w):
    torch.manual_seed(0)
    model = build(c).to(device)
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
    torch.cuda.synchronize()
    # time a first batch of steps to size the measured run
    t = time.perf_counter()
    for i in range(10):
        step(i)
    torch.cuda.synchronize()
    per_step = (time.perf_counter() - t) / 10
    steps = max(20, int(args.seconds / max(per_step, 1e-6)))
    start_ev, end_ev = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    meter.start()
    start_ev.record()
    for i in range(steps):
        step(i)
    end_ev.record()
    torch.cuda.synchronize()
    joules, seconds = meter.stop()
    step_ms = start_ev.elapsed_time(end_ev) / steps
    del model, opt, data, labels
    torch.cuda.empty_cache()
    return {
        "config_id": c["id"], "family": c["family"], "params": params, "batch": args.batch, "steps": steps,
        "step_ms": round(step_ms, 4), "seconds": round(seconds, 3),
        "energy_j_per_step": round(joules / steps, 6),
        "energy_above_idle_j_per_step": round((joules - idle_w * seconds) / steps, 6),
        "avg_power_w": round(joules / seconds, 2), "idle_power_w": round(idle_w, 2), "energy_source": meter.source,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--configs", help="configs-43.tsv (default: found in the repository)")
    p.add_argument("--only", help="comma-separated config ids (default: all)")
    p.add_argument("--seconds", type=float, default=1.5, help="measured training time per configuration")
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--clips", type=int, default=1578, help="data set size kept on the GPU (DESED: 1578)")
    p.add_argument("--device", type=int, default=0)
    args = p.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    device = torch.device("cuda", args.device)
    configs = read_configs(find_configs(args.configs))
    if args.only:
        wanted = set(args.only.split(","))
        configs = [c for c in configs if c["id"] in wanted]
    meter = EnergyMeter(args.device)
    meter.start()
    time.sleep(1.0)
    idle_j, idle_s = meter.stop()
    idle_w = idle_j / idle_s
    name = torch.cuda.get_device_name(device)
    print(f"# {name}, torch {torch.__version__}, CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}, "
          f"energy from {meter.source}, idle {idle_w:.1f} W", flush=True)
    fields = ["config_id", "family", "params", "batch", "steps", "step_ms", "seconds", "energy_j_per_step",
              "energy_above_idle_j_per_step", "avg_power_w", "idle_power_w", "energy_source", "device", "torch", "cuda",
              "cudnn", "error"]
    with open(args.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for c in configs:
            try:
                row = bench(c, args, device, meter, idle_w)
                row["error"] = ""
            except Exception as e:   # one failing configuration (out of memory, say) must not stop the rest
                row = {"config_id": c["id"], "family": c["family"], "error": str(e).splitlines()[0][:200]}
                torch.cuda.empty_cache()
            row.update({"device": name, "torch": torch.__version__, "cuda": torch.version.cuda,
                        "cudnn": torch.backends.cudnn.version()})
            w.writerow(row)
            f.flush()
            print(f"{row['config_id']:24s} {row.get('step_ms', ''):>10} ms/step {row.get('energy_j_per_step', ''):>12} J/step "
                  f"{row.get('error', '')}", flush=True)


if __name__ == "__main__":
    main()
