/* Plots: axis ticks and labels, CSV and PNG export, line decimation and
 * layer rasterisation (headless), and the CelPlot / CelPlotArea widgets
 * (skipped without a display). */
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "cel-plot-area.h"
#include "cel-plot-axis.h"
#include "cel-plot-render.h"

static gboolean have_display;

static CelSeries *
make_series (const char *id, const char *plot, CelPlotKind kind, gboolean log_y, guint capacity)
{
  CelSeriesInfo info = { id, id, plot, kind, log_y };

  return cel_series_new (&info, capacity);
}

static void
assert_ticks (GArray *ticks, const double *expected, guint n)
{
  g_assert_cmpuint (ticks->len, ==, n);
  /* Ticks are computed as integer × step: exact up to one rounding of the
   * product, far below 1e-12 relative. */
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (ticks, CelPlotTick, i).value, expected[i],
                                    1e-12 * MAX (1.0, fabs (expected[i])));
}

static void
test_axis_linear (void)
{
  g_autoptr (GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CelPlotTick));
  static const double unit_five[] = { 0.0, 0.5, 1.0 };
  static const double unit_six[] = { 0.0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const double skewed[] = { -2, 0, 2, 4, 6, 8, 10, 12 };
  static const double steps[] = { 0, 5000, 10000, 15000, 20000 };

  /* [0, 1]: 0.2 gives six ticks, too many for five, so 0.5. */
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (0.0, 1.0, 5, ticks), ==, 0.5);
  assert_ticks (ticks, unit_five, G_N_ELEMENTS (unit_five));
  g_assert_cmpfloat_with_epsilon (cel_plot_axis_linear_ticks (0.0, 1.0, 6, ticks), 0.2, 1e-15);
  assert_ticks (ticks, unit_six, G_N_ELEMENTS (unit_six));
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (-3.7, 12.2, 8, ticks), ==, 2.0);
  assert_ticks (ticks, skewed, G_N_ELEMENTS (skewed));
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (0.0, 20000.0, 6, ticks), ==, 5000.0);
  assert_ticks (ticks, steps, G_N_ELEMENTS (steps));

  /* Empty, reversed, non-finite and sub-resolution ranges give no ticks. */
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (1.0, 1.0, 5, ticks), ==, 0.0);
  g_assert_cmpuint (ticks->len, ==, 0);
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (2.0, 1.0, 5, ticks), ==, 0.0);
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (0.0, INFINITY, 5, ticks), ==, 0.0);
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (NAN, 1.0, 5, ticks), ==, 0.0);
  g_assert_cmpfloat (cel_plot_axis_linear_ticks (1e9, 1e9 + 1e-7, 5, ticks), ==, 0.0);
  g_assert_cmpuint (ticks->len, ==, 0);
}

static guint
count_labelled (GArray *ticks)
{
  guint n = 0;

  for (guint i = 0; i < ticks->len; i++)
    n += g_array_index (ticks, CelPlotTick, i).labelled;
  return n;
}

static void
test_axis_log (void)
{
  g_autoptr (GArray) ticks = g_array_new (FALSE, FALSE, sizeof (CelPlotTick));

  /* Three decades: 1, 10, 100, 1000 labelled, 2…9 × 10^k for k = 0, 1, 2
   * as minor ticks: 4 + 3 × 8 = 28 ticks. */
  g_assert_cmpfloat (cel_plot_axis_log_ticks (1.0, 1000.0, 10, ticks), ==, 0.0);
  g_assert_cmpuint (ticks->len, ==, 28);
  g_assert_cmpuint (count_labelled (ticks), ==, 4);
  g_assert_cmpfloat (g_array_index (ticks, CelPlotTick, 0).value, ==, 1.0);
  g_assert_true (g_array_index (ticks, CelPlotTick, 0).labelled);
  g_assert_false (g_array_index (ticks, CelPlotTick, 1).labelled);

  /* Two decades: 2 and 5 are labelled as well: 1 2 5 10 20 50 100. */
  cel_plot_axis_log_ticks (1.0, 100.0, 10, ticks);
  g_assert_cmpuint (count_labelled (ticks), ==, 7);

  /* Five decades with room for only four labels: no minor ticks. */
  cel_plot_axis_log_ticks (1.0, 1e5, 4, ticks);
  g_assert_cmpuint (ticks->len, ==, 6);

  /* 10^-3 … 10^9: thirteen decades for at most five labels → every third
   * decade labelled (10^-3, 10^0, 10^3, 10^6, 10^9), no minor ticks. */
  cel_plot_axis_log_ticks (1e-3, 1e9, 5, ticks);
  g_assert_cmpuint (ticks->len, ==, 13);
  g_assert_cmpuint (count_labelled (ticks), ==, 5);

  /* Less than a decade falls back to linear ticks. */
  g_assert_cmpfloat (cel_plot_axis_log_ticks (2.0, 9.0, 5, ticks), ==, 2.0);
  g_assert_cmpuint (ticks->len, ==, 4);

  /* Non-positive ranges cannot be logarithmic. */
  g_assert_cmpfloat (cel_plot_axis_log_ticks (0.0, 10.0, 5, ticks), ==, 0.0);
  g_assert_cmpuint (ticks->len, ==, 0);
}

static void
assert_format (double value, double step, double lo, double hi, const char *expected)
{
  g_autofree char *text = cel_plot_axis_format (value, step, lo, hi);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_axis_format (void)
{
  /* The test runs in the C locale: "." is the decimal separator. */
  assert_format (0.5, 0.5, 0, 1, "0.5");
  assert_format (0.6000000000000001, 0.2, 0, 1, "0.6");
  assert_format (1500, 500, 0, 2000, "1500");
  assert_format (-2, 1, -5, 5, "−2");
  assert_format (1e-17, 0.1, -1, 1, "0");
  assert_format (2e6, 5e5, 0, 3e6, "2.0×10⁶");
  assert_format (5e5, 5e5, 0, 3e6, "5×10⁵");
  assert_format (3e-5, 1e-5, 0, 5e-5, "3×10⁻⁵");
  /* A narrow window far from zero keeps plain decimals. */
  assert_format (1000000000.01, 0.01, 1e9, 1e9 + 0.04, "1000000000.01");
  assert_format (1000, 0, 1, 1e4, "1000");
  assert_format (0.01, 0, 0.01, 10, "0.01");
  assert_format (1e6, 0, 1, 1e7, "10⁶");
  assert_format (10, 0, 1, 1e7, "10¹");
  assert_format (200, 0, 1, 1e6, "2×10²");
  assert_format (1e-3, 0, 1e-4, 1, "10⁻³");

  {
    g_autofree char *a = cel_plot_axis_format_value (1234567);
    g_autofree char *b = cel_plot_axis_format_value (428.18349);
    g_autofree char *c = cel_plot_axis_format_value (-3);
    g_autofree char *d = cel_plot_axis_format_value (0.000123);
    g_autofree char *e = cel_plot_axis_format_value (1.5e-7);

    g_assert_cmpstr (a, ==, "1.23457×10⁶");
    g_assert_cmpstr (b, ==, "428.183");
    g_assert_cmpstr (c, ==, "−3");
    g_assert_cmpstr (d, ==, "0.000123");
    g_assert_cmpstr (e, ==, "1.5×10⁻⁷");
  }
}

static guint
count_painted (cairo_surface_t *surface, int x0, int y0, int x1, int y1)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  cairo_surface_flush (surface);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += ((const guint32 *) (data + y * stride))[x] >> 24 != 0;
  return n;
}

static guint32
pixel (cairo_surface_t *surface, int x, int y)
{
  cairo_surface_flush (surface);
  return ((const guint32 *) (cairo_image_surface_get_data (surface)
                             + y * cairo_image_surface_get_stride (surface)))[x];
}

static void
test_render_line (void)
{
  CelSeries *dense = make_series ("d", "p", CEL_PLOT_LINE, FALSE, 200000);
  CelSeries *sparse = make_series ("s", "p", CEL_PLOT_LINE, FALSE, 16);
  CelPlotView view = { 0, 200000, -0.5, 1.5, FALSE, 0, 0, 100, 100 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 100, 100);
  cairo_t *cr = cairo_create (surface);
  CelPlotPoints points;

  /* 200 000 points alternating between 0 and 1 over 100 columns: every
   * column's envelope spans y = 0 … 1, i.e. rows 25 … 75. */
  for (int i = 0; i < 200000; i++)
    cel_series_append (dense, i, i % 2);
  cel_plot_points_init (&points, dense);
  g_assert_cmpuint (cel_plot_points_len (&points), ==, 200000);
  g_assert_cmpint (cel_plot_render_line (cr, &view, &points, 1.0, 1.0), ==, CEL_PLOT_LINE_FILL);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
  /* Rows 26…74 of every column are fully inside the bars; rows above 24
   * and below 76 are untouched (half a line width is 0.5 px). */
  g_assert_cmpuint (count_painted (surface, 0, 26, 100, 75), ==, 100 * 49);
  g_assert_cmpuint (count_painted (surface, 0, 0, 100, 24), ==, 0);
  g_assert_cmpuint (count_painted (surface, 0, 77, 100, 100), ==, 0);

  /* Three points are a polyline to stroke. */
  cel_series_append (sparse, 0, 0);
  cel_series_append (sparse, 1, 1);
  cel_series_append (sparse, 2, NAN);
  cel_plot_points_init (&points, sparse);
  view.x1 = 2;
  cairo_new_path (cr);
  g_assert_cmpint (cel_plot_render_line (cr, &view, &points, 1.0, 1.0), ==, CEL_PLOT_LINE_STROKE);
  cairo_new_path (cr);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  cel_series_unref (dense);
  cel_series_unref (sparse);
}

static void
test_render_layer (void)
{
  g_autoptr (GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  CelSeries *events = make_series ("e", "p", CEL_PLOT_RASTER, FALSE, 16);
  CelPlotColour red = { 1.0, 0.0, 0.0 };
  CelPlotLayerSpec spec = { { 0, 10, -0.5, 9.5, FALSE, 0, 0, 100, 100 }, 1.0, CEL_PLOT_LAYER_RASTER };
  cairo_surface_t *surface;

  /* One event at t = 5, neuron 3: rows are 10 px tall, the dash is
   * round(1.5) = 2 px wide and min(round(0.8 × 10), 6) = 6 px tall, centred
   * on (50, 65): columns 49–50, rows 62–67, opaque red. */
  cel_series_append (events, 5.0, 3.0);
  g_ptr_array_add (series, events);
  surface = cel_plot_render_layer (&spec, series, &red, NULL);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 100);
  g_assert_cmpuint (count_painted (surface, 0, 0, 100, 100), ==, 12);
  g_assert_cmpuint (count_painted (surface, 49, 62, 51, 68), ==, 12);
  g_assert_cmphex (pixel (surface, 49, 62), ==, 0xffff0000);
  cairo_surface_destroy (surface);

  /* Density: 1000 hits on one pixel and one hit elsewhere. The full scale
   * is the 99th percentile of hit pixels (here the lower, 1, raised to the
   * minimum of 2): the busy pixel is opaque, the single hit at
   * 0.15 + 0.85 · ln 2 / ln 3 ≈ 0.686 → alpha round(0.686 × 255) = 175. */
  g_ptr_array_set_size (series, 0);
  events = make_series ("c", "p", CEL_PLOT_POINTS, FALSE, 2048);
  for (int i = 0; i < 1000; i++)
    cel_series_append (events, 2.05, 2.05);
  cel_series_append (events, 7.05, 7.05);
  g_ptr_array_add (series, events);
  spec = (CelPlotLayerSpec) { { 0, 10, 0, 10, FALSE, 0, 0, 100, 100 }, 1.0, CEL_PLOT_LAYER_DENSITY };
  surface = cel_plot_render_layer (&spec, series, &red, NULL);
  g_assert_cmpuint (count_painted (surface, 0, 0, 100, 100), ==, 2);
  g_assert_cmphex (pixel (surface, 20, 79), ==, 0xffff0000);
  g_assert_cmphex (pixel (surface, 70, 29) >> 24, ==, 175);
  cairo_surface_destroy (surface);

  /* Cancelled before the first check (every 65536 points): no image. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    CelSeries *big = make_series ("b", "p", CEL_PLOT_POINTS, FALSE, 100000);

    for (int i = 0; i < 100000; i++)
      cel_series_append (big, i % 10, i % 7);
    g_ptr_array_set_size (series, 0);
    g_ptr_array_add (series, big);
    g_cancellable_cancel (cancellable);
    g_assert_null (cel_plot_render_layer (&spec, series, &red, cancellable));
  }
}

static CelSnapshot *
make_snapshot (CelSeries **series, guint n)
{
  CelSnapshot *snapshot = g_new0 (CelSnapshot, 1);

  snapshot->ref_count = 1;
  snapshot->series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (snapshot->series, cel_series_copy (series[i]));
  return snapshot;
}

static void
test_plot_area (void)
{
  CelSeries *series[4];
  g_autoptr (CelSnapshot) first = NULL;
  g_autoptr (CelSnapshot) second = NULL;
  g_autoptr (CelSnapshot) third = NULL;
  GtkWidget *area;
  CelPlot *pop, *spikes;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  series[0] = make_series ("population", "pop", CEL_PLOT_LINE, FALSE, 64);
  series[1] = make_series ("births", "pop", CEL_PLOT_LINE, TRUE, 64);
  series[2] = make_series ("spikes", "raster", CEL_PLOT_RASTER, FALSE, 64);
  series[3] = make_series ("loss", "loss", CEL_PLOT_LINE, FALSE, 64);
  for (int i = 1; i <= 10; i++)
    for (guint s = 0; s < 4; s++)
      cel_series_append (series[s], i, i * (s + 1));

  area = g_object_ref_sink (cel_plot_area_new ());
  first = make_snapshot (series, 3);
  cel_plot_area_set_snapshot (CEL_PLOT_AREA (area), first);
  g_assert_cmpuint (cel_plot_area_get_n_plots (CEL_PLOT_AREA (area)), ==, 2);
  pop = cel_plot_area_get_plot (CEL_PLOT_AREA (area), 0);
  spikes = cel_plot_area_get_plot (CEL_PLOT_AREA (area), 1);
  g_assert_cmpstr (cel_plot_get_plot_id (pop), ==, "pop");
  g_assert_cmpstr (cel_plot_get_title (pop), ==, "population");
  g_assert_cmpuint (cel_plot_get_series (pop)->len, ==, 2);
  /* Defaults: log y because one series suggests it; rasters follow. */
  g_assert_true (cel_plot_get_log_y (pop));
  g_assert_false (cel_plot_get_follow (pop));
  g_assert_cmpint (cel_plot_get_kind (spikes), ==, CEL_PLOT_RASTER);
  g_assert_true (cel_plot_get_follow (spikes));

  /* Same plot ids: the same widgets, with their toggles. */
  cel_plot_set_log_y (pop, FALSE);
  cel_series_append (series[0], 11, 0);
  second = make_snapshot (series, 3);
  cel_plot_area_set_snapshot (CEL_PLOT_AREA (area), second);
  g_assert_true (cel_plot_area_get_plot (CEL_PLOT_AREA (area), 0) == pop);
  g_assert_false (cel_plot_get_log_y (pop));

  /* Another set of ids: rebuilt. */
  third = make_snapshot (series + 3, 1);
  cel_plot_area_set_snapshot (CEL_PLOT_AREA (area), third);
  g_assert_cmpuint (cel_plot_area_get_n_plots (CEL_PLOT_AREA (area)), ==, 1);
  g_assert_cmpstr (cel_plot_get_plot_id (cel_plot_area_get_plot (CEL_PLOT_AREA (area), 0)), ==, "loss");

  cel_plot_area_clear (CEL_PLOT_AREA (area));
  g_assert_cmpuint (cel_plot_area_get_n_plots (CEL_PLOT_AREA (area)), ==, 0);

  g_object_unref (area);
  for (guint s = 0; s < 4; s++)
    cel_series_unref (series[s]);
}

static void
test_plot_export (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) series = g_ptr_array_new_with_free_func ((GDestroyNotify) cel_series_unref);
  cairo_surface_t *image;
  GtkWidget *plot;
  CelSeries *line;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = g_dir_make_tmp ("cel-plot-XXXXXX", &error);
  g_assert_no_error (error);
  line = make_series ("loss", "loss", CEL_PLOT_LINE, FALSE, 64);
  for (int i = 0; i < 50; i++)
    cel_series_append (line, i, exp (-i / 10.0));
  g_ptr_array_add (series, line);

  plot = g_object_ref_sink (cel_plot_new ("loss"));
  cel_plot_set_series (CEL_PLOT (plot), series);

  /* Unallocated: 640 × 360 units, at twice the size. */
  png = g_build_filename (dir, "loss.png", NULL);
  g_assert_true (cel_plot_export_png (CEL_PLOT (plot), png, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 720);
  cairo_surface_destroy (image);

  bad = g_build_filename (dir, "missing", "loss.png", NULL);
  g_assert_false (cel_plot_export_png (CEL_PLOT (plot), bad, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* CSV: every stored point, wide layout for a single series; exp(0) prints
   * as 1 and exp(-0.1) reads back to the same double. */
  csv = g_build_filename (dir, "loss.csv", NULL);
  g_assert_true (cel_plot_export_csv (CEL_PLOT (plot), csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 52);   /* header, 50 rows, "" */
  g_assert_cmpstr (lines[0], ==, "x,loss");
  g_assert_cmpstr (lines[1], ==, "0,1");
  g_assert_cmpfloat (g_ascii_strtod (strchr (lines[2], ',') + 1, NULL), ==, exp (-0.1));

  g_object_unref (plot);
  g_unlink (png);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Labels are compared in the C locale. */
  gtk_disable_setlocale ();
  have_display = gtk_init_check ();

  g_test_add_func ("/plot/axis/linear", test_axis_linear);
  g_test_add_func ("/plot/axis/log", test_axis_log);
  g_test_add_func ("/plot/axis/format", test_axis_format);
  g_test_add_func ("/plot/render/line", test_render_line);
  g_test_add_func ("/plot/render/layer", test_render_layer);
  g_test_add_func ("/plot/widget/area", test_plot_area);
  g_test_add_func ("/plot/widget/export", test_plot_export);
  return g_test_run ();
}
