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
 * Branching factor σ: spikes are counted in bins of bin_ms, and σ is the
 * least-squares slope of A_{t+1} on A_t over the pairs of consecutive
 * completed bins in the window, σ = Cov(A_t, A_{t+1}) / Var(A_t): the
 * "conventional" estimator of Wilting & Priesemann (2018, Nat. Commun. 9,
 * 2325), for a branching process with immigration, E[A_{t+1} | A_t] =
 * σ A_t + h, each spike having σ descendants on average in the next bin
 * and h spikes coming from the external drive. Unlike the ratio
 * Σ A_{t+1} / Σ A_t (Harris; Beggs & Plenz 2003), which reads 1 for any
 * steady activity, the slope separates the spikes caused by the network's
 * own spikes from the drive's: σ < 1: a fluctuation dies out (σ near 0:
 * each bin independent of the last, as in a Poisson population); σ = 1:
 * critical; σ > 1: it grows. The model assumes activity that relaxes
 * rather than oscillates: a rhythm whose period is near two bins makes
 * successive bins anticorrelated and σ negative (Brunel's synchronous
 * regular state). Every neuron is observed, so the subsampling
 * bias that their multistep regression corrects does not arise.
 *
 * Descendants per ancestor (Ivanov & Michmizos 2021, NALSM, as their
 * compute_branching_factor.py measures it), once the synapses are given:
 * for each spike of neuron i at t, its descendants are the spikes of i's
 * targets in (t, t + span] and its ancestors those of i's sources in
 * [t − span, t), synapses from outside the n neurons (the input) not
 * counted; the spike's ratio is descendants / max (ancestors, 1), a
 * neuron's the mean over its spikes in the window whose span after them has
 * passed, and σ the mean over the neurons with such spikes. It reads 1 when
 * each spike is, on average, followed by as many spikes of the neurons it
 * drives as preceded it in the neurons that drive it: activity that neither
 * dies out nor grows as it passes through the network; a network driven
 * from outside whose own synapses rarely make their targets fire reads
 * below 1. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CelSnnStats CelSnnStats;

/* n neurons, steps of dt ms, branching bins of bin_ms (rounded to a whole
 * number of steps, at least one) and a window of window_ms (at least two
 * bins). NULL with the error set if a value is not finite and positive or
 * the window is shorter than two bins or longer than 10⁷ steps. */
CelSnnStats *cel_snn_stats_new        (guint         n,
                                       double        dt,
                                       double        bin_ms,
                                       double        window_ms,
                                       GError      **error);
void         cel_snn_stats_free       (CelSnnStats  *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelSnnStats, cel_snn_stats_free)

/* Gives the synapses for the descendants-per-ancestor estimate: the
 * synapses of neuron i < n are offsets[i] ≤ s < offsets[i + 1], going to
 * targets[s] (those ≥ n, and rows beyond n, are not read); span_ms, the
 * window before and after a spike, is rounded to whole steps. Forgets
 * every spike; FALSE with the error set, and nothing changed, if the span
 * is not 1 to 10⁷ steps. */
gboolean     cel_snn_stats_set_graph  (CelSnnStats   *stats,
                                       const guint32 *offsets,
                                       const guint32 *targets,
                                       double         span_ms,
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

/* The branching factor over the window; FALSE (sigma untouched) while the
 * window holds fewer than two pairs of consecutive completed bins or the
 * first bins of its pairs all hold the same count (no slope). */
gboolean     cel_snn_stats_branching  (const CelSnnStats *stats,
                                       double            *sigma);

/* The descendants-per-ancestor branching factor over the window (see
 * above); FALSE (sigma untouched) without synapses or while no spike in the
 * window has its span after it complete. n_neurons (may be NULL): how many
 * neurons the mean is over. */
gboolean     cel_snn_stats_descendants (const CelSnnStats *stats,
                                        double            *sigma,
                                        guint             *n_neurons);

G_END_DECLS
