/* cel-reservoir-analysis.c — scores of the reservoir on a copy: memory
 * capacity, NARMA-10 NRMSE and one-step prediction NRMSE. Each resets the
 * copy with the task it needs, runs the washout, the training and
 * "analysis-test" test steps, and reads the score off the model. */
#include "models/reservoir/cel-reservoir-analysis.h"

#include <math.h>

#include "cel-error.h"
#include "cel-i18n.h"
#include "models/reservoir/cel-reservoir.h"

/* Steps between progress reports and cancellation checks. */
#define CHUNK 500
/* Test steps copied into the result's target/output plot. */
#define SHOWN_TEST_STEPS 400

static const CelSeriesInfo forgetting_info = {
  "forgetting", N_("Recall r²(k) of u(t − k)"), "memory", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo test_target_info = {
  "target", N_("Target"), "test", CEL_PLOT_LINE, FALSE
};
static const CelSeriesInfo test_output_info = {
  "output", N_("Reservoir output"), "test", CEL_PLOT_LINE, FALSE
};

/* Resets the copy for `task` and runs washout + training + test. */
static gboolean
run_task (CelModel         *copy,
          const char       *task,
          guint64          *test_start,
          CelProgressFunc   progress,
          gpointer          progress_data,
          GCancellable     *cancellable,
          GError          **error)
{
  guint washout, train, test;
  guint64 total, done = 0;

  if (!cel_model_set_param_string (copy, "task", task, error))
    return FALSE;
  g_object_get (copy, "washout", &washout, "train", &train, "analysis-test", &test, NULL);
  cel_model_reset (copy);
  total = (guint64) washout + train + test;
  *test_start = (guint64) washout + train;
  while (done < total)
    {
      guint64 n = MIN (CHUNK, total - done);
      GError *step_error = NULL;

      done += cel_model_step (copy, n, cancellable, &step_error);
      if (step_error != NULL)
        {
          g_propagate_error (error, step_error);
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (progress)
        progress ((double) done / (double) total, progress_data);
    }
  return TRUE;
}

/* The first test steps of a series of the copy, into the result. */
static void
copy_test_points (CelModel          *copy,
                  const char        *id,
                  const CelSeriesInfo *info,
                  guint64            test_start,
                  CelAnalysisResult *result)
{
  CelSeries *from = cel_model_find_series (copy, id);
  CelSeries *to = cel_analysis_result_add_series (result, info, SHOWN_TEST_STEPS);
  guint n;
  const CelPoint2 *points = cel_series_get_points (from, &n);

  for (guint i = 0; i < n; i++)
    if (points[i].x > (double) test_start && points[i].x <= (double) (test_start + SHOWN_TEST_STEPS))
      cel_series_append (to, points[i].x, points[i].y);
}

static void
add_nrmse (CelModel *copy, CelAnalysisResult *result, guint64 test_start, const char *what)
{
  double nrmse = cel_reservoir_get_nrmse (CEL_RESERVOIR (copy));
  guint64 tested = cel_reservoir_get_tested (CEL_RESERVOIR (copy));

  cel_analysis_result_add_number (result, "nrmse", _("Test NRMSE"), nrmse, NAN, NULL);
  copy_test_points (copy, "target", &test_target_info, test_start, result);
  copy_test_points (copy, "output", &test_output_info, test_start, result);
  result->summary = g_strdup_printf (_("%s: NRMSE %.4g over %llu test steps."),
                                     what, nrmse, (unsigned long long) tested);
}

static gboolean
run_memory_capacity (CelModel          *copy,
                     CelAnalysisResult *result,
                     CelProgressFunc    progress,
                     gpointer           progress_data,
                     GCancellable      *cancellable,
                     GError           **error)
{
  CelReservoir *reservoir = CEL_RESERVOIR (copy);
  guint64 test_start;
  guint units, n = 0;
  g_autofree double *r2 = NULL;
  CelSeries *curve;
  double capacity;

  if (!run_task (copy, "memory", &test_start, progress, progress_data, cancellable, error))
    return FALSE;
  g_object_get (copy, "units", &units, NULL);
  r2 = g_new (double, 2 * (gsize) units);
  cel_reservoir_get_forgetting_curve (reservoir, r2, &n);
  curve = cel_analysis_result_add_series (result, &forgetting_info, n);
  for (guint k = 0; k < n; k++)
    cel_series_append (curve, k + 1, r2[k]);
  capacity = cel_reservoir_get_memory_capacity (reservoir);
  cel_analysis_result_add_number (result, "memory-capacity", _("Memory capacity Σ r²(k)"),
                                  capacity, NAN, NULL);
  cel_analysis_result_add_number (result, "units", _("Upper bound: units N"), units, NAN, NULL);
  result->summary = g_strdup_printf (_("Memory capacity %.2f over delays 1 … %u, of at most N = %u."),
                                     capacity, n, units);
  return TRUE;
}

static gboolean
run_narma10 (CelModel          *copy,
             CelAnalysisResult *result,
             CelProgressFunc    progress,
             gpointer           progress_data,
             GCancellable      *cancellable,
             GError           **error)
{
  guint64 test_start;

  if (!run_task (copy, "narma10", &test_start, progress, progress_data, cancellable, error))
    return FALSE;
  add_nrmse (copy, result, test_start, _("NARMA-10"));
  return TRUE;
}

static gboolean
run_one_step (CelModel          *copy,
              CelAnalysisResult *result,
              CelProgressFunc    progress,
              gpointer           progress_data,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autofree char *task = cel_model_get_param_string (copy, "task");
  const char *series;
  guint64 test_start;

  if (g_str_has_prefix (task, "lorenz"))
    series = "lorenz";
  else if (g_str_has_prefix (task, "mackey-glass"))
    series = "mackey-glass";
  else
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("task: one-step prediction needs the Lorenz or the Mackey–Glass series, not “%s”"),
                   task);
      return FALSE;
    }
  if (!run_task (copy, series, &test_start, progress, progress_data, cancellable, error))
    return FALSE;
  add_nrmse (copy, result, test_start,
             g_str_equal (series, "lorenz") ? _("Lorenz, one step ahead")
                                            : _("Mackey–Glass, one step ahead"));
  return TRUE;
}

static const CelAnalysisInfo analyses[] = {
  { "memory-capacity", N_("Memory capacity"),
    N_("Sum over delays k of the squared correlation between the readout for k and the input k steps back"),
    run_memory_capacity },
  { "narma10", N_("NARMA-10 error"),
    N_("Normalised root-mean-square error of the readout on the tenth-order NARMA system"),
    run_narma10 },
  { "one-step", N_("One-step prediction error"),
    N_("Normalised root-mean-square error of one-step-ahead prediction of the task’s series "
       "(Lorenz or Mackey–Glass)"),
    run_one_step },
};

const CelAnalysisInfo *
cel_reservoir_list_analyses (guint *n_analyses)
{
  *n_analyses = G_N_ELEMENTS (analyses);
  return analyses;
}
