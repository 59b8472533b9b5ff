/* Spike statistics: the ISI CV of regular trains (0) and of Bernoulli
 * trains (geometric intervals, CV √(1 − p)), the branching factor of
 * hand-counted bins and of driven branching processes with Poisson
 * offspring at σ = 0.8, 1.0 and 1.2, the sliding window, NALSM's
 * descendants per ancestor on hand-counted spikes and on a relay ring
 * (exactly 1), and errors. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/snn/cel-snn-stats.h"

#define DT 0.1

static CelSnnStats *
new_stats (guint n, double bin_ms, double window_ms)
{
  g_autoptr (GError) error = NULL;
  CelSnnStats *stats = cel_snn_stats_new (n, DT, bin_ms, window_ms, &error);

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
  g_autoptr (CelSnnStats) stats = new_stats (4, 1.0, 1000.0);
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
  g_autoptr (CelSnnStats) stats = new_stats (N, 1.0, 200000.0);
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

/* Branching factor --------------------------------------------------------- */

/* Bins of 4 steps (0.4 ms) holding 4, 2, 0, 3, 6 spikes: the pairs
 * (A_t, A_{t+1}) are (4, 2), (2, 0), (0, 3), (3, 6), whose least-squares
 * slope is (n Σxy − Σx Σy) / (n Σx² − (Σx)²) = (4·26 − 9·11) / (4·29 − 9²)
 * = 5/35 = 1/7. While the bin of 6 is in progress the pairs are the first
 * three: (3·8 − 6·5) / (3·20 − 6²) = −1/4. Over a window of three bins
 * only (0, 3, 6) remain: (2·18 − 3·9) / (2·9 − 3²) = 1. */
static void
test_branching_counts (void)
{
  static const guint counts[] = { 4, 2, 0, 3, 6 };
  g_autoptr (CelSnnStats) all = new_stats (10, 0.4, 100.0);
  g_autoptr (CelSnnStats) three = new_stats (10, 0.4, 1.2);
  guint32 spikes[10];
  double sigma = -1.0;

  for (guint i = 0; i < 10; i++)
    spikes[i] = i;
  g_assert_false (cel_snn_stats_branching (all, &sigma));
  for (guint b = 0; b < G_N_ELEMENTS (counts); b++)
    {
      /* Half of the bin's spikes in its first step, the rest in its last. */
      cel_snn_stats_add_step (all, 4 * b, spikes, counts[b] / 2);
      cel_snn_stats_add_step (all, 4 * b + 3, spikes, counts[b] - counts[b] / 2);
      cel_snn_stats_add_step (three, 4 * b, spikes, counts[b]);
    }
  g_assert_true (cel_snn_stats_branching (all, &sigma));
  g_assert_cmpfloat_with_epsilon (sigma, -0.25, 1e-12);
  cel_snn_stats_add_step (all, 20, spikes, 1);
  cel_snn_stats_add_step (three, 21, spikes, 1);
  g_assert_true (cel_snn_stats_branching (all, &sigma));
  g_assert_cmpfloat_with_epsilon (sigma, 1.0 / 7.0, 1e-12);
  g_assert_true (cel_snn_stats_branching (three, &sigma));
  g_assert_cmpfloat_with_epsilon (sigma, 1.0, 1e-12);

  /* A long silence fills the window with empty bins: no slope. */
  cel_snn_stats_add_step (three, 1000, NULL, 0);
  sigma = -1.0;
  g_assert_false (cel_snn_stats_branching (three, &sigma));
  g_assert_cmpfloat (sigma, ==, -1.0);

  cel_snn_stats_reset (all);
  g_assert_false (cel_snn_stats_branching (all, &sigma));
}

/* A Poisson deviate: Knuth's product of uniforms over chunks of mean ≤ 20
 * (a sum of independent Poisson deviates is Poisson of the summed mean). */
static guint
poisson (CelRng *rng, double mean)
{
  guint k = 0;

  while (mean > 0.0)
    {
      double chunk = MIN (mean, 20.0), limit = exp (-chunk);
      double product = cel_rng_uniform (rng);

      while (product > limit)
        {
          product *= cel_rng_uniform (rng);
          k++;
        }
      mean -= chunk;
    }
  return k;
}

/* A branching process with immigration (Wilting & Priesemann 2018): each
 * spike of a bin has Poisson(σ) descendants in the next, and the drive adds
 * Poisson(h = 20) spikes to every bin, so A_{t+1} ~ Poisson(σ A_t + h).
 * Spikes fall in random steps of their 4-step bin on distinct neurons. The
 * run lasts `bins` bins or until a bin exceeds 50,000 spikes, and the window
 * holds all of it. The slope's standard error follows from the known
 * conditional variance Var(A_{t+1} | A_t) = σ A_t + h:
 * se² = Σ (x − x̄)² (σ x + h) / (Σ (x − x̄)²)² over the pairs; the estimate
 * must be within 5 se of σ (a miss once in 1.7 million runs), and se is
 * checked to be small enough for that to tell σ = 0.8, 1.0, 1.2 apart. */
static void
driven_branching (double sigma, guint bins, guint64 seed)
{
  enum { N = 200000, CAP = 50000 };
  const double h = 20.0;
  g_autoptr (CelSnnStats) stats = new_stats (N, 0.4, 0.4 * (bins + 2));
  g_autofree guint32 *spikes = g_new (guint32, N);
  g_autofree guint *count = g_new (guint, bins + 1);
  guint32 next_neuron = 0;
  guint used = 0;
  double estimate = 0.0, mean = 0.0, sxx = 0.0, weighted = 0.0, se;
  CelRng rng;

  cel_rng_seed (&rng, seed);
  count[0] = poisson (&rng, h);
  for (guint b = 0; b < bins && count[b] <= CAP; b++)
    {
      guint per_step[4] = { 0 };

      for (guint k = 0; k < count[b]; k++)
        per_step[cel_rng_below (&rng, 4)]++;
      for (guint s = 0; s < 4; s++)
        {
          for (guint k = 0; k < per_step[s]; k++)
            {
              spikes[k] = next_neuron;
              next_neuron = (next_neuron + 1) % N;
            }
          if (per_step[s] > 0)
            cel_snn_stats_add_step (stats, 4 * (gint64) b + s, spikes, per_step[s]);
        }
      count[b + 1] = poisson (&rng, sigma * count[b] + h);
      used = b + 1;
    }
  /* An empty step completes the last bin. */
  cel_snn_stats_add_step (stats, 4 * (gint64) used, NULL, 0);
  g_assert_true (cel_snn_stats_branching (stats, &estimate));

  /* The pairs are (count[b], count[b + 1]) for b + 1 < used. */
  for (guint b = 0; b + 1 < used; b++)
    mean += count[b];
  mean /= used - 1;
  for (guint b = 0; b + 1 < used; b++)
    {
      double d = count[b] - mean;

      sxx += d * d;
      weighted += d * d * (sigma * count[b] + h);
    }
  se = sqrt (weighted) / sxx;
  g_test_message ("σ = %.2f: estimated %.4f, se %.4f, over %u bins", sigma, estimate, se, used);
  g_assert_cmpfloat (se, <, 0.02);
  g_assert_cmpfloat (fabs (estimate - sigma), <, 5.0 * se);
}

static void
test_branching_driven (void)
{
  driven_branching (0.8, 20000, 1);
  driven_branching (1.0, 400, 2);
  driven_branching (1.2, 200, 3);
}

/* Steady Poisson activity: 1000 neurons firing independently at 20 Hz have
 * bins that do not depend on the last, σ = 0; the ratio Σ A_{t+1} / Σ A_t
 * would read 1. Over 10,000 bins the slope has se ≈ 1/√10,000 = 0.01 (the
 * lag-one autocorrelation of independent samples); asserted within 0.05. */
static void
test_branching_independent (void)
{
  enum { N = 1000 };
  const double p = -expm1 (-20.0 * DT * 1e-3);
  g_autoptr (CelSnnStats) stats = new_stats (N, 0.4, 4000.0);
  guint32 spikes[N];
  double sigma = -1.0;
  CelRng rng;

  cel_rng_seed (&rng, 4);
  for (gint64 t = 0; t <= 40000; t++)
    {
      guint n = 0;

      for (guint32 i = 0; i < N; i++)
        if (cel_rng_uniform (&rng) < p)
          spikes[n++] = i;
      cel_snn_stats_add_step (stats, t, spikes, n);
    }
  g_assert_true (cel_snn_stats_branching (stats, &sigma));
  g_test_message ("independent spikes: σ %.4f", sigma);
  g_assert_cmpfloat (fabs (sigma), <, 0.05);
}

/* Descendants per ancestor ------------------------------------------------- */

static void
set_graph (CelSnnStats *stats, const guint32 *offsets, const guint32 *targets, double span_ms)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (cel_snn_stats_set_graph (stats, offsets, targets, span_ms, &error));
  g_assert_no_error (error);
}

static void
add_one (CelSnnStats *stats, gint64 step, guint32 neuron)
{
  cel_snn_stats_add_step (stats, step, &neuron, 1);
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
 * Neuron means 2/2 = 1, 2/3 and 0: σ = 5/9 over three neurons. */
static void
test_descendants_counts (void)
{
  static const guint32 offsets[] = { 0, 2, 3, 4, 5 };
  static const guint32 targets[] = { 1, 2, 2, 7, 0 };
  static const guint32 both[] = { 0, 1 };
  g_autoptr (CelSnnStats) stats = new_stats (3, 1.0, 100.0);
  double sigma = -1.0;
  guint used = 0;

  /* No synapses given yet: no estimate. */
  add_one (stats, 1, 0);
  g_assert_false (cel_snn_stats_descendants (stats, &sigma, &used));
  g_assert_cmpuint (used, ==, 0);

  set_graph (stats, offsets, targets, 0.4);
  add_one (stats, 10, 0);
  add_one (stats, 12, 1);
  add_one (stats, 13, 2);
  /* 13 − 4 = 9 < 10: no spike's span after it has passed yet. */
  g_assert_false (cel_snn_stats_descendants (stats, &sigma, NULL));
  add_one (stats, 15, 2);
  add_one (stats, 20, 1);
  cel_snn_stats_add_step (stats, 30, both, 2);
  add_one (stats, 50, 2);
  g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
  g_assert_cmpuint (used, ==, 3);
  /* Sums of a few ratios of small integers: within rounding of 5/9. */
  g_assert_cmpfloat_with_epsilon (sigma, 5.0 / 9.0, 1e-12);

  /* The window (1000 steps) moves past them: 2 @ 2000 waits for its span,
   * then reads 0 (no targets among the three). */
  add_one (stats, 2000, 2);
  g_assert_false (cel_snn_stats_descendants (stats, &sigma, NULL));
  add_one (stats, 2010, 0);
  g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
  g_assert_cmpuint (used, ==, 1);
  g_assert_cmpfloat (sigma, ==, 0.0);

  /* Resetting forgets the spikes and keeps the synapses. */
  cel_snn_stats_reset (stats);
  g_assert_false (cel_snn_stats_descendants (stats, &sigma, NULL));
  add_one (stats, 3000, 0);
  add_one (stats, 3002, 1);
  add_one (stats, 3010, 2);
  g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
  /* 0: one descendant, no ancestor: 1; 1: none after: 0. */
  g_assert_cmpuint (used, ==, 2);
  g_assert_cmpfloat_with_epsilon (sigma, 0.5, 1e-12);
}

/* A ring i → i + 1 of 50 neurons relaying one spike every 2 steps for
 * 20000 steps: every spike but the first has exactly one ancestor and one
 * descendant, so σ is exactly 1, over the 50 neurons, however long the run
 * (10000 spikes, far more than the window's 500, so old records are
 * dropped on the way). */
static void
test_descendants_relay (void)
{
  enum { N = 50 };
  g_autoptr (CelSnnStats) stats = new_stats (N, 1.0, 100.0);
  guint32 offsets[N + 1], targets[N];
  double sigma = 0.0;
  guint used = 0;

  for (guint i = 0; i < N; i++)
    {
      offsets[i] = i;
      targets[i] = (i + 1) % N;
    }
  offsets[N] = N;
  set_graph (stats, offsets, targets, 0.4);
  for (guint k = 0; k < 10000; k++)
    add_one (stats, 2 * (gint64) k, k % N);
  g_assert_true (cel_snn_stats_descendants (stats, &sigma, &used));
  g_assert_cmpuint (used, ==, N);
  g_assert_cmpfloat (sigma, ==, 1.0);
}

/* Errors ------------------------------------------------------------------- */

static void
test_errors (void)
{
  static const struct {
    double dt, bin, window;
    int code;
  } bad[] = {
    { 0.0, 1.0, 100.0, CEL_ERROR_INVALID_PARAM },
    { DT, NAN, 100.0, CEL_ERROR_INVALID_PARAM },
    { DT, 1.0, -1.0, CEL_ERROR_INVALID_PARAM },
    { DT, 1.0, INFINITY, CEL_ERROR_INVALID_PARAM },
    { DT, 1.0, 1.5, CEL_ERROR_INVALID_PARAM },
    { DT, 1.0, 2e6, CEL_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_null (cel_snn_stats_new (10, bad[i].dt, bad[i].bin, bad[i].window, &error));
      g_assert_error (error, CEL_ERROR, bad[i].code);
    }

  /* Spans of less than a step, not finite, or over 10⁷ steps. */
  {
    static const guint32 offsets[] = { 0, 1, 1 };
    static const guint32 targets[] = { 1 };
    static const double spans[] = { 0.04, 0.0, -1.0, NAN, INFINITY, 2e6 };
    g_autoptr (CelSnnStats) stats = new_stats (2, 1.0, 100.0);

    for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
      {
        g_autoptr (GError) error = NULL;

        g_assert_false (cel_snn_stats_set_graph (stats, offsets, targets, spans[i], &error));
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
  g_test_add_func ("/snn-stats/branching/counts", test_branching_counts);
  g_test_add_func ("/snn-stats/branching/driven", test_branching_driven);
  g_test_add_func ("/snn-stats/branching/independent", test_branching_independent);
  g_test_add_func ("/snn-stats/descendants/counts", test_descendants_counts);
  g_test_add_func ("/snn-stats/descendants/relay", test_descendants_relay);
  g_test_add_func ("/snn-stats/errors", test_errors);
  return g_test_run ();
}
