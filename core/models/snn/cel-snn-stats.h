/* cel-snn-stats.h — online estimators of a spiking network's regularity and
 * criticality, fed one integration step at a time, over a sliding window.
 *
 * ISI coefficient of variation: for each neuron, the interspike intervals
 * no longer than the window that end inside it (the window being the last
 * window_ms up to the last step added); a neuron with at least two of
 * them (three spikes, the first of which may precede the window) has
 * CV_i = sd/mean of its intervals (population sd, divisor k); the estimate
 * is the mean of CV_i over those neurons. A regular train has CV 0, a
 * Poisson process CV 1 (Brunel 2000 uses it to tell the regimes apart).
 * Intervals are counted in whole steps, so the sums are exact integers and
 * do not drift however long the run.
 *
 * Branching factor σ, descendants per ancestor (Ivanov & Michmizos 2021,
 * NALSM, as their compute_branching_factor.py measures it), once the
 * synapses are given: for each spike of neuron i at t, its descendants are
 * the spikes of i's targets in (t, t + span] and its ancestors those of
 * i's sources in [t − span, t), synapses from outside the n neurons (the
 * input) not counted; the spike's ratio is descendants / max (ancestors,
 * 1), a neuron's the mean over its spikes in the window whose span after
 * them has passed, and σ the mean over the neurons with such spikes. It
 * reads 1 when each spike is, on average, followed by as many spikes of
 * the neurons it drives as preceded it in the neurons that drive it:
 * activity that neither dies out nor grows as it passes through the
 * network; a network driven from outside whose own synapses rarely make
 * their targets fire reads below 1.
 *
 * The estimate may be restricted to a sample, every stride-th neuron
 * (0, stride, 2·stride, …): the mean is then over the sampled neurons, each
 * of whose ratios is still exact, since the spikes of every neuron are
 * kept for the span and only the sampled neurons' spikes are matched
 * against their sources' and targets' spikes, the rows being copied for
 * the sampled neurons alone. The work per spike, which for
 * every neuron would be a walk over its in- and out-synapses, is then
 * divided by the stride; with a stride of 1 every neuron counts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CelSnnStats CelSnnStats;

/* n neurons, steps of dt ms and a window of window_ms. NULL with the error
 * set if a value is not finite and positive or the window is shorter than
 * a step or longer than 10⁷ steps. */
CelSnnStats *cel_snn_stats_new        (guint         n,
                                       double        dt,
                                       double        window_ms,
                                       GError      **error);
void         cel_snn_stats_free       (CelSnnStats  *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnnStats, cel_snn_stats_free)

/* Gives the synapses for the branching factor: the synapses of neuron
 * i < n are offsets[i] ≤ s < offsets[i + 1], going to targets[s] (those
 * ≥ n, and rows beyond n, are not read; the arrays are copied, as far as
 * the sample needs them); span_ms, the window before and after a spike, is
 * rounded to whole steps; the estimate is over every stride-th neuron
 * (stride ≥ 1). Forgets every spike; FALSE with the error set, and
 * nothing changed, if the span is not 1 to 10⁷ steps. */
gboolean     cel_snn_stats_set_graph  (CelSnnStats   *stats,
                                       const guint32 *offsets,
                                       const guint32 *targets,
                                       double         span_ms,
                                       guint          stride,
                                       GError       **error);

/* Forgets every spike. */
void         cel_snn_stats_reset      (CelSnnStats  *stats);

/* The spikes of step `step` (n_spikes indices < n, each once). Steps come
 * in increasing order, each once; a step not added had no spikes. */
void         cel_snn_stats_add_step   (CelSnnStats   *stats,
                                       gint64         step,
                                       const guint32 *spikes,
                                       guint          n_spikes);

/* The mean ISI CV over the window; FALSE (cv untouched) while no neuron
 * has two intervals in it. n_neurons (may be NULL): how many neurons the
 * mean is over. */
gboolean     cel_snn_stats_isi_cv     (const CelSnnStats *stats,
                                       double            *cv,
                                       guint             *n_neurons);

/* The branching factor over the window (see above); FALSE (sigma
 * untouched) without synapses or while no sampled neuron's spike in the
 * window has its span after it complete. n_neurons (may be NULL): how many
 * sampled neurons the mean is over. */
gboolean     cel_snn_stats_descendants (const CelSnnStats *stats,
                                        double            *sigma,
                                        guint             *n_neurons);

G_END_DECLS
