#!/usr/bin/python3
"""nca-vs-torch.py — a training iteration of Cellarium's neural cellular
automaton against the same model in PyTorch on the CPU, same thread count.

The workload is the one `cellarium-cli bench nca` times (its canonical
configuration): a 72×72 grid, 16 channels, perception by identity and the
Sobel x and y filters scaled 1/8 (zero boundary), 48 → 128 ReLU → 16 with
the last layer zero and without bias, fire rate 0.5, alive threshold 0.1 on
the 3×3 maximum of alpha before and after the update, batch 8, 64 steps;
then the mean L2 loss on RGBA, the backward pass, per-tensor gradient
normalisation and an Adam step (after which W2 is set back to zero, so that
every iteration does the same work). Each grid starts as a disc of live
cells of radius 20 (a grown 40-cell creature), or as a full grid of live
cells. PyTorch computes every cell, as the usual implementations do;
Cellarium computes the pre-alive cells that fire and backpropagates with
checkpointing.

Both are timed over 5 iterations, after one warm-up iteration (Cellarium)
or two (PyTorch, whose first iterations grow its allocator). Prints seconds per
iteration for both workloads and the ratios; never fails on time.

Usage: tests/bench/nca-vs-torch.py [CELLARIUM-CLI] [THREADS]
(THREADS defaults to 2.) Exits 77 (skipped) when PyTorch is not installed.
"""
import os
import re
import subprocess
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("nca-vs-torch: PyTorch is not installed; skipped", file=sys.stderr)
    sys.exit(77)

SIZE, CHANNELS, HIDDEN, BATCH, STEPS, ITERATIONS = 72, 16, 128, 8, 64, 5


def cellarium(cli, threads):
    out = subprocess.run([cli, "bench", "nca", "--threads", str(threads)], check=True,
                         capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL="C", LANGUAGE="C")).stdout
    times = re.findall(r"\(([0-9]+) % of the cells live\): ([0-9.]+) s per iteration", out)
    return {int(p): float(s) for p, s in times}, out


class Nca(torch.nn.Module):
    def __init__(self):
        super().__init__()
        sx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 8
        self.register_buffer("sobel_x", sx.expand(CHANNELS, 1, 3, 3).contiguous())
        self.register_buffer("sobel_y", sx.t().expand(CHANNELS, 1, 3, 3).contiguous())
        self.w1 = torch.nn.Conv2d(3 * CHANNELS, HIDDEN, 1)
        torch.nn.init.xavier_uniform_(self.w1.weight)
        torch.nn.init.zeros_(self.w1.bias)
        self.w2 = torch.nn.Conv2d(HIDDEN, CHANNELS, 1, bias=False)
        torch.nn.init.zeros_(self.w2.weight)

    @staticmethod
    def alive(x):
        return F.max_pool2d(x[:, 3:4], 3, stride=1, padding=1) > 0.1

    def step(self, x):
        pre = self.alive(x)
        p = torch.cat([x, F.conv2d(x, self.sobel_x, padding=1, groups=CHANNELS),
                       F.conv2d(x, self.sobel_y, padding=1, groups=CHANNELS)], 1)
        dx = self.w2(F.relu(self.w1(p)))
        fire = torch.rand(x.shape[0], 1, SIZE, SIZE) < 0.5
        x = x + dx * (fire & pre)
        return x * (pre & self.alive(x))


def start_states(full):
    x = torch.zeros(BATCH, CHANNELS, SIZE, SIZE)
    target = torch.zeros(1, 4, SIZE, SIZE)
    yy, xx = torch.meshgrid(torch.arange(SIZE) + 0.5 - SIZE / 2, torch.arange(SIZE) + 0.5 - SIZE / 2,
                            indexing="ij")
    disc = torch.ones(SIZE, SIZE, dtype=torch.bool) if full else xx ** 2 + yy ** 2 < (SIZE * 20 / 72) ** 2
    x[:, :3, disc] = 0.5
    x[:, 3:, disc] = 1.0
    target[:, 0, disc] = 1.0
    target[:, 3, disc] = 1.0
    return x, target


def pytorch(threads, full):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Nca()
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    start, target = start_states(full)
    begin = 0.0
    # Two warm-up iterations: PyTorch's first ones grow its allocator.
    for it in range(ITERATIONS + 2):
        if it == 2:
            begin = time.perf_counter()
        x = start.clone()
        for _ in range(STEPS):
            x = model.step(x)
        loss = ((x[:, :4] - target) ** 2).mean()
        optimiser.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p.grad /= p.grad.norm() + 1e-8
        optimiser.step()
        with torch.no_grad():
            model.w2.weight.zero_()
    return (time.perf_counter() - begin) / ITERATIONS


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "cellarium-cli"
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    ours, out = cellarium(cli, threads)
    sys.stdout.write(out)
    print(f"PyTorch {torch.__version__}, {threads} threads, the same workload:")
    for full in (False, True):
        theirs = pytorch(threads, full)
        mine = ours[100] if full else min(v for k, v in ours.items() if k != 100)
        name = "full grid" if full else "creature-sized disc"
        print(f"  {name}: PyTorch {theirs:.3f} s per iteration, Cellarium {mine:.3f} s: "
              f"Cellarium {theirs / mine:.1f}× faster")


if __name__ == "__main__":
    main()
