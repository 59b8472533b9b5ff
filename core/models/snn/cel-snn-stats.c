/* cel-snn-stats.c — sliding-window ISI CV and branching factor. See
 * cel-snn-stats.h. */
#include "models/snn/cel-snn-stats.h"

#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

/* Longest window, in steps. */
#define MAX_WINDOW_STEPS 10000000.0

typedef struct {
  gint64  end;      /* step of the interval's second spike */
  guint32 neuron;
  guint32 length;   /* steps */
} Interval;

/* A recent spike of any neuron. */
typedef struct {
  gint64  step;
  gint64  previous;   /* the neuron's spike before, −1: none */
} Spike;

/* A spike of a sampled neuron. */
typedef struct {
  gint64  step;
  guint32 slot;       /* the neuron's place in the sample */
  guint32 ancestors;  /* its sources' spikes in the span before it */
  guint32 descendants;/* its targets' spikes in the span after it, once counted */
} SpikeRecord;

struct _CelSnnStats
{
  guint     n;
  double    dt;
  gint64    window_steps;

  /* Intervals. */
  gint64   *last_spike;      /* −1: none yet */
  guint32  *isi_count;
  guint64  *isi_sum, *isi_sq;
  GArray   *intervals;       /* Interval, by end step, from `head` on */
  guint     head;
  gint64    last_step;       /* −1: no step yet */

  /* Branching factor (set_graph): the sources and targets among the n of
   * the sampled neurons, neuron slot · stride in row slot; every neuron's
   * spikes of the last span, history[k] numbered hist_base + k, the live
   * ones from hist_head; and the sampled neurons' spikes, oldest first, the
   * live ones from rec_head, those from rec_pending on still waiting for
   * their span after them to pass. */
  gint64    span_steps;      /* 0: no graph */
  guint     stride, n_sample;
  guint32  *in_offsets, *in_source;
  guint32  *out_offsets, *out_target;
  GArray   *history;         /* Spike */
  guint     hist_head;
  gint64    hist_base;
  gint64   *latest;          /* n: each neuron's latest spike in history, −1: none */
  GArray   *records;         /* SpikeRecord */
  guint     rec_head, rec_pending;
  double   *ratio_sum;       /* scratch for the query, n_sample each */
  guint32  *ratio_count;
};

CelSnnStats *
cel_snn_stats_new (guint    n,
                   double   dt,
                   double   window_ms,
                   GError **error)
{
  CelSnnStats *stats;
  double window_steps;

  if (!isfinite (dt) || dt <= 0.0 || !isfinite (window_ms) || window_ms <= 0.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("Spike statistics need a positive step and window, not %g and %g ms"),
                   dt, window_ms);
      return NULL;
    }
  window_steps = round (window_ms / dt);
  if (window_steps > MAX_WINDOW_STEPS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("A spike statistics window of %g ms is more than %g steps of %g ms"),
                   window_ms, MAX_WINDOW_STEPS, dt);
      return NULL;
    }
  if (window_steps < 1.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A spike statistics window of %g ms is shorter than a step of %g ms"),
                   window_ms, dt);
      return NULL;
    }

  stats = g_new0 (CelSnnStats, 1);
  stats->n = n;
  stats->dt = dt;
  stats->window_steps = (gint64) window_steps;
  stats->last_spike = g_new (gint64, MAX (n, 1));
  stats->isi_count = g_new (guint32, MAX (n, 1));
  stats->isi_sum = g_new (guint64, MAX (n, 1));
  stats->isi_sq = g_new (guint64, MAX (n, 1));
  stats->intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  stats->history = g_array_new (FALSE, FALSE, sizeof (Spike));
  stats->records = g_array_new (FALSE, FALSE, sizeof (SpikeRecord));
  stats->latest = g_new (gint64, MAX (n, 1));
  cel_snn_stats_reset (stats);
  return stats;
}

void
cel_snn_stats_free (CelSnnStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->last_spike);
  g_free (stats->isi_count);
  g_free (stats->isi_sum);
  g_free (stats->isi_sq);
  g_array_unref (stats->intervals);
  g_free (stats->in_offsets);
  g_free (stats->in_source);
  g_free (stats->out_offsets);
  g_free (stats->out_target);
  g_array_unref (stats->history);
  g_free (stats->latest);
  g_array_unref (stats->records);
  g_free (stats->ratio_sum);
  g_free (stats->ratio_count);
  g_free (stats);
}

void
cel_snn_stats_reset (CelSnnStats *stats)
{
  for (guint i = 0; i < stats->n; i++)
    stats->last_spike[i] = -1;
  memset (stats->isi_count, 0, stats->n * sizeof (guint32));
  memset (stats->isi_sum, 0, stats->n * sizeof (guint64));
  memset (stats->isi_sq, 0, stats->n * sizeof (guint64));
  g_array_set_size (stats->intervals, 0);
  stats->head = 0;
  stats->last_step = -1;
  g_array_set_size (stats->history, 0);
  stats->hist_head = 0;
  stats->hist_base = 0;
  for (guint i = 0; i < stats->n; i++)
    stats->latest[i] = -1;
  g_array_set_size (stats->records, 0);
  stats->rec_head = stats->rec_pending = 0;
}

gboolean
cel_snn_stats_set_graph (CelSnnStats   *stats,
                         const guint32 *offsets,
                         const guint32 *targets,
                         double         span_ms,
                         guint          stride,
                         GError       **error)
{
  double span_steps = isfinite (span_ms) ? round (span_ms / stats->dt) : 0.0;
  guint n = stats->n, n_sample;
  g_autofree guint32 *fill = NULL;

  g_return_val_if_fail (offsets != NULL && (targets != NULL || offsets[n] == 0), FALSE);
  g_return_val_if_fail (stride >= 1, FALSE);

  if (!(span_steps >= 1.0) || span_steps > MAX_WINDOW_STEPS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The branching span must be 1 to %g steps of %g ms, not %g ms"),
                   MAX_WINDOW_STEPS, stats->dt, span_ms);
      return FALSE;
    }
  stats->span_steps = (gint64) span_steps;
  stats->stride = stride;
  stats->n_sample = n_sample = n == 0 ? 0 : (n - 1) / stride + 1;

  /* The sampled neurons' rows. */
  g_free (stats->out_offsets);
  g_free (stats->out_target);
  stats->out_offsets = g_new0 (guint32, (gsize) n_sample + 1);
  for (guint slot = 0; slot < n_sample; slot++)
    {
      guint i = slot * stride;

      stats->out_offsets[slot + 1] = stats->out_offsets[slot];
      for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
        if (targets[s] < n)
          stats->out_offsets[slot + 1]++;
    }
  stats->out_target = g_new (guint32, MAX (stats->out_offsets[n_sample], 1));
  for (guint slot = 0, k = 0; slot < n_sample; slot++)
    {
      guint i = slot * stride;

      for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
        if (targets[s] < n)
          stats->out_target[k++] = targets[s];
    }

  /* The sources among the n of each sampled neuron. */
  g_free (stats->in_offsets);
  g_free (stats->in_source);
  stats->in_offsets = g_new0 (guint32, (gsize) n_sample + 1);
  for (guint i = 0; i < n; i++)
    for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
      if (targets[s] < n && targets[s] % stride == 0)
        stats->in_offsets[targets[s] / stride + 1]++;
  for (guint slot = 0; slot < n_sample; slot++)
    stats->in_offsets[slot + 1] += stats->in_offsets[slot];
  stats->in_source = g_new (guint32, MAX (stats->in_offsets[n_sample], 1));
  fill = g_memdup2 (stats->in_offsets, (gsize) MAX (n_sample, 1) * sizeof (guint32));
  for (guint i = 0; i < n; i++)
    for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
      if (targets[s] < n && targets[s] % stride == 0)
        stats->in_source[fill[targets[s] / stride]++] = i;

  g_free (stats->ratio_sum);
  g_free (stats->ratio_count);
  stats->ratio_sum = g_new (double, MAX (n_sample, 1));
  stats->ratio_count = g_new (guint32, MAX (n_sample, 1));
  cel_snn_stats_reset (stats);
  return TRUE;
}

static const Spike *
spike_at (const CelSnnStats *stats, gint64 seq)
{
  return &g_array_index (stats->history, Spike, seq - stats->hist_base);
}

/* The spikes of neuron j in (after, until] (of those in the history). */
static guint32
count_spikes (const CelSnnStats *stats, guint32 j, gint64 after, gint64 until)
{
  guint32 count = 0;

  for (gint64 q = stats->latest[j]; q >= stats->hist_base;)
    {
      const Spike *p = spike_at (stats, q);

      if (p->step <= after)
        break;
      if (p->step <= until)
        count++;
      q = p->previous;
    }
  return count;
}

/* Counts the descendants of the waiting records of steps ≤ limit: the
 * history holds every spike after them. */
static void
complete_records (CelSnnStats *stats, gint64 limit)
{
  GArray *a = stats->records;

  for (; stats->rec_pending < a->len; stats->rec_pending++)
    {
      SpikeRecord *r = &g_array_index (a, SpikeRecord, stats->rec_pending);

      if (r->step > limit)
        break;
      for (guint32 e = stats->out_offsets[r->slot]; e < stats->out_offsets[r->slot + 1]; e++)
        r->descendants += count_spikes (stats, stats->out_target[e], r->step,
                                        r->step + stats->span_steps);
    }
}

/* Records the step's spikes for the branching factor: every spike in the
 * history, and for those of the sampled neurons a record with their
 * ancestors. */
static void
record_spikes (CelSnnStats   *stats,
               gint64         step,
               const guint32 *spikes,
               guint          n_spikes)
{
  GArray *h = stats->history, *a = stats->records;
  gint64 span = stats->span_steps;

  /* The records whose span ended before this step are complete without
   * it, and once counted need no spike before step − span: forget those,
   * and the records out of the window, in batches once they are half the
   * array. */
  complete_records (stats, step - span - 1);
  while (stats->hist_head < h->len && g_array_index (h, Spike, stats->hist_head).step < step - span)
    stats->hist_head++;
  if (stats->hist_head > 1024 && stats->hist_head * 2 > h->len)
    {
      g_array_remove_range (h, 0, stats->hist_head);
      stats->hist_base += stats->hist_head;
      stats->hist_head = 0;
    }
  while (stats->rec_head < stats->rec_pending
         && g_array_index (a, SpikeRecord, stats->rec_head).step <= step - stats->window_steps)
    stats->rec_head++;
  if (stats->rec_head > 1024 && stats->rec_head * 2 > a->len)
    {
      g_array_remove_range (a, 0, stats->rec_head);
      stats->rec_pending -= stats->rec_head;
      stats->rec_head = 0;
    }

  /* Ancestors, from the history before this step. */
  for (guint k = 0; k < n_spikes; k++)
    {
      guint32 i = spikes[k], slot = i / stats->stride;
      SpikeRecord r = { step, slot, 0, 0 };

      if (i % stats->stride != 0)
        continue;
      for (guint32 e = stats->in_offsets[slot]; e < stats->in_offsets[slot + 1]; e++)
        r.ancestors += count_spikes (stats, stats->in_source[e], step - span - 1, step - 1);
      g_array_append_val (a, r);
    }
  for (guint k = 0; k < n_spikes; k++)
    {
      guint32 i = spikes[k];
      Spike spike = { step, stats->latest[i] };

      stats->latest[i] = stats->hist_base + h->len;
      g_array_append_val (h, spike);
    }
  complete_records (stats, step - span);
}

/* Forgets the intervals that ended before the window of the step. */
static void
expire (CelSnnStats *stats, gint64 step)
{
  GArray *a = stats->intervals;

  while (stats->head < a->len)
    {
      const Interval *iv = &g_array_index (a, Interval, stats->head);

      if (iv->end > step - stats->window_steps)
        break;
      stats->isi_count[iv->neuron]--;
      stats->isi_sum[iv->neuron] -= iv->length;
      stats->isi_sq[iv->neuron] -= (guint64) iv->length * iv->length;
      stats->head++;
    }
  /* Reclaim the dropped front once it is half the array. */
  if (stats->head > 1024 && stats->head * 2 > a->len)
    {
      g_array_remove_range (a, 0, stats->head);
      stats->head = 0;
    }
}

void
cel_snn_stats_add_step (CelSnnStats   *stats,
                        gint64         step,
                        const guint32 *spikes,
                        guint          n_spikes)
{
  g_return_if_fail (step >= 0 && step > stats->last_step);

  stats->last_step = step;
  expire (stats, step);

  for (guint k = 0; k < n_spikes; k++)
    {
      guint32 i = spikes[k];
      gint64 previous;

      g_return_if_fail (i < stats->n);
      previous = stats->last_spike[i];
      stats->last_spike[i] = step;
      /* Only intervals that fit in the window count: they stay bounded, and
       * a neuron's intervals in the window span at most two windows. */
      if (previous >= 0 && step - previous <= stats->window_steps)
        {
          Interval iv = { step, i, (guint32) (step - previous) };

          g_array_append_val (stats->intervals, iv);
          stats->isi_count[i]++;
          stats->isi_sum[i] += iv.length;
          stats->isi_sq[i] += (guint64) iv.length * iv.length;
        }
    }
  /* After the loop above has checked the indices. */
  if (stats->span_steps > 0)
    record_spikes (stats, step, spikes, n_spikes);
}

gboolean
cel_snn_stats_isi_cv (const CelSnnStats *stats,
                      double            *cv,
                      guint             *n_neurons)
{
  double total = 0.0;
  guint used = 0;

  for (guint i = 0; i < stats->n; i++)
    {
      double k = stats->isi_count[i], mean, var;

      if (stats->isi_count[i] < 2)
        continue;
      mean = stats->isi_sum[i] / k;
      var = MAX (0.0, stats->isi_sq[i] / k - mean * mean);
      total += sqrt (var) / mean;
      used++;
    }
  if (n_neurons != NULL)
    *n_neurons = used;
  if (used == 0)
    return FALSE;
  *cv = total / used;
  return TRUE;
}

gboolean
cel_snn_stats_descendants (const CelSnnStats *stats,
                           double            *sigma,
                           guint             *n_neurons)
{
  const GArray *a = stats->records;
  double total = 0.0;
  guint used = 0;

  if (n_neurons != NULL)
    *n_neurons = 0;
  if (stats->span_steps == 0)
    return FALSE;
  memset (stats->ratio_sum, 0, stats->n_sample * sizeof (double));
  memset (stats->ratio_count, 0, stats->n_sample * sizeof (guint32));
  /* The spikes in the window whose span after them has passed: the
   * complete records, newest first. */
  for (guint k = stats->rec_pending; k-- > stats->rec_head;)
    {
      const SpikeRecord *r = &g_array_index (a, SpikeRecord, k);

      if (r->step <= stats->last_step - stats->window_steps)
        break;
      stats->ratio_sum[r->slot] += (double) r->descendants / MAX (r->ancestors, 1u);
      stats->ratio_count[r->slot]++;
    }
  for (guint slot = 0; slot < stats->n_sample; slot++)
    if (stats->ratio_count[slot] > 0)
      {
        total += stats->ratio_sum[slot] / stats->ratio_count[slot];
        used++;
      }
  if (n_neurons != NULL)
    *n_neurons = used;
  if (used == 0)
    return FALSE;
  *sigma = total / used;
  return TRUE;
}
