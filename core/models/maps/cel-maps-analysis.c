/* cel-maps-analysis.c — the analyses of the maps model (see cel-maps.h).
 * Each runs on a private copy, from the copy's current state, with the
 * parameters of the moment. */
#include "cel-maps-private.h"

#include <math.h>

#include "cel-chaos.h"
#include "cel-error.h"
#include "cel-i18n.h"

/* Blocks the exponent's iterations are split into for its standard error. */
#define LYAPUNOV_BLOCKS 10
/* Points of the running exponent estimate plotted. */
#define CONVERGENCE_POINTS 1000

static const CelSeriesInfo diagram_info = {
  "diagram", N_("Bifurcation diagram (parameter, x)"), "bifurcation", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo convergence_info = {
  "lyapunov-estimate", N_("Running estimate of the largest exponent"), "lyapunov", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo sweep_info = {
  "lyapunov", N_("Largest Lyapunov exponent over the sweep"), "lyapunov-sweep", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo k_info = {
  "k", N_("0–1 test: K for each frequency c"), "zero-one", CEL_PLOT_POINTS, FALSE
};
static const CelSeriesInfo pq_info = {
  "pq", N_("0–1 test: translation variables (p, q) at the first c"), "zero-one-pq", CEL_PLOT_POINTS, FALSE
};

static gboolean
cancelled (GCancellable *cancellable, GError **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
report (CelProgressFunc progress, gpointer data, double fraction)
{
  if (progress)
    progress (CLAMP (fraction, 0.0, 1.0), data);
}

/* Discards the transient in chunks, honouring cancellation. */
static gboolean
run_transient (CelMaps            *self,
               const CelMapsLocal *local,
               const CelMapsNet   *net,
               GCancellable       *cancellable,
               GError            **error)
{
  guint64 left = self->transient;

  while (left > 0)
    {
      guint64 chunk = MIN (left, 65536);

      if (cancelled (cancellable, error)
          || !cel_maps_advance (self, local, net, chunk, NULL, NULL, NULL, NULL, error))
        return FALSE;
      left -= chunk;
    }
  return TRUE;
}

/* The probe's x over n iterations after the transient. */
static double *
record_series (CelMaps *self, guint n, GCancellable *cancellable, GError **error)
{
  CelMapsLocal local;
  CelMapsNet net;
  g_autofree double *out = g_new (double, n);
  guint p = MIN (self->probe, self->n - 1);

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  if (!run_transient (self, &local, &net, cancellable, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      if (i % 65536 == 0 && cancelled (cancellable, error))
        return NULL;
      if (!cel_maps_advance (self, &local, &net, 1, NULL, NULL, NULL, NULL, error))
        return NULL;
      out[i] = self->x[p];
    }
  return g_steal_pointer (&out);
}

/* A random unit tangent vector over the whole network. */
static void
random_tangent (CelMaps *self, double *vx, double *vy)
{
  CelRng *rng = cel_model_get_rng (CEL_MODEL (self));

  for (guint i = 0; i < self->n; i++)
    {
      vx[i] = cel_rng_normal (rng);
      vy[i] = self->s_kind == CEL_MAPS_LOGISTIC ? 0 : cel_rng_normal (rng);
    }
  cel_maps_tangent_normalize (vx, vy, self->n);
}

/* Bifurcation diagram ------------------------------------------------------ */

static gboolean
run_bifurcation (CelModel          *copy,
                 CelAnalysisResult *result,
                 CelProgressFunc    progress,
                 gpointer           progress_data,
                 GCancellable      *cancellable,
                 GError           **error)
{
  CelMaps *self = CEL_MAPS (copy);
  CelMapsLocal local;
  CelMapsNet net;
  guint values = self->sweep_values, samples = self->samples;
  guint p = MIN (self->probe, self->n - 1);
  CelSeries *diagram = cel_analysis_result_add_series (result, &diagram_info, values * samples);

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  for (guint j = 0; j < values; j++)
    {
      double value = cel_maps_sweep_value (self->sweep_from, self->sweep_to, values, j);

      if (cancelled (cancellable, error))
        return FALSE;
      *cel_maps_sweep_target (&local, &net, self->sweep) = value;
      if (!cel_maps_advance (self, &local, &net, self->transient, NULL, NULL, NULL, NULL, error))
        return FALSE;
      for (guint s = 0; s < samples; s++)
        {
          if (!cel_maps_advance (self, &local, &net, 1, NULL, NULL, NULL, NULL, error))
            return FALSE;
          cel_series_append (diagram, value, self->x[p]);
        }
      report (progress, progress_data, (j + 1.0) / values);
    }
  result->summary = g_strdup_printf (_("%u values × %u iterates after a transient of %u"),
                                     values, samples, self->transient);
  return TRUE;
}

/* Largest Lyapunov exponent ------------------------------------------------ */

static gboolean
run_lyapunov (CelModel          *copy,
              CelAnalysisResult *result,
              CelProgressFunc    progress,
              gpointer           progress_data,
              GCancellable      *cancellable,
              GError           **error)
{
  CelMaps *self = CEL_MAPS (copy);
  CelMapsLocal local;
  CelMapsNet net;
  /* lyapunov-iterations is at least 100, so every block has iterations. */
  guint64 total = self->lyapunov_iterations, block = total / LYAPUNOV_BLOCKS, done = 0;
  guint64 plot_every = MAX (total / CONVERGENCE_POINTS, 1);
  g_autofree double *vx = g_new (double, self->n);
  g_autofree double *vy = g_new (double, self->n);
  g_autofree double *df = g_new (double, self->n);
  double blocks[LYAPUNOV_BLOCKS] = { 0 }, sum = 0, mean, err;
  CelSeries *convergence = cel_analysis_result_add_series (result, &convergence_info, CONVERGENCE_POINTS + 1);

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  if (!run_transient (self, &local, &net, cancellable, error))
    return FALSE;
  random_tangent (self, vx, vy);
  /* LYAPUNOV_BLOCKS blocks of `block` iterations, the last one taking what
   * the division leaves over; chunks never straddle two blocks. */
  while (done < total)
    {
      guint index = (guint) MIN (done / block, LYAPUNOV_BLOCKS - 1);
      guint64 block_end = index + 1 < LYAPUNOV_BLOCKS ? (index + 1) * block : total;
      guint64 chunk = MIN (plot_every, block_end - done);
      double log_sum = 0;

      if (cancelled (cancellable, error)
          || !cel_maps_advance (self, &local, &net, chunk, vx, vy, df, &log_sum, error))
        return FALSE;
      sum += log_sum;
      blocks[index] += log_sum;
      done += chunk;
      cel_series_append (convergence, (double) done, sum / (double) done);
      report (progress, progress_data, (double) done / total);
    }
  for (guint i = 0; i < LYAPUNOV_BLOCKS; i++)
    blocks[i] /= (double) (i + 1 < LYAPUNOV_BLOCKS ? block : total - block * (LYAPUNOV_BLOCKS - 1));
  cel_chaos_mean_error (blocks, LYAPUNOV_BLOCKS, &mean, &err);
  cel_analysis_result_add_number (result, "lyapunov", _("Largest Lyapunov exponent"),
                                  sum / (double) total, err, _("per iteration"));
  result->summary = g_strdup_printf (_("λ₁ = %.4g ± %.2g per iteration over %llu iterations"),
                                     sum / (double) total, err, (unsigned long long) total);
  return TRUE;
}

static gboolean
run_lyapunov_sweep (CelModel          *copy,
                    CelAnalysisResult *result,
                    CelProgressFunc    progress,
                    gpointer           progress_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  CelMaps *self = CEL_MAPS (copy);
  CelMapsLocal local;
  CelMapsNet net;
  guint values = self->sweep_values, chaotic = 0;
  g_autofree double *vx = g_new (double, self->n);
  g_autofree double *vy = g_new (double, self->n);
  g_autofree double *df = g_new (double, self->n);
  CelSeries *curve = cel_analysis_result_add_series (result, &sweep_info, values);

  cel_maps_local_params (self, &local);
  cel_maps_net_params (self, &net);
  for (guint j = 0; j < values; j++)
    {
      double value = cel_maps_sweep_value (self->sweep_from, self->sweep_to, values, j);
      double log_sum = 0, lambda;

      if (cancelled (cancellable, error))
        return FALSE;
      *cel_maps_sweep_target (&local, &net, self->sweep) = value;
      if (!cel_maps_advance (self, &local, &net, self->transient, NULL, NULL, NULL, NULL, error))
        return FALSE;
      random_tangent (self, vx, vy);
      if (!cel_maps_advance (self, &local, &net, self->samples, vx, vy, df, &log_sum, error))
        return FALSE;
      lambda = log_sum / self->samples;
      chaotic += lambda > 0;
      cel_series_append (curve, value, lambda);
      report (progress, progress_data, (j + 1.0) / values);
    }
  cel_analysis_result_add_number (result, "chaotic-fraction", _("Fraction of values with λ₁ > 0"),
                                  (double) chaotic / values, NAN, NULL);
  result->summary = g_strdup_printf (_("λ₁ at %u values, each over %u iterations after a transient of %u"),
                                     values, self->samples, self->transient);
  return TRUE;
}

/* 0–1 test and sample entropy --------------------------------------------- */

static gboolean
run_zero_one (CelModel          *copy,
              CelAnalysisResult *result,
              CelProgressFunc    progress,
              gpointer           progress_data,
              GCancellable      *cancellable,
              GError           **error)
{
  CelMaps *self = CEL_MAPS (copy);
  guint n = self->test_samples, n_c = self->test_frequencies;
  g_autofree double *phi = NULL;
  g_autofree double *c = g_new (double, n_c);
  g_autofree double *k = g_new (double, n_c);
  g_autofree double *p = g_new (double, n);
  g_autofree double *q = g_new (double, n);
  CelSeries *k_series, *pq_series;
  double median;

  phi = record_series (self, n, cancellable, error);
  if (phi == NULL)
    return FALSE;
  report (progress, progress_data, 0.1);
  median = cel_chaos_zero_one (phi, n, n_c, cel_model_get_rng (copy), c, k, cancellable);
  if (cancelled (cancellable, error))
    return FALSE;
  if (isnan (median))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The 0–1 test needs a series that varies; the probe’s x is constant"));
      return FALSE;
    }
  k_series = cel_analysis_result_add_series (result, &k_info, n_c);
  for (guint i = 0; i < n_c; i++)
    cel_series_append (k_series, c[i], k[i]);
  pq_series = cel_analysis_result_add_series (result, &pq_info, n);
  cel_chaos_translation (phi, n, c[0], p, q);
  for (guint i = 0; i < n; i++)
    cel_series_append (pq_series, p[i], q[i]);
  cel_analysis_result_add_number (result, "k", _("0–1 test K (median over c)"), median, NAN, NULL);
  result->summary = g_strdup_printf (_("K = %.3f (near 1: chaos; near 0: regular), %u samples, %u frequencies"),
                                     median, n, n_c);
  report (progress, progress_data, 1.0);
  return TRUE;
}

static gboolean
run_sample_entropy (CelModel          *copy,
                    CelAnalysisResult *result,
                    CelProgressFunc    progress,
                    gpointer           progress_data,
                    GCancellable      *cancellable,
                    GError           **error)
{
  CelMaps *self = CEL_MAPS (copy);
  guint n = self->entropy_samples;
  g_autofree double *u = record_series (self, n, cancellable, error);
  double entropy;

  if (u == NULL)
    return FALSE;
  report (progress, progress_data, 0.2);
  entropy = cel_chaos_sample_entropy (u, n, 2, 0.2, cancellable);
  if (cancelled (cancellable, error))
    return FALSE;
  cel_analysis_result_add_number (result, "sample-entropy", _("Sample entropy (m = 2, r = 0.2·SD)"),
                                  entropy, NAN, NULL);
  result->summary = g_strdup_printf (_("SampEn = %.4f over %u samples"), entropy, n);
  report (progress, progress_data, 1.0);
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "bifurcation", N_("Bifurcation diagram"),
    N_("Sweeps the chosen parameter and plots the probe’s x after the transient at every value"),
    run_bifurcation },
  { "lyapunov", N_("Largest Lyapunov exponent"),
    N_("Grows a perturbation of the whole network through the tangent map, renormalising every iteration"),
    run_lyapunov },
  { "lyapunov-sweep", N_("Lyapunov exponent over the sweep"),
    N_("The largest exponent at every value of the swept parameter"),
    run_lyapunov_sweep },
  { "zero-one", N_("0–1 test for chaos"),
    N_("Gottwald and Melbourne’s test on the probe’s x: K near 1 for chaos, near 0 for regular motion"),
    run_zero_one },
  { "sample-entropy", N_("Sample entropy"),
    N_("Richman and Moorman’s sample entropy of the probe’s x with m = 2 and r = 0.2 standard deviations"),
    run_sample_entropy },
};

const CelAnalysisInfo *
cel_maps_get_analyses (CelModel *model, guint *n_analyses)
{
  *n_analyses = G_N_ELEMENTS (analyses);
  return analyses;
}
