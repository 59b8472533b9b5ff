#include "cel-analysis.h"

#include "cel-error.h"
#include "cel-i18n.h"

#include <glib/gstdio.h>
#include <unistd.h>

CelAnalysisResult *
cel_analysis_result_new (void)
{
  CelAnalysisResult *result = g_new0 (CelAnalysisResult, 1);

  result->series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  result->numbers = g_array_new (FALSE, TRUE, sizeof (CelAnalysisNumber));
  return result;
}

void
cel_analysis_result_free (CelAnalysisResult *result)
{
  if (result == NULL)
    return;
  for (guint i = 0; i < result->numbers->len; i++)
    {
      CelAnalysisNumber *n = &g_array_index (result->numbers, CelAnalysisNumber, i);
      g_free (n->id);
      g_free (n->label);
      g_free (n->unit);
    }
  g_array_unref (result->numbers);
  g_ptr_array_unref (result->series);
  g_free (result->summary);
  g_free (result);
}

CelSeries *
cel_analysis_result_add_series (CelAnalysisResult   *result,
                                const CelSeriesInfo *info,
                                guint                capacity)
{
  CelSeries *series = cel_series_new (info, capacity);

  g_ptr_array_add (result->series, series);
  return series;
}

void
cel_analysis_result_add_number (CelAnalysisResult *result,
                                const char        *id,
                                const char        *label,
                                double             value,
                                double             uncertainty,
                                const char        *unit)
{
  CelAnalysisNumber n = { g_strdup (id), g_strdup (label), value, uncertainty, g_strdup (unit) };

  g_array_append_val (result->numbers, n);
}

gboolean
cel_analysis_result_write_csv (CelAnalysisResult *result,
                               const char        *path,
                               GError           **error)
{
  g_autoptr (GString) out = g_string_new ("id,value,uncertainty\n");
  g_autofree char *tmp_path = NULL;
  g_autofree char *series_csv = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  int fd;

  for (guint i = 0; i < result->numbers->len; i++)
    {
      CelAnalysisNumber *n = &g_array_index (result->numbers, CelAnalysisNumber, i);
      g_string_append_printf (out, "%s,", n->id);
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, n->value));
      g_string_append_c (out, ',');
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, n->uncertainty));
      g_string_append_c (out, '\n');
    }
  if (result->series->len > 0)
    {
      /* The series table, built by the series writer in a scratch file. */
      fd = g_file_open_tmp ("cellarium-analysis-XXXXXX.csv", &tmp_path, error);
      if (fd < 0)
        return FALSE;
      close (fd);
      if (!cel_series_write_csv (result->series, tmp_path, error)
          || !g_file_get_contents (tmp_path, &series_csv, NULL, error))
        {
          g_unlink (tmp_path);
          return FALSE;
        }
      g_unlink (tmp_path);
      g_string_append_c (out, '\n');
      g_string_append (out, series_csv);
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

const CelAnalysisInfo *
cel_model_list_analyses (CelModel *self, guint *n_analyses)
{
  CelModelClass *klass = CEL_MODEL_GET_CLASS (self);

  *n_analyses = 0;
  return klass->get_analyses ? klass->get_analyses (self, n_analyses) : NULL;
}

const CelAnalysisInfo *
cel_model_find_analysis (CelModel *self, const char *id)
{
  guint n;
  const CelAnalysisInfo *list = cel_model_list_analyses (self, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (list[i].id, id) == 0)
      return &list[i];
  return NULL;
}

CelAnalysisResult *
cel_model_run_analysis (CelModel        *model,
                        const char      *id,
                        CelProgressFunc  progress,
                        gpointer         progress_data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  const CelAnalysisInfo *info = cel_model_find_analysis (model, id);
  g_autoptr (CelModel) copy = NULL;
  g_autoptr (CelAnalysisResult) result = NULL;

  if (info == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("The model “%s” has no analysis “%s”"), cel_model_get_id (model), id);
      return NULL;
    }
  copy = cel_model_copy (model, error);
  if (copy == NULL)
    return NULL;
  result = cel_analysis_result_new ();
  if (!info->run (copy, result, progress, progress_data, cancellable, error))
    return NULL;
  return g_steal_pointer (&result);
}
