/* test-util.h — helpers shared by the model tests: setting parameters from
 * text, making a reset model from "name=value" pairs, loading a shipped
 * preset, and reading a number of an analysis. Any failure aborts the test with the error's message. */
#pragma once

#include <stdarg.h>

#include "cellarium.h"

static inline void
test_set_param (CelModel *model, const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;

  if (!cel_model_set_param_string (model, name, text, &error))
    g_error ("%s=%s: %s", name, text, error->message);
}

/* A model `id` with the NULL-terminated "name=value" pairs set, reset. */
static inline CelModel *
test_new_model (const char *id, const char *first, ...)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new (id, &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, first);
  for (const char *pair = first; pair != NULL; pair = va_arg (args, const char *))
    {
      g_auto (GStrv) kv = g_strsplit (pair, "=", 2);

      test_set_param (model, kv[0], kv[1]);
    }
  va_end (args);
  cel_model_reset (model);
  return model;
}

/* The model of data/presets/NAME.cellarium (found through G_TEST_DIST). */
static inline CelModel *
test_load_preset (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".cellarium", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "presets", file, NULL);
  CelExperiment exp = { 0 };
  CelModel *model;

  if (!cel_experiment_load (path, &exp, &error))
    g_error ("%s: %s", path, error->message);
  model = g_object_ref (exp.model);
  cel_experiment_clear (&exp);
  return model;
}

/* Runs an analysis and returns its number `id` (and its uncertainty, if
 * asked). */
static inline double
test_analysis_number (CelModel *model, const char *analysis, const char *id, double *uncertainty)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelAnalysisResult) result = cel_model_run_analysis (model, analysis, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < result->numbers->len; i++)
    {
      CelAnalysisNumber *n = &g_array_index (result->numbers, CelAnalysisNumber, i);
      if (g_str_equal (n->id, id))
        {
          if (uncertainty)
            *uncertainty = n->uncertainty;
          return n->value;
        }
    }
  g_error ("analysis %s gave no number %s", analysis, id);
}
