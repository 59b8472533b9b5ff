/* cel-snn.h — spiking networks of leaky integrate-and-fire neurons (model
 * id "snn").
 *
 * N_E excitatory and N_I inhibitory neurons, each pair (i, j), i ≠ j,
 * connected from i to j independently with probability p (Erdős–Rényi, as
 * Brian2's connect(p=…)). The membrane follows
 *
 *   conductance synapses (COBA): C dV/dt = g_L (E_L − V) + g_e (E_e − V)
 *                                          + g_i (E_i − V) + I
 *   current synapses (CUBA):     τ_m dV/dt = E_L − V + g_e + g_i + I/g_L
 *
 * with τ_m = C/g_L. A spike of an excitatory neuron adds w_e (COBA, nS) or
 * +j_e (CUBA, mV) to g_e of each target, an inhibitory one w_i or −j_i to
 * g_i; g_e and g_i decay with τ_e and τ_i. At V ≥ V_t the neuron fires, is
 * reset to V_r and held there for the refractory period. The constant
 * current I (default 0) lets a single neuron be checked against the LIF
 * rate 1/(t_ref + τ_m ln((R I + E_L − V_r)/(R I + E_L − V_t))).
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
 * Field "potential": the neurons row by row on a sheet ceil(√N) wide, V over
 * [−80, −50] mV, a neuron shown at −50 mV in the step it fires. Painting
 * sets V of the painted neurons to the painted value in mV, clamped to
 * [−80 mV, V_t]: any value at or above threshold makes them fire.
 * Plots: "raster" (spike times in ms against neuron index) and "rates"
 * (the E and I population rates in Hz, one point per millisecond). */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_SNN_COBA,
  CEL_SNN_CUBA,
} CelSnnSynapses;

#define CEL_TYPE_SNN_SYNAPSES (cel_snn_synapses_get_type ())
GType cel_snn_synapses_get_type (void);

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
/* Simulated time since the reset, in ms. */
double  cel_snn_get_time        (CelSnn   *self);

G_END_DECLS
