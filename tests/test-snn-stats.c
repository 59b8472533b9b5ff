/* Spike statistics: the ISI CV of regular trains (0) and of Bernoulli
 * trains (geometric intervals, CV √(1 − p)), the sliding window, NALSM's
 * descendants per ancestor on hand-counted spikes and on a relay ring
 * (exactly 1), over every neuron and over a sample of them, against a
 * direct count of the definition on a random network, and errors. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/snn/cel-snn-stats.h"

#define DT 0.1

static CelSnnStats *
new_stats (guint n, double window_ms)
{
  g_autoptr (GError) error = NULL;
  CelSnnStats *stats = cel_snn_stats_new (n, DT, window_ms, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stats);
  return stats;
}

/* ISI CV ------------------------------------------------------------------ */

/* Neurons firing every 37, 50 and 101 steps: every interval equal, CV 0
 * exactly (the sums are integers). A neuron with two spikes in the window
 * (one interval) is left out; so is everything once the window has moved
 * past the spikes. */
static void
test_cv_regular (void)
{
  g_autoptr (CelSnnStats) stats = new_stats (4, 1000.0);
  static const guint period[3] = { 37, 50, 101 };
  double cv = -1.0;
  guint used = 0;
  guint32 spikes[4];

  for (gint64 t = 0; t < 5000; t++)
    {
      guint n = 0;

      for (guint i = 0; i < 3; i++)
        if (t % period[i] == 0)
          spikes[n++] = i;
      if (t == 100 || t == 200)
        spikes[n++] = 3;
      cel_snn_stats_add_step (stats, t, spikes, n);
    }
  g_assert_true (cel_snn_stats_isi_cv (stats, &cv, &used));
  g_assert_cmpfloat (cv, ==, 0.0);
  g_assert_cmpuint (used, ==, 3);

  /* 1000 ms = 10,000 steps later, no interval is left in the window. */
  cel_snn_stats_add_step (stats, 4999 + 10000, NULL, 0);
  cv = -1.0;
  g_assert_false (cel_snn_stats_isi_cv (stats, &cv, &used));
  g_assert_cmpfloat (cv, ==, -1.0);
  g_assert_cmpuint (used, ==, 0);
}

/* Ten neurons each firing in a step with probability p = 1 − e^(−r dt),
 * r = 50 Hz, for 200 s: their intervals are geometric with CV √(1 − p) =
 * 0.99750. Each neuron has about 10,000 intervals, over which the sample
 * CV has sd 0.0095 (measured over 400 simulated trains of 10,000 geometric
 * intervals with numpy); the mean over ten neurons has sd 0.003, and is
 * asserted within 0.015 (5 sd). */
static void
test_cv_poisson (void)
{
  enum { N = 10 };
  const double p = -expm1 (-50.0 * DT * 1e-3);
  g_autoptr (CelSnnStats) stats = new_stats (N, 200000.0);
  guint32 spikes[N];
  double cv = 0.0;
  guint used = 0;
  CelRng rng;

  cel_rng_seed (&rng, 3);
  for (gint64 t = 0; t < 2000000; t++)
    {
      guint n = 0;

      for (guint32 i = 0; i < N; i++)
        if (cel_rng_uniform (&rng) < p)
          spikes[n++] = i;
      if (n > 0)
        cel_snn_stats_add_step (stats, t, spikes, n);
    }
  g_assert_true (cel_snn_stats_isi_cv (stats, &cv, &used));
  g_assert_cmpuint (used, ==, N);
  g_test_message ("CV %.5f, expected %.5f", cv, sqrt (1.0 - p));
  g_assert_cmpfloat (fabs (cv - sqrt (1.0 - p)), <, 0.015);
}

/* Descendants per ancestor ------------------------------------------------- */

static void
set_graph (CelSnnStats   *stats,
           const guint32 *offsets,
           const guint32 *targets,
           double         span_ms,
           guint          stride)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cel_snn_stats_set_graph (stats, offsets, targets, span_ms, stride, &error));
  g_assert_no_error (error);
}

/* Adds the step with the one spike to each of the estimators. */
static void
add_one (CelSnnStats **stats, guint n_stats, gint64 step, guint32 neuron)
{
  for (guint k = 0; k < n_stats; k++)
    cel_snn_stats_add_step (stats[k], step, &neuron, 1);
}

static void
check_sigma (CelSnnStats *stats, double expected, guint expected_used)
{
  double sigma = -1.0;
  guint used = 0;

  g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
  g_assert_cmpuint (used, ==, expected_used);
  /* Sums of a few ratios of small integers: within rounding. */
  g_assert_cmpfloat_with_epsilon (sigma, expected, 1e-12);
}

/* Synapses 0 → 1, 0 → 2, 1 → 2, 2 → 7 (outside the three: not read) and a
 * fourth row 3 → 0 (an input: not read); a span of 0.4 ms, 4 steps. The
 * spikes, by hand (ancestors in the 4 steps before, descendants in the 4
 * after, ratio descendants / max (ancestors, 1)):
 *   0 @ 10: descendants 1 @ 12, 2 @ 13;          ancestors none: 2
 *   1 @ 12: descendants 2 @ 13, 2 @ 15;          ancestors 0 @ 10: 2
 *   2 @ 13: no targets among the three;          ancestors 0 @ 10, 1 @ 12: 0
 *   2 @ 15:                                      ancestors 1 @ 12: 0
 *   1 @ 20: no spike of 2 in 21 … 24:            0
 *   0, 1 @ 30: same step, not each other's:      0, 0
 *   2 @ 50: its span after has not passed: left out.
 * Neuron means 2/2 = 1, 2/3 and 0: σ = 5/9 over three neurons. Sampling
 * every second neuron, 0 and 2, keeps their ratios: σ = (1 + 0)/2 over
 * two. */
static void
test_descendants_counts (void)
{
  static const guint32 offsets[] = { 0, 2, 3, 4, 5 };
  static const guint32 targets[] = { 1, 2, 2, 7, 0 };
  static const guint32 both[] = { 0, 1 };
  g_autoptr (CelSnnStats) all = new_stats (3, 100.0);
  g_autoptr (CelSnnStats) half = new_stats (3, 100.0);
  CelSnnStats *stats[2] = { all, half };
  double sigma = -1.0;
  guint used = 1;

  /* No synapses given yet: no estimate. */
  add_one (stats, 1, 1, 0);
  g_assert_false (cel_snn_stats_descendants (all, &sigma, &used));
  g_assert_cmpuint (used, ==, 0);
  g_assert_cmpfloat (sigma, ==, -1.0);

  set_graph (all, offsets, targets, 0.4, 1);
  set_graph (half, offsets, targets, 0.4, 2);
  add_one (stats, 2, 10, 0);
  add_one (stats, 2, 12, 1);
  add_one (stats, 2, 13, 2);
  /* 13 − 4 = 9 < 10: no spike's span after it has passed yet. */
  g_assert_false (cel_snn_stats_descendants (all, &sigma, NULL));
  g_assert_false (cel_snn_stats_descendants (half, &sigma, NULL));
  add_one (stats, 2, 15, 2);
  add_one (stats, 2, 20, 1);
  for (guint k = 0; k < 2; k++)
    cel_snn_stats_add_step (stats[k], 30, both, 2);
  add_one (stats, 2, 50, 2);
  check_sigma (all, 5.0 / 9.0, 3);
  check_sigma (half, 0.5, 2);

  /* The window (1000 steps) moves past them: 2 @ 2000 waits for its span,
   * then reads 0 (no targets among the three). */
  add_one (stats, 2, 2000, 2);
  g_assert_false (cel_snn_stats_descendants (all, &sigma, NULL));
  g_assert_false (cel_snn_stats_descendants (half, &sigma, NULL));
  add_one (stats, 2, 2010, 0);
  check_sigma (all, 0.0, 1);
  check_sigma (half, 0.0, 1);

  /* Resetting forgets the spikes and keeps the synapses. */
  for (guint k = 0; k < 2; k++)
    {
      cel_snn_stats_reset (stats[k]);
      g_assert_false (cel_snn_stats_descendants (stats[k], &sigma, NULL));
    }
  add_one (stats, 2, 3000, 0);
  add_one (stats, 2, 3002, 1);
  add_one (stats, 2, 3010, 2);
  /* 0: one descendant, no ancestor: 1; 1: none after: 0; 2 waits. */
  check_sigma (all, 0.5, 2);
  check_sigma (half, 1.0, 1);
}

/* A ring i → i + 1 of 50 neurons relaying one spike every 2 steps for
 * 20000 steps: every spike but the first has exactly one ancestor and one
 * descendant, so σ is exactly 1, over the 50 neurons, however long the run
 * (10000 spikes, far more than the window's 500, so old records are
 * dropped on the way); and over the 17 neurons 0, 3, …, 48 sampled with a
 * stride of 3, or the 7 of a stride of 8 (0, 8, …, 48). */
static void
test_descendants_relay (void)
{
  enum { N = 50 };
  static const guint strides[] = { 1, 3, 8 };
  static const guint sampled[] = { 50, 17, 7 };
  guint32 offsets[N + 1], targets[N];

  for (guint i = 0; i < N; i++)
    {
      offsets[i] = i;
      targets[i] = (i + 1) % N;
    }
  offsets[N] = N;
  for (guint s = 0; s < G_N_ELEMENTS (strides); s++)
    {
      g_autoptr (CelSnnStats) stats = new_stats (N, 100.0);
      double sigma = 0.0;
      guint used = 0;

      set_graph (stats, offsets, targets, 0.4, strides[s]);
      for (guint k = 0; k < 10000; k++)
        add_one (&stats, 1, 2 * (gint64) k, k % N);
      g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
      g_assert_cmpuint (used, ==, sampled[s]);
      g_assert_cmpfloat (sigma, ==, 1.0);
    }
}

/* The spikes of neuron j in [from, until] (its spike times, ascending). */
static guint
spikes_between (GArray *const *times, guint32 j, gint64 from, gint64 until)
{
  guint count = 0;

  for (guint q = 0; q < times[j]->len; q++)
    {
      gint64 u = g_array_index (times[j], gint64, q);

      count += u >= from && u <= until;
    }
  return count;
}

/* The definition counted directly, over the neurons i with i % stride = 0:
 * after the steps up to `last`, the spikes of each in (last − window,
 * last − span], their ancestors and descendants counted through every
 * synapse among the n (with its multiplicity; sources[i] lists the sources
 * of i) in the spike times of all the neurons. */
static gboolean
direct_sigma (guint           n,
              const guint32  *offsets,
              const guint32  *targets,
              GArray *const  *sources,
              GArray *const  *times,
              gint64          last,
              gint64          window,
              gint64          span,
              guint           stride,
              double         *sigma,
              guint          *used)
{
  double total = 0.0;

  *used = 0;
  for (guint i = 0; i < n; i += stride)
    {
      double sum = 0.0;
      guint count = 0;

      for (guint k = 0; k < times[i]->len; k++)
        {
          gint64 t = g_array_index (times[i], gint64, k);
          guint ancestors = 0, descendants = 0;

          if (t <= last - window || t > last - span)
            continue;
          for (guint e = 0; e < sources[i]->len; e++)
            ancestors += spikes_between (times, g_array_index (sources[i], guint32, e),
                                         t - span, t - 1);
          for (guint32 e = offsets[i]; e < offsets[i + 1]; e++)
            if (targets[e] < n)
              descendants += spikes_between (times, targets[e], t + 1, t + span);
          sum += (double) descendants / MAX (ancestors, 1u);
          count++;
        }
      if (count > 0)
        {
          total += sum / count;
          (*used)++;
        }
    }
  if (*used == 0)
    return FALSE;
  *sigma = total / *used;
  return TRUE;
}

/* A random network of 40 neurons (each with 6 random targets among 44, so
 * some outside the 40; a self-synapse and a doubled synapse; 4 input rows
 * beyond the 40 that must not count) firing independently with
 * probability 0.015 per step, with silent stretches of 150 steps in which
 * no step is added, so that spikes wait across gaps for their span to
 * pass. A window of 500 steps and a span of 4: every 500 steps, the
 * estimate over every neuron and over every 4th and 7th equals the
 * definition counted directly over the same neurons (to the rounding of
 * sums of a few hundred ratios, 1e-12), and over the whole run the records
 * and the history are trimmed many times over. */
static void
test_descendants_direct (void)
{
  enum { N = 40, ROWS = 44, OUT = 6, STEPS = 8000 };
  static const guint strides[] = { 1, 4, 7 };
  const gint64 window = 500, span = 4;
  guint32 offsets[ROWS + 1], targets[ROWS * OUT];
  GArray *sources[N], *times[N];
  CelSnnStats *stats[G_N_ELEMENTS (strides)];
  guint32 spikes[N];
  guint checked = 0;
  CelRng rng;

  cel_rng_seed (&rng, 5);
  for (guint i = 0; i < N; i++)
    {
      sources[i] = g_array_new (FALSE, FALSE, sizeof (guint32));
      times[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  for (guint i = 0; i <= ROWS; i++)
    offsets[i] = i * OUT;
  for (guint e = 0; e < ROWS * OUT; e++)
    targets[e] = cel_rng_below (&rng, ROWS);
  targets[0] = 0;
  targets[OUT] = targets[OUT + 1] = 2;
  for (guint32 j = 0; j < N; j++)
    for (guint32 e = offsets[j]; e < offsets[j + 1]; e++)
      if (targets[e] < N)
        g_array_append_val (sources[targets[e]], j);
  for (guint s = 0; s < G_N_ELEMENTS (strides); s++)
    {
      stats[s] = new_stats (N, window * DT);
      set_graph (stats[s], offsets, targets, span * DT, strides[s]);
    }

  for (gint64 t = 0; t < STEPS; t++)
    {
      guint n = 0;

      if (t % 1000 >= 850)
        continue;
      for (guint32 i = 0; i < N; i++)
        if (cel_rng_uniform (&rng) < 0.015)
          {
            spikes[n++] = i;
            g_array_append_val (times[i], t);
          }
      for (guint s = 0; s < G_N_ELEMENTS (strides); s++)
        cel_snn_stats_add_step (stats[s], t, spikes, n);
      if (t % 500 != 0 || t == 0)
        continue;
      for (guint s = 0; s < G_N_ELEMENTS (strides); s++)
        {
          double sigma = -1.0, expected = -1.0;
          guint used = 0, expected_used = 0;
          gboolean any = direct_sigma (N, offsets, targets, sources, times, t, window, span,
                                       strides[s], &expected, &expected_used);

          g_assert_true (cel_snn_stats_descendants (stats[s], &sigma, &used) == any);
          if (t == STEPS - 1000)
            g_test_message ("step %lld, stride %u: σ %.6f over %u neurons, directly %.6f",
                            (long long) t, strides[s], sigma, used, expected);
          g_assert_cmpuint (used, ==, expected_used);
          g_assert_cmpfloat_with_epsilon (sigma, expected, 1e-12);
          checked += any;
        }
    }
  /* Every check had spikes to count: 15 times 3. */
  g_assert_cmpuint (checked, ==, 45);
  for (guint s = 0; s < G_N_ELEMENTS (strides); s++)
    cel_snn_stats_free (stats[s]);
  for (guint i = 0; i < N; i++)
    {
      g_array_unref (sources[i]);
      g_array_unref (times[i]);
    }
}

/* Errors ------------------------------------------------------------------- */

static void
test_errors (void)
{
  static const struct {
    double dt, window;
    int code;
  } bad[] = {
    { 0.0, 100.0, CEL_ERROR_INVALID_PARAM },
    { NAN, 100.0, CEL_ERROR_INVALID_PARAM },
    { DT, -1.0, CEL_ERROR_INVALID_PARAM },
    { DT, INFINITY, CEL_ERROR_INVALID_PARAM },
    { DT, 0.04, CEL_ERROR_INVALID_PARAM },
    { DT, 2e6, CEL_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (cel_snn_stats_new (10, bad[i].dt, bad[i].window, &error));
      g_assert_error (error, CEL_ERROR, bad[i].code);
    }

  /* Spans of less than a step, not finite, or over 10⁷ steps. */
  {
    static const guint32 offsets[] = { 0, 1, 1 };
    static const guint32 targets[] = { 1 };
    static const double spans[] = { 0.04, 0.0, -1.0, NAN, INFINITY, 2e6 };
    g_autoptr (CelSnnStats) stats = new_stats (2, 100.0);

    for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
      {
        g_autoptr (GError) error = NULL;

        g_assert_false (cel_snn_stats_set_graph (stats, offsets, targets, spans[i], 1, &error));
        g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snn-stats/cv/regular", test_cv_regular);
  g_test_add_func ("/snn-stats/cv/poisson", test_cv_poisson);
  g_test_add_func ("/snn-stats/descendants/counts", test_descendants_counts);
  g_test_add_func ("/snn-stats/descendants/relay", test_descendants_relay);
  g_test_add_func ("/snn-stats/descendants/direct", test_descendants_direct);
  g_test_add_func ("/snn-stats/errors", test_errors);
  return g_test_run ();
}
