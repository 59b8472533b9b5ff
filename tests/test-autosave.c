/* Files, unsaved changes and crash recovery, under Xvfb.
 *
 * The autosave slots on their own (locks, orphans, discards); a child
 * process that paints and steps a Life experiment, autosaves it and dies
 * by SIGKILL, after which its copy is found and restored with the same
 * parameters, step counter and cells; the close question and what each
 * answer leaves on disk; the unsaved-changes mark; patterns and
 * experiments opened as files, whatever their names.
 *
 * Everything runs in a temporary XDG_STATE_HOME (autosave) and
 * XDG_DATA_HOME (recent files), made once by the parent and inherited by
 * its subprocesses. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "cel-autosave.h"
#include "cel-canvas.h"
#include "cel-param-panel.h"
#include "cel-window.h"
#include "test-ui-util.h"

#define ROOT_ENV "CEL_TEST_AUTOSAVE_ROOT"

static const char *root;

/* Blocks until the runner has applied command seq and stands at step (any
 * step with G_MAXUINT64). A hang shows up as the test's meson timeout,
 * never as a timing assertion. */
static CelSnapshot *
wait_runner (CelWindow *window, guint64 seq, guint64 step)
{
  CelRunner *runner = cel_window_get_runner (window);

  for (;;)
    {
      CelSnapshot *snap = cel_runner_get_snapshot (runner);
      if (snap && snap->applied_seq >= seq && (step == G_MAXUINT64 || snap->step == step))
        return snap;
      g_clear_pointer (&snap, cel_snapshot_unref);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_applied (CelWindow *window, guint64 seq, guint64 step)
{
  cel_snapshot_unref (wait_runner (window, seq, step));
}

static guint64
current_seq (CelWindow *window)
{
  /* A no-op rate command gives a sequence number to wait for. */
  return cel_runner_set_rate (cel_window_get_runner (window), 0);
}

/* Runs the main loop until the window's modified flag is `modified`. */
static void
wait_modified (CelWindow *window, gboolean modified)
{
  while (cel_window_get_modified (window) != modified)
    test_ui_wait_frames (GTK_WIDGET (window), 1);
}

static void
wait_title (CelWindow *window, const char *title)
{
  while (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (window)), title) != 0)
    test_ui_wait_frames (GTK_WIDGET (window), 1);
}

static CelWindow *
new_window (void)
{
  CelWindow *window = cel_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  test_ui_wait_frames (GTK_WIDGET (window), 2);
  return window;
}

/* A window's open AdwMessageDialog, or NULL. */
static AdwMessageDialog *
find_dialog (CelWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static char *
state_dir (void)
{
  return g_build_filename (root, "state", "cellarium", "autosave", NULL);
}

static CelModel *
new_life (const char *width, const char *height, const char *rule, const char *seed)
{
  CelModel *model = cel_model_new ("life", NULL);

  g_assert_true (cel_model_set_param_string (model, "width", width, NULL));
  g_assert_true (cel_model_set_param_string (model, "height", height, NULL));
  g_assert_true (cel_model_set_param_string (model, "rule", rule, NULL));
  g_assert_true (cel_model_set_param_string (model, "seed", seed, NULL));
  cel_model_reset (model);
  return model;
}

/* The snapshot's field as width × height bytes, row by row. */
static GBytes *
frame_cells (CelSnapshot *snap)
{
  CelFrame *frame = snap->frame;
  guint8 *cells = g_malloc ((gsize) frame->width * frame->height);

  g_assert_cmpint (frame->format, ==, CEL_FIELD_STATES);
  g_assert_cmpint (frame->x, ==, 0);
  g_assert_cmpint (frame->y, ==, 0);
  for (guint y = 0; y < frame->height; y++)
    memcpy (cells + (gsize) y * frame->width, frame->data + y * frame->stride, frame->width);
  return g_bytes_new_take (cells, (gsize) frame->width * frame->height);
}

static guint
population (GBytes *cells)
{
  gsize n;
  const guint8 *data = g_bytes_get_data (cells, &n);
  guint alive = 0;

  for (gsize i = 0; i < n; i++)
    alive += data[i] != 0;
  return alive;
}

typedef struct {
  const char *const *names;
  GPtrArray         *values;
  gboolean           done;
} ParamProbe;

static void
read_params (CelModel *model, gpointer data)
{
  ParamProbe *probe = data;

  for (guint i = 0; probe->names[i]; i++)
    g_ptr_array_add (probe->values, cel_model_get_param_string (model, probe->names[i]));
  g_atomic_int_set (&probe->done, TRUE);
}

/* The running model's parameters, read on its runner thread. */
static GPtrArray *
running_params (CelWindow *window, const char *const *names)
{
  ParamProbe probe = { names, g_ptr_array_new_with_free_func (g_free), FALSE };

  cel_runner_call (cel_window_get_runner (window), read_params, &probe, NULL);
  while (!g_atomic_int_get (&probe.done))
    g_usleep (1000);
  return probe.values;
}

/* The slots alone --------------------------------------------------------- */

static void
test_slots (void)
{
  g_autofree char *dir = g_build_filename (root, "slots", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) orphans = NULL;
  g_autoptr (CelModel) model = new_life ("32", "24", "B3/S23", "1");
  g_autoptr (CelAutosaveSlot) slot = NULL;
  g_autofree char *stale_lock = NULL;
  g_autofree char *junk = NULL;
  gboolean written = FALSE;
  guint epoch;

  /* No directory yet: nothing to restore, and no error. */
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);

  /* A slot touches nothing until its first write. */
  slot = cel_autosave_slot_new (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  epoch = cel_autosave_slot_get_epoch (slot);
  g_assert_true (cel_autosave_slot_write (slot, epoch, model, "Slot test", "file:///tmp/x.cellarium",
                                          &written, &error));
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_true (g_file_test (cel_autosave_slot_get_path (slot), G_FILE_TEST_IS_REGULAR));

  /* Held by this process: not an orphan, and not adoptable. */
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_clear_pointer (&orphans, g_ptr_array_unref);
  g_assert_null (cel_autosave_slot_adopt (dir, cel_autosave_slot_get_id (slot), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);

  /* A discard removes the copy and voids the writes requested before it. */
  cel_autosave_slot_discard (slot);
  g_assert_false (g_file_test (cel_autosave_slot_get_path (slot), G_FILE_TEST_EXISTS));
  g_assert_true (cel_autosave_slot_write (slot, epoch, model, NULL, NULL, &written, &error));
  g_assert_false (written);
  g_assert_false (g_file_test (cel_autosave_slot_get_path (slot), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (cel_autosave_slot_get_epoch (slot), ==, epoch + 1);

  /* Letting go of a slot with a copy leaves an orphan. */
  g_assert_true (cel_autosave_slot_write (slot, epoch + 1, model, "Slot test", NULL, &written, &error));
  g_assert_true (written);
  g_clear_pointer (&slot, cel_autosave_slot_unref);

  /* Leftovers without a copy are cleaned up; other files are left alone. */
  stale_lock = g_build_filename (dir, "0b6f4ac4-58e5-4f3c-9d2e-7a51f7c1a0d3.lock", NULL);
  junk = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (stale_lock, "", 0, NULL));
  g_assert_true (g_file_set_contents (junk, "not ours", -1, NULL));

  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
  g_assert_cmpstr (((CelAutosaveOrphan *) orphans->pdata[0])->name, ==, "Slot test");
  g_assert_cmpstr (((CelAutosaveOrphan *) orphans->pdata[0])->model_id, ==, "life");
  g_assert_null (((CelAutosaveOrphan *) orphans->pdata[0])->uri);
  g_assert_false (g_file_test (stale_lock, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (junk, G_FILE_TEST_EXISTS));

  /* Deleting the orphan leaves nothing of it. */
  g_assert_true (cel_autosave_delete_orphan (dir, ((CelAutosaveOrphan *) orphans->pdata[0])->id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (((CelAutosaveOrphan *) orphans->pdata[0])->path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_unlink (junk);
}

/* A slot's owner killed: the lock goes with it. */
static void
test_slot_owner_killed (void)
{
  g_autofree char *dir = g_build_filename (root, "killed", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) orphans = NULL;
  g_autoptr (CelAutosaveSlot) adopted = NULL;
  CelAutosaveOrphan *orphan;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  if (g_test_subprocess ())
    {
      g_autoptr (CelModel) model = new_life ("16", "16", "B3/S23", "2");
      CelAutosaveSlot *slot = cel_autosave_slot_new (dir);

      g_assert_true (cel_autosave_slot_write (slot, 0, model, "Killed", "file:///tmp/killed.cellarium",
                                              NULL, NULL));
      raise (SIGKILL);
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());

  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
  orphan = orphans->pdata[0];
  g_assert_cmpstr (orphan->name, ==, "Killed");
  g_assert_cmpstr (orphan->uri, ==, "file:///tmp/killed.cellarium");
  g_assert_cmpint (orphan->saved, >=, before);
  g_assert_cmpint (orphan->saved, <=, g_get_real_time () / G_USEC_PER_SEC);

  /* Adopted, it is ours: no longer an orphan, and nobody else's. */
  adopted = cel_autosave_slot_adopt (dir, orphan->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cel_autosave_slot_get_path (adopted), ==, orphan->path);
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_cmpuint (orphans->len, ==, 0);
  cel_autosave_slot_discard (adopted);
}

/* A window killed, and restored --------------------------------------------- */

static const char *const checked_params[] = { "width", "height", "rule", "seed", NULL };

static void
test_crash_and_restore (void)
{
  g_autofree char *dir = state_dir ();
  g_autofree char *expected_path = g_build_filename (root, "expected-cells", NULL);
  g_autofree char *original_path = g_build_filename (root, "original.cellarium", NULL);
  g_autoptr (GFile) original = g_file_new_for_path (original_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) orphans = NULL;
  g_autoptr (GPtrArray) params = NULL;
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (GBytes) cells = NULL;
  g_autoptr (GBytes) expected = NULL;
  g_autofree char *expected_data = NULL;
  g_autofree char *uri = g_file_get_uri (original);
  g_autofree char *copy_path = NULL;
  CelExperiment saved = { 0 };
  CelAutosaveOrphan *orphan;
  CelWindow *window;
  gsize length;

  if (g_test_subprocess ())
    {
      CelStroke *stroke = cel_stroke_new (CEL_TOOL_SPRAY, 1, 8, 0.5);
      guint64 seq;

      window = new_window ();
      cel_window_open_model (window, new_life ("48", "40", "B36/S23", "7"), original, "Crash test");
      test_ui_wait_frames (GTK_WIDGET (window), 2);
      g_assert_false (cel_window_get_modified (window));
      g_assert_null (cel_window_get_autosave_path (window));

      /* Paint (as the canvas does, with undo) and step. */
      cel_stroke_add_point (stroke, 20, 18);
      cel_stroke_add_point (stroke, 28, 22);
      cel_runner_paint (cel_window_get_runner (window), stroke, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.step-n", "t", (guint64) 25);
      snap = wait_runner (window, current_seq (window), 25);
      wait_modified (window, TRUE);
      cells = frame_cells (snap);
      g_assert_cmpuint (population (cells), >, 0);
      g_assert_true (g_file_set_contents (expected_path, g_bytes_get_data (cells, NULL),
                                          (gssize) g_bytes_get_size (cells), NULL));

      seq = cel_window_autosave_now (window);
      g_assert_cmpuint (seq, >, 0);
      g_clear_pointer (&snap, cel_snapshot_unref);
      snap = wait_runner (window, seq, G_MAXUINT64);
      g_assert_true (g_file_test (cel_window_get_autosave_path (window), G_FILE_TEST_IS_REGULAR));
      raise (SIGKILL);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_assert_false (g_test_trap_has_passed ());
  g_assert_true (g_file_get_contents (expected_path, &expected_data, &length, NULL));
  expected = g_bytes_new_take (g_steal_pointer (&expected_data), length);
  g_assert_cmpuint (length, ==, 48 * 40);

  /* The copy is an orphan: its owner is dead. */
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orphans->len, ==, 1);
  orphan = orphans->pdata[0];
  g_assert_cmpstr (orphan->name, ==, "Crash test");
  g_assert_cmpstr (orphan->model_id, ==, "life");
  g_assert_cmpstr (orphan->uri, ==, uri);
  copy_path = g_strdup (orphan->path);

  /* Restored: same parameters, step counter and cells, unsaved, titled
   * after the original file. */
  window = new_window ();
  cel_window_restore_autosave (window, orphan);
  wait_title (window, "• original.cellarium");
  g_assert_true (cel_window_get_modified (window));
  g_assert_true (g_file_equal (cel_window_get_file (window), original));
  snap = wait_runner (window, current_seq (window), G_MAXUINT64);
  g_assert_cmpuint (snap->step, ==, 25);
  g_assert_cmpuint (snap->grid_width, ==, 48);
  g_assert_cmpuint (snap->grid_height, ==, 40);
  cells = frame_cells (snap);
  g_assert_true (g_bytes_equal (cells, expected));
  params = running_params (window, checked_params);
  g_assert_cmpstr (params->pdata[0], ==, "48");
  g_assert_cmpstr (params->pdata[1], ==, "40");
  g_assert_cmpstr (params->pdata[2], ==, "B36/S23");
  g_assert_cmpstr (params->pdata[3], ==, "7");

  /* The window owns the copy now. */
  g_clear_pointer (&orphans, g_ptr_array_unref);
  orphans = cel_autosave_list_orphans (dir, &error);
  g_assert_cmpuint (orphans->len, ==, 0);
  g_assert_cmpstr (cel_window_get_autosave_path (window), ==, copy_path);

  /* Saving writes the original file and drops the copy. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  wait_modified (window, FALSE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "original.cellarium");
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_assert_true (cel_experiment_load (original_path, &saved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cel_model_get_step (saved.model), ==, 25);
  g_assert_cmpstr (saved.name, ==, "Crash test");
  cel_experiment_clear (&saved);
  g_assert_true (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Closing ------------------------------------------------------------------ */

static void
test_close_question (void)
{
  CelWindow *window = new_window ();
  g_autofree char *copy_path = NULL;
  g_autofree char *lock_path = NULL;
  AdwMessageDialog *dialog;
  guint64 seq;

  cel_window_open_model (window, new_life ("32", "32", "B3/S23", "3"), NULL, "Close test");
  test_ui_wait_frames (GTK_WIDGET (window), 2);

  /* Unmodified: a close needs no question (checked at the end). Stepped:
   * it does. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  wait_modified (window, TRUE);
  seq = cel_window_autosave_now (window);
  wait_applied (window, seq, G_MAXUINT64);
  copy_path = g_strdup (cel_window_get_autosave_path (window));
  g_assert_true (g_str_has_suffix (copy_path, ".cellarium"));
  lock_path = g_strdup (copy_path);
  strcpy (lock_path + strlen (lock_path) - strlen ("cellarium"), "lock");
  g_assert_true (g_file_test (copy_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (lock_path, G_FILE_TEST_IS_REGULAR));

  /* Cancel keeps the window and its copy. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  test_ui_iterate ();
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  test_ui_iterate ();
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (g_file_test (copy_path, G_FILE_TEST_IS_REGULAR));

  /* Discard closes it and leaves nothing to restore. */
  gtk_window_close (GTK_WINDOW (window));
  test_ui_iterate ();
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  while (window)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
}

static void
test_save_and_close (void)
{
  g_autofree char *path = g_build_filename (root, "closed.cellarium", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CelWindow *window = new_window ();
  AdwMessageDialog *dialog;

  cel_window_open_model (window, new_life ("32", "32", "B3/S23", "4"), file, NULL);
  test_ui_wait_frames (GTK_WIDGET (window), 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-n", "t", (guint64) 9);
  wait_applied (window, current_seq (window), 9);
  wait_modified (window, TRUE);

  /* Save in the question saves, then closes. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  test_ui_iterate ();
  dialog = find_dialog (window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  while (window)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Closing an unmodified window asks nothing. */
  window = new_window ();
  cel_window_open_file (window, file);
  wait_title (window, "closed.cellarium");
  g_assert_false (cel_window_get_modified (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  while (window)
    g_main_context_iteration (NULL, TRUE);
}

/* Unsaved changes ----------------------------------------------------------- */

static void
test_modified (void)
{
  g_autofree char *path = g_build_filename (root, "tracked.cellarium", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  CelWindow *window = new_window ();
  CelParamPanel *panel = CEL_PARAM_PANEL (cel_window_get_param_panel (window));
  static const char *const rule_param[] = { "rule", NULL };
  g_autoptr (GPtrArray) params = NULL;
  CelStroke *stroke;
  GtkWidget *entry;

  cel_window_open_model (window, new_life ("40", "30", "B3/S23", "5"), file, NULL);
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_false (cel_window_get_modified (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "tracked.cellarium");
  g_assert_cmpuint (cel_window_autosave_now (window), ==, 0);

  /* A step changes it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  wait_modified (window, TRUE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• tracked.cellarium");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  wait_modified (window, FALSE);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "tracked.cellarium");

  /* So does a reset. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  wait_modified (window, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  wait_modified (window, FALSE);

  /* And a parameter changed in the panel. */
  entry = cel_param_panel_get_editor (panel, "rule");
  gtk_editable_set_text (GTK_EDITABLE (entry), "B36/S23");
  g_signal_emit_by_name (entry, "activate");
  wait_modified (window, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  wait_modified (window, FALSE);

  /* And painting. */
  stroke = cel_stroke_new (CEL_TOOL_PENCIL, 1, 0, 1);
  cel_stroke_add_point (stroke, 3, 3);
  cel_runner_paint (cel_window_get_runner (window), stroke, TRUE);
  wait_modified (window, TRUE);

  /* Opening a file in its place asks first; Discard opens it. */
  cel_window_open_file (window, file);
  test_ui_iterate ();
  g_assert_nonnull (find_dialog (window));
  adw_message_dialog_response (find_dialog (window), "discard");
  wait_modified (window, FALSE);
  params = running_params (window, rule_param);
  g_assert_cmpstr (params->pdata[0], ==, "B36/S23");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Files by name and by content ---------------------------------------------- */

static const char glider_rle[] = "#N Glider\nx = 3, y = 3, rule = B3/S23\nbob$2bo$3o!\n";

static void
check_glider (CelWindow *window)
{
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (GBytes) cells = NULL;

  wait_title (window, "Glider");
  g_assert_false (cel_window_get_modified (window));
  g_assert_null (cel_window_get_file (window));
  snap = wait_runner (window, current_seq (window), 0);
  /* A new Life grid twice the pattern's size, at least 128 × 128. */
  g_assert_cmpuint (snap->grid_width, ==, 128);
  g_assert_cmpuint (snap->grid_height, ==, 128);
  cells = frame_cells (snap);
  g_assert_cmpuint (population (cells), ==, 5);
}

static void
test_open_by_name_and_content (void)
{
  g_autofree char *rle = g_build_filename (root, "glider.rle", NULL);
  g_autofree char *unnamed_pattern = g_build_filename (root, "glider.txt", NULL);
  g_autofree char *unnamed_experiment = g_build_filename (root, "experiment.data", NULL);
  g_autofree char *broken = g_build_filename (root, "broken.cellarium", NULL);
  g_autoptr (GFile) rle_file = g_file_new_for_path (rle);
  g_autoptr (GFile) pattern_file = g_file_new_for_path (unnamed_pattern);
  g_autoptr (GFile) experiment_file = g_file_new_for_path (unnamed_experiment);
  g_autoptr (GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr (CelModel) model = new_life ("20", "10", "B3/S23", "6");
  g_autoptr (CelSnapshot) snap = NULL;
  CelWindow *window = new_window ();

  g_assert_true (g_file_set_contents (rle, glider_rle, -1, NULL));
  g_assert_true (g_file_set_contents (unnamed_pattern, glider_rle, -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{ \"format\": \"cellarium-experiment\"", -1, NULL));
  g_assert_true (cel_experiment_save (model, "By content", NULL, TRUE, unnamed_experiment, NULL));

  cel_window_open_file (window, rle_file);
  check_glider (window);

  cel_window_open_file (window, experiment_file);
  wait_title (window, "experiment.data");
  snap = wait_runner (window, current_seq (window), 0);
  g_assert_cmpuint (snap->grid_width, ==, 20);
  g_assert_cmpuint (snap->grid_height, ==, 10);

  cel_window_open_file (window, pattern_file);
  check_glider (window);

  /* A broken file leaves the experiment shown as it was. */
  cel_window_open_file (window, broken_file);
  for (guint i = 0; i < 20; i++)
    test_ui_wait_frames (GTK_WIDGET (window), 1);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Glider");

  /* Open Recent opens the experiment it names. */
  {
    g_autofree char *uri = g_file_get_uri (experiment_file);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", uri);
    wait_title (window, "experiment.data");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  return g_rmdir (path) == 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *made = NULL;
  int status;

  /* The parent makes the temporary home; its subprocesses inherit it. */
  root = g_getenv (ROOT_ENV);
  if (root == NULL)
    {
      g_autofree char *state = NULL;
      g_autofree char *data = NULL;

      made = g_dir_make_tmp ("cellarium-autosave-XXXXXX", NULL);
      g_assert_nonnull (made);
      state = g_build_filename (made, "state", NULL);
      data = g_build_filename (made, "data", NULL);
      g_setenv (ROOT_ENV, made, TRUE);
      g_setenv ("XDG_STATE_HOME", state, TRUE);
      g_setenv ("XDG_DATA_HOME", data, TRUE);
      root = made;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/autosave/slots", test_slots);
  g_test_add_func ("/autosave/slot-owner-killed", test_slot_owner_killed);
  g_test_add_func ("/autosave/crash-and-restore", test_crash_and_restore);
  g_test_add_func ("/files/close-question", test_close_question);
  g_test_add_func ("/files/save-and-close", test_save_and_close);
  g_test_add_func ("/files/modified", test_modified);
  g_test_add_func ("/files/open-by-name-and-content", test_open_by_name_and_content);
  status = g_test_run ();
  if (made)
    remove_tree (made);
  return status;
}
