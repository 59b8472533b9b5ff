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

typedef struct {
  gint64  step;
  gint64  previous;   /* the neuron's record before, −1: none */
  guint32 neuron;
  guint32 ancestors;  /* its sources' spikes in the span before it */
  guint32 descendants;/* its targets' spikes in the span after it */
} SpikeRecord;

struct _CelSnnStats
{
  guint     n;
  double    dt;
  gint64    bin_steps;
  gint64    window_steps;
  guint     n_bins;          /* completed bins the window holds */

  /* Intervals. */
  gint64   *last_spike;      /* −1: none yet */
  guint32  *isi_count;
  guint64  *isi_sum, *isi_sq;
  GArray   *intervals;       /* Interval, by end step, from `head` on */
  guint     head;
  gint64    last_step;       /* −1: no step yet */

  /* Bins: ring of the last completed bins, oldest at `first`. */
  guint64  *bins;
  guint     first, filled;
  gint64    bin;             /* the current bin's index, −1 before any step */
  guint64   bin_count;       /* spikes in it so far */
  /* Sums over the pairs of consecutive bins (x = A_t, y = A_{t+1}). */
  guint64   pairs, sum_x, sum_y, sum_xx, sum_xy;

  /* Descendants per ancestor (set_graph): the synapses into each neuron
   * from the others, and a record of each recent spike, oldest first,
   * records[k] numbered rec_base + k. */
  gint64    span_steps;      /* 0: no graph */
  guint32  *in_offsets, *in_source;
  GArray   *records;         /* SpikeRecord, the live ones from rec_head */
  guint     rec_head;
  gint64    rec_base;
  gint64   *latest;          /* each neuron's latest record, −1: none */
  double   *ratio_sum;       /* scratch for the query, n each */
  guint32  *ratio_count;
};

CelSnnStats *
cel_snn_stats_new (guint    n,
                   double   dt,
                   double   bin_ms,
                   double   window_ms,
                   GError **error)
{
  CelSnnStats *stats;
  gint64 bin_steps;
  double window_steps;

  if (!isfinite (dt) || dt <= 0.0 || !isfinite (bin_ms) || bin_ms <= 0.0
      || !isfinite (window_ms) || window_ms <= 0.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("Spike statistics need a positive step, bin and window, not %g, %g and %g ms"),
                   dt, bin_ms, window_ms);
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
  bin_steps = MAX ((gint64) 1, (gint64) llround (bin_ms / dt));
  if ((gint64) window_steps < 2 * bin_steps)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A spike statistics window of %g ms is shorter than two bins of %g ms"),
                   window_ms, bin_ms);
      return NULL;
    }

  stats = g_new0 (CelSnnStats, 1);
  stats->n = n;
  stats->dt = dt;
  stats->bin_steps = bin_steps;
  stats->window_steps = (gint64) window_steps;
  stats->n_bins = (guint) (stats->window_steps / bin_steps);
  stats->last_spike = g_new (gint64, MAX (n, 1));
  stats->isi_count = g_new (guint32, MAX (n, 1));
  stats->isi_sum = g_new (guint64, MAX (n, 1));
  stats->isi_sq = g_new (guint64, MAX (n, 1));
  stats->intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  stats->bins = g_new (guint64, stats->n_bins);
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
  g_free (stats->bins);
  g_free (stats->in_offsets);
  g_free (stats->in_source);
  g_array_unref (stats->records);
  g_free (stats->latest);
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
  stats->first = stats->filled = 0;
  stats->bin = -1;
  stats->bin_count = 0;
  stats->pairs = stats->sum_x = stats->sum_y = stats->sum_xx = stats->sum_xy = 0;
  g_array_set_size (stats->records, 0);
  stats->rec_head = 0;
  stats->rec_base = 0;
  for (guint i = 0; i < stats->n; i++)
    stats->latest[i] = -1;
}

gboolean
cel_snn_stats_set_graph (CelSnnStats   *stats,
                         const guint32 *offsets,
                         const guint32 *targets,
                         double         span_ms,
                         GError       **error)
{
  double span_steps = isfinite (span_ms) ? round (span_ms / stats->dt) : 0.0;
  guint n = stats->n;
  g_autofree guint32 *fill = NULL;

  g_return_val_if_fail (offsets != NULL && (targets != NULL || offsets[n] == 0), FALSE);

  if (!(span_steps >= 1.0) || span_steps > MAX_WINDOW_STEPS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The branching span must be 1 to %g steps of %g ms, not %g ms"),
                   MAX_WINDOW_STEPS, stats->dt, span_ms);
      return FALSE;
    }
  stats->span_steps = (gint64) span_steps;

  /* The reverse of the rows: the sources among the n of each neuron. */
  g_free (stats->in_offsets);
  g_free (stats->in_source);
  stats->in_offsets = g_new0 (guint32, (gsize) n + 1);
  for (guint i = 0; i < n; i++)
    for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
      if (targets[s] < n)
        stats->in_offsets[targets[s] + 1]++;
  for (guint i = 0; i < n; i++)
    stats->in_offsets[i + 1] += stats->in_offsets[i];
  stats->in_source = g_new (guint32, MAX (stats->in_offsets[n], 1));
  fill = g_memdup2 (stats->in_offsets, (gsize) MAX (n, 1) * sizeof (guint32));
  for (guint i = 0; i < n; i++)
    for (guint32 s = offsets[i]; s < offsets[i + 1]; s++)
      if (targets[s] < n)
        stats->in_source[fill[targets[s]]++] = i;
  if (stats->ratio_sum == NULL)
    {
      stats->ratio_sum = g_new (double, MAX (n, 1));
      stats->ratio_count = g_new (guint32, MAX (n, 1));
    }
  cel_snn_stats_reset (stats);
  return TRUE;
}

static SpikeRecord *
record_at (CelSnnStats *stats, gint64 seq)
{
  return &g_array_index (stats->records, SpikeRecord, seq - stats->rec_base);
}

/* Records the step's spikes for the descendants-per-ancestor estimate: each
 * pair of a source's spike at t' and its target's at t, t − span ≤ t' < t,
 * is an ancestor of the later spike and a descendant of the earlier. */
static void
record_spikes (CelSnnStats   *stats,
               gint64         step,
               const guint32 *spikes,
               guint          n_spikes)
{
  GArray *a = stats->records;
  gint64 keep = MAX (stats->span_steps, stats->window_steps);

  /* Forget the records too old for either the span or the window, in
   * batches once they are half the array. */
  while (stats->rec_head < a->len
         && g_array_index (a, SpikeRecord, stats->rec_head).step <= step - keep)
    stats->rec_head++;
  if (stats->rec_head > 1024 && stats->rec_head * 2 > a->len)
    {
      g_array_remove_range (a, 0, stats->rec_head);
      stats->rec_base += stats->rec_head;
      stats->rec_head = 0;
    }

  for (guint k = 0; k < n_spikes; k++)
    {
      guint32 i = spikes[k];
      SpikeRecord r = { step, stats->latest[i], i, 0, 0 };

      for (guint32 e = stats->in_offsets[i]; e < stats->in_offsets[i + 1]; e++)
        for (gint64 q = stats->latest[stats->in_source[e]]; q >= stats->rec_base;)
          {
            SpikeRecord *p = record_at (stats, q);

            if (p->step < step - stats->span_steps)
              break;
            if (p->step < step)
              {
                r.ancestors++;
                p->descendants++;
              }
            q = p->previous;
          }
      stats->latest[i] = stats->rec_base + a->len;
      g_array_append_val (a, r);
    }
}

/* Adds (sign 1) or removes (−1) the pair of consecutive bins x, y. */
static void
count_pair (CelSnnStats *stats, guint64 x, guint64 y, int sign)
{
  if (sign > 0)
    {
      stats->pairs++;
      stats->sum_x += x;
      stats->sum_y += y;
      stats->sum_xx += x * x;
      stats->sum_xy += x * y;
    }
  else
    {
      stats->pairs--;
      stats->sum_x -= x;
      stats->sum_y -= y;
      stats->sum_xx -= x * x;
      stats->sum_xy -= x * y;
    }
}

/* Appends a completed bin, dropping the oldest when the ring is full, and
 * keeps the sums over the pairs of consecutive bins in the ring. */
static void
push_bin (CelSnnStats *stats, guint64 count)
{
  if (stats->filled == stats->n_bins)
    {
      count_pair (stats, stats->bins[stats->first],
                  stats->bins[(stats->first + 1) % stats->n_bins], -1);
      stats->first = (stats->first + 1) % stats->n_bins;
      stats->filled--;
    }
  if (stats->filled > 0)
    count_pair (stats, stats->bins[(stats->first + stats->filled - 1) % stats->n_bins],
                count, 1);
  stats->bins[(stats->first + stats->filled) % stats->n_bins] = count;
  stats->filled++;
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
  gint64 bin;

  g_return_if_fail (step >= 0 && step > stats->last_step);

  /* Complete the bins that ended before this step. */
  bin = step / stats->bin_steps;
  if (stats->bin < 0)
    stats->bin = bin;
  else if (bin > stats->bin)
    {
      gint64 empty = MIN (bin - stats->bin - 1, (gint64) stats->n_bins);

      push_bin (stats, stats->bin_count);
      for (gint64 k = 0; k < empty; k++)
        push_bin (stats, 0);
      stats->bin = bin;
      stats->bin_count = 0;
    }
  stats->bin_count += n_spikes;

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
cel_snn_stats_branching (const CelSnnStats *stats,
                         double            *sigma)
{
  double n = (double) stats->pairs, mean_x, sxx, sxy;

  if (stats->pairs < 2)
    return FALSE;
  /* Centred sums: the integer sums are exact, and centring before dividing
   * keeps the rounding relative to the spread rather than to the mean. */
  mean_x = (double) stats->sum_x / n;
  sxx = (double) stats->sum_xx - mean_x * (double) stats->sum_x;
  sxy = (double) stats->sum_xy - mean_x * (double) stats->sum_y;
  /* All bins equal (up to the rounding of the centring): no slope. */
  if (!(sxx > 1e-12 * (double) stats->sum_xx))
    return FALSE;
  *sigma = sxy / sxx;
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
  memset (stats->ratio_sum, 0, stats->n * sizeof (double));
  memset (stats->ratio_count, 0, stats->n * sizeof (guint32));
  /* The spikes in the window whose span after them has passed. */
  for (guint k = a->len; k-- > 0;)
    {
      const SpikeRecord *r = &g_array_index (a, SpikeRecord, k);

      if (r->step <= stats->last_step - stats->window_steps)
        break;
      if (r->step > stats->last_step - stats->span_steps)
        continue;
      stats->ratio_sum[r->neuron] += (double) r->descendants / MAX (r->ancestors, 1u);
      stats->ratio_count[r->neuron]++;
    }
  for (guint i = 0; i < stats->n; i++)
    if (stats->ratio_count[i] > 0)
      {
        total += stats->ratio_sum[i] / stats->ratio_count[i];
        used++;
      }
  if (n_neurons != NULL)
    *n_neurons = used;
  if (used == 0)
    return FALSE;
  *sigma = total / used;
  return TRUE;
}
