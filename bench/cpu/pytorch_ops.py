#!/usr/bin/env python3
"""Times PyTorch 1.13 on the operations and shapes that joules.tensor.cpu.OpBench times, same CSV table.

Each row: op, shape, pass (fwd, or bwd = every gradient the layer needs), median ms, GFLOP/s. The first row
is a large square SGEMM: the machine's measured peak through PyTorch's BLAS.

    /usr/bin/python3 bench/cpu/pytorch_ops.py [--threads 2] [--seconds 1.0]
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def timed(body, seconds):
    body()
    ms, start = [], time.perf_counter()
    while len(ms) < 3 or (time.perf_counter() - start < seconds and len(ms) < 1000):
        t0 = time.perf_counter()
        body()
        ms.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(ms)


def row(op, shape, pas, ms, flops):
    print(f"{op},{shape},{pas},{ms:.3f},{flops / ms / 1e6:.1f}", flush=True)


def sgemm(n, s):
    a, b = torch.randn(n, n), torch.randn(n, n)
    row("sgemm", f"{n}x{n}x{n}", "fwd", timed(lambda: a @ b, s), 2.0 * n ** 3)


def linear(batch, inp, out, s):
    x = torch.randn(batch, inp, requires_grad=False)
    lin = nn.Linear(inp, out)
    dy = torch.randn(batch, out)
    shape, flops = f"{batch}x{inp}->{out}", 2.0 * batch * inp * out
    with torch.no_grad():
        row("linear", shape, "fwd", timed(lambda: lin(x), s), flops)
    xg = x.clone().requires_grad_(True)
    y = lin(xg)
    row("linear", shape, "bwd", timed(lambda: torch.autograd.grad(y, [xg, lin.weight, lin.bias], dy, retain_graph=True), s), 2 * flops)


def conv(n, cin, h, w, cout, with_dx, s):
    x = torch.randn(n, cin, h, w)
    c = nn.Conv2d(cin, cout, 3, padding=1)
    dy = torch.randn(n, cout, h, w)
    shape, flops = f"{n}x{cin}x{h}x{w}->{cout} k3", 2.0 * n * cout * h * w * cin * 9
    with torch.no_grad():
        row("conv2d", shape, "fwd", timed(lambda: c(x), s), flops)
    if with_dx:   # the gradient with respect to the input alone
        xg = x.clone().requires_grad_(True)
        y = c(xg)
        row("conv2d", shape, "bwd data", timed(lambda: torch.autograd.grad(y, [xg], dy, retain_graph=True), s), flops)
    y = c(x)      # the weight and bias gradients alone (joules.tensor.cpu.OpBench times the same pair)
    row("conv2d", shape, "bwd filter",
        timed(lambda: torch.autograd.grad(y, [c.weight, c.bias], dy, retain_graph=True), s), flops)


def pool(shape4, s):
    x = torch.randn(*shape4)
    shape = "x".join(map(str, shape4)) + " k2"
    with torch.no_grad():
        row("maxpool2d", shape, "fwd", timed(lambda: F.max_pool2d(x, 2), s), x.numel())
    xg = x.clone().requires_grad_(True)
    y = F.max_pool2d(xg, 2)
    dy = torch.randn_like(y)
    row("maxpool2d", shape, "bwd", timed(lambda: torch.autograd.grad(y, [xg], dy, retain_graph=True), s), x.numel())


def relu(shape4, s):
    x = torch.randn(*shape4)
    shape = "x".join(map(str, shape4))
    with torch.no_grad():
        row("relu", shape, "fwd", timed(lambda: F.relu(x), s), x.numel())
    xg = x.clone().requires_grad_(True)
    y = F.relu(xg)
    dy = torch.randn_like(y)
    row("relu", shape, "bwd", timed(lambda: torch.autograd.grad(y, [xg], dy, retain_graph=True), s), x.numel())


def gru(steps, batch, inp, hidden, s):
    g = nn.GRU(inp, hidden)
    x = torch.randn(steps, batch, inp)
    shape = f"T{steps} B{batch} I{inp} H{hidden}"
    flops = 2.0 * steps * batch * 3 * hidden * (inp + hidden)
    with torch.no_grad():
        row("gru", shape, "fwd", timed(lambda: g(x), s), flops)
    xg = x.clone().requires_grad_(True)
    y, _ = g(xg)
    dy = torch.randn_like(y)
    row("gru", shape, "bwd", timed(lambda: torch.autograd.grad(y, [xg] + list(g.parameters()), dy, retain_graph=True), s), 2 * flops)


def adam(n, s):
    p = nn.Parameter(torch.randn(n))
    p.grad = torch.randn(n)
    opt = torch.optim.Adam([p], lr=1e-3)
    row("adam", str(n), "step", timed(opt.step, s), 13.0 * n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=1.0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    s = a.seconds
    print(f"# pytorch {torch.__version__}, {a.threads} threads")
    print("op,shape,pass,ms,gflops")
    sgemm(2048, s)
    for inp, out in [(8192, 512), (8192, 2048), (2048, 2048), (8192, 4096)]:
        linear(8, inp, out, s)
    conv(8, 1, 128, 64, 128, False, s)
    conv(8, 128, 64, 32, 128, True, s)
    conv(8, 64, 64, 32, 64, True, s)
    pool((8, 128, 128, 64), s)
    relu((8, 128, 128, 64), s)
    gru(1, 8, 8192, 512, s)
    gru(2048, 8, 64, 64, s)
    gru(2048, 8, 512, 256, s)
    gru(512, 8, 512, 256, s)
    adam(4_194_304 + 5_120 + 522, s)
    adam(8192 * 2048 + 3 * 2048 * 2048 + 2048 * 10 + 4 * 2048 + 10, s)


if __name__ == "__main__":
    main()
