#!/usr/bin/python3
"""snn-vs-brian2.py — Cellarium's spiking network engine against Brian2's
C++ standalone mode on the Vogels & Abbott (2005) COBA benchmark network.

The network is the one `cellarium-cli bench snn` runs (the snn model's
defaults): 3200 excitatory and 800 inhibitory leaky integrate-and-fire
neurons, connection probability 0.02, conductance synapses (w_e = 6 nS,
w_i = 67 nS, τ_e = 5 ms, τ_i = 10 ms, E_e = 0 mV, E_i = −80 mV), g_L = 10 nS,
C = 200 pF, E_L = V_r = −60 mV, V_t = −50 mV, 5 ms refractory, dt = 0.1 ms,
exponential Euler; V uniform in [V_r, V_t], g_e ~ N(4, 1.5²) nS and
g_i ~ N(20, 12²) nS at the start, negative draws set to 0.

Both simulate 1 s of biological time on one thread. Brian2's time is the
run time its compiled program reports for the simulation itself
(device._last_run_time): code generation, compilation, network
construction and the writing of results are excluded. Cellarium's is the
stepping that `bench snn` times (the network is built at the reset, before
the clock starts). Prints both and their ratio; never fails on time.

Usage: tests/bench/snn-vs-brian2.py [CELLARIUM-CLI]
Exits 77 (skipped) when Brian2 is not installed.
"""
import os
import re
import subprocess
import sys
import tempfile

try:
    import brian2 as b2
except ImportError:
    print("snn-vs-brian2: Brian2 is not installed; skipped", file=sys.stderr)
    sys.exit(77)


def cellarium(cli):
    out = subprocess.run([cli, "bench", "snn"], check=True, capture_output=True,
                         text=True, env=dict(os.environ, LC_ALL="C")).stdout
    seconds = float(re.search(r"\(\d+ steps\) in ([0-9.]+) s", out).group(1))
    spikes = int(re.search(r"^(\d+) spikes", out, re.M).group(1))
    events = int(re.search(r"(\d+) synaptic events", out).group(1))
    return seconds, spikes, events


def brian2(directory):
    from brian2 import ms, mV, nS, pF
    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = 0.1 * ms
    b2.seed(1)
    n_e, n_i = 3200, 800
    eqs = """
    dv/dt = (gl * (El - v) + ge * (Ee - v) + gi * (Ei - v)) / C : volt (unless refractory)
    dge/dt = -ge / taue : siemens
    dgi/dt = -gi / taui : siemens
    """
    namespace = dict(gl=10 * nS, C=200 * pF, El=-60 * mV, Ee=0 * mV, Ei=-80 * mV,
                     taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV)
    group = b2.NeuronGroup(n_e + n_i, eqs, threshold="v > Vt", reset="v = Vr",
                           refractory=5 * ms, method="exponential_euler",
                           namespace=namespace)
    group.v = "Vr + rand() * (Vt - Vr)"
    group.ge = "clip(4 + 1.5 * randn(), 0, inf) * nS"
    group.gi = "clip(20 + 12 * randn(), 0, inf) * nS"
    exc = b2.Synapses(group[:n_e], group, on_pre="ge += 6 * nS")
    inh = b2.Synapses(group[n_e:], group, on_pre="gi += 67 * nS")
    exc.connect(p=0.02)
    inh.connect(p=0.02)
    monitor = b2.SpikeMonitor(group, record=False)
    b2.run(1000 * ms)
    b2.device.build(directory=directory, compile=True, run=True)
    events = int(monitor.num_spikes)  # spikes; events follow from the synapses
    synapses = len(exc) + len(inh)
    return b2.device._last_run_time, events, synapses


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cli = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "CELLARIUM_CLI", os.path.join(here, "..", "..", "build", "app", "cellarium-cli"))
    if not os.access(cli, os.X_OK):
        print(f"snn-vs-brian2: no cellarium-cli at {cli} (build first, or pass its path)",
              file=sys.stderr)
        return 1
    c_seconds, c_spikes, c_events = cellarium(cli)
    with tempfile.TemporaryDirectory() as directory:
        b_seconds, b_spikes, b_synapses = brian2(directory)
    print("COBA benchmark, 4000 neurons, 1 s of biological time, one thread")
    print(f"  Cellarium: {c_seconds:.3f} s, {c_spikes} spikes, {c_events} synaptic events "
          f"({c_events / c_seconds:.4g} per second)")
    print(f"  Brian2 C++ standalone: {b_seconds:.3f} s, {b_spikes} spikes, "
          f"{b_synapses} synapses")
    print(f"  Brian2 time / Cellarium time: {b_seconds / c_seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
