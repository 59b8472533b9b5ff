/* The window under Xvfb: every preset opens and runs through the window's
 * actions and the canvas shows exactly the model's cells; a paint stroke
 * driven through the canvas's gesture code changes the model and undo
 * restores it; the parameter panel reaches the running model; the panel
 * builds for every registered model. Run with GSK_RENDERER=cairo, with the
 * default GL renderer, and with GDK_DEBUG=gl-disable (see meson.build). */
#include <adwaita.h>

#include "cel-canvas.h"
#include "cel-gallery.h"
#include "cel-param-panel.h"
#include "cel-plot-area.h"
#include "cel-plot.h"
#include "cel-window.h"
#include "test-ui-util.h"

static CelWindow *window;

/* Blocks until the runner has applied command seq and finished pending
 * steps. A hang shows up as the test's meson timeout, never as a timing
 * assertion. */
static CelSnapshot *
wait_runner (guint64 seq, guint64 step)
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

static guint64
current_seq (void)
{
  /* A no-op view command gives a sequence number to wait for. */
  return cel_runner_set_view (cel_window_get_runner (window),
                              cel_canvas_get_field (CEL_CANVAS (cel_window_get_canvas (window))), NULL);
}

/* Compares the canvas as rendered with the snapshot's frame, at the centre
 * pixel of every visible cell (sampled when there are many). Returns the
 * number of cells compared. */
static guint
compare_canvas (CelSnapshot *snap)
{
  CelCanvas *canvas = CEL_CANVAS (cel_window_get_canvas (window));
  g_autoptr (GdkTexture) texture = cel_canvas_render_texture (canvas);
  CelFrame *frame = snap->frame;
  g_autofree guint8 *expected = NULL;
  g_autofree guint8 *pixels = NULL;
  int tw, th;
  guint compared = 0, alive_seen = 0, stride_cells;

  g_assert_nonnull (texture);
  g_assert_nonnull (frame);
  tw = gdk_texture_get_width (texture);
  th = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) tw * th * 4);
  gdk_texture_download (texture, pixels, (gsize) tw * 4);
  expected = cel_frame_to_rgba (frame, cel_canvas_get_colormap (canvas), 1);
  /* Cells must span at least 3 pixels so that the centre pixel is the
   * cell's own colour whatever the rounding of the cell edges. */
  g_assert_cmpfloat (cel_canvas_get_zoom (canvas), >=, 3.0);

  stride_cells = MAX (1, (frame->width * frame->height) / 20000);
  for (guint i = 0; i < frame->width * frame->height; i += stride_cells)
    {
      guint cx = i % frame->width, cy = i / frame->width;
      double wx, wy;
      int px, py;
      const guint8 *e = expected + ((gsize) cy * frame->width + cx) * 4;
      const guint8 *p;

      if (!cel_canvas_cell_to_widget (canvas, frame->x + (int) cx, frame->y + (int) cy, &wx, &wy))
        continue;
      px = (int) wx;
      py = (int) wy;
      if (px < 0 || py < 0 || px >= tw || py >= th)
        continue;
      /* gdk_texture_download gives premultiplied BGRA in memory order
       * (CAIRO_FORMAT_ARGB32 on little-endian); the canvas is opaque. */
      p = pixels + ((gsize) py * tw + px) * 4;
      /* GL and Cairo agree with core's colouring to within one unit of
       * rounding in 8-bit channels. */
      g_assert_cmpint (ABS ((int) p[2] - e[0]), <=, 1);
      g_assert_cmpint (ABS ((int) p[1] - e[1]), <=, 1);
      g_assert_cmpint (ABS ((int) p[0] - e[2]), <=, 1);
      compared++;
      if (frame->format == CEL_FIELD_STATES && frame->data[(gsize) cy * frame->stride + cx] != 0)
        alive_seen++;
    }
  g_assert_cmpuint (compared, >, 50);
  return alive_seen;
}

static void
zoom_for_comparison (void)
{
  CelCanvas *canvas = CEL_CANVAS (cel_window_get_canvas (window));

  cel_canvas_zoom_to_fit (canvas);
  while (cel_canvas_get_zoom (canvas) < 3.0)
    cel_canvas_zoom_in (canvas);
  test_ui_wait_frames (GTK_WIDGET (window), 3);
}

/* Opens a gallery card. When the experiment shown before has changed (it
 * ran or was painted), the window first asks whether to save it: the
 * answer is Discard. */
static void
open_card (CelGallery *gallery, const char *id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (cel_gallery_activate (gallery, id));
  test_ui_iterate ();
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
}

static void
test_presets (void)
{
  CelGallery *gallery = CEL_GALLERY (g_object_get_data (G_OBJECT (window), "test-gallery"));
  g_auto (GStrv) presets = NULL;
  guint n_alive = 0;

  presets = cel_gallery_list_presets (gallery);
  g_assert_cmpuint (g_strv_length (presets), >=, 4);

  for (guint i = 0; presets[i]; i++)
    {
      g_autoptr (CelSnapshot) snap = NULL;
      guint64 seq;

      g_test_message ("preset %s", presets[i]);
      open_card (gallery, presets[i]);
      g_assert_nonnull (cel_window_get_runner (window));
      gtk_widget_activate_action (GTK_WIDGET (window), "win.step-n", "t", (guint64) 12);
      seq = current_seq ();
      snap = wait_runner (seq, 12);
      g_assert_cmpuint (snap->step, ==, 12);
      /* Let the canvas take the new grid (it zooms to fit a new size on
       * the frame tick) before zooming in for the comparison. */
      test_ui_wait_frames (GTK_WIDGET (window), 3);
      zoom_for_comparison ();
      g_clear_pointer (&snap, cel_snapshot_unref);
      snap = wait_runner (current_seq (), 12);
      test_ui_wait_frames (GTK_WIDGET (window), 3);
      n_alive += compare_canvas (snap);
    }
  /* The comparison met live cells, not only the background. */
  g_assert_cmpuint (n_alive, >, 20);
}

static guint8
cell_state (CelSnapshot *snap, int x, int y)
{
  g_assert_nonnull (snap->frame);
  g_assert_cmpint (snap->frame->format, ==, CEL_FIELD_STATES);
  return snap->frame->data[(gsize) (y - snap->frame->y) * snap->frame->stride + (x - snap->frame->x)];
}

static void
test_paint_undo (void)
{
  CelGallery *gallery = CEL_GALLERY (g_object_get_data (G_OBJECT (window), "test-gallery"));
  CelCanvas *canvas = CEL_CANVAS (cel_window_get_canvas (window));
  g_autoptr (CelSnapshot) snap = NULL;
  double ax, ay, bx, by;

  open_card (gallery, "life");
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  zoom_for_comparison ();
  snap = wait_runner (current_seq (), 0);
  g_assert_cmpuint (cell_state (snap, 10, 10), ==, 0);
  g_assert_cmpuint (cell_state (snap, 14, 10), ==, 0);
  g_clear_pointer (&snap, cel_snapshot_unref);

  /* A pencil drag from cell (10,10) to (14,10) through the gesture code. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "pencil");
  cel_canvas_set_brush_radius (canvas, 0);
  cel_canvas_set_paint_value (canvas, 1);
  g_assert_true (cel_canvas_cell_to_widget (canvas, 10, 10, &ax, &ay));
  g_assert_true (cel_canvas_cell_to_widget (canvas, 14, 10, &bx, &by));
  cel_canvas_begin_gesture (canvas, ax, ay);
  cel_canvas_update_gesture (canvas, (ax + bx) / 2, ay);
  cel_canvas_update_gesture (canvas, bx, by);
  cel_canvas_end_gesture (canvas);
  snap = wait_runner (current_seq (), 0);
  for (int x = 10; x <= 14; x++)
    g_assert_cmpuint (cell_state (snap, x, 10), ==, 1);
  g_assert_cmpuint (cell_state (snap, 9, 10), ==, 0);
  g_assert_cmpuint (cell_state (snap, 15, 10), ==, 0);
  g_clear_pointer (&snap, cel_snapshot_unref);

  /* Undo events reach the canvas on the window's frame tick. */
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_true (cel_canvas_get_can_undo (canvas));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  snap = wait_runner (current_seq (), 0);
  for (int x = 10; x <= 14; x++)
    g_assert_cmpuint (cell_state (snap, x, 10), ==, 0);
  g_clear_pointer (&snap, cel_snapshot_unref);

  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_true (cel_canvas_get_can_redo (canvas));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  snap = wait_runner (current_seq (), 0);
  for (int x = 10; x <= 14; x++)
    g_assert_cmpuint (cell_state (snap, x, 10), ==, 1);
}

/* Excitatory spikes so far, from the snapshot's raster. */
static guint64
raster_total (CelSnapshot *snap)
{
  for (guint i = 0; i < snap->series->len; i++)
    {
      CelSeries *series = g_ptr_array_index (snap->series, i);
      if (g_str_equal (cel_series_get_info (series)->id, "raster-e"))
        return cel_series_get_total (series);
    }
  g_assert_not_reached ();
}

/* A spiking network's driving brush, through the canvas's gesture code:
 * the painted neuron fires while the brush is held and stops when it is
 * lifted; nothing is left to undo. */
static void
test_stimulus_held (void)
{
  CelGallery *gallery = CEL_GALLERY (g_object_get_data (G_OBJECT (window), "test-gallery"));
  CelCanvas *canvas = CEL_CANVAS (cel_window_get_canvas (window));
  CelRunner *runner;
  g_autoptr (CelSnapshot) snap = NULL;
  guint64 quiet, held, released;
  double ax, ay;

  open_card (gallery, "snn");
  runner = cel_window_get_runner (window);
  cel_runner_set_param (runner, "n-exc", "4");
  cel_runner_set_param (runner, "n-inh", "0");
  cel_runner_set_param (runner, "p", "0");
  cel_runner_reset (runner);
  cel_runner_step (runner, 2000);
  snap = wait_runner (current_seq (), 2000);
  quiet = raster_total (snap);
  g_clear_pointer (&snap, cel_snapshot_unref);
  cel_canvas_zoom_to_fit (canvas);
  test_ui_wait_frames (GTK_WIDGET (window), 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.tool", "s", "pencil");
  cel_canvas_set_brush_radius (canvas, 0);
  cel_canvas_set_paint_value (canvas, 1);
  g_assert_true (cel_canvas_cell_to_widget (canvas, 0, 0, &ax, &ay));
  cel_canvas_begin_gesture (canvas, ax, ay);
  cel_runner_step (runner, 4000);
  snap = wait_runner (current_seq (), 6000);
  held = raster_total (snap) - quiet;
  g_clear_pointer (&snap, cel_snapshot_unref);
  /* The default drive, 10 kHz of 6 nS events, holds g_e near 300 nS and
   * V∞ of an unconnected COBA neuron near (g_L E_L)/(g_L + g_e) ≈ −2 mV,
   * which it reaches from reset with τ = C/g ≈ 0.65 ms: it fires every
   * 5 ms refractory period plus about 0.15 ms, 78 times in 400 ms. The
   * drive's fluctuations move only the short rise: 70–80. */
  g_test_message ("%llu spikes while held", (unsigned long long) held);
  g_assert_cmpuint (held, >=, 70);
  g_assert_cmpuint (held, <=, 80);

  cel_canvas_end_gesture (canvas);
  cel_runner_step (runner, 4000);
  snap = wait_runner (current_seq (), 10000);
  released = raster_total (snap) - quiet - held;
  /* g_e decays from about 300 nS with τ_e = 5 ms and keeps V∞ above
   * threshold while above 2 nS (g_L (E_L − V_t)/V_t): for 5 ln 150 = 25 ms,
   * time for at most 5 more spikes; then none in the rest of the 400 ms. */
  g_assert_cmpuint (released, <=, 5);
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_false (cel_canvas_get_can_undo (canvas));
}

typedef struct {
  char    *rule;
  gboolean done;
} RuleProbe;

static void
read_rule (CelModel *model, gpointer data)
{
  RuleProbe *probe = data;

  probe->rule = cel_model_get_param_string (model, "rule");
  g_atomic_int_set (&probe->done, TRUE);
}

static char *
running_rule (void)
{
  RuleProbe probe = { NULL, FALSE };

  cel_runner_call (cel_window_get_runner (window), read_rule, &probe, NULL);
  while (!g_atomic_int_get (&probe.done))
    g_usleep (1000);
  return probe.rule;
}

static void
test_param_change (void)
{
  CelGallery *gallery = CEL_GALLERY (g_object_get_data (G_OBJECT (window), "test-gallery"));
  CelParamPanel *panel = CEL_PARAM_PANEL (cel_window_get_param_panel (window));
  GtkWidget *entry;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  open_card (gallery, "life");
  before = running_rule ();
  g_assert_cmpstr (before, ==, "B3/S23");

  entry = cel_param_panel_get_editor (panel, "rule");
  g_assert_true (GTK_IS_EDITABLE (entry));

  /* Invalid text is refused on the row and never reaches the model. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "B9/S");
  g_signal_emit_by_name (entry, "activate");
  test_ui_iterate ();
  g_assert_true (cel_param_panel_has_error (panel, "rule"));
  g_free (after);
  after = running_rule ();
  g_assert_cmpstr (after, ==, "B3/S23");

  gtk_editable_set_text (GTK_EDITABLE (entry), "B36/S23");
  g_signal_emit_by_name (entry, "activate");
  test_ui_iterate ();
  g_assert_false (cel_param_panel_has_error (panel, "rule"));
  g_free (after);
  after = running_rule ();
  g_assert_cmpstr (after, ==, "B36/S23");
}

static void
test_plots_follow_model (void)
{
  CelGallery *gallery = CEL_GALLERY (g_object_get_data (G_OBJECT (window), "test-gallery"));
  CelPlotArea *area = CEL_PLOT_AREA (cel_window_get_plot_area (window));
  g_autoptr (CelSnapshot) snap = NULL;
  CelPoint2 last;
  gboolean found = FALSE;

  open_card (gallery, "/io/github/cellarium/Cellarium/presets/gosper-gun.cellarium");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step-n", "t", (guint64) 60);
  snap = wait_runner (current_seq (), 60);
  test_ui_wait_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (cel_plot_area_get_n_plots (area), >=, 1);
  for (guint i = 0; i < cel_plot_area_get_n_plots (area); i++)
    {
      GPtrArray *series = cel_plot_get_series (cel_plot_area_get_plot (area, i));
      for (guint j = 0; series && j < series->len; j++)
        {
          CelSeries *s = g_ptr_array_index (series, j);
          if (g_strcmp0 (cel_series_get_info (s)->id, "population") != 0)
            continue;
          g_assert_true (cel_series_get_last (s, &last));
          /* The Gosper gun is 36 cells; after two periods it has emitted two
           * gliders of 5 cells, and the gun is back in its phase 0. */
          g_assert_cmpfloat (last.x, ==, 60);
          g_assert_cmpfloat (last.y, ==, 46);
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_panels_for_every_model (void)
{
  CelParamPanel *panel = CEL_PARAM_PANEL (cel_param_panel_new ());
  guint n;
  const CelModelInfo *models = cel_registry_list (&n);

  g_object_ref_sink (panel);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CelModel) model = cel_model_new (models[i].id, NULL);
      guint n_params;
      g_autofree GParamSpec **params = cel_model_list_params (model, &n_params);

      cel_param_panel_set_model (panel, model);
      for (guint p = 0; p < n_params; p++)
        g_assert_nonnull (cel_param_panel_get_editor (panel, params[p]->name));
    }
  g_object_unref (panel);
}

static GtkWidget *
find_gallery (GtkWidget *widget)
{
  if (CEL_IS_GALLERY (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_gallery (c);
      if (found)
        return found;
    }
  return NULL;
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
  g_object_set_data (G_OBJECT (window), "test-gallery", find_gallery (GTK_WIDGET (window)));
  g_assert_nonnull (g_object_get_data (G_OBJECT (window), "test-gallery"));
  test_ui_wait_frames (GTK_WIDGET (window), 2);

  g_test_add_func ("/ui/panels-for-every-model", test_panels_for_every_model);
  g_test_add_func ("/ui/presets-match-model", test_presets);
  g_test_add_func ("/ui/paint-and-undo", test_paint_undo);
  g_test_add_func ("/ui/stimulus-while-held", test_stimulus_held);
  g_test_add_func ("/ui/parameter-reaches-model", test_param_change);
  g_test_add_func ("/ui/plots-follow-model", test_plots_follow_model);
  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  return status;
}
