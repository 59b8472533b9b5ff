/* cel-snn-engine.h — the integrator behind the spiking network model: flat
 * arrays of membrane potentials, synaptic variables and refractory counters,
 * and the connectivity as compressed sparse rows (each neuron's targets).
 *
 * One step of length dt, in the order Brian2 uses:
 *   1. a neuron outside its refractory period whose potential is at or above
 *      threshold (put there by painting) fires at once; any other is
 *      integrated with the synaptic variables held at their values at the
 *      start of the step (exponential Euler: exact for the linear membrane
 *      with frozen synapses), and fires if it reaches threshold;
 *   2. the synaptic variables decay exactly, by exp(−dt/τ);
 *   3. a neuron that fired is reset and held for the refractory steps, and
 *      its spike is added to the synaptic variable of each of its targets
 *      (excitatory sources to ge, inhibitory ones to gi).
 *
 * Conductance synapses (COBA): C dV/dt = g_L (E_L − V) + g_e (E_e − V)
 * + g_i (E_i − V) + I, with g_e, g_i in nS. Current synapses (CUBA, Brian2's
 * formulation): τ_m dV/dt = E_L − V + g_e + g_i + R I, with g_e, g_i in mV
 * and τ_m = C/g_L, R = 1/g_L. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint     n;            /* neurons; the first n_exc are excitatory */
  guint     n_exc;
  double   *v;            /* membrane potential, mV */
  double   *ge, *gi;      /* synaptic variables: nS (COBA) or mV (CUBA) */
  guint32  *refractory;   /* steps left in the refractory period */
  gint64   *last_spike;   /* step of the last spike, −1 if none */
  guint32  *offsets;      /* n + 1 entries into targets */
  guint32  *targets;
} CelSnnNet;

typedef struct {
  gboolean conductance;   /* COBA rather than CUBA */
  double   dt;            /* ms */
  double   tau_e, tau_i;  /* ms */
  double   capacitance;   /* pF */
  double   leak;          /* nS */
  double   rest, threshold, reset; /* mV */
  double   e_exc, e_inh;  /* mV, COBA */
  double   bias;          /* pA */
  double   jump_e, jump_i;/* added to ge / gi per spike: nS (COBA) or signed mV (CUBA) */
  guint32  refractory_steps;
} CelSnnConstants;

/* Advances one step numbered `step`; writes the indices of the neurons that
 * fired, ascending, to spikes (room for n) and returns how many. */
guint cel_snn_engine_step (CelSnnNet             *net,
                           const CelSnnConstants *k,
                           gint64                 step,
                           guint32               *spikes);

G_END_DECLS
