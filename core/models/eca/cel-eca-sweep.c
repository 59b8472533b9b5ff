/* cel-eca-sweep.c — all 256 elementary rules from one random row, measured
 * the way the model measures them, written as CSV (see cel-eca.h). */
#include "cel-eca.h"

#include <string.h>

#include "cel-eca-engine.h"
#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-parallel.h"

#define N_RULES 256

enum {
  MEASURE_DENSITY,
  MEASURE_LZ,
  MEASURE_ENTROPY,
  MEASURE_LYAPUNOV,
  N_MEASURES
};

typedef struct {
  guint         width;
  guint         steps;
  guint64       seed;
  GCancellable *cancellable;
  double        results[N_RULES][N_MEASURES];
} Sweep;

static void
swap_rows (guint64 **a, guint64 **b)
{
  guint64 *t = *a;

  *a = *b;
  *b = t;
}

/* Task `task` of n_tasks runs rules task, task + n_tasks, … */
static void
sweep_task (guint task, guint n_tasks, gpointer data)
{
  Sweep *sweep = data;
  gsize n_words = cel_eca_n_words (sweep->width);
  guint centre = sweep->width / 2;
  g_autofree guint64 *row = g_new0 (guint64, n_words);
  g_autofree guint64 *next = g_new0 (guint64, n_words);
  g_autofree guint64 *damage = g_new0 (guint64, n_words);
  g_autofree guint64 *damage_next = g_new0 (guint64, n_words);
  g_autoptr (CelEcaMeasure) measure = cel_eca_measure_new ();
  guint first_measured = sweep->steps / 2 + 1;
  double n_measured = sweep->steps - first_measured + 1;

  for (guint rule = task; rule < N_RULES; rule += n_tasks)
    {
      double sums[N_MEASURES] = { 0 };
      CelRng rng;

      cel_rng_seed (&rng, sweep->seed);
      cel_eca_row_fill_random (row, sweep->width, 0.5, &rng);
      memcpy (damage, row, n_words * sizeof (guint64));
      cel_eca_row_set (damage, centre, !cel_eca_row_get (row, centre));

      for (guint t = 1; t <= sweep->steps; t++)
        {
          if (g_cancellable_is_cancelled (sweep->cancellable))
            return;
          cel_eca_row_step (row, next, sweep->width, rule, TRUE);
          swap_rows (&row, &next);
          cel_eca_row_step (damage, damage_next, sweep->width, rule, TRUE);
          swap_rows (&damage, &damage_next);
          if (t >= first_measured)
            {
              double lz, entropy;

              cel_eca_measure_row (measure, row, sweep->width, &lz, &entropy);
              sums[MEASURE_DENSITY] += (double) cel_eca_row_count (row, n_words) / sweep->width;
              sums[MEASURE_LZ] += lz;
              sums[MEASURE_ENTROPY] += entropy;
              sums[MEASURE_LYAPUNOV] += (double) cel_eca_row_distance (row, damage, n_words) / t;
            }
        }
      for (guint m = 0; m < N_MEASURES; m++)
        sweep->results[rule][m] = sums[m] / n_measured;
    }
}

gboolean
cel_eca_sweep_write_csv (guint          width,
                         guint          steps,
                         guint64        seed,
                         const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree Sweep *sweep = NULL;
  g_autoptr (GString) csv = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (width < 1 || width > CEL_ECA_MAX_WIDTH)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("width: %u is outside the allowed range 1 … %u"), width, CEL_ECA_MAX_WIDTH);
      return FALSE;
    }
  if (steps < 1)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                           _("steps: a sweep needs at least one step"));
      return FALSE;
    }

  sweep = g_new0 (Sweep, 1);
  sweep->width = width;
  sweep->steps = steps;
  sweep->seed = seed;
  sweep->cancellable = cancellable;
  cel_parallel_for (MIN (N_RULES, cel_parallel_get_threads ()), sweep_task, sweep);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  csv = g_string_new ("rule,density,lz_complexity,block_entropy,damage_lyapunov\n");
  for (guint rule = 0; rule < N_RULES; rule++)
    {
      g_string_append_printf (csv, "%u", rule);
      for (guint m = 0; m < N_MEASURES; m++)
        {
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_c (csv, ',');
          g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.6f",
                                                 sweep->results[rule][m]));
        }
      g_string_append_c (csv, '\n');
    }
  return g_file_set_contents (path, csv->str, (gssize) csv->len, error);
}
