#!/usr/bin/python3
"""nca-vs-torch.py — a training iteration of Cellarium's neural cellular
automaton against the same model in PyTorch on the CPU, same thread count,
from the same start states.

The model is `cellarium-cli bench nca`'s canonical configuration: a 72×72
grid, 16 channels, perception by identity and the Sobel x and y filters
scaled 1/8 (zero boundary), 48 → 128 ReLU → 16 with the last layer zero and
without bias, fire rate 0.5, alive threshold 0.1 on the 3×3 maximum of alpha
before and after the update, batch 8, 64 steps; then the mean L2 loss on
RGBA, the backward pass, per-tensor gradient normalisation and an Adam step
(after which W2 is set back to zero, so that the states stay as they started
and every iteration does the same work).

The workloads are the benchmark's, read from the file its --dump-states
writes (raw float32 in the machine's byte order; per workload the states
[batch][height][width][channels], then the target [height][width][4]):
  grown creature       the shipped lizard's network (data/presets/
                       nca-lizard.cellarium) grows 8 lizards from centred
                       seeds for 96 steps, each with its own fire masks;
  creature-sized disc  a disc of live cells of radius 20;
  full grid            every cell live.
PyTorch computes every cell, as the usual implementations do; Cellarium
computes the pre-alive cells that fire and backpropagates with
checkpointing. The first iteration's loss of both is printed as a check that
they run the same workload (W2 is zero, so it does not depend on the fire
masks).

Both are timed over 5 iterations, after one warm-up iteration (Cellarium)
or two (PyTorch, whose first iterations grow its allocator), REPEATS times
alternately; prints the range of seconds per iteration and of the ratios;
never fails on time.

Usage: tests/bench/nca-vs-torch.py [CELLARIUM-CLI] [THREADS] [REPEATS]
(THREADS defaults to 2, REPEATS to 1.) Exits 77 (skipped) when PyTorch or
NumPy is not installed.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

try:
    import numpy
    import torch
    import torch.nn.functional as F
except ImportError:
    print("nca-vs-torch: PyTorch or NumPy is not installed; skipped", file=sys.stderr)
    sys.exit(77)

SIZE, CHANNELS, HIDDEN, BATCH, STEPS, ITERATIONS = 72, 16, 128, 8, 64, 5
PRESET = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "presets",
                      "nca-lizard.cellarium")
LINE = re.compile(r"threads [0-9]+, (.+) \(([0-9.]+) % of the cells live, loss ([0-9.]+)\): "
                  r"([0-9.]+) s per iteration")


def cellarium(cli, threads, dump):
    args = [cli, "bench", "nca", "--threads", str(threads), "--grow-from", PRESET]
    if dump is not None:
        args += ["--dump-states", dump]
    out = subprocess.run(args, check=True, capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="C")).stdout
    return [(m[0], float(m[1]), float(m[2]), float(m[3])) for m in LINE.findall(out)], out


def read_workloads(path, count):
    data = numpy.fromfile(path, dtype=numpy.float32)
    states_len, target_len = BATCH * SIZE * SIZE * CHANNELS, SIZE * SIZE * 4
    assert data.size == count * (states_len + target_len), "unexpected dump size"
    workloads = []
    for w in range(count):
        base = w * (states_len + target_len)
        states = data[base:base + states_len].reshape(BATCH, SIZE, SIZE, CHANNELS)
        target = data[base + states_len:base + states_len + target_len].reshape(1, SIZE, SIZE, 4)
        workloads.append((torch.from_numpy(states.copy()).permute(0, 3, 1, 2).contiguous(),
                          torch.from_numpy(target.copy()).permute(0, 3, 1, 2).contiguous()))
    return workloads


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


def pytorch(threads, start, target):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Nca()
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    begin, first_loss = 0.0, None
    # Two warm-up iterations: PyTorch's first ones grow its allocator.
    for it in range(ITERATIONS + 2):
        if it == 2:
            begin = time.perf_counter()
        x = start.clone()
        for _ in range(STEPS):
            x = model.step(x)
        loss = ((x[:, :4] - target) ** 2).mean()
        if first_loss is None:
            first_loss = loss.item()
        optimiser.zero_grad()
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p.grad /= p.grad.norm() + 1e-8
        optimiser.step()
        with torch.no_grad():
            model.w2.weight.zero_()
    return (time.perf_counter() - begin) / ITERATIONS, first_loss


def span(values, digits):
    lo, hi = min(values), max(values)
    return f"{lo:.{digits}f}" if lo == hi else f"{lo:.{digits}f}–{hi:.{digits}f}"


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "cellarium-cli"
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    fd, dump = tempfile.mkstemp(prefix="nca-states-", suffix=".f32")
    os.close(fd)
    try:
        ours, out = cellarium(cli, threads, dump)
        workloads = read_workloads(dump, len(ours))
    finally:
        os.unlink(dump)
    sys.stdout.write(out)
    mine = {name: [seconds] for name, _, _, seconds in ours}
    theirs = {name: [] for name, _, _, _ in ours}
    losses = {}
    for r in range(repeats):
        if r > 0:
            for name, _, _, seconds in cellarium(cli, threads, None)[0]:
                mine[name].append(seconds)
        for (name, _, _, _), (start, target) in zip(ours, workloads):
            seconds, losses[name] = pytorch(threads, start, target)
            theirs[name].append(seconds)
    print(f"PyTorch {torch.__version__}, {threads} threads, the same start states, "
          f"{repeats} run(s) each:")
    for name, live, loss, _ in ours:
        ratios = [t / m for t, m in zip(theirs[name], mine[name])]
        print(f"  {name} ({live:.1f} % live; first loss Cellarium {loss:.5f}, PyTorch "
              f"{losses[name]:.5f}): PyTorch {span(theirs[name], 3)} s per iteration, Cellarium "
              f"{span(mine[name], 3)} s: Cellarium {span(ratios, 1)}× faster")


if __name__ == "__main__":
    main()
