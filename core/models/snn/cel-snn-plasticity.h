/* cel-snn-plasticity.h — pair-based spike-timing-dependent plasticity with
 * traces, and its astrocyte-modulated variant (NALSM).
 *
 * STDP (Song, Miller & Abbott 2000, in the trace form of Morrison, Diesmann
 * & Gerstner 2008, all-to-all pairing). Every neuron carries a presynaptic
 * trace x⁺ and a postsynaptic trace x⁻ that decay as dx/dt = −x/τ₊ and
 * dx/dt = −x/τ₋ and grow by 1 at each of its spikes. For a synapse i → j:
 *
 *   spike of i (pre):  w ← max (0,     w − A₋ w_max x⁻_j)   (depression)
 *   spike of j (post): w ← min (w_max, w + A₊ w_max x⁺_i)   (potentiation)
 *
 * so a lone pre spike followed Δt later by a post spike changes w by
 * +A₊ w_max e^(−Δt/τ₊), a post spike followed Δt later by a pre spike by
 * −A₋ w_max e^(−Δt/τ₋). Spikes in the same step do not pair with each other.
 *
 * Astrocyte (Ivanov & Michmizos 2021, "Increasing liquid state machine
 * performance with edge-of-chaos dynamics organized by astrocyte-modulated
 * plasticity", NeurIPS; as their published code, NALSM_ASTRO.py, computes
 * it): one astrocyte integrates the liquid's activity minus the input's,
 * and its state is the depression amplitude of every plastic synapse:
 *
 *   τ_astro dA₋/dt = −A₋ + b + w (Σ_liquid δ(t − t_k) − Σ_input δ(t − t_k)) · 1 ms
 *
 * with b the a_minus parameter (the paper's astrocyte bias b_astro), w the
 * astro_gain (the paper's w_astro) and τ_astro the tau_astro. With the
 * liquid and input firing ρ_L and ρ_I spikes per millisecond (summed over
 * each population), A₋ relaxes to b + w (ρ_L − ρ_I): the paper's update,
 * which counts spikes in 1 ms steps. Each step of dt relaxes A₋ exactly
 * and then adds the step's spikes: A₋ ← b + (A₋ − b) e^(−dt/τ_astro) + (w · 1 ms/τ_astro)(L − I),
 * L and I the step's liquid and input spikes. A₋ starts at b; the
 * depression applied is max (0, A₋), so that depression never turns into
 * potentiation (the paper leaves A₋ unclipped). When the liquid fires more
 * than its input drives, depression grows and weakens the recurrent
 * synapses; when it fires less, depression shrinks and STDP's potentiation
 * wins: the network is pushed towards a branching factor of 1. The weights
 * settle where depression balances potentiation, A₋ ≈ A₊ (a little more,
 * for the pairs a synapse causes), that is where the liquid fires about
 * (A₊ − b)/w spikes per millisecond more than its input: b and w place
 * that point (the paper tunes the bias), and the gain w must be large
 * enough for the liquid's actual excess to move A₋ by a fair part of A₊,
 * or the rule is plain STDP. (The digits preset: A₊ 0.01, b 0.004, w
 * 0.0005 ms, the point near 12 spikes/ms over an input of about 4.)
 *
 * (In the paper, inhibitory synapses, stored as negative weights, follow the
 * mirrored rule; this module works on weight magnitudes and applies the rule
 * above to every plastic synapse: the caller decides which ones learn.)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double   a_plus, a_minus;      /* potentiation / depression amplitudes (fraction of w_max per pair) */
  double   tau_plus, tau_minus;  /* trace time constants, ms */
  double   w_max;                /* weights clipped to [0, w_max] */
  gboolean astrocyte;            /* NALSM: a_minus set each step by the astrocyte */
  double   tau_astro, astro_gain;/* astrocyte time constant (ms) and w_astro (see above) */
} CelSnnStdpParams;

typedef struct _CelSnnStdp CelSnnStdp;

/* Checks the parameters: amplitudes and w_max finite and ≥ 0 (w_max > 0),
 * time constants finite and > 0 (tau_astro only when astrocyte is set),
 * astro_gain finite. The error names the first bad one. */
gboolean    cel_snn_stdp_params_validate (const CelSnnStdpParams  *params,
                                          GError                 **error);

/* Synapses are compressed rows by source: the synapses of neuron i are
 * offsets[i] ≤ s < offsets[i + 1], going to targets[s] (< n); weights[s]
 * (float) is passed to each step. Only synapses with plastic[s] ≠ 0 learn
 * (plastic may be NULL: all do). The arrays are read here to build the
 * reverse index (the plastic synapses into each neuron) and are not kept.
 * params must be valid (see above). */
CelSnnStdp *cel_snn_stdp_new          (guint                   n,
                                       const guint32          *offsets,
                                       const guint32          *targets,
                                       const guint8           *plastic,
                                       const CelSnnStdpParams *params);
void        cel_snn_stdp_free         (CelSnnStdp             *stdp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnnStdp, cel_snn_stdp_free)

/* Traces back to 0 and the astrocyte to a_minus; the synapses are kept. */
void        cel_snn_stdp_reset        (CelSnnStdp             *stdp);

/* One step of length dt (ms), after the step's spikes are known and before
 * they are delivered: decays the traces (and the astrocyte) exactly over
 * dt, applies pre-spike depression and post-spike potentiation to weights,
 * then adds 1 to the traces of the neurons that fired.
 *
 * spikes: the n_spikes neurons (< n, each once) that fired this step,
 * input neurons included when the input population is among the n (its
 * synapses then learn like any other). n_input_spikes: how many of those
 * spikes are the input population's; the astrocyte counts the other
 * n_spikes − n_input_spikes as liquid activity. n_input_total: the input
 * population's size (0 if there is none), n_input_spikes ≤ n_input_total. */
void        cel_snn_stdp_step         (CelSnnStdp             *stdp,
                                       float                  *weights,
                                       const guint32          *spikes,
                                       guint                   n_spikes,
                                       guint                   n_input_spikes,
                                       guint                   n_input_total,
                                       double                  dt);

/* The astrocyte's state A₋, unclipped (a_minus without astrocyte). */
double      cel_snn_stdp_get_astrocyte (const CelSnnStdp      *stdp);
/* The depression amplitude in force: a_minus, or max (0, A₋) with the
 * astrocyte. */
double      cel_snn_stdp_get_a_minus   (const CelSnnStdp      *stdp);

/* The traces (n entries each) and the astrocyte, to save and restore a run:
 * the pointers stay valid until the object is freed. */
void        cel_snn_stdp_get_state    (const CelSnnStdp       *stdp,
                                       const double          **x_pre,
                                       const double          **x_post,
                                       double                 *astrocyte);
/* Restores what cel_snn_stdp_get_state gave (n entries each); FALSE with
 * the error set, and nothing changed, if a value is negative or not
 * finite. */
gboolean    cel_snn_stdp_set_state    (CelSnnStdp             *stdp,
                                       const double           *x_pre,
                                       const double           *x_post,
                                       double                  astrocyte,
                                       GError                **error);

G_END_DECLS
