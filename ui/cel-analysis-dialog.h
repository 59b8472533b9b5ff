/* cel-analysis-dialog.h — runs one analysis of the open experiment and shows
 * its result.
 *
 * The dialog asks the experiment's runner for a copy of the model (taken on
 * the runner thread, between steps), runs the analysis on that copy in a
 * worker thread with a progress bar and a Cancel button, and then shows the
 * numbers (value ± uncertainty and unit), the summary sentence and the
 * series, one CelPlot per plot id. "Export CSV…" writes the whole result
 * (cel_analysis_result_write_csv) in a worker thread. Errors of the
 * analysis are shown in the dialog; closing it cancels a running analysis.
 * The running experiment is never touched.
 *
 * Actions: analysis.cancel (while preparing or running), analysis.export-csv
 * (once there is a result). Escape closes the dialog.
 */
#pragma once

#include <adwaita.h>

#include "cellarium.h"

G_BEGIN_DECLS

#define CEL_TYPE_ANALYSIS_DIALOG (cel_analysis_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CelAnalysisDialog, cel_analysis_dialog, CEL, ANALYSIS_DIALOG, AdwWindow)

typedef enum {
  CEL_ANALYSIS_DIALOG_PREPARING,  /* waiting for the runner's copy of the model */
  CEL_ANALYSIS_DIALOG_RUNNING,
  CEL_ANALYSIS_DIALOG_DONE,       /* the result is shown */
  CEL_ANALYSIS_DIALOG_FAILED,     /* the error is shown */
  CEL_ANALYSIS_DIALOG_CANCELLED,
} CelAnalysisDialogState;

/* Opens a modal dialog over parent (may be NULL) and starts the analysis
 * `analysis_id` of the model that runner owns. The runner is used only
 * during this call. Returns the dialog, owned by GTK's list of toplevels
 * (it is destroyed when closed or with its parent). */
CelAnalysisDialog     *cel_analysis_dialog_run         (GtkWindow          *parent,
                                                        CelRunner          *runner,
                                                        const char         *analysis_id);

/* A menu with one item per analysis of model: the translated label, action
 * "win.analysis" with the analysis id as string target. Empty when the model
 * has none. The calling thread must own model (call it before handing the
 * model to a runner, or on a copy). */
GMenuModel            *cel_analysis_menu_for_model     (CelModel           *model);

CelAnalysisDialogState cel_analysis_dialog_get_state   (CelAnalysisDialog  *self);
/* The result shown; NULL unless the state is DONE. */
const CelAnalysisResult *cel_analysis_dialog_get_result (CelAnalysisDialog *self);

/* Writes the result as CSV to file (a local file) in a worker thread; what
 * "Export CSV…" does after asking for the file. */
void                   cel_analysis_dialog_export_csv_async  (CelAnalysisDialog   *self,
                                                              GFile               *file,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean               cel_analysis_dialog_export_csv_finish (CelAnalysisDialog   *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
