/* cel-snn-engine.h — the integrator behind the spiking network model: flat
 * arrays of membrane potentials, recovery and synaptic variables and
 * refractory counters, the connectivity as compressed sparse rows (each
 * neuron's targets, with one weight per synapse) and a ring of pending
 * synaptic input for the transmission delay.
 *
 * One step of length dt, numbered s, in the order Brian2 uses:
 *   1. the input that arrives in this step (slot s mod D of the ring, D the
 *      delay in steps) and the step's external Poisson events (a Poisson
 *      count with mean ν_ext dt per neuron, times the population's external
 *      weight) are added to the synaptic variables, or, for delta synapses,
 *      kept as a jump of the potential;
 *   2. a neuron outside its refractory period whose potential is at or above
 *      threshold (put there by painting) fires at once; any other is
 *      integrated with the synaptic variables held at their values at the
 *      start of the step (leaky integrate-and-fire: exponential Euler, exact
 *      for the linear membrane with frozen synapses; Izhikevich: forward
 *      Euler as Brian2 and Izhikevich's own code), a delta jump is added
 *      after the integration (refractory neurons lose it, as in Brunel 2000),
 *      and the neuron fires if it reaches threshold;
 *   3. the synaptic variables decay exactly, by exp(−dt/τ);
 *   4. a neuron that fired is reset (leaky integrate-and-fire: to V_r, held
 *      for the refractory steps; Izhikevich: v = c, u += d), and the weight
 *      of each of its synapses is added to slot (s + D) mod D of its target,
 *      which step s + D consumes (excitatory sources to g_e, inhibitory ones
 *      to g_i). With D = 1 a spike acts in the next step.
 *
 * Conductance synapses (COBA): C dV/dt = g_L (E_L − V) + g_e (E_e − V)
 * + g_i (E_i − V) + I, with g_e, g_i in nS. Current synapses (CUBA, Brian2's
 * formulation): τ_m dV/dt = E_L − V + g_e + g_i + R I, with g_e, g_i in mV
 * and τ_m = C/g_L, R = 1/g_L. Delta synapses: τ_m dV/dt = E_L − V + R I, and
 * a spike moves the target's V by its weight in mV.
 *
 * The neurons flagged in `stimulated` (painted with the held brush) also
 * receive Poisson events of their own into g_e, drawn in step 1 like the
 * external drive.
 *
 * Izhikevich neurons (Izhikevich 2003): dv/dt = 0.04 v² + 5 v + 140 − u + I,
 * du/dt = a (b v − u), with v in mV, t in ms and I the sum of the bias (in
 * the units of the equation) and the synaptic current: g_e (E_e − v)
 * + g_i (E_i − v) for COBA, g_L (g_e + g_i) for CUBA, all divided by 1 pF
 * as the equation's implicit capacitance. A spike is v ≥ 30 mV. */
#pragma once

#include <glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

typedef enum {
  CEL_SNN_KIND_COBA,
  CEL_SNN_KIND_CUBA,
  CEL_SNN_KIND_DELTA,
} CelSnnKind;

typedef struct {
  guint     n;            /* neurons; the first n_exc are excitatory */
  guint     n_exc;
  double   *v;            /* membrane potential, mV */
  double   *u;            /* Izhikevich recovery variable */
  double   *ge, *gi;      /* synaptic variables: nS (COBA) or mV (CUBA) */
  guint32  *refractory;   /* steps left in the refractory period */
  gint64   *last_spike;   /* step of the last spike, −1 if none */
  guint     n_input;      /* external input neurons n … n + n_input − 1 */
  guint32  *offsets;      /* n + n_input + 1 entries into targets */
  guint32  *targets;      /* all < n */
  float    *weights;      /* one per target: nS (COBA) or signed mV */
  guint32   delay;        /* D ≥ 1, steps */
  double   *pending_e;    /* D × n: input arriving in the step ≡ slot mod D */
  double   *pending_i;
  guint8   *stimulated;   /* n flags: these neurons receive the brush's
                           * Poisson drive; NULL when none do */
} CelSnnNet;

/* Parameters of one population. */
typedef struct {
  gboolean izhikevich;
  double   a, b, c, d;    /* Izhikevich */
  double   ext_mean;      /* expected external events per step, ν_ext dt */
  double   ext_weight;    /* added per external event: nS (COBA) or mV */
} CelSnnPopulation;

typedef struct {
  CelSnnKind kind;
  double   dt;            /* ms */
  double   tau_e, tau_i;  /* ms */
  double   capacitance;   /* pF */
  double   leak;          /* nS */
  double   rest, threshold, reset; /* mV */
  double   e_exc, e_inh;  /* mV, COBA */
  double   bias;          /* pA (Izhikevich: the I of the equation) */
  double   stim_mean;     /* the brush's expected events per step, ν dt */
  double   stim_weight;   /* added per brush event: nS (COBA) or mV */
  guint32  refractory_steps;
  CelSnnPopulation pop[2]; /* excitatory, inhibitory */
} CelSnnConstants;

/* Izhikevich's spike cut-off, mV. */
#define CEL_SNN_IZHIKEVICH_PEAK 30.0

/* A Poisson deviate with mean `mean` ≥ 0: Knuth's product of uniforms, in
 * pieces of mean at most 16 (a sum of Poisson counts is Poisson). */
guint cel_snn_poisson (CelRng *rng,
                       double  mean);

/* Allocates the ring of pending input for `delay` steps (≥ 1), zeroed. */
void  cel_snn_net_set_delay (CelSnnNet *net,
                             guint32    delay);

/* Delivers the spikes of the excitatory input neurons `sources` (each
 * ≥ n) that fired in step `step`: they act in step + D, like the network's
 * own. */
void  cel_snn_engine_deliver (CelSnnNet             *net,
                              const CelSnnConstants *k,
                              gint64                 step,
                              const guint32         *sources,
                              guint                  n_sources);

/* Advances one step numbered `step`, drawing the external events from rng;
 * writes the indices of the neurons that fired, ascending, to spikes (room
 * for n) and returns how many. */
guint cel_snn_engine_step (CelSnnNet             *net,
                           const CelSnnConstants *k,
                           gint64                 step,
                           CelRng                *rng,
                           guint32               *spikes);

G_END_DECLS
