"""The study's 43 audio-tagging models in PyTorch, the one definition the repository's Python scripts share.

Built exactly as /work/shared/reference/study.md describes, input (N, 1, 128, 64), 10 outputs (logits):
  MLP   flatten to 8192, mlp_layers x (Linear(-> mlp_hidden) + ReLU), Linear(-> 10)
  CNN   conv_layers x (Conv2d 3x3 stride 1 padding 1 + ReLU + MaxPool2d(2)), flatten, Linear(-> 10)
  RNN   the whole input as ONE step of 8192 features, GRU(rnn_layers, rnn_hidden), Linear(last step -> 10)
  CRNN  the conv blocks, the map (N, C, h, w) as h*w steps of C features (row-major over h, w),
        GRU(rnn_layers, rnn_hidden), Linear(last step -> 10)
Parameter names (fc0.weight, conv0.bias, gru.weight_ih_l0, out.weight, ...) and creation order are those
of the zoo's golden fixtures (scripts/golden/make_golden.py), so a seed gives the same initial weights.

    import sys; sys.path.insert(0, "<repo>/bench")
    import study_models
    for c in study_models.read_configs():
        model = study_models.build(c)
"""
import os

import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIGS = os.path.join(ROOT, "train", "src", "main", "resources", "configs-43.tsv")


def read_configs(path=CONFIGS):
    """configs-43.tsv as a list of dicts in the file's order: id and family as text, the six sizes as ints."""
    with open(path) as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        values = dict(zip(header, line.split("\t")))
        rows.append({k: (v if k in ("id", "family") else int(v)) for k, v in values.items()})
    return rows


class MLP(nn.Module):
    def __init__(self, layers_, hidden, features=8192, device=None):
        super().__init__()
        self.names = []
        width = features
        for i in range(layers_):
            setattr(self, "fc%d" % i, nn.Linear(width, hidden, device=device))
            setattr(self, "relu%d" % i, nn.ReLU())
            self.names.append(i)
            width = hidden
        self.out = nn.Linear(width, 10, device=device)

    def forward(self, x):
        x = x.flatten(1)
        for i in self.names:
            x = getattr(self, "relu%d" % i)(getattr(self, "fc%d" % i)(x))
        return self.out(x)


class ConvBlocks(nn.Module):
    """conv{i}: Conv2d(3x3, stride 1, padding 1) + ReLU + MaxPool2d(2), i = 0 .. layers - 1."""
    def __init__(self, layers_, channels, device=None):
        super().__init__()
        self.count = layers_
        c = 1
        for i in range(layers_):
            setattr(self, "conv%d" % i, nn.Conv2d(c, channels, 3, stride=1, padding=1, device=device))
            setattr(self, "relu%d" % i, nn.ReLU())
            setattr(self, "pool%d" % i, nn.MaxPool2d(2))
            c = channels

    def blocks(self, x):
        for i in range(self.count):
            x = getattr(self, "pool%d" % i)(getattr(self, "relu%d" % i)(getattr(self, "conv%d" % i)(x)))
        return x


class CNN(ConvBlocks):
    def __init__(self, layers_, channels, h=128, w=64, device=None):
        super().__init__(layers_, channels, device)
        self.out = nn.Linear(channels * (h >> layers_) * (w >> layers_), 10, device=device)

    def forward(self, x):
        return self.out(self.blocks(x).flatten(1))


class RNN(nn.Module):
    """The study's RNN: the whole input is one step of 8192 features."""
    def __init__(self, layers_, hidden, features=8192, device=None):
        super().__init__()
        self.gru = nn.GRU(features, hidden, num_layers=layers_, device=device)
        self.out = nn.Linear(hidden, 10, device=device)

    def forward(self, x):
        seq = x.reshape(1, x.shape[0], -1)
        return self.out(self.gru(seq)[0][-1])


class CRNN(ConvBlocks):
    """Conv blocks, then the map (N, C, h, w) as h*w steps of C features (row-major over h, w)."""
    def __init__(self, conv_layers, rnn_layers, channels, hidden, device=None):
        super().__init__(conv_layers, channels, device)
        self.gru = nn.GRU(channels, hidden, num_layers=rnn_layers, device=device)
        self.out = nn.Linear(hidden, 10, device=device)

    def forward(self, x):
        m = self.blocks(x)
        n, c, h, w = m.shape
        seq = m.permute(2, 3, 0, 1).reshape(h * w, n, c)
        return self.out(self.gru(seq)[0][-1])


def build(c, device=None):
    """One configuration (a row of read_configs) as a model; device="meta" builds shapes without memory."""
    family = c["family"]
    if family == "mlp":
        return MLP(c["mlp_layers"], c["mlp_hidden"], device=device)
    if family == "cnn":
        return CNN(c["conv_layers"], c["conv_channels"], device=device)
    if family == "rnn":
        return RNN(c["rnn_layers"], c["rnn_hidden"], device=device)
    if family == "crnn":
        return CRNN(c["conv_layers"], c["rnn_layers"], c["conv_channels"], c["rnn_hidden"], device=device)
    raise ValueError("unknown family " + family)
