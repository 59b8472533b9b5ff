/* cel-analysis.h — analyses: computations over a model that produce plots
 * and numbers rather than advancing the experiment (bifurcation diagrams,
 * Lyapunov exponents, tests for chaos, parameter sweeps, readout training
 * scores…).
 *
 * A model lists its analyses through CelModelClass.get_analyses. An
 * analysis runs on a private copy of the model (cel_model_copy) in a worker
 * thread, reads the copy's parameters (models declare analysis settings as
 * ordinary parameters, conventionally in the group "Analysis"), may step or
 * change the copy freely, reports progress, honours cancellation, and fills
 * a CelAnalysisResult. The running experiment is never touched.
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef struct {
  char   *id;           /* "lyapunov"; CSV/CLI name */
  char   *label;        /* translated text to show */
  double  value;
  double  uncertainty;  /* standard error or tolerance; NaN when unknown */
  char   *unit;         /* may be NULL */
} CelAnalysisNumber;

typedef struct {
  GPtrArray *series;    /* CelSeries*: curves, diagrams, point sets */
  GArray    *numbers;   /* CelAnalysisNumber */
  char      *summary;   /* one translated sentence, may be NULL */
} CelAnalysisResult;

/* Called from the worker thread with the fraction done, 0 … 1. */
typedef void (*CelProgressFunc) (double fraction, gpointer data);

typedef struct _CelAnalysisInfo {
  const char *id;           /* "bifurcation" */
  const char *label;        /* translatable (N_()) */
  const char *description;  /* translatable, one line */
  gboolean  (*run) (CelModel          *copy,
                    CelAnalysisResult *result,
                    CelProgressFunc    progress,
                    gpointer           progress_data,
                    GCancellable      *cancellable,
                    GError           **error);
} CelAnalysisInfo;

CelAnalysisResult *cel_analysis_result_new        (void);
void               cel_analysis_result_free       (CelAnalysisResult *result);
/* The series is created with capacity `capacity` (points kept before
 * decimation; give the exact count of a diagram so nothing is dropped) and
 * added to the result, which owns it. */
CelSeries         *cel_analysis_result_add_series (CelAnalysisResult   *result,
                                                   const CelSeriesInfo *info,
                                                   guint                capacity);
void               cel_analysis_result_add_number (CelAnalysisResult *result,
                                                   const char        *id,
                                                   const char        *label,
                                                   double             value,
                                                   double             uncertainty,
                                                   const char        *unit);
/* Writes the numbers ("id,value,uncertainty") and then every series
 * (cel_series_write_csv layout) to one CSV file, atomically. */
gboolean           cel_analysis_result_write_csv  (CelAnalysisResult *result,
                                                   const char        *path,
                                                   GError           **error);

const CelAnalysisInfo *cel_model_list_analyses (CelModel   *self,
                                                guint      *n_analyses);
const CelAnalysisInfo *cel_model_find_analysis (CelModel   *self,
                                                const char *id);
/* Runs an analysis synchronously on a copy of model (the caller's thread
 * must own model, or model must not be running). */
CelAnalysisResult     *cel_model_run_analysis  (CelModel          *model,
                                                const char        *id,
                                                CelProgressFunc    progress,
                                                gpointer           progress_data,
                                                GCancellable      *cancellable,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelAnalysisResult, cel_analysis_result_free)

G_END_DECLS
