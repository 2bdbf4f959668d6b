#!/usr/bin/env python3
"""Times PyTorch training steps for the study's models, the reference `joules bench` is compared with.

One step = forward, sigmoid+BCE loss, backward, Adam update, batch 8, input (8, 1, 128, 64), the models
built exactly as shared/reference/study.md describes. Prints CSV `id,step_ms` (median of --steps steps
after --warmup steps) on stdout.

    /usr/bin/python3 bench/pytorch_steps.py --configs mlp-L1-H512,cnn-L1-H128 --threads 2 --device cpu
"""
import argparse
import csv
import os
import statistics
import sys
import time

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(HERE, "..", "train", "src", "main", "resources", "configs-43.tsv")


def read_configs(path):
    rows = {}
    with open(path) as f:
        lines = [l for l in f if not l.startswith("#") and l.strip()]
    header = lines[0].rstrip("\n").split("\t")
    for line in lines[1:]:
        values = line.rstrip("\n").split("\t")
        row = dict(zip(header, values))
        for k in header[2:]:
            row[k] = int(row[k])
        rows[row["id"]] = row
    return rows


class Crnn(nn.Module):
    def __init__(self, c):
        super().__init__()
        blocks, ch = [], 1
        for _ in range(c["conv_layers"]):
            blocks += [nn.Conv2d(ch, c["conv_channels"], 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
            ch = c["conv_channels"]
        self.conv = nn.Sequential(*blocks)
        self.gru = nn.GRU(ch, c["rnn_hidden"], c["rnn_layers"])
        self.fc = nn.Linear(c["rnn_hidden"], 10)

    def forward(self, x):
        m = self.conv(x)                                  # (B, C, h, w)
        s = m.flatten(2).permute(2, 0, 1).contiguous()    # (h*w, B, C)
        y, _ = self.gru(s)
        return self.fc(y[-1])


class Rnn(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gru = nn.GRU(128 * 64, c["rnn_hidden"], c["rnn_layers"])
        self.fc = nn.Linear(c["rnn_hidden"], 10)

    def forward(self, x):
        y, _ = self.gru(x.reshape(1, x.shape[0], -1))     # a sequence of length 1
        return self.fc(y[-1])


def build(c):
    f = c["family"]
    if f == "mlp":
        layers, width = [nn.Flatten()], 128 * 64
        for _ in range(c["mlp_layers"]):
            layers += [nn.Linear(width, c["mlp_hidden"]), nn.ReLU()]
            width = c["mlp_hidden"]
        return nn.Sequential(*layers, nn.Linear(width, 10))
    if f == "cnn":
        layers, ch = [], 1
        for _ in range(c["conv_layers"]):
            layers += [nn.Conv2d(ch, c["conv_channels"], 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
            ch = c["conv_channels"]
        L = c["conv_layers"]
        return nn.Sequential(*layers, nn.Flatten(), nn.Linear(ch * (128 >> L) * (64 >> L), 10))
    if f == "rnn":
        return Rnn(c)
    return Crnn(c)


def time_steps(model, device, steps, warmup, batch):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCEWithLogitsLoss()
    x = torch.randn(batch, 1, 128, 64, device=device)
    y = (torch.rand(batch, 10, device=device) < 0.2).float()
    times = []
    for i in range(warmup + steps):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--configs", required=True, help="comma-separated config ids")
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--device", default="cpu")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    configs = read_configs(CONFIGS)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "step_ms", "torch_version", "threads"])
    for cid in args.configs.split(","):
        model = build(configs[cid]).to(device)
        ms = time_steps(model, device, args.steps, args.warmup, args.batch)
        out.writerow([cid, f"{ms:.3f}", torch.__version__, args.threads])
        sys.stdout.flush()
        del model


if __name__ == "__main__":
    main()
