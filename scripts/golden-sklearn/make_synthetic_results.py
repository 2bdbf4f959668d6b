#!/usr/bin/python3
"""Synthetic result files for joules.regression's tests and benchmark.

    /usr/bin/python3 scripts/golden-sklearn/make_synthetic_results.py

Writes regression/src/test/resources/results/gpu-{a,b,c,d}.csv in the schema of `joules run`: the 43
configurations of the study with approximate FLOPs and parameters, and energies related between hardware
by power laws with noise (plus a mild curvature for gpu-d), so that the analyses have something to find.
gpu-c holds one failed run (status "error") that readers must skip; gpu-a.csv.power/ holds power traces
for a few configurations.
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "regression", "src", "test", "resources", "results")
CONFIGS = os.path.join(ROOT, "train", "src", "main", "resources", "configs-43.tsv")
if not os.path.exists(CONFIGS):
    CONFIGS = "/work/shared/reference/configs-43.tsv"

COLUMNS = ("id,family,hardware,device,epochs,batch_size,samples,steps,duration_s,energy_j,energy_source,"
           "gpu_energy_counter_j,gpu_energy_sampled_j,idle_power_w,energy_above_idle_j,cpu_energy_j,"
           "cpu_energy_source,ram_energy_j,flops,macs,params,train_flops,peak_memory_bytes,final_loss,status,"
           "error,started_at,engine_version").split(",")


def configs():
    rows = []
    with open(CONFIGS) as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t"):
        rows.append({k: (v if k in ("id", "family") else int(v)) for k, v in r.items()})
    return rows


def gru(inputs, hidden, layers, steps):
    params = flops = 0
    for layer in range(layers):
        i = inputs if layer == 0 else hidden
        params += 3 * hidden * (i + hidden) + 6 * hidden
        flops += 2 * 3 * hidden * (i + hidden) * steps
    return params, flops


def cost(c):
    """Approximate (params, forward FLOPs) of one configuration for one input of 1 x 128 x 64."""
    params = flops = 0
    h, w, channels = 128, 64, 1
    for _ in range(c["conv_layers"]):
        out = c["conv_channels"]
        params += channels * out * 9 + out
        flops += 2 * channels * out * 9 * h * w
        h, w, channels = h // 2, w // 2, out
    if c["family"] == "mlp":
        width = 8192
        for _ in range(c["mlp_layers"]):
            params += width * c["mlp_hidden"] + c["mlp_hidden"]
            flops += 2 * width * c["mlp_hidden"]
            width = c["mlp_hidden"]
        last = width
    elif c["family"] == "cnn":
        last = channels * h * w
    else:
        inputs, steps = (8192, 1) if c["family"] == "rnn" else (channels, h * w)
        p, f = gru(inputs, c["rnn_hidden"], c["rnn_layers"], steps)
        params += p
        flops += f
        last = c["rnn_hidden"]
    params += last * 10 + 10
    flops += 2 * last * 10
    return params, flops


HARDWARE = {
    # name: (device, energy on this hardware from energy on gpu-a)
    "gpu-a": ("Synthetic A", lambda e, r: e),
    "gpu-b": ("Synthetic B", lambda e, r: 0.55 * e ** 1.04 * math.exp(r.gauss(0, 0.08))),
    "gpu-c": ("Synthetic C", lambda e, r: 3.0 * e ** 0.88 * math.exp(r.gauss(0, 0.12))),
    "gpu-d": ("Synthetic D", lambda e, r: (1.2 * e ** 0.97 + 2e-6 * e ** 2) * math.exp(r.gauss(0, 0.05))),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(43)
    rows = []
    for c in configs():
        params, flops = cost(c)
        slowness = {"mlp": 1.0, "cnn": 0.6, "rnn": 1.4, "crnn": 3.0}[c["family"]]
        energy_a = (120 + 2.2e-7 * flops * slowness + 4e-5 * params) * math.exp(rng.gauss(0, 0.1))
        rows.append((c, params, flops, energy_a))
    for hw, (device, law) in HARDWARE.items():
        r = random.Random(hw)
        path = os.path.join(OUT, hw + ".csv")
        with open(path, "w", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(COLUMNS)
            for c, params, flops, energy_a in rows:
                energy = law(energy_a, r)
                idle = 20.0
                duration = energy / 150.0 + 5
                out.writerow([c["id"], c["family"], hw, device, 10, 8, 1578, 1980, "%.3f" % duration, "%.4f" % energy,
                              "counter", "%.4f" % energy, "%.4f" % (energy * 1.01), idle, "%.4f" % (energy - idle * duration),
                              "%.3f" % (duration * 30), "estimated", "%.3f" % (duration * 3), flops, flops // 2, params,
                              3 * flops * 1578 * 10, 100_000_000 + 8 * params, "0.31", "ok", "",
                              "2025-01-01T00:00:00Z", "0.1.0"])
            if hw == "gpu-c":
                out.writerow(["cnn-L9-H999", "cnn", hw, device, 10, 8, 1578, 0, "", "", "", "", "", "", "", "", "", "",
                              0, 0, 0, 0, 0, "", "error", "CUDA error: out of memory, tried to allocate 2 GiB",
                              "2025-01-01T00:00:00Z", "0.1.0"])
        print("wrote", path)
    traces = os.path.join(OUT, "gpu-a.csv.power")
    os.makedirs(traces, exist_ok=True)
    for c, params, flops, energy_a in rows[:: 9]:
        with open(os.path.join(traces, c["id"] + ".csv"), "w") as f:
            f.write("t_s,power_w\n")
            duration = energy_a / 150.0 + 5
            for k in range(25):
                t = duration * k / 24
                watts = 20 + 130 * (1 - math.exp(-t / 3)) + rng.gauss(0, 4)
                f.write("%.3f,%.2f\n" % (t, watts))
    print("wrote", traces)


if __name__ == "__main__":
    main()
