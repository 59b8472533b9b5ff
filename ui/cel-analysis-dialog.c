#include "cel-analysis-dialog.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cel-plot.h"

/* Progress is shown at most this often (µs). */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 30)

/* The result, shared with export threads (which may outlive the dialog's
 * last use of it). */
typedef struct {
  CelAnalysisResult *result;
} ResultBox;

struct _CelAnalysisDialog
{
  AdwWindow               parent_instance;

  AdwToastOverlay        *toast_overlay;
  AdwWindowTitle         *window_title;
  GtkWidget              *export_button;
  GtkStack               *stack;
  AdwStatusPage          *running_page;
  GtkProgressBar         *progress_bar;
  AdwStatusPage          *failed_page;
  GtkBox                 *result_box;

  char                   *analysis_id;
  CelAnalysisDialogState  state;
  GCancellable           *cancellable;
  ResultBox              *result;
  gboolean                disposed;
};

G_DEFINE_FINAL_TYPE (CelAnalysisDialog, cel_analysis_dialog, ADW_TYPE_WINDOW)

static void
result_box_clear (gpointer data)
{
  cel_analysis_result_free (((ResultBox *) data)->result);
}

static void
result_box_release (ResultBox *box)
{
  g_atomic_rc_box_release_full (box, result_box_clear);
}

static void
add_toast (CelAnalysisDialog *self, const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_state (CelAnalysisDialog *self, CelAnalysisDialogState state)
{
  static const char *const pages[] = {
    [CEL_ANALYSIS_DIALOG_PREPARING] = "running",
    [CEL_ANALYSIS_DIALOG_RUNNING] = "running",
    [CEL_ANALYSIS_DIALOG_DONE] = "result",
    [CEL_ANALYSIS_DIALOG_FAILED] = "failed",
    [CEL_ANALYSIS_DIALOG_CANCELLED] = "cancelled",
  };
  gboolean active = state == CEL_ANALYSIS_DIALOG_PREPARING || state == CEL_ANALYSIS_DIALOG_RUNNING;

  self->state = state;
  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.cancel",
                                 active && !g_cancellable_is_cancelled (self->cancellable));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "analysis.export-csv", state == CEL_ANALYSIS_DIALOG_DONE);
  gtk_widget_set_visible (self->export_button, state == CEL_ANALYSIS_DIALOG_DONE);
}

static void
show_failed (CelAnalysisDialog *self, const char *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->failed_page, markup);
  set_state (self, CEL_ANALYSIS_DIALOG_FAILED);
}

/* ---------------------------------------------------------------------- */
/* The result view                                                         */

/* "12.34 ± 0.56 bits", with %.4g for the value and two significant digits
 * for a known, non-zero uncertainty. */
static char *
format_number (const CelAnalysisNumber *number)
{
  GString *text = g_string_new (NULL);

  if (isnan (number->value))
    g_string_append (text, _("not a number"));
  else if (isinf (number->value))
    g_string_append (text, number->value > 0 ? "∞" : "−∞");
  else
    g_string_append_printf (text, "%.4g", number->value);
  if (isfinite (number->value) && isfinite (number->uncertainty) && number->uncertainty > 0.0)
    g_string_append_printf (text, " ± %.2g", number->uncertainty);
  if (number->unit != NULL && number->unit[0] != '\0')
    g_string_append_printf (text, " %s", g_dgettext (GETTEXT_PACKAGE, number->unit));
  return g_string_free (text, FALSE);
}

static GtkWidget *
number_row (const CelAnalysisNumber *number)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = format_number (number);
  GtkWidget *value = gtk_label_new (text);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 number->label != NULL && number->label[0] != '\0'
                                 ? number->label : number->id);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0f);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

/* The title of a plot: the label of its first series, else its id. */
static const char *
plot_title (GPtrArray *series, const char *plot_id)
{
  for (guint i = 0; i < series->len; i++)
    {
      const CelSeriesInfo *info = cel_series_get_info (g_ptr_array_index (series, i));

      if (g_strcmp0 (info->plot, plot_id) == 0)
        return g_dgettext (GETTEXT_PACKAGE, cel_series_info_plot_title (info));
    }
  return plot_id;
}

static void
plot_error (CelPlot           *plot,
            const char        *message,
            CelAnalysisDialog *self)
{
  add_toast (self, message);
}

/* One CelPlot per distinct plot id, in order of appearance; series without
 * a plot id are not drawn (they are still exported). */
static void
add_plots (CelAnalysisDialog *self, GPtrArray *series)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < series->len; i++)
    {
      const char *id = cel_series_get_info (g_ptr_array_index (series, i))->plot;

      if (id != NULL && !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, (gpointer) id);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      GtkWidget *plot = cel_plot_new (id);

      cel_plot_set_title (CEL_PLOT (plot), plot_title (series, id));
      cel_plot_set_series (CEL_PLOT (plot), series);
      gtk_widget_set_size_request (plot, -1, 260);
      gtk_widget_add_css_class (plot, "card");
      g_signal_connect_object (plot, "error", G_CALLBACK (plot_error), self, 0);
      gtk_box_append (self->result_box, plot);
    }
}

static void
show_result (CelAnalysisDialog *self, CelAnalysisResult *result)
{
  const char *summary = result->summary;

  self->result = g_atomic_rc_box_new0 (ResultBox);
  self->result->result = result;

  if ((summary == NULL || summary[0] == '\0') && result->numbers->len == 0 && result->series->len == 0)
    summary = _("The analysis finished without numbers or plots.");
  if (summary != NULL && summary[0] != '\0')
    {
      GtkWidget *label = gtk_label_new (summary);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_box_append (self->result_box, label);
    }
  if (result->numbers->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      for (guint i = 0; i < result->numbers->len; i++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   number_row (&g_array_index (result->numbers, CelAnalysisNumber, i)));
      gtk_box_append (self->result_box, group);
    }
  add_plots (self, result->series);
  set_state (self, CEL_ANALYSIS_DIALOG_DONE);
  /* Rather than the first selectable label, which would show selected. */
  gtk_widget_grab_focus (self->export_button);
}

/* ---------------------------------------------------------------------- */
/* Running the analysis                                                    */

/* Progress shared between the worker (which writes it) and callbacks
 * on the main thread (which show it). */
typedef struct {
  gatomicrefcount ref_count;
  GWeakRef        dialog;
  GMutex          lock;
  double          fraction;
  gint64          last_shown; /* monotonic µs; 0 before the first */
  gboolean        posted;     /* a callback is pending */
} Progress;

static Progress *
progress_new (CelAnalysisDialog *dialog)
{
  Progress *progress = g_new0 (Progress, 1);

  g_atomic_ref_count_init (&progress->ref_count);
  g_weak_ref_init (&progress->dialog, dialog);
  g_mutex_init (&progress->lock);
  return progress;
}

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

static void
progress_unref (gpointer data)
{
  Progress *progress = data;

  if (!g_atomic_ref_count_dec (&progress->ref_count))
    return;
  g_weak_ref_clear (&progress->dialog);
  g_mutex_clear (&progress->lock);
  g_free (progress);
}

static gboolean
progress_idle (gpointer data)
{
  Progress *progress = data;
  g_autoptr (CelAnalysisDialog) self = g_weak_ref_get (&progress->dialog);
  double fraction;

  g_mutex_lock (&progress->lock);
  fraction = progress->fraction;
  progress->posted = FALSE;
  progress->last_shown = g_get_monotonic_time ();
  g_mutex_unlock (&progress->lock);

  if (self != NULL && !self->disposed && self->state == CEL_ANALYSIS_DIALOG_RUNNING)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  return G_SOURCE_REMOVE;
}

/* The analysis's CelProgressFunc, on the worker thread: records the
 * fraction and has the main thread show it, at once or, when it showed one
 * less than PROGRESS_INTERVAL ago, that much later; one callback at a time. */
static void
report_progress (double fraction, gpointer data)
{
  Progress *progress = data;
  gint64 wait = 0;
  gboolean post = FALSE;

  g_mutex_lock (&progress->lock);
  progress->fraction = fraction;
  if (!progress->posted)
    {
      progress->posted = TRUE;
      post = TRUE;
      if (progress->last_shown > 0)
        wait = progress->last_shown + PROGRESS_INTERVAL - g_get_monotonic_time ();
    }
  g_mutex_unlock (&progress->lock);
  if (!post)
    return;
  if (wait > 0)
    g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (wait / 1000) + 1, progress_idle,
                        progress_ref (progress), progress_unref);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle, progress_ref (progress), progress_unref);
}

typedef struct {
  CelModel *copy;
  char     *analysis_id;
  Progress *progress;
} RunJob;

static void
run_job_free (gpointer data)
{
  RunJob *job = data;

  g_object_unref (job->copy);
  g_free (job->analysis_id);
  progress_unref (job->progress);
  g_free (job);
}

static void
analysis_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RunJob *job = task_data;
  GError *error = NULL;
  CelAnalysisResult *result = cel_model_run_analysis (job->copy, job->analysis_id,
                                                      report_progress, job->progress,
                                                      cancellable, &error);

  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) cel_analysis_result_free);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, CEL_ERROR, CEL_ERROR_FAILED, "%s",
                             _("The analysis failed without saying why"));
}

/* On the main thread; data is a reference to the dialog. The task has no
 * source object, so that no reference to a widget is ever dropped on the
 * worker thread. */
static void
analysis_done (GObject      *source,
               GAsyncResult *res,
               gpointer      data)
{
  g_autoptr (CelAnalysisDialog) self = data;
  g_autoptr (GError) error = NULL;
  CelAnalysisResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (self->disposed)
    cel_analysis_result_free (result);
  else if (result != NULL)
    show_result (self, result);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, CEL_ANALYSIS_DIALOG_CANCELLED);
  else
    show_failed (self, error->message);
}

static void
start_analysis (CelAnalysisDialog *self, CelModel *copy)
{
  g_autoptr (GTask) task = g_task_new (NULL, self->cancellable, analysis_done, g_object_ref (self));
  RunJob *job = g_new0 (RunJob, 1);

  job->copy = copy;
  job->analysis_id = g_strdup (self->analysis_id);
  job->progress = progress_new (self);
  g_task_set_source_tag (task, start_analysis);
  g_task_set_task_data (task, job, run_job_free);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_state (self, CEL_ANALYSIS_DIALOG_RUNNING);
  g_task_run_in_thread (task, analysis_thread);
}

/* The copy of the running model, taken on the runner thread. */
typedef struct {
  CelAnalysisDialog *dialog;   /* strong reference, released on the main thread */
  CelModel          *copy;
  GError            *error;
} CopyJob;

static void
take_copy (CelAnalysisDialog *self, CopyJob *job)
{
  const CelAnalysisInfo *info;

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      set_state (self, CEL_ANALYSIS_DIALOG_CANCELLED);
      return;
    }
  if (job->copy == NULL)
    {
      show_failed (self, job->error != NULL ? job->error->message
                   : _("The experiment was closed before the analysis could start"));
      return;
    }
  info = cel_model_find_analysis (job->copy, self->analysis_id);
  if (info != NULL)
    {
      const char *label = g_dgettext (GETTEXT_PACKAGE, info->label);

      gtk_window_set_title (GTK_WINDOW (self), label);
      adw_window_title_set_title (self->window_title, label);
      adw_status_page_set_description (self->running_page,
                                       info->description != NULL
                                       ? g_dgettext (GETTEXT_PACKAGE, info->description) : NULL);
    }
  start_analysis (self, g_steal_pointer (&job->copy));
}

static gboolean
copy_arrived (gpointer data)
{
  CopyJob *job = data;

  if (!job->dialog->disposed)
    take_copy (job->dialog, job);
  g_clear_object (&job->copy);
  g_clear_error (&job->error);
  g_object_unref (job->dialog);
  g_free (job);
  return G_SOURCE_REMOVE;
}

/* On the runner thread, between steps: the only place the running model is
 * read. */
static void
copy_on_runner (CelModel *model, gpointer data)
{
  CopyJob *job = data;

  job->copy = cel_model_copy (model, &job->error);
}

/* Called after copy_on_runner, or instead of it when the runner is freed
 * before reaching the call; either way the main thread takes over. */
static void
copy_delivered (gpointer data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, copy_arrived, data, NULL);
}

CelAnalysisDialog *
cel_analysis_dialog_run (GtkWindow  *parent,
                         CelRunner  *runner,
                         const char *analysis_id)
{
  CelAnalysisDialog *self;
  CopyJob *job;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (runner != NULL, NULL);
  g_return_val_if_fail (analysis_id != NULL, NULL);

  self = g_object_new (CEL_TYPE_ANALYSIS_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       NULL);
  /* Until the copy of the model tells the analysis's label. */
  self->analysis_id = g_strdup (analysis_id);
  gtk_window_set_title (GTK_WINDOW (self), analysis_id);
  adw_window_title_set_title (self->window_title, analysis_id);

  job = g_new0 (CopyJob, 1);
  job->dialog = g_object_ref (self);
  cel_runner_call (runner, copy_on_runner, job, copy_delivered);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CelAnalysisDialog *self = CEL_ANALYSIS_DIALOG (widget);

  if (self->state != CEL_ANALYSIS_DIALOG_PREPARING && self->state != CEL_ANALYSIS_DIALOG_RUNNING)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_action_set_enabled (widget, "analysis.cancel", FALSE);
  adw_status_page_set_title (self->running_page, _("Cancelling…"));
}

/* ---------------------------------------------------------------------- */
/* CSV export                                                              */

typedef struct {
  ResultBox *box;
  char      *path;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  result_box_release (export->box);
  g_free (export->path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;

  if (cel_analysis_result_write_csv (export->box->result, export->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cel_analysis_dialog_export_csv_async (CelAnalysisDialog   *self,
                                      GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *path = NULL;
  ExportData *export;

  g_return_if_fail (CEL_IS_ANALYSIS_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  /* No source object: the worker holds the result, never the widget. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cel_analysis_dialog_export_csv_async);
  path = g_file_get_path (file);
  if (self->result == NULL)
    {
      g_task_return_new_error (task, CEL_ERROR, CEL_ERROR_FAILED, "%s", _("There is no result to export"));
      return;
    }
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("“%s” is not a local file"), uri);
      return;
    }
  export = g_new0 (ExportData, 1);
  export->box = g_atomic_rc_box_acquire (self->result);
  export->path = g_steal_pointer (&path);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
cel_analysis_dialog_export_csv_finish (CelAnalysisDialog  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cel_analysis_dialog_export_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  CelAnalysisDialog *dialog;   /* strong reference, released on the main thread */
  GFile             *file;
} ExportJob;

static void
export_done (GObject      *source,
             GAsyncResult *res,
             gpointer      data)
{
  ExportJob *job = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *message = NULL;

  if (cel_analysis_dialog_export_csv_finish (job->dialog, res, &error))
    message = g_strdup_printf (_("Exported “%s”"), name);
  else
    message = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);
  if (!job->dialog->disposed)
    add_toast (job->dialog, message);
  g_object_unref (job->file);
  g_object_unref (job->dialog);
  g_free (job);
}

static void
export_chooser_response (GtkNativeDialog *chooser,
                         int              response,
                         gpointer         data)
{
  CelAnalysisDialog *self = data;

  if (response == GTK_RESPONSE_ACCEPT && !self->disposed)
    {
      ExportJob *job = g_new0 (ExportJob, 1);

      job->dialog = g_object_ref (self);
      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      cel_analysis_dialog_export_csv_async (self, job->file, NULL, export_done, job);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CelAnalysisDialog *self = CEL_ANALYSIS_DIALOG (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Export Analysis as CSV"), GTK_WINDOW (self),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s.csv", self->analysis_id);

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------------- */

GMenuModel *
cel_analysis_menu_for_model (CelModel *model)
{
  GMenu *menu = g_menu_new ();
  guint n;
  const CelAnalysisInfo *analyses;

  g_return_val_if_fail (CEL_IS_MODEL (model), G_MENU_MODEL (menu));

  analyses = cel_model_list_analyses (model, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (g_dgettext (GETTEXT_PACKAGE, analyses[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "win.analysis", g_variant_new_string (analyses[i].id));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

CelAnalysisDialogState
cel_analysis_dialog_get_state (CelAnalysisDialog *self)
{
  g_return_val_if_fail (CEL_IS_ANALYSIS_DIALOG (self), CEL_ANALYSIS_DIALOG_FAILED);

  return self->state;
}

const CelAnalysisResult *
cel_analysis_dialog_get_result (CelAnalysisDialog *self)
{
  g_return_val_if_fail (CEL_IS_ANALYSIS_DIALOG (self), NULL);

  return self->result != NULL ? self->result->result : NULL;
}

static void
cel_analysis_dialog_dispose (GObject *object)
{
  CelAnalysisDialog *self = CEL_ANALYSIS_DIALOG (object);

  /* Closing the dialog (or its parent) cancels the analysis. */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (cel_analysis_dialog_parent_class)->dispose (object);
}

static void
cel_analysis_dialog_finalize (GObject *object)
{
  CelAnalysisDialog *self = CEL_ANALYSIS_DIALOG (object);

  g_clear_pointer (&self->result, result_box_release);
  g_clear_object (&self->cancellable);
  g_free (self->analysis_id);

  G_OBJECT_CLASS (cel_analysis_dialog_parent_class)->finalize (object);
}

static void
cel_analysis_dialog_class_init (CelAnalysisDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cel_analysis_dialog_dispose;
  object_class->finalize = cel_analysis_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "analysis.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "analysis.export-csv", NULL, export_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
status_page (const char *icon, const char *title)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  return page;
}

static void
cel_analysis_dialog_init (CelAnalysisDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *running_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *page;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Analysis"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 760);

  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (_("Analysis"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  self->export_button = gtk_button_new_with_mnemonic (_("_Export CSV…"));
  gtk_widget_set_tooltip_text (self->export_button, _("Save the numbers and every series as CSV"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "analysis.export-csv");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);
  gtk_box_append (GTK_BOX (content), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  /* Preparing and running: progress and Cancel. */
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->progress_bar), 320, -1);
  gtk_box_append (GTK_BOX (running_box), GTK_WIDGET (self->progress_bar));
  gtk_widget_add_css_class (cancel_button, "pill");
  gtk_widget_set_halign (cancel_button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel_button), "analysis.cancel");
  gtk_box_append (GTK_BOX (running_box), cancel_button);
  gtk_widget_set_halign (running_box, GTK_ALIGN_CENTER);
  page = adw_status_page_new ();
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Analysing…"));
  adw_status_page_set_child (ADW_STATUS_PAGE (page), running_box);
  self->running_page = ADW_STATUS_PAGE (page);
  gtk_stack_add_named (self->stack, page, "running");

  /* The result: summary, numbers, plots. */
  self->result_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_widget_set_margin_top (GTK_WIDGET (self->result_box), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->result_box), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->result_box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->result_box), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->result_box));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (self->stack, scroller, "result");

  page = status_page ("dialog-error-symbolic", _("The Analysis Failed"));
  self->failed_page = ADW_STATUS_PAGE (page);
  gtk_stack_add_named (self->stack, page, "failed");

  page = status_page ("process-stop-symbolic", _("Analysis Cancelled"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), _("The experiment was not changed."));
  gtk_stack_add_named (self->stack, page, "cancelled");

  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toast_overlay, content);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toast_overlay));

  set_state (self, CEL_ANALYSIS_DIALOG_PREPARING);
}
