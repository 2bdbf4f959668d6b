#!/usr/bin/python3
"""torchaudio on the files FeatureBench wrote: the study's 64-frame mel features of every clip.

    /usr/bin/python3 bench/audio/torchaudio_bench.py DIR [STUDY_CLIPS]

Two ways, both on all cores (torch's intra-op threads):
  study   as the study's data loader does it: load the whole 10 s file, MelSpectrogram of the 10 s clip
          (1,723 frames), keep the first 64; one clip at a time. Slow (about 50 ms a clip), so it runs
          on the first STUDY_CLIPS clips (default 300) and the time for all clips is extrapolated
  prefix  the fastest fair torchaudio: load only the 17,152 samples the first 64 frames read, and transform
          a batch of 64 clips per call
"""
import os
import sys
import time

import torch
import torchaudio

RATE, CLIP, NEEDED = 44100, 441000, 17152


def main():
    torch.set_num_threads(len(os.sched_getaffinity(0)))  # Debian's torch starts with 1 thread here
    folder = os.path.join(sys.argv[1], "audio")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".wav"))
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=RATE, n_fft=2048, win_length=2048, hop_length=256, f_min=0.0, f_max=22050.0,
        n_mels=128, window_fn=torch.hamming_window, wkwargs={"periodic": False}, power=1.0,
        center=True, pad_mode="reflect", norm=None, mel_scale="htk")
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, threads {torch.get_num_threads()}, clips {len(files)}")

    with torch.no_grad():
        study = files[:int(sys.argv[2]) if len(sys.argv) > 2 else 300]
        start = time.perf_counter()
        out = torch.empty(len(files), 1, 128, 64)
        for i, f in enumerate(study):
            x = torchaudio.load(f)[0][0][:CLIP]
            x = torch.nn.functional.pad(x, (0, CLIP - x.shape[0]))
            out[i, 0] = mel(x)[:, :64]
        took = time.perf_counter() - start
        print(f"torchaudio study way (whole file, 1723 frames, one clip at a time): {took:.2f} s for {len(study)} clips, "
              f"{took * len(files) / len(study):.1f} s extrapolated to {len(files)}")

        start = time.perf_counter()
        for b in range(0, len(files), 64):
            batch = torch.stack([torchaudio.load(f, num_frames=NEEDED)[0][0] for f in files[b:b + 64]])
            out[b:b + batch.shape[0], 0] = mel(batch)[:, :, :64]
        print(f"torchaudio prefix way (17152 samples, batches of 64): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
