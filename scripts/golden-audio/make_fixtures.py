#!/usr/bin/python3
"""Golden fixtures for the audio module: WAV files and torchaudio's mel spectrograms of them.

Run with Debian's interpreter (torch 1.13, torchaudio 0.13):
    /usr/bin/python3 scripts/golden-audio/make_fixtures.py

Writes into audio/src/test/resources/golden-audio/:
  *.wav          small test signals in several encodings (16/24/32-bit PCM, 32-bit float
                 WAVE_FORMAT_EXTENSIBLE, mono and multichannel; channel 0 carries the test signal)
  *.mel          torchaudio's MelSpectrogram of channel 0, padded/cropped to 10 s as the study does (float32,
                 what the study computed)
  *.mel64        the same transform built and run in float64 (filterbank included), rounded to float32 at
                 the end: the exact maths, to show that the Java pipeline (double) differs from torchaudio's
                 float32 result only by torchaudio's float32 rounding (mostly of its filterbank)
  melfb.f32      torchaudio's filterbank melscale_fbanks(1025, 0, 22050, 128, 44100), shape (1025, 128)
  cases.tsv      one row per case: name, source (a wav file, or "formula" for the long signal that
                 the Java test synthesises itself), first stored frame, number of stored frames

Binary arrays (.mel, .f32): little-endian; magic b"JF32", int32 ndim, int32 dims[ndim], float32 data
(row-major). A .mel array has shape (128, frames): mel bins low to high, then frames.
"""
import os
import struct

import numpy as np
import torch
import torchaudio

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audio", "src", "test", "resources", "golden-audio")
RATE = 44100
CLIP = 10 * RATE  # the study pads with zeros or crops every clip to 10 s



def study_transform():
    return torchaudio.transforms.MelSpectrogram(
        sample_rate=RATE, n_fft=2048, win_length=2048, hop_length=256, f_min=0.0, f_max=22050.0,
        n_mels=128, window_fn=torch.hamming_window, wkwargs={"periodic": False}, power=1.0,
        center=True, pad_mode="reflect", norm=None, mel_scale="htk")


MEL = study_transform()
torch.set_default_dtype(torch.float64)  # the window and filterbank are built in the default dtype
MEL64 = study_transform()
torch.set_default_dtype(torch.float32)


def write_array(path, array):
    array = np.ascontiguousarray(array, dtype="<f4")
    with open(path, "wb") as f:
        f.write(b"JF32")
        f.write(struct.pack("<i", array.ndim))
        f.write(struct.pack("<%di" % array.ndim, *array.shape))
        f.write(array.tobytes())


def write_wav(path, channels, encoding):
    """channels: float64 array (channels, frames) in [-1, 1]. encoding: pcm16, pcm24, pcm32, float32ext."""
    n_ch, n = channels.shape
    interleaved = channels.T.reshape(-1)
    if encoding == "pcm16":
        bits, tag = 16, 1
        data = np.clip(np.round(interleaved * 32768), -32768, 32767).astype("<i2").tobytes()
    elif encoding == "pcm24":
        bits, tag = 24, 1
        ints = np.clip(np.round(interleaved * 8388608), -8388608, 8388607).astype("<i4")
        data = ints.view(np.uint8).reshape(-1, 4)[:, :3].tobytes()  # low three bytes, little-endian
    elif encoding == "pcm32":
        bits, tag = 32, 1
        data = np.clip(np.round(interleaved * 2147483648.0), -2147483648, 2147483647).astype("<i4").tobytes()
    elif encoding == "float32ext":
        bits, tag = 32, 0xFFFE
        data = interleaved.astype("<f4").tobytes()
    else:
        raise ValueError(encoding)
    block = n_ch * bits // 8
    if tag == 0xFFFE:
        # WAVE_FORMAT_EXTENSIBLE: cbSize 22, valid bits, channel mask, sub-format GUID (IEEE float = 3)
        guid = struct.pack("<IHH8s", 3, 0x0000, 0x0010, bytes([0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]))
        fmt = struct.pack("<HHIIHHHHI", tag, n_ch, RATE, RATE * block, block, bits, 22, bits, (1 << n_ch) - 1) + guid
    else:
        fmt = struct.pack("<HHIIHH", tag, n_ch, RATE, RATE * block, block, bits)
    # a LIST chunk before "data" checks that the reader skips chunks it does not know
    info = b"INFOISFT" + struct.pack("<I", 6) + b"joules"
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"LIST" + struct.pack("<I", len(info)) + info
            + b"data" + struct.pack("<I", len(data)) + data)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", len(body)) + body)


def study_mel(channel0, transform=MEL):
    """The study's features: channel 0, zero-padded or cropped to 10 s, torchaudio MelSpectrogram."""
    x = channel0[:CLIP]
    x = torch.nn.functional.pad(x, (0, CLIP - x.shape[0]))
    return transform(x.to(transform.mel_scale.fb.dtype))  # (128, 1723)


def write_mels(name, channel0, start, frames):
    """Writes name.mel (float32 torchaudio) and name.mel64 (float64 torchaudio) for frames [start, start+frames)."""
    mel = study_mel(channel0)[:, start:start + frames]
    mel64 = study_mel(channel0, MEL64)[:, start:start + frames]
    write_array(os.path.join(OUT, name + ".mel"), mel.numpy())
    write_array(os.path.join(OUT, name + ".mel64"), mel64.numpy())
    ref = mel64.norm().item()
    rel = (mel.double() - mel64).norm().item() / ref if ref > 0 else 0.0
    print(f"{name:28s} max {mel.max().item():10.4f}  torchaudio float32 vs float64: ||a-b||/||b|| = {rel:.2e}")


def formula_signal(n):
    """A deterministic 10.5 s signal the Java test synthesises with the same formula (float64, then float32)."""
    t = np.arange(n, dtype=np.float64) / RATE
    x = (0.4 * np.sin(2 * np.pi * 440.0 * t)
         + 0.3 * np.sin(2 * np.pi * (200.0 * t + 500.0 * t * t))
         + 0.2 * np.sin(2 * np.pi * 7000.0 * t) * np.sin(2 * np.pi * 3.0 * t))
    return x.astype(np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240601)
    t = lambda seconds: np.arange(int(seconds * RATE)) / RATE

    tt = t(0.75)
    tones = sum(a * np.sin(2 * np.pi * f * tt) for a, f in [(0.3, 440.0), (0.2, 1000.0), (0.1, 5000.0), (0.05, 15000.0)])
    tc = t(0.5)
    chirp = 0.7 * np.sin(2 * np.pi * 50.0 * 0.5 / np.log(400.0) * (np.power(400.0, tc / 0.5) - 1))  # 50 Hz -> 20 kHz
    clipped = np.clip(3.0 * np.sin(2 * np.pi * 220.0 * tc) + 0.05 * rng.standard_normal(tc.size), -1.0, 1.0)
    ts = t(0.2)
    short = 0.5 * np.sin(2 * np.pi * 330.0 * ts) + 0.1 * rng.standard_normal(ts.size)

    # name, encoding, channels (channel 0 is the signal; other channels differ so channel choice is tested)
    cases = [
        ("noise_pcm16_mono", "pcm16", np.stack([0.3 * rng.standard_normal(RATE).clip(-3, 3) / 3])),
        ("tones_pcm24_stereo", "pcm24", np.stack([tones, 0.5 * rng.standard_normal(tt.size).clip(-1, 1)])),
        ("chirp_pcm32_mono", "pcm32", np.stack([chirp])),
        ("clipped_float32ext_3ch", "float32ext", np.stack([clipped, 0.1 * np.sin(2 * np.pi * 90 * tc), -clipped])),
        ("silence_pcm16_mono", "pcm16", np.zeros((1, RATE // 2))),
        ("short_padded_pcm16_mono", "pcm16", np.stack([short])),
    ]
    rows = ["name\tsource\tframe_start\tframes"]
    for name, encoding, channels in cases:
        wav = name + ".wav"
        write_wav(os.path.join(OUT, wav), channels, encoding)
        waveform, rate = torchaudio.load(os.path.join(OUT, wav))  # float32, normalised as the Java reader does
        assert rate == RATE and waveform.shape[0] == channels.shape[0], (name, rate, waveform.shape)
        assert study_mel(waveform[0]).shape == (128, 1723)
        write_mels(name, waveform[0], 0, 64)
        rows.append(f"{name}\t{wav}\t0\t64")

    # the short file again, all 1723 frames of its 10 s padded clip: frames past 128 are exact zeros,
    # so only the first 128 are stored (the Java test checks that the rest are zero)
    short = torchaudio.load(os.path.join(OUT, "short_padded_pcm16_mono.wav"))[0][0]
    assert (study_mel(short)[:, 128:] == 0).all()
    write_mels("short_padded_all", short, 0, 128)
    rows.append("short_padded_all\tshort_padded_pcm16_mono.wav\t0\t128")

    # cropping: a 10.5 s signal cropped to 10 s; the last 64 frames see the reflect padding at the crop point
    long = torch.from_numpy(formula_signal(int(10.5 * RATE)))
    write_mels("formula_cropped_tail", long, 1723 - 64, 64)
    rows.append(f"formula_cropped_tail\tformula\t{1723 - 64}\t64")

    fb = torchaudio.functional.melscale_fbanks(1025, 0.0, 22050.0, 128, RATE, norm=None, mel_scale="htk")
    write_array(os.path.join(OUT, "melfb.f32"), fb.numpy())
    with open(os.path.join(OUT, "cases.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, p)) for p in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total / 1e6:.2f} MB, into {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
