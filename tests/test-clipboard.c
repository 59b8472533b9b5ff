/* The canvas's selection, clipboard and drops under Xvfb, with a real
 * runner and Life model: a glider pasted from the clipboard lands where
 * the selection says, one undo step; copying a region around it gives the
 * same glider back as RLE with the model's rule; a plaintext R-pentomino
 * file dropped on a cell is centred there; the selection tool and the
 * canvas's actions; bad clipboard text, bad files and copies without a
 * selection are reported through the canvas's "error" signal. The export
 * dialogs, in the same window: a PNG at a chosen scale, an APNG and a PNG
 * sequence recorded from a copy while the experiment stays where it was,
 * and a cancelled recording that leaves nothing behind. */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "cel-apng.h"
#include "cel-canvas.h"
#include "cel-export-dialog.h"

#define GRID 64
#define GLIDER_RLE "#N Glider\nx = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n"
#define R_PENTOMINO_CELLS "!Name: R-pentomino\n.OO\nOO.\n.O.\n"

static GtkWidget *window;
static CelCanvas *canvas;
static CelRunner *runner;
static GPtrArray *errors;      /* messages from the "error" signal */
static guint clipboard_changes;

/* Hands the canvas the newest snapshot and the runner's undo records, as
 * the window's frame tick does. A runner error fails the test. */
static void
pump (void)
{
  g_autoptr (CelSnapshot) snap = NULL;
  CelRunnerEvent *event;

  while (g_main_context_iteration (NULL, FALSE))
    ;
  snap = cel_runner_get_snapshot (runner);
  if (snap)
    cel_canvas_set_snapshot (canvas, snap);
  while ((event = cel_runner_pop_event (runner)))
    {
      if (event->kind == CEL_RUNNER_EVENT_UNDO)
        cel_canvas_push_undo (canvas, event->seq, event->undo);
      else if (event->kind == CEL_RUNNER_EVENT_ERROR)
        g_error ("runner error: %s", event->message);
      cel_runner_event_free (event);
    }
  g_usleep (1000);
}

/* Waits (a hang shows up as the test's meson timeout, never as a timing
 * assertion) until the runner has applied everything sent so far, and
 * gives the canvas the snapshot that shows it. */
static CelSnapshot *
settle (void)
{
  guint64 seq = cel_runner_set_view (runner, 0, NULL);

  for (;;)
    {
      CelSnapshot *snap = cel_runner_get_snapshot (runner);

      if (snap && snap->applied_seq >= seq)
        {
          cel_canvas_set_snapshot (canvas, snap);
          pump ();
          return snap;
        }
      g_clear_pointer (&snap, cel_snapshot_unref);
      pump ();
    }
}

static guint8
cell (CelSnapshot *snap, int x, int y)
{
  CelFrame *frame = snap->frame;

  g_assert_nonnull (frame);
  g_assert_cmpint (frame->format, ==, CEL_FIELD_STATES);
  g_assert_true (x >= frame->x && y >= frame->y);
  return frame->data[(gsize) (y - frame->y) * frame->stride + (x - frame->x)];
}

static guint
population (CelSnapshot *snap)
{
  guint n = 0;

  for (int y = 0; y < GRID; y++)
    for (int x = 0; x < GRID; x++)
      n += cell (snap, x, y) != 0;
  return n;
}

/* The live cells of a pattern, trimmed to their bounding box: patterns
 * equal after this show the same cells, whatever margins they carry. */
static CelPattern *
normalise (const CelPattern *pattern)
{
  guint x0 = G_MAXUINT, y0 = G_MAXUINT, x1 = 0, y1 = 0;
  CelPattern *out;

  for (guint y = 0; y < pattern->height; y++)
    for (guint x = 0; x < pattern->width; x++)
      if (cel_pattern_get (pattern, x, y))
        {
          x0 = MIN (x0, x);
          y0 = MIN (y0, y);
          x1 = MAX (x1, x + 1);
          y1 = MAX (y1, y + 1);
        }
  g_assert_cmpuint (x1, >, x0);
  out = cel_pattern_new (x1 - x0, y1 - y0);
  for (guint y = y0; y < y1; y++)
    for (guint x = x0; x < x1; x++)
      cel_pattern_set (out, x - x0, y - y0, cel_pattern_get (pattern, x, y));
  out->rule = g_strdup (pattern->rule);
  return out;
}

static CelPattern *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  CelPattern *pattern = cel_pattern_parse (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  return pattern;
}

static void
on_error (CelCanvas *self, const char *message, gpointer data)
{
  g_ptr_array_add (errors, g_strdup (message));
}

static void
on_clipboard_changed (GdkClipboard *clipboard, gpointer data)
{
  clipboard_changes++;
}

static void
on_text_read (GObject *source, GAsyncResult *result, gpointer data)
{
  char **text = data;
  g_autoptr (GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (void)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (canvas)), NULL,
                                 on_text_read, &text);
  while (text == NULL)
    pump ();
  return text;
}

static void
assert_selection (int x, int y, guint width, guint height)
{
  CelRect rect;

  g_assert_true (cel_canvas_get_selection (canvas, &rect));
  g_assert_cmpint (rect.x, ==, x);
  g_assert_cmpint (rect.y, ==, y);
  g_assert_cmpuint (rect.width, ==, width);
  g_assert_cmpuint (rect.height, ==, height);
}

static void
wait_undo_step (void)
{
  while (!cel_canvas_get_can_undo (canvas))
    pump ();
}

static void
test_paste_copy (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (canvas));
  static const int glider[5][2] = { { 11, 12 }, { 12, 13 }, { 10, 14 }, { 11, 14 }, { 12, 14 } };
  g_autoptr (CelPattern) expected = NULL;
  g_autoptr (CelPattern) copied = NULL;
  g_autoptr (CelPattern) copied_norm = NULL;
  g_autoptr (CelPattern) expected_norm = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rle_copied = NULL;
  g_autofree char *rle_expected = NULL;
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (CelSnapshot) undone = NULL;
  CelRect corner = { 10, 12, 1, 1 };
  CelRect around = { 6, 9, 10, 9 };
  guint changes;

  /* Paste at the selection's corner (10, 12). */
  gdk_clipboard_set_text (clipboard, GLIDER_RLE);
  cel_canvas_set_selection (canvas, &corner);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.paste", NULL));
  wait_undo_step ();
  snap = settle ();
  g_assert_cmpuint (population (snap), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (cell (snap, glider[i][0], glider[i][1]), ==, 1);
  /* The pasted rectangle is selected. */
  assert_selection (10, 12, 3, 3);

  /* Copy a larger region around it: the same glider, with the rule. */
  cel_canvas_set_selection (canvas, &around);
  changes = clipboard_changes;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.copy", NULL));
  while (clipboard_changes == changes)
    pump ();
  text = read_clipboard ();
  g_test_message ("copied:\n%s", text);
  copied = parse (text);
  g_assert_cmpuint (copied->width, ==, around.width);
  g_assert_cmpuint (copied->height, ==, around.height);
  g_assert_cmpstr (copied->rule, ==, "B3/S23");
  g_assert_cmpuint (cel_pattern_population (copied), ==, 5);
  /* The glider's cells relative to the selection's corner. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (cel_pattern_get (copied, glider[i][0] - around.x, glider[i][1] - around.y), ==, 1);
  expected = parse (GLIDER_RLE);
  g_clear_pointer (&expected->name, g_free);
  copied_norm = normalise (copied);
  expected_norm = normalise (expected);
  rle_copied = cel_pattern_to_rle (copied_norm);
  rle_expected = cel_pattern_to_rle (expected_norm);
  g_assert_cmpstr (rle_copied, ==, rle_expected);

  /* Undo removes the paste in one step. */
  g_assert_true (cel_canvas_undo (canvas));
  undone = settle ();
  g_assert_cmpuint (population (undone), ==, 0);
  g_assert_false (cel_canvas_get_can_undo (canvas));
  cel_canvas_clear_history (canvas);
}

static void
test_drop (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-clipboard-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "r-pentomino.cells", NULL);
  g_autoptr (GFile) file = NULL;
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (CelSnapshot) after_text = NULL;
  g_autoptr (CelSnapshot) undone = NULL;
  /* .OO / OO. / .O. centred on (40, 20): top-left (39, 19). */
  static const int r_pentomino[5][2] = { { 40, 19 }, { 41, 19 }, { 39, 20 }, { 40, 20 }, { 40, 21 } };
  double wx, wy;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, R_PENTOMINO_CELLS, -1, &error));
  file = g_file_new_for_path (path);

  g_assert_true (cel_canvas_cell_to_widget (canvas, 40, 20, &wx, &wy));
  cel_canvas_drop_file (canvas, file, wx, wy);
  wait_undo_step ();
  snap = settle ();
  g_assert_cmpuint (population (snap), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (cell (snap, r_pentomino[i][0], r_pentomino[i][1]), ==, 1);
  assert_selection (39, 19, 3, 3);

  /* Text drops the same way: a glider centred on (50, 50). */
  g_assert_true (cel_canvas_cell_to_widget (canvas, 50, 50, &wx, &wy));
  cel_canvas_drop_text (canvas, GLIDER_RLE, wx, wy);
  for (after_text = settle (); population (after_text) != 10; after_text = settle ())
    cel_snapshot_unref (after_text);
  g_assert_cmpuint (cell (after_text, 50, 49), ==, 1);
  g_assert_cmpuint (cell (after_text, 49, 51), ==, 1);
  assert_selection (49, 49, 3, 3);

  /* Two drops, two undo steps (each once its undo record is in). */
  while (!cel_canvas_undo (canvas))
    pump ();
  g_clear_pointer (&after_text, cel_snapshot_unref);
  after_text = settle ();
  g_assert_cmpuint (population (after_text), ==, 5);
  g_assert_cmpuint (cell (after_text, 39, 20), ==, 1);
  while (!cel_canvas_undo (canvas))
    pump ();
  undone = settle ();
  g_assert_cmpuint (population (undone), ==, 0);
  cel_canvas_clear_history (canvas);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_selection_tool (void)
{
  double x0, y0, x1, y1;

  cel_canvas_set_tool (canvas, CEL_CANVAS_TOOL_SELECT);
  g_assert_cmpint (cel_canvas_get_tool (canvas), ==, CEL_CANVAS_TOOL_SELECT);
  g_assert_true (cel_canvas_cell_to_widget (canvas, 9, 8, &x0, &y0));
  g_assert_true (cel_canvas_cell_to_widget (canvas, 5, 6, &x1, &y1));
  /* Dragged up and to the left: the rectangle between the two cells. */
  cel_canvas_begin_gesture (canvas, x0, y0);
  cel_canvas_update_gesture (canvas, x1, y1);
  g_assert_true (g_str_has_suffix (cel_canvas_get_status (canvas), "5 × 3 selected"));
  cel_canvas_end_gesture (canvas);
  assert_selection (5, 6, 5, 3);

  /* The selection tool paints nothing. */
  g_assert_false (cel_canvas_get_can_undo (canvas));

  /* A click without a drag clears it; Ctrl+A's action selects the grid;
   * Escape's clears it. */
  cel_canvas_begin_gesture (canvas, x1, y1);
  cel_canvas_end_gesture (canvas);
  g_assert_false (cel_canvas_get_selection (canvas, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.select-all", NULL));
  assert_selection (0, 0, GRID, GRID);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.clear-selection", NULL));
  g_assert_false (cel_canvas_get_selection (canvas, NULL));

  /* A selection reaching off the grid is clipped to it. */
  cel_canvas_set_selection (canvas, &(CelRect) { -5, 60, 10, 10 });
  assert_selection (0, 60, 5, 4);
  cel_canvas_set_selection (canvas, &(CelRect) { 70, 70, 3, 3 });
  g_assert_false (cel_canvas_get_selection (canvas, NULL));
  cel_canvas_set_tool (canvas, CEL_TOOL_PENCIL);
}

static void
wait_error (guint n)
{
  while (errors->len < n)
    pump ();
  g_test_message ("error: %s", (const char *) g_ptr_array_index (errors, n - 1));
}

static void
test_errors (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (canvas));
  g_autoptr (GFile) missing = g_file_new_for_path ("/nonexistent/cellarium/pattern.rle");
  g_autoptr (CelSnapshot) snap = NULL;
  double wx, wy;

  g_ptr_array_set_size (errors, 0);
  /* Copy without a selection. */
  cel_canvas_set_selection (canvas, NULL);
  cel_canvas_copy (canvas);
  g_assert_cmpuint (errors->len, ==, 1);

  /* Text that is no pattern; an RLE with a broken header. */
  gdk_clipboard_set_text (clipboard, "Hello, world");
  cel_canvas_paste (canvas);
  wait_error (2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (errors, 1), "The text is not a pattern"));
  gdk_clipboard_set_text (clipboard, "x = 3, y = banana\nbo$2bo$3o!");
  cel_canvas_paste (canvas);
  wait_error (3);

  /* A dropped file that is not there. */
  g_assert_true (cel_canvas_cell_to_widget (canvas, 30, 30, &wx, &wy));
  cel_canvas_drop_file (canvas, missing, wx, wy);
  wait_error (4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (errors, 3),
                                   "Could not place the dropped pattern"));

  /* Nothing reached the model. */
  snap = settle ();
  g_assert_cmpuint (population (snap), ==, 0);
  g_assert_false (cel_canvas_get_can_undo (canvas));
}

/* ---- Export dialogs ------------------------------------------------------- */

typedef struct {
  gboolean finished;
  gboolean done;
  char    *message;
} Outcome;

static void
on_finished (CelExportDialog *dialog, gboolean done, const char *message, Outcome *outcome)
{
  outcome->finished = TRUE;
  outcome->done = done;
  outcome->message = g_strdup (message);
}

static void
run_export (CelExportDialog *dialog, const char *path, Outcome *outcome)
{
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), outcome);
  cel_export_dialog_export_to (dialog, path);
  while (!outcome->finished)
    pump ();
  g_test_message ("export: %s", outcome->message ? outcome->message : "(cancelled)");
}

static void
place_glider (void)
{
  g_autoptr (CelSnapshot) snap = NULL;

  cel_runner_place_pattern (runner, parse (GLIDER_RLE), 20, 30, FALSE);
  snap = settle ();
  g_assert_cmpuint (population (snap), ==, 5);
}

static void
clear_grid (void)
{
  g_autoptr (CelSnapshot) snap = NULL;

  cel_runner_reset (runner);
  snap = settle ();
  g_assert_cmpuint (population (snap), ==, 0);
  g_assert_cmpuint (snap->step, ==, 0);
}

static void
test_export_image (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "canvas.png", NULL);
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (CelExportDialog) dialog = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (CelFrame) probe = cel_frame_new (CEL_FIELD_STATES, 2, 1);
  g_autofree guint8 *colors = NULL;
  g_autofree guint8 *pixels = NULL;
  Outcome outcome = { 0 };
  /* (21, 30) is the glider's top cell; (20, 30) beside it is dead. */
  const guint8 *live, *dead;

  place_glider ();
  snap = settle ();
  dialog = g_object_ref (cel_export_dialog_export_image (GTK_WINDOW (window), runner, snap, "viridis"));
  /* 64 × 64 cells: about 512 pixels across by default; at most 64 pixels
   * per cell (256 would still be under the 2^28-pixel limit). */
  g_assert_cmpuint (cel_export_dialog_get_scale (dialog), ==, 8);
  g_assert_cmpuint (cel_export_dialog_get_max_scale (dialog), ==, 64);
  cel_export_dialog_set_scale (dialog, 3);
  run_export (dialog, path, &outcome);
  g_assert_true (outcome.done);
  g_assert_cmpstr (outcome.message, ==, "Exported “canvas.png”");
  g_free (outcome.message);

  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 3 * GRID);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 3 * GRID);
  pixels = g_malloc ((gsize) 3 * GRID * 3 * GRID * 4);
  gdk_texture_download (texture, pixels, (gsize) 3 * GRID * 4);
  probe->n_states = 2;
  probe->data[1] = 1;
  colors = cel_frame_to_rgba (probe, "viridis", 1);
  /* gdk_texture_download gives B, G, R, A in memory on little-endian. */
  live = pixels + ((gsize) (30 * 3 + 1) * 3 * GRID + 21 * 3 + 1) * 4;
  dead = pixels + ((gsize) (30 * 3 + 1) * 3 * GRID + 20 * 3 + 1) * 4;
  g_assert_cmpuint (live[2], ==, colors[4]);
  g_assert_cmpuint (live[1], ==, colors[5]);
  g_assert_cmpuint (live[0], ==, colors[6]);
  g_assert_cmpuint (dead[2], ==, colors[0]);
  g_assert_cmpuint (dead[1], ==, colors[1]);
  g_assert_cmpuint (dead[0], ==, colors[2]);

  clear_grid ();
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_run (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cel-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "run.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (CelSnapshot) snap = NULL;
  g_autoptr (CelSnapshot) after = NULL;
  g_autoptr (CelExportDialog) apng = NULL;
  g_autoptr (CelExportDialog) sequence = NULL;
  g_autoptr (CelExportDialog) cancelled = NULL;
  Outcome outcome = { 0 };
  gsize length;

  place_glider ();
  snap = settle ();

  /* An APNG of 5 frames, 4 steps apart, from a copy. */
  apng = g_object_ref (cel_export_dialog_export_run (GTK_WINDOW (window), runner, snap, "viridis"));
  cel_export_dialog_set_run (apng, FALSE, 5, 4, 10);
  cel_export_dialog_set_scale (apng, 2);
  run_export (apng, path, &outcome);
  g_assert_true (outcome.done);
  g_clear_pointer (&outcome.message, g_free);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* acTL right after IHDR: 8 signature + 25 IHDR bytes, then length 8,
   * "acTL", 5 frames, 0 plays. */
  g_assert_cmpuint (length, >, 53);
  g_assert_cmpmem (contents + 33, 8, "\0\0\0\010acTL", 8);
  g_assert_cmpmem (contents + 41, 8, "\0\0\0\005\0\0\0\0", 8);
  /* The experiment itself did not move. */
  after = settle ();
  g_assert_cmpuint (after->step, ==, 0);
  g_assert_cmpuint (population (after), ==, 5);
  g_unlink (path);

  /* A sequence of 3 images into the folder. */
  outcome = (Outcome) { 0 };
  sequence = g_object_ref (cel_export_dialog_export_run (GTK_WINDOW (window), runner, snap, "viridis"));
  cel_export_dialog_set_run (sequence, TRUE, 3, 1, 10);
  run_export (sequence, dir, &outcome);
  g_assert_true (outcome.done);
  g_clear_pointer (&outcome.message, g_free);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = cel_apng_sequence_name (i, 3);
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
      g_unlink (file);
    }

  /* Closed at once while a long recording starts: cancelled, no message,
   * nothing written. */
  outcome = (Outcome) { 0 };
  cancelled = g_object_ref (cel_export_dialog_export_run (GTK_WINDOW (window), runner, snap, "viridis"));
  cel_export_dialog_set_run (cancelled, FALSE, 100000, 1000, 10);
  g_signal_connect (cancelled, "finished", G_CALLBACK (on_finished), &outcome);
  cel_export_dialog_export_to (cancelled, path);
  gtk_window_close (GTK_WINDOW (cancelled));
  while (!outcome.finished)
    pump ();
  g_assert_false (outcome.done);
  g_assert_null (outcome.message);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  clear_grid ();
  g_assert_true (g_rmdir (dir) == 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  CelModel *model;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Messages are compared in the C locale. */
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  model = cel_model_new ("life", &error);
  g_assert_no_error (error);
  g_assert_true (cel_model_set_param_string (model, "width", G_STRINGIFY (GRID), &error));
  g_assert_true (cel_model_set_param_string (model, "height", G_STRINGIFY (GRID), &error));
  g_assert_true (cel_model_set_param_string (model, "topology", "bounded", &error));
  cel_model_reset (model);
  runner = cel_runner_new (model);

  errors = g_ptr_array_new_with_free_func (g_free);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  canvas = CEL_CANVAS (cel_canvas_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  g_signal_connect (canvas, "error", G_CALLBACK (on_error), NULL);
  g_signal_connect (gtk_widget_get_clipboard (GTK_WIDGET (canvas)), "changed",
                    G_CALLBACK (on_clipboard_changed), NULL);
  cel_canvas_set_runner (canvas, runner);
  gtk_window_present (GTK_WINDOW (window));
  /* Mapped, with the grid fitted into the window. */
  while (!gtk_widget_get_mapped (GTK_WIDGET (canvas)) || cel_canvas_get_zoom (canvas) < 2.0)
    cel_snapshot_unref (settle ());

  g_test_add_func ("/clipboard/paste-copy", test_paste_copy);
  g_test_add_func ("/clipboard/drop", test_drop);
  g_test_add_func ("/clipboard/selection-tool", test_selection_tool);
  g_test_add_func ("/clipboard/errors", test_errors);
  g_test_add_func ("/export/image", test_export_image);
  g_test_add_func ("/export/run", test_export_run);
  status = g_test_run ();

  cel_canvas_set_runner (canvas, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  cel_runner_free (runner);
  g_ptr_array_unref (errors);
  return status;
}
