#!/usr/bin/python3
"""Golden fixtures for the layers module, computed by PyTorch (run with Debian's /usr/bin/python3, torch 1.13).

    /usr/bin/python3 scripts/golden/make_golden.py

Writes, into layers/src/test/resources/golden/ (the layer tests):
  layer_<case>.bin   one layer on random inputs: x, its parameters, y, a random upstream dy, dx and the
                     gradient of every parameter (grad.<name>)
  layer_bce.bin      logits, targets, the mean sigmoid + BCE loss, dlogits
into train/src/test/resources/joules/train/zoo/ (the zoo tests, which build these models from the zoo):
  model_batches.bin  three batches of the real input (N, 1, 128, 64) and targets: x0..x2, t0..t2 (4, 4, 3:
                     the last one smaller, as an epoch's last batch)
  model_<family>.bin one small model per family: its initial parameters, logits and loss of batch 0,
                     every parameter's gradient on batch 0 (grad.<name>), the loss of each of 3 Adam steps
                     (lr 1e-3) on batches 0, 1, 2 (losses), and the parameters after them (adam.<name>)
  study_counts.tsv   each of the study's 43 configurations built in PyTorch on the meta device (no memory):
                     its parameter count and its FLOPs and MACs by the DeepSpeed profiler's rules

File format (.bin, little-endian): magic b"JGLD", int32 version (1), int32 count, then count tensors:
int32 name length, name (UTF-8), int32 rank, int32 dims[rank], float32 values[prod(dims)] (row-major).
"""
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "layers", "src", "test", "resources", "golden")
ZOO_OUT = os.path.join(ROOT, "train", "src", "test", "resources", "joules", "train", "zoo")
sys.path.insert(0, os.path.join(ROOT, "bench"))
from study_models import CNN, CRNN, MLP, RNN, build, read_configs  # noqa: E402  (the study's models, shared)


def write(name, tensors, folder=OUT):
    """tensors: list of (name, tensor) pairs, written in order."""
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(b"JGLD")
        f.write(struct.pack("<ii", 1, len(tensors)))
        for key, t in tensors:
            t = t.detach().to(torch.float32).contiguous()
            key_bytes = key.encode("utf-8")
            f.write(struct.pack("<i", len(key_bytes)))
            f.write(key_bytes)
            f.write(struct.pack("<i", t.dim()))
            f.write(struct.pack("<%di" % t.dim(), *t.shape))
            f.write(t.numpy().astype("<f4").tobytes())
    print("wrote %-28s %8d bytes" % (name, os.path.getsize(path)))


def layer_case(name, module, x, forward=None):
    """Runs module (or forward(x)) on x, backpropagates a random dy, writes everything."""
    x = x.clone().requires_grad_(True)
    y = forward(x) if forward else module(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    tensors = [("x", x), ("y", y), ("dy", dy), ("dx", x.grad)]
    for pname, p in module.named_parameters():
        tensors.append((pname, p))
        tensors.append(("grad." + pname, p.grad))
    write("layer_%s.bin" % name, tensors)


def layers():
    layer_case("linear", nn.Linear(12, 7), torch.randn(5, 12))
    # Conv2d variants: the study's 3x3 / stride 1 / padding 1, then stride 2 without padding, a rectangular
    # kernel with unequal strides and paddings, and a 5x5 kernel whose windows leave the last rows unread.
    layer_case("conv_k3s1p1", nn.Conv2d(3, 4, 3, stride=1, padding=1), torch.randn(2, 3, 9, 7))
    layer_case("conv_k3s2p0", nn.Conv2d(3, 5, 3, stride=2, padding=0), torch.randn(2, 3, 9, 8))
    layer_case("conv_k2x3s2x1p1x0", nn.Conv2d(2, 3, (2, 3), stride=(2, 1), padding=(1, 0)), torch.randn(3, 2, 6, 7))
    layer_case("conv_k5s3p2", nn.Conv2d(1, 2, 5, stride=3, padding=2), torch.randn(2, 1, 10, 11))
    layer_case("maxpool_k2", nn.MaxPool2d(2), torch.randn(2, 3, 8, 6))
    layer_case("maxpool_k3s2", nn.MaxPool2d(3, stride=2), torch.randn(2, 2, 9, 8))
    # ties: small integers, so that windows hold equal maxima (PyTorch routes to the first, row-major)
    layer_case("maxpool_ties", nn.MaxPool2d(2), torch.randint(0, 3, (2, 2, 6, 4)).float())
    layer_case("relu", nn.ReLU(), torch.randn(3, 5, 4))
    layer_case("sigmoid", nn.Sigmoid(), torch.randn(3, 5, 4) * 3)
    # GRU, batch_first = False: x (T, N, I); h0 = 0; y = every step's hidden state of the last layer
    for layers_, tag in ((1, "gru1"), (2, "gru2")):
        gru = nn.GRU(6, 4, num_layers=layers_)
        layer_case(tag, gru, torch.randn(5, 3, 6), forward=lambda x, g=gru: g(x)[0])

    logits = (torch.randn(4, 10) * 3).requires_grad_(True)
    targets = (torch.rand(4, 10) < 0.3).float()
    loss = F.binary_cross_entropy_with_logits(logits, targets)  # mean over all elements
    loss.backward()
    write("layer_bce.bin", [("logits", logits), ("targets", targets), ("loss", loss.reshape(1)),
                            ("dlogits", logits.grad)])


def model_case(family, model, batches):
    tensors = [(n, p.detach().clone()) for n, p in model.named_parameters()]
    x0, t0 = batches[0]
    logits = model(x0)
    loss = F.binary_cross_entropy_with_logits(logits, t0)
    loss.backward()
    tensors += [("logits", logits), ("loss", loss.reshape(1))]
    tensors += [("grad." + n, p.grad.clone()) for n, p in model.named_parameters()]
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    losses = []
    for x, t in batches:
        opt.zero_grad()
        step_loss = F.binary_cross_entropy_with_logits(model(x), t)
        step_loss.backward()
        opt.step()
        losses.append(step_loss.item())
    tensors.append(("losses", torch.tensor(losses)))
    tensors += [("adam." + n, p) for n, p in model.named_parameters()]
    write("model_%s.bin" % family, tensors, ZOO_OUT)


def models():
    # three batches of the real input shape; the last one smaller, as an epoch's last batch
    batches = [(torch.randn(n, 1, 128, 64), (torch.rand(n, 10) < 0.3).float()) for n in (4, 4, 3)]
    write("model_batches.bin", [(k + str(i), v) for i, b in enumerate(batches) for k, v in zip(("x", "t"), b)], ZOO_OUT)
    model_case("mlp", MLP(2, 8), batches)       # mlp: L2 H8
    model_case("cnn", CNN(2, 4), batches)       # cnn: L2 C4
    model_case("rnn", RNN(2, 4), batches)       # rnn: L2 H4
    model_case("crnn", CRNN(2, 2, 4, 8), batches)  # crnn: C2 R2, 4 channels, hidden 8: 32 x 16 = 512 steps


def deepspeed_counts(model):
    """FLOPs and MACs by the DeepSpeed flops profiler's rules (study.md), from forward hooks on the real
    PyTorch modules run on one meta input (1, 1, 128, 64): Linear 2 numel(input) out, bias not counted;
    Conv2d 2 MACs + out_channels N P for the bias; ReLU and MaxPool2d numel(input); GRU per layer
    (2 G I - G) + (2 G H - G) + H + 3H + 3H + 2G, G = 3H, times N T, no MACs; the output sigmoid numel."""
    count = {"flops": 0, "macs": 0}

    def hook(m, inputs, output):
        x = inputs[0]
        if isinstance(m, nn.Linear):
            macs = x.numel() * m.out_features
            count["flops"] += 2 * macs
            count["macs"] += macs
        elif isinstance(m, nn.Conv2d):
            n, out_c = output.shape[0], output.shape[1]
            positions = output.shape[2] * output.shape[3]
            macs = m.kernel_size[0] * m.kernel_size[1] * m.in_channels * out_c * n * positions
            count["flops"] += 2 * macs + out_c * n * positions
            count["macs"] += macs
        elif isinstance(m, (nn.ReLU, nn.MaxPool2d)):
            count["flops"] += x.numel()
        elif isinstance(m, nn.GRU):
            h, g = m.hidden_size, 3 * m.hidden_size
            per_step = 0
            for k in range(m.num_layers):
                i = m.input_size if k == 0 else h
                per_step += (2 * g * i - g) + (2 * g * h - g) + h + 3 * h + 3 * h + 2 * g
            count["flops"] += per_step * x.shape[0] * x.shape[1]   # steps x batch

    for m in model.modules():
        m.register_forward_hook(hook)
    logits = model(torch.empty(1, 1, 128, 64, device="meta"))
    count["flops"] += logits.numel()   # the output activation
    return count["flops"], count["macs"]


def study_counts():
    path = os.path.join(ZOO_OUT, "study_counts.tsv")
    with open(path, "w") as f:
        f.write("# The study's 43 models built in PyTorch on the meta device (scripts/golden/make_golden.py):\n")
        f.write("# params = sum(p.numel()); deepspeed_flops and deepspeed_macs for one input (1, 1, 128, 64).\n")
        f.write("id\tparams\tdeepspeed_flops\tdeepspeed_macs\n")
        for c in read_configs():
            m = build(c, device="meta")   # shapes without memory (the largest has 550 M parameters)
            flops, macs = deepspeed_counts(m)
            f.write("%s\t%d\t%d\t%d\n" % (c["id"], sum(p.numel() for p in m.parameters()), flops, macs))
    print("wrote %-28s %8d bytes" % (os.path.basename(path), os.path.getsize(path)))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(ZOO_OUT, exist_ok=True)
    torch.manual_seed(20240917)
    layers()
    models()
    study_counts()
