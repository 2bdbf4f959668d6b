"""Writes regression/src/test/resources/study/: four study-like results files (the study's GPUs by name, energies from 260 J to 1.9 MJ) from the
synthetic results/gpu-a.csv: E_h = scale_h * (E_a / min E_a) ** exponent_h * family_h * noise (log-normal,
seeded), FLOPs and parameters unchanged. t4.csv also holds one failed row; gtx1080ti-half.csv keeps 21 of the
43 configurations (a file missing half of them). Run: python3 scripts/golden-sklearn/make_study_results.py (no
third-party packages)."""
import csv
import math
import random
from pathlib import Path

resources = Path(__file__).resolve().parents[2] / "regression" / "src" / "test" / "resources"
here = resources / "study"
rows = list(csv.DictReader(open(resources / "results" / "gpu-a.csv", newline="")))
header = list(rows[0].keys())
low = min(float(r["energy_j"]) for r in rows)
HARDWARE = [  # file, hardware, scale (J), exponent, factor per family, seed
    ("t4.csv", "Tesla T4", 245.0, 1.748, {"mlp": 1.0, "cnn": 1.0, "rnn": 1.0, "crnn": 1.0}, 1),
    ("a40.csv", "NVIDIA A40", 290.0, 1.52, {"mlp": 0.9, "cnn": 0.8, "rnn": 1.1, "crnn": 0.85}, 2),
    ("rtx2080ti.csv", "NVIDIA GeForce RTX 2080 Ti", 275.0, 1.63, {"mlp": 1.0, "cnn": 0.7, "rnn": 1.4, "crnn": 0.75}, 3),
    ("gtx1080ti.csv", "NVIDIA GeForce GTX 1080 Ti", 300.0, 1.66, {"mlp": 1.1, "cnn": 1.2, "rnn": 1.0, "crnn": 1.3}, 4),
]


def energy(r, scale, exponent, family, rng):
    return scale * (float(r["energy_j"]) / low) ** exponent * family[r["family"]] * math.exp(rng.gauss(0, 0.08))


for name, hardware, scale, exponent, family, seed in HARDWARE:
    rng = random.Random(seed)
    out = []
    for r in rows:
        e = energy(r, scale, exponent, family, rng)
        s = dict(r, hardware=hardware, device=hardware, energy_j=f"{e:.4f}", gpu_energy_counter_j=f"{e:.4f}",
                 gpu_energy_sampled_j=f"{e * 1.01:.4f}", duration_s=f"{e / 150:.3f}")
        out.append(s)
    if name == "t4.csv":
        failed = dict(out[-1], id="crnn-C2R2-H2048x256", energy_j="", gpu_energy_counter_j="", gpu_energy_sampled_j="",
                      status="out_of_memory", error="CUDA out of memory (tried to allocate 2.0 GiB)")
        out.append(failed)
    files = [(name, out)]
    if name == "gtx1080ti.csv":
        files.append(("gtx1080ti-half.csv", [r for i, r in enumerate(out) if i % 2 == 0][:21]))
    for file, data in files:
        with open(here / file, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
            w.writeheader()
            w.writerows(data)
