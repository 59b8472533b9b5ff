/* The analysis dialog under Xvfb, with the small test model (test-model.c)
 * owned by a real CelRunner: the result view shows the analysis's number
 * and series while the running model stays as it was; Cancel before and
 * during the run, closing while running, an unknown analysis, CSV export,
 * and the menu of a model's analyses.
 *
 * The test model has stepped three times (every cell 3.0, increment 1), so
 * its "mean" analysis, which steps a copy ten more times, must report a mean
 * of exactly 13 and the series (k, 3 + k) for k = 1 … 10: sums of small
 * integers in float, all exact. Every wait loops until a condition holds;
 * a hang is caught by the meson timeout, never by a timing assertion. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cel-analysis-dialog.h"
#include "cel-plot.h"
#include "test-model.h"
#include "test-ui-util.h"

#define STEPS_BEFORE 3

static GtkWindow *parent;
static CelRunner *runner;

static gboolean
finished (CelAnalysisDialog *dialog)
{
  CelAnalysisDialogState state = cel_analysis_dialog_get_state (dialog);

  return state != CEL_ANALYSIS_DIALOG_PREPARING && state != CEL_ANALYSIS_DIALOG_RUNNING;
}

static void
wait_finished (CelAnalysisDialog *dialog)
{
  while (!finished (dialog))
    g_main_context_iteration (NULL, TRUE);
  test_ui_iterate ();
}

/* Destroys the dialog and waits until the last reference (held by work in
 * flight) is gone. */
static void
close_dialog (CelAnalysisDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Depth-first search for widgets of a type, optionally only mapped ones. */
static void
collect (GtkWidget *widget, GType type, gboolean mapped_only, GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!mapped_only || gtk_widget_get_mapped (widget)))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, mapped_only, out);
}

static GPtrArray *
find_all (gpointer widget, GType type, gboolean mapped_only)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), type, mapped_only, out);
  return out;
}

static AdwStatusPage *
shown_status_page (CelAnalysisDialog *dialog)
{
  g_autoptr (GPtrArray) pages = find_all (dialog, ADW_TYPE_STATUS_PAGE, TRUE);

  g_assert_cmpuint (pages->len, ==, 1);
  return g_ptr_array_index (pages, 0);
}

/* Reads the running model on its own thread. */
typedef struct {
  guint64 step;
  float   cell;
  double  sum_last_x;
  gint    done;
} Probe;

static void
probe_on_runner (CelModel *model, gpointer data)
{
  Probe *probe = data;
  CelPoint2 last = { 0, 0 };

  probe->step = cel_model_get_step (model);
  probe->cell = TEST_MODEL (model)->cells[0];
  cel_series_get_last (cel_model_find_series (model, "sum"), &last);
  probe->sum_last_x = last.x;
  g_atomic_int_set (&probe->done, TRUE);
}

static void
assert_model_unchanged (void)
{
  Probe probe = { 0 };

  cel_runner_call (runner, probe_on_runner, &probe, NULL);
  while (!g_atomic_int_get (&probe.done))
    g_usleep (1000);
  g_assert_cmpuint (probe.step, ==, STEPS_BEFORE);
  g_assert_cmpfloat (probe.cell, ==, (float) STEPS_BEFORE);
  g_assert_cmpfloat (probe.sum_last_x, ==, (double) STEPS_BEFORE);
}

static void
test_result (void)
{
  CelAnalysisDialog *dialog = cel_analysis_dialog_run (parent, runner, "mean");
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) labels = NULL;
  g_autoptr (GPtrArray) plots = NULL;
  const CelAnalysisResult *result;
  GPtrArray *series;
  const CelPoint2 *points;
  guint n;

  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == parent);
  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_DONE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Mean after ten steps");

  result = cel_analysis_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->numbers->len, ==, 1);
  g_assert_cmpfloat (g_array_index (result->numbers, CelAnalysisNumber, 0).value, ==, STEPS_BEFORE + 10.0);

  /* The number as shown: one row, "Mean", value 13 formatted with %.4g. */
  rows = find_all (dialog, ADW_TYPE_ACTION_ROW, TRUE);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "Mean");
  labels = find_all (g_ptr_array_index (rows, 0), GTK_TYPE_LABEL, TRUE);
  for (guint i = labels->len; i-- > 0;)
    if (!gtk_widget_has_css_class (g_ptr_array_index (labels, i), "numeric"))
      g_ptr_array_remove_index (labels, i);
  g_assert_cmpuint (labels->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, "13");

  /* One plot for the one plot id, holding the mean after each step. */
  plots = find_all (dialog, CEL_TYPE_PLOT, TRUE);
  g_assert_cmpuint (plots->len, ==, 1);
  g_assert_cmpstr (cel_plot_get_plot_id (g_ptr_array_index (plots, 0)), ==, "mean");
  series = cel_plot_get_series (g_ptr_array_index (plots, 0));
  g_assert_cmpuint (series->len, ==, 1);
  points = cel_series_get_points (g_ptr_array_index (series, 0), &n);
  g_assert_cmpuint (n, ==, 10);
  for (guint k = 1; k <= 10; k++)
    {
      g_assert_cmpfloat (points[k - 1].x, ==, (double) k);
      g_assert_cmpfloat (points[k - 1].y, ==, (double) (STEPS_BEFORE + k));
    }

  /* The analysis ran on a copy: the runner's model is where it was. */
  assert_model_unchanged ();
  close_dialog (dialog);
}

/* Holds the runner thread inside a call until opened. */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean entered;
  gboolean open;
} Gate;

static void
gate_on_runner (CelModel *model, gpointer data)
{
  Gate *gate = data;

  g_mutex_lock (&gate->lock);
  gate->entered = TRUE;
  g_cond_broadcast (&gate->cond);
  while (!gate->open)
    g_cond_wait (&gate->cond, &gate->lock);
  g_mutex_unlock (&gate->lock);
}

static void
test_cancel_before_start (void)
{
  Gate gate = { 0 };
  CelAnalysisDialog *dialog;
  g_autoptr (GError) error = NULL;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  cel_runner_call (runner, gate_on_runner, &gate, NULL);
  g_mutex_lock (&gate.lock);
  while (!gate.entered)
    g_cond_wait (&gate.cond, &gate.lock);
  g_mutex_unlock (&gate.lock);

  /* The runner is busy, so the dialog waits for its copy of the model. */
  dialog = cel_analysis_dialog_run (parent, runner, "mean");
  test_ui_iterate ();
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_PREPARING);
  g_assert_cmpstr (adw_status_page_get_title (shown_status_page (dialog)), ==, "Analysing…");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "analysis.cancel", NULL));
  g_assert_cmpstr (adw_status_page_get_title (shown_status_page (dialog)), ==, "Cancelling…");

  g_mutex_lock (&gate.lock);
  gate.open = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_CANCELLED);
  g_assert_null (cel_analysis_dialog_get_result (dialog));
  g_assert_cmpstr (adw_status_page_get_title (shown_status_page (dialog)), ==, "Analysis Cancelled");
  assert_model_unchanged ();
  close_dialog (dialog);
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
}

/* Presses Cancel when the first progress report reaches the window. The
 * worker reports after each of its ten steps, so this runs before the
 * worker's completion is handled (both are main-loop sources of the same
 * priority, the progress one attached first); whether or not the worker
 * has already finished, the dialog must end cancelled, without a result. */
static void
cancel_on_progress (GtkProgressBar    *bar,
                    GParamSpec        *pspec,
                    CelAnalysisDialog *dialog)
{
  if (gtk_progress_bar_get_fraction (bar) > 0.0
      && cel_analysis_dialog_get_state (dialog) == CEL_ANALYSIS_DIALOG_RUNNING)
    gtk_widget_activate_action (GTK_WIDGET (dialog), "analysis.cancel", NULL);
}

static void
test_cancel_while_running (void)
{
  CelAnalysisDialog *dialog = cel_analysis_dialog_run (parent, runner, "mean");
  g_autoptr (GPtrArray) bars = find_all (dialog, GTK_TYPE_PROGRESS_BAR, FALSE);
  double fraction;

  g_assert_cmpuint (bars->len, ==, 1);
  g_signal_connect (g_ptr_array_index (bars, 0), "notify::fraction", G_CALLBACK (cancel_on_progress), dialog);
  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_CANCELLED);
  g_assert_null (cel_analysis_dialog_get_result (dialog));
  /* The progress bar showed the worker's first report, one step of ten or
   * more (reports are coalesced). */
  fraction = gtk_progress_bar_get_fraction (g_ptr_array_index (bars, 0));
  g_assert_cmpfloat (fraction, >=, 0.1);
  g_assert_cmpfloat (fraction, <=, 1.0);
  assert_model_unchanged ();
  close_dialog (dialog);
}

static void
test_close_while_running (void)
{
  CelAnalysisDialog *dialog = cel_analysis_dialog_run (parent, runner, "mean");
  gpointer weak = dialog;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "mean");
  while (cel_analysis_dialog_get_state (dialog) == CEL_ANALYSIS_DIALOG_PREPARING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_RUNNING);
  /* Closing (what Escape does) cancels; the dialog is freed once the worker
   * has returned. */
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);
  assert_model_unchanged ();
}

static void
test_unknown_analysis (void)
{
  CelAnalysisDialog *dialog = cel_analysis_dialog_run (parent, runner, "no-such-analysis");
  AdwStatusPage *page;

  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_FAILED);
  g_assert_null (cel_analysis_dialog_get_result (dialog));
  page = shown_status_page (dialog);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The Analysis Failed");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "no analysis “no-such-analysis”"));
  assert_model_unchanged ();
  close_dialog (dialog);
}

static void
export_done (GObject *source, GAsyncResult *res, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (res);
}

/* Runs the export the "Export CSV…" button runs and waits for it. */
static gboolean
export_csv (CelAnalysisDialog *dialog, GFile *file, GError **error)
{
  GAsyncResult *res = NULL;
  gboolean ok;

  cel_analysis_dialog_export_csv_async (dialog, file, NULL, export_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = cel_analysis_dialog_export_csv_finish (dialog, res, error);
  g_object_unref (res);
  return ok;
}

static void
test_export_csv (void)
{
  CelAnalysisDialog *dialog = cel_analysis_dialog_run (parent, runner, "mean");
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cellarium-analysis-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mean.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "mean.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr (GFile) remote = g_file_new_for_uri ("http://example.invalid/mean.csv");
  g_autoptr (GString) expected = g_string_new ("id,value,uncertainty\nmean,13,0\n\nx,mean\n");
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_DONE);

  /* The numbers, a blank line, then the series table (one series: wide). */
  g_assert_true (export_csv (dialog, file, &error));
  g_assert_no_error (error);
  for (guint k = 1; k <= 10; k++)
    g_string_append_printf (expected, "%u,%u\n", k, STEPS_BEFORE + k);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, expected->str);

  g_assert_false (export_csv (dialog, missing_file, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (export_csv (dialog, remote, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  close_dialog (dialog);

  /* A cancelled dialog has nothing to export. */
  dialog = cel_analysis_dialog_run (parent, runner, "mean");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "analysis.cancel", NULL));
  wait_finished (dialog);
  g_assert_cmpint (cel_analysis_dialog_get_state (dialog), ==, CEL_ANALYSIS_DIALOG_CANCELLED);
  g_assert_false (export_csv (dialog, file, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_FAILED);
  close_dialog (dialog);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_menu (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  g_autoptr (GMenuModel) menu = NULL;
  g_autofree char *label = NULL;
  g_autofree char *action = NULL;
  g_autoptr (GVariant) target = NULL;

  cel_model_reset (model);
  menu = cel_analysis_menu_for_model (model);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "Mean after ten steps");
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "win.analysis");
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "mean");
}

/* Waits until the runner has applied command seq. */
static void
wait_applied (guint64 seq)
{
  for (;;)
    {
      g_autoptr (CelSnapshot) snap = cel_runner_get_snapshot (runner);

      if (snap != NULL && snap->applied_seq >= seq && snap->step == STEPS_BEFORE)
        return;
      g_usleep (1000);
    }
}

int
main (int argc, char **argv)
{
  CelModel *model;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  model = g_object_new (TEST_TYPE_MODEL, NULL);
  cel_model_reset (model);
  runner = cel_runner_new (model);
  wait_applied (cel_runner_step (runner, STEPS_BEFORE));

  parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (parent, 900, 800);
  gtk_window_present (parent);
  test_ui_iterate ();

  g_test_add_func ("/analysis-dialog/result", test_result);
  g_test_add_func ("/analysis-dialog/cancel-before-start", test_cancel_before_start);
  g_test_add_func ("/analysis-dialog/cancel-while-running", test_cancel_while_running);
  g_test_add_func ("/analysis-dialog/close-while-running", test_close_while_running);
  g_test_add_func ("/analysis-dialog/unknown-analysis", test_unknown_analysis);
  g_test_add_func ("/analysis-dialog/export-csv", test_export_csv);
  g_test_add_func ("/analysis-dialog/menu", test_menu);
  status = g_test_run ();

  gtk_window_destroy (parent);
  cel_runner_free (runner);
  return status;
}
