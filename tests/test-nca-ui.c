/* The neural cellular automaton in the window, under Xvfb: the Emoji…
 * dialog's target reaches the running model exactly as core renders it;
 * painting the target with the colour button's colour sets those cells to
 * that colour (stroke value 0xRRGGBB + 1) and the eraser clears them; a bad
 * image file becomes an error for the user; a training run shows its
 * progress towards the iteration goal. */
#include <adwaita.h>

#include "cel-canvas.h"
#include "cel-gallery.h"
#include "cel-nca-controls.h"
#include "cel-param-panel.h"
#include "cel-thumbnail.h"
#include "cel-window.h"
#include "models/nca/cel-nca.h"
#include "models/nca/cel-nca-target.h"
#include "test-ui-util.h"

static CelWindow *window;

static CelRunner *
runner (void)
{
  return cel_window_get_runner (window);
}

/* Blocks until the runner has applied seq (a hang shows up as the test's
 * meson timeout, never as a timing assertion). */
static CelSnapshot *
wait_applied (guint64 seq)
{
  for (;;)
    {
      CelSnapshot *snap = cel_runner_get_snapshot (runner ());
      if (snap && snap->applied_seq >= seq)
        return snap;
      g_clear_pointer (&snap, cel_snapshot_unref);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static guint64
current_seq (void)
{
  return cel_runner_set_view (runner (), cel_canvas_get_field (CEL_CANVAS (cel_window_get_canvas (window))), NULL);
}

static GtkWidget *
find_child (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_child (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static CelNcaControls *
controls (void)
{
  return CEL_NCA_CONTROLS (find_child (GTK_WIDGET (window), CEL_TYPE_NCA_CONTROLS));
}

/* The running model's target and "paint" parameter, read on the runner
 * thread. */
typedef struct {
  float   *target;
  guint    width, height;
  char    *paint;
  gboolean done;
} Probe;

static void
read_model (CelModel *model, gpointer data)
{
  Probe *probe = data;
  const float *target = cel_nca_get_target (CEL_NCA (model), &probe->width, &probe->height);

  probe->target = g_memdup2 (target, (gsize) probe->width * probe->height * 4 * sizeof (float));
  probe->paint = cel_model_get_param_string (model, "paint");
  g_atomic_int_set (&probe->done, TRUE);
}

static void
probe_model (Probe *probe)
{
  *probe = (Probe) { 0 };
  cel_runner_call (runner (), read_model, probe, NULL);
  while (!g_atomic_int_get (&probe->done))
    g_usleep (1000);
}

static void
probe_clear (Probe *probe)
{
  g_free (probe->target);
  g_free (probe->paint);
}

static void
wait_jobs (void)
{
  while (cel_nca_controls_get_pending (controls ()) > 0)
    g_main_context_iteration (NULL, TRUE);
  test_ui_iterate ();
}

static void
open_nca (void)
{
  CelGallery *gallery = CEL_GALLERY (find_child (GTK_WIDGET (window), CEL_TYPE_GALLERY));
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (cel_gallery_activate (gallery, "nca"));
  test_ui_iterate ();
  /* Replacing a changed experiment asks first: discard it. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (w), "discard");
          break;
        }
    }
  test_ui_iterate ();
  g_assert_nonnull (runner ());
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (controls ())));
  test_ui_wait_frames (GTK_WIDGET (window), 2);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static void
test_emoji_target (void)
{
  g_autofree float *expected = NULL;
  g_autoptr (GError) error = NULL;
  AdwMessageDialog *dialog;
  Probe probe;
  guint margin;

  open_nca ();

  /* The menu item opens the dialog; its default text is the lizard and
   * "Set Target" sets it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controls ()), "nca.emoji", NULL));
  test_ui_iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "set");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_jobs ();
  cel_snapshot_unref (wait_applied (current_seq ()));

  probe_model (&probe);
  g_assert_cmpstr (probe.paint, ==, "creature");
  /* What core renders for the grid, with the window's margin of 2/9. */
  margin = MIN (probe.width, probe.height) * 2 / 9;
  expected = cel_nca_target_from_emoji (CEL_NCA_DEFAULT_EMOJI, probe.width, probe.height, margin, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (probe.target, (gsize) probe.width * probe.height * 4 * sizeof (float),
                   expected, (gsize) probe.width * probe.height * 4 * sizeof (float));
  probe_clear (&probe);

  /* Setting a target changes the experiment. */
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_true (cel_window_get_modified (window));
}

static void
paint_row (CelCanvas *canvas, int x0, int x1, int y)
{
  double ax, ay, bx, by;

  g_assert_true (cel_canvas_cell_to_widget (canvas, x0, y, &ax, &ay));
  g_assert_true (cel_canvas_cell_to_widget (canvas, x1, y, &bx, &by));
  cel_canvas_begin_gesture (canvas, ax, ay);
  cel_canvas_update_gesture (canvas, bx, by);
  cel_canvas_end_gesture (canvas);
}

static void
test_paint_target (void)
{
  CelCanvas *canvas = CEL_CANVAS (cel_window_get_canvas (window));
  CelParamPanel *panel = CEL_PARAM_PANEL (cel_window_get_param_panel (window));
  const GdkRGBA orange = { 1.0f, 128 / 255.0f, 0.0f, 1.0f };
  g_autoptr (CelSnapshot) snap = NULL;
  Probe probe;

  open_nca ();
  cel_canvas_zoom_to_fit (canvas);
  test_ui_wait_frames (GTK_WIDGET (window), 3);

  /* The menu's toggle: the brush paints the target, which the canvas
   * shows, in the colour button's colour. */
  g_assert_false (cel_nca_controls_get_paint_target (controls ()));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controls ()), "nca.paint-target", NULL));
  g_assert_true (cel_nca_controls_get_paint_target (controls ()));
  cel_nca_controls_set_color (controls (), &orange);
  /* 0xff8000 + 1. */
  g_assert_cmpfloat (cel_nca_controls_color_value (&orange), ==, 16744449.0f);
  g_assert_cmpfloat (cel_canvas_get_paint_value (canvas), ==, 16744449.0f);
  g_assert_cmpuint (cel_canvas_get_field (canvas), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cel_param_panel_get_editor (panel, "paint"))), ==, 1);

  /* A pencil drag over cells (2..6, 3), in the empty margin. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "pencil");
  cel_canvas_set_brush_radius (canvas, 0);
  paint_row (canvas, 2, 6, 3);
  cel_snapshot_unref (wait_applied (current_seq ()));

  probe_model (&probe);
  g_assert_cmpstr (probe.paint, ==, "target");
  for (int x = 1; x <= 7; x++)
    {
      const float *c = probe.target + ((gsize) 3 * probe.width + x) * 4;
      gboolean painted = x >= 2 && x <= 6;

      /* Painted colours are exact: 8-bit channels over 255. */
      g_assert_cmpfloat (c[0], ==, painted ? 1.0f : 0.0f);
      g_assert_cmpfloat (c[1], ==, painted ? 128 / 255.0f : 0.0f);
      g_assert_cmpfloat (c[2], ==, 0.0f);
      g_assert_cmpfloat (c[3], ==, painted ? 1.0f : 0.0f);
    }
  probe_clear (&probe);

  /* The eraser makes target cells transparent. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "eraser");
  paint_row (canvas, 4, 4, 3);
  cel_snapshot_unref (wait_applied (current_seq ()));
  probe_model (&probe);
  g_assert_cmpfloat (probe.target[((gsize) 3 * probe.width + 4) * 4 + 3], ==, 0.0f);
  g_assert_cmpfloat (probe.target[((gsize) 3 * probe.width + 5) * 4 + 3], ==, 1.0f);
  probe_clear (&probe);

  /* Back to the creature: the parameter, the field and the brush value. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "pencil");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (controls ()), "nca.paint-target", NULL));
  g_assert_false (cel_nca_controls_get_paint_target (controls ()));
  g_assert_cmpuint (cel_canvas_get_field (canvas), ==, 0);
  g_assert_cmpfloat (cel_canvas_get_paint_value (canvas), ==, 1.0f);
  snap = wait_applied (current_seq ());
  probe_model (&probe);
  g_assert_cmpstr (probe.paint, ==, "creature");
  probe_clear (&probe);
}

static void
count_error (CelNcaControls *self, const char *message, gpointer data)
{
  char **last = data;

  g_free (*last);
  *last = g_strdup (message);
}

static void
test_bad_image (void)
{
  g_autofree char *message = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cellarium-no-such-target.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  gulong handler;

  open_nca ();
  handler = g_signal_connect (controls (), "error", G_CALLBACK (count_error), &message);
  cel_nca_controls_load_image (controls (), file);
  wait_jobs ();
  g_signal_handler_disconnect (controls (), handler);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "cellarium-no-such-target.png"));
}

static void
test_training_progress (void)
{
  static const char *const settings[][2] = {
    { "width", "16" }, { "height", "16" }, { "pool-size", "16" }, { "batch", "1" },
    { "steps-min", "8" }, { "steps-max", "8" }, { "iterations", "3" }, { "activity", "train" },
  };
  GtkWidget *label;
  const char *text;
  guint64 seq = 0;

  open_nca ();
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    seq = cel_runner_set_param (runner (), settings[i][0], settings[i][1]);
  cel_runner_reset (runner ());
  cel_snapshot_unref (wait_applied (seq));
  cel_nca_controls_set_emoji (controls (), CEL_NCA_DEFAULT_EMOJI);
  wait_jobs ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.play", NULL);

  /* The model stops at its goal of 3 iterations and the runner pauses. */
  for (;;)
    {
      g_autoptr (CelSnapshot) snap = cel_runner_get_snapshot (runner ());

      if (snap && !snap->running && snap->has_progress && snap->progress_done == 3)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  test_ui_wait_frames (GTK_WIDGET (window), 3);

  /* The status line: "Training iterations: 3 of 3" (untranslated here). */
  label = GTK_WIDGET (g_object_get_data (G_OBJECT (window), "test-progress-label"));
  g_assert_true (gtk_widget_get_visible (label));
  text = gtk_label_get_label (GTK_LABEL (label));
  g_assert_nonnull (strstr (text, "3 of 3"));
}

static GtkWidget *
find_progress_label (GtkWidget *widget)
{
  GtkWidget *bar = find_child (widget, GTK_TYPE_PROGRESS_BAR);

  /* The label sits just before the bar in the status line. */
  g_assert_nonnull (bar);
  return gtk_widget_get_prev_sibling (bar);
}

/* The gallery card of a fresh model: its state is one seed cell, which
 * would draw as a dark square, so the thumbnail shows the default target,
 * the green lizard: most of its lit pixels are green. */
static void
test_thumbnail (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelModel) model = cel_model_new ("nca", &error);
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  guint w = CEL_GALLERY_THUMBNAIL_WIDTH, h = CEL_GALLERY_THUMBNAIL_HEIGHT, green = 0;

  g_assert_no_error (error);
  texture = cel_thumbnail_render (model, CEL_GALLERY_THUMBNAIL_STEPS, w, h, NULL, &error);
  g_assert_no_error (error);
  pixels = g_malloc ((gsize) w * h * 4);
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      /* Cairo's byte order is B, G, R, A on little-endian machines; green
       * is the middle byte either way. */
      const guint8 *p = pixels + 4 * i;
      green += p[1] > 100 && p[1] > p[0] + 40 && p[1] > p[2] + 40;
    }
  g_test_message ("%u of %u thumbnail pixels green", green, w * h);
  /* Noto's lizard lights 8.8 % of the pixels here and a card showing the
   * seed none: 2 % leaves room for how a font version draws it. */
  g_assert_cmpuint (green * 50, >, w * h);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = cel_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 1000);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set_data (G_OBJECT (window), "test-progress-label", find_progress_label (GTK_WIDGET (window)));
  test_ui_wait_frames (GTK_WIDGET (window), 2);

  g_test_add_func ("/nca-ui/emoji-target", test_emoji_target);
  g_test_add_func ("/nca-ui/paint-target", test_paint_target);
  g_test_add_func ("/nca-ui/bad-image", test_bad_image);
  g_test_add_func ("/nca-ui/training-progress", test_training_progress);
  g_test_add_func ("/nca-ui/thumbnail", test_thumbnail);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  return status;
}
