/* cel-snn.h — spiking networks (model id "snn").
 *
 * N_E excitatory and N_I inhibitory neurons. Connectivity: random, each
 * pair (i, j), i ≠ j, connected from i to j independently with probability
 * p (Erdős–Rényi, as Brian2's connect(p=…)); or distance-dependent (Maass,
 * Natschläger & Markram 2002), with probability C_XY e^(−(d/λ)²) for
 * neurons d grid spacings apart (C_EE 0.3, C_EI 0.2, C_IE 0.4, C_II 0.1 by
 * default), drawn out to 4λ, the neurons placed at random cells of a grid
 * of `columns` × rows × `layers` so that the two populations mix.
 *
 * Neurons: leaky integrate-and-fire, whose membrane follows
 *
 *   conductance synapses (COBA): C dV/dt = g_L (E_L − V) + g_e (E_e − V)
 *                                          + g_i (E_i − V) + I
 *   current synapses (CUBA):     τ_m dV/dt = E_L − V + g_e + g_i + I/g_L
 *   delta synapses:              τ_m dV/dt = E_L − V + I/g_L, and each
 *                                spike moves V at once
 *
 * with τ_m = C/g_L, fire at V ≥ V_t, are reset to V_r and held there for
 * the refractory period (delta input arriving then is lost, as in Brunel
 * 2000); or, per population, Izhikevich's (2003) model
 * dv/dt = 0.04 v² + 5 v + 140 − u + I, du/dt = a (b v − u), firing at
 * v ≥ 30 mV, then v = c, u += d (regular spiking 0.02, 0.2, −65, 8; fast
 * spiking 0.1, 0.2, −65, 2; intrinsically bursting 0.02, 0.2, −55, 4;
 * chattering 0.02, 0.2, −50, 2), started at v = −65 mV, u = b v, with the
 * bias and the synaptic current in the units of the equation (see
 * cel-snn-engine.h).
 *
 * Synapses: each has its own weight, starting at the population's w_e
 * (COBA, nS) or +j_e (mV) from an excitatory neuron, w_i or −j_i from an
 * inhibitory one, added to the target's g_e or g_i (or V) after the delay
 * (rounded to whole steps, at least one); g_e and g_i decay with τ_e and
 * τ_i. A later change of a population weight scales its synapses. Every
 * neuron may also receive independent Poisson events (rate ν_ext and
 * weight per population) into g_e (or V). The constant current I (default
 * 0) lets a single neuron be checked against the LIF rate
 * 1/(t_ref + τ_m ln((R I + E_L − V_r)/(R I + E_L − V_t))).
 *
 * Input: optionally 64 Poisson neurons showing the 8 × 8 handwritten digits
 * (cel-snn-readout.h), each for the presentation time in turn, connected to
 * each network neuron with probability input-p and weight input-w.
 * Plasticity: pair-based STDP on the E → E and/or E → I synapses, with the
 * NALSM astrocyte setting the depression (cel-snn-plasticity.h); switching
 * it on or changing its rule restarts the traces and keeps the weights.
 * The rule runs after the step's spikes were delivered, so a spike's own
 * transmission uses the weight from before its update.
 * Analysis "readout": the liquid state machine on the digits (see
 * run_readout in cel-snn.c).
 *
 * Defaults are the Vogels & Abbott (2005) COBA benchmark as Brian2 runs it
 * (Brette et al. 2007): 3200 + 800 neurons, p = 0.02, τ_m = 20 ms, E_L = V_r
 * = −60 mV, V_t = −50 mV, 5 ms refractory, τ_e = 5 ms, τ_i = 10 ms,
 * E_e = 0 mV, E_i = −80 mV, g_L = 10 nS, C = 200 pF, w_e = 6 nS,
 * w_i = 67 nS, dt = 0.1 ms. Initial V is uniform in [V_r, V_t]; COBA starts
 * with g_e ~ N(4, 1.5²) nS and g_i ~ N(20, 12²) nS (negative draws set to
 * 0), as in the benchmark scripts, since the network has no external drive;
 * CUBA starts with g_e = g_i = 0 (E_L = −49 mV lies above threshold).
 *
 * Field "potential": the neurons on the grid (by default row by row on a
 * sheet ceil(√N) wide; the layers of a 3-D grid one below the other), V on
 * a scale from as far below the lower of rest and reset as threshold lies
 * above it, with a neuron that fired in the last 5 ms flashing at the top
 * of the scale, a quarter of its range above threshold. The brush
 * either drives (the default): for as long as the brush is held, each
 * painted neuron receives Poisson events at the stimulus rate (default
 * 10 kHz) into g_e, each of the excitatory synapses' weight (w_e for COBA,
 * j_e otherwise), and the eraser stops them; a drive rather than a
 * current, since a current is shunted in the COBA network, whose
 * inhibitory conductance runs at 150–450 nS, while 10 kHz of 6 nS events
 * (g_e ≈ 300 nS) still pulls V above threshold; or it sets V of the
 * painted neurons to the painted value in mV, clamped to [−80 mV, V_t]: any
 * value at or above threshold makes them fire in the next step (an
 * Izhikevich neuron is put at its 30 mV cut-off). Only the second is undone
 * and saved: a stimulus lasts while the brush is held.
 * Plots: "raster" ("raster-e" and "raster-i": every recent spike, time in
 * ms against neuron index, a sliding window of the series), "rates" (the E
 * and I population rates in Hz, one point per millisecond, through an
 * exponential filter of the rate-smoothing time constant, default 5 ms), "isi-cv" and
 * "branching" (cel-snn-stats.h over the statistics window, a point every
 * 10 ms; they restart from the rasters' spikes after a state is loaded;
 * the branching factor is NALSM's descendant spikes per ancestor spike
 * within 4 ms through the synapses, as the readout analysis reports it,
 * but over every max (1, ⌊N / 500⌋)-th neuron, so that it stays cheap in
 * large networks), and "plasticity" (the depression amplitude in force
 * while STDP is on). */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_SNN_COBA,
  CEL_SNN_CUBA,
  CEL_SNN_DELTA,
} CelSnnSynapses;

#define CEL_TYPE_SNN_SYNAPSES (cel_snn_synapses_get_type ())
GType cel_snn_synapses_get_type (void);

typedef enum {
  CEL_SNN_RANDOM,
  CEL_SNN_DISTANCE,
} CelSnnConnectivity;

#define CEL_TYPE_SNN_CONNECTIVITY (cel_snn_connectivity_get_type ())
GType cel_snn_connectivity_get_type (void);

typedef enum {
  CEL_SNN_INPUT_NONE,
  CEL_SNN_INPUT_DIGITS,
} CelSnnInput;

#define CEL_TYPE_SNN_INPUT (cel_snn_input_get_type ())
GType cel_snn_input_get_type (void);

typedef enum {
  CEL_SNN_LIF,
  CEL_SNN_IZHIKEVICH,
} CelSnnNeuron;

#define CEL_TYPE_SNN_NEURON (cel_snn_neuron_get_type ())
GType cel_snn_neuron_get_type (void);

typedef enum {
  CEL_SNN_BRUSH_STIMULUS,
  CEL_SNN_BRUSH_POTENTIAL,
} CelSnnBrush;

#define CEL_TYPE_SNN_BRUSH (cel_snn_brush_get_type ())
GType cel_snn_brush_get_type (void);

#define CEL_TYPE_SNN (cel_snn_get_type ())
G_DECLARE_FINAL_TYPE (CelSnn, cel_snn, CEL, SNN, CelModel)

/* Most neurons of each population. */
#define CEL_SNN_MAX_NEURONS 20000u
/* Most expected connections, N² p (about 200 MB of targets). */
#define CEL_SNN_MAX_SYNAPSES 50000000.0

/* Spikes of the excitatory (excitatory = TRUE) or inhibitory population
 * since the reset. */
guint64 cel_snn_get_spike_count (CelSnn   *self,
                                 gboolean  excitatory);
/* Synaptic events since the reset: each spike counts once per synapse of
 * its neuron. */
guint64 cel_snn_get_synaptic_events (CelSnn *self);
/* Simulated time since the reset, in ms. */
double  cel_snn_get_time        (CelSnn   *self);

G_END_DECLS
