/* Core machinery: random generator, parameters, series, strokes, the model
 * base class and the compute pool. */
#include <glib/gstdio.h>
#include <math.h>

#include "cellarium.h"
#include "cel-json.h"
#include "cel-parallel.h"
#include "test-model.h"

static void
test_rng_reference (void)
{
  CelRng rng;

  /* xoshiro256** from the state {1, 2, 3, 4}: the first outputs of the
   * reference implementation are 11520, 0, 1509978240, 1215971899390074240. */
  rng.s[0] = 1;
  rng.s[1] = 2;
  rng.s[2] = 3;
  rng.s[3] = 4;
  g_assert_cmpuint (cel_rng_next (&rng), ==, 11520);
  g_assert_cmpuint (cel_rng_next (&rng), ==, 0);
  g_assert_cmpuint (cel_rng_next (&rng), ==, 1509978240);
  g_assert_cmpuint (cel_rng_next (&rng), ==, 1215971899390074240ULL);
}

static void
test_rng_statistics (void)
{
  CelRng rng;
  const int n = 200000;
  double sum = 0, sum2 = 0, nsum = 0, nsum2 = 0;
  guint counts[10] = { 0 };

  cel_rng_seed (&rng, 42);
  for (int i = 0; i < n; i++)
    {
      double u = cel_rng_uniform (&rng), z = cel_rng_normal (&rng);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      sum += u;
      sum2 += u * u;
      nsum += z;
      nsum2 += z * z;
      counts[cel_rng_below (&rng, 10)]++;
    }
  /* Standard errors with n = 2e5: mean of U(0,1) 0.29/sqrt(n) ≈ 6.5e-4,
   * of N(0,1) 2.2e-3; we allow about 5 standard errors. */
  g_assert_cmpfloat (fabs (sum / n - 0.5), <, 0.0035);
  g_assert_cmpfloat (fabs (sum2 / n - 1.0 / 3.0), <, 0.004);
  g_assert_cmpfloat (fabs (nsum / n), <, 0.011);
  g_assert_cmpfloat (fabs (nsum2 / n - 1.0), <, 0.016);
  /* Each bucket expects 20000 with sd sqrt(20000·0.9) ≈ 134. */
  for (int i = 0; i < 10; i++)
    g_assert_cmpint (abs ((int) counts[i] - 20000), <, 700);
}

static void
test_rng_seeding (void)
{
  CelRng a, b, c;

  cel_rng_seed (&a, 7);
  cel_rng_seed (&b, 7);
  cel_rng_seed (&c, 8);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (cel_rng_next (&a), ==, cel_rng_next (&b));
  g_assert_cmpuint (cel_rng_next (&a), !=, cel_rng_next (&c));
}

static void
test_param_parse (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  g_autoptr (GError) error = NULL;
  TestModel *tm = TEST_MODEL (model);
  g_autofree char *text = NULL;

  g_assert_true (cel_model_set_param_string (model, "width", " 100 ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tm->width, ==, 100);
  g_assert_true (cel_model_set_param_string (model, "increment", "-2.5", &error));
  g_assert_cmpfloat (tm->increment, ==, -2.5);
  text = cel_model_get_param_string (model, "increment");
  g_assert_cmpstr (text, ==, "-2.5");

  g_assert_false (cel_model_set_param_string (model, "width", "0", &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "width"));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "width", "-3", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "width", "99999999999999999999", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "width", "12abc", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "increment", "nan", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "increment", "inf", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "increment", "1e400", &error));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "nonexistent", "1", &error));
  g_assert_nonnull (strstr (error->message, "nonexistent"));
  g_clear_error (&error);
  g_assert_false (cel_model_set_param_string (model, "label", "bad one", &error));
  g_assert_nonnull (strstr (error->message, "bad one"));
  g_clear_error (&error);
  /* Failed sets leave the old values. */
  g_assert_cmpuint (tm->width, ==, 100);
  g_assert_cmpfloat (tm->increment, ==, -2.5);

  g_assert_true (cel_model_set_param_string (model, "seed", "18446744073709551615", &error));
  g_assert_cmpuint (cel_model_get_seed (model), ==, G_MAXUINT64);
}

static void
test_param_metadata (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  guint n;
  g_autofree GParamSpec **params = cel_model_list_params (model, &n);

  /* seed (base class) first, then the subclass's in declaration order. */
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (params[0]->name, ==, "seed");
  g_assert_cmpstr (params[1]->name, ==, "width");
  g_assert_cmpstr (params[4]->name, ==, "label");
  g_assert_true (cel_param_needs_reset (params[1]));
  g_assert_false (cel_param_needs_reset (params[3]));
  g_assert_cmpstr (cel_param_get_unit (params[1]), ==, "cells");
  g_assert_cmpstr (cel_param_get_group (params[3]), ==, "Dynamics");

  cel_model_set_param_string (model, "width", "5", NULL);
  cel_model_reset_params (model);
  g_assert_cmpuint (TEST_MODEL (model)->width, ==, 16);
}

static void
test_series_decimation (void)
{
  static const CelSeriesInfo info = { "s", "S", "s", CEL_PLOT_LINE, FALSE };
  g_autoptr (CelSeries) s = cel_series_new (&info, 100);
  guint n;
  const CelPoint2 *p;
  CelPoint2 last;

  for (int i = 0; i < 100000; i++)
    cel_series_append (s, i, 2.0 * i);

  p = cel_series_get_points (s, &n);
  /* Bounded by the capacity, and never emptier than half of it. */
  g_assert_cmpuint (n, <=, 100);
  g_assert_cmpuint (n, >=, 50);
  g_assert_cmpuint (cel_series_get_total (s), ==, 100000);
  /* The whole history is represented: the first point is kept, the kept
   * points are evenly spaced by the stride, and increasing. */
  g_assert_cmpfloat (p[0].x, ==, 0);
  for (guint i = 1; i < n; i++)
    {
      g_assert_cmpfloat (p[i].x - p[i - 1].x, ==, (double) cel_series_get_stride (s));
      g_assert_cmpfloat (p[i].y, ==, 2.0 * p[i].x);
    }
  g_assert_cmpfloat (p[n - 1].x + cel_series_get_stride (s), >, 99999 - cel_series_get_stride (s));
  g_assert_true (cel_series_get_last (s, &last));
  g_assert_cmpfloat (last.x, ==, 99999);

  cel_series_clear (s);
  cel_series_get_points (s, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (cel_series_get_last (s, NULL));
}

/* A sliding-window series keeps every one of the most recent points, no
 * fewer than half its capacity, and follows a copy and a restore. */
static void
test_series_window (void)
{
  static const CelSeriesInfo info = { "s", "S", "s", CEL_PLOT_RASTER, FALSE };
  g_autoptr (CelSeries) s = cel_series_new (&info, 100);
  g_autoptr (CelSeries) copy = NULL;
  g_autoptr (CelSeries) restored = cel_series_new (&info, 100);
  const CelPoint2 *p;
  guint n;

  cel_series_append (s, -1, -1);
  cel_series_set_window (s, 1000);
  g_assert_cmpuint (cel_series_get_capacity (s), ==, 1000);
  p = cel_series_get_points (s, &n);
  g_assert_cmpuint (n, ==, 0);
  for (int i = 0; i < 12345; i++)
    cel_series_append (s, i, 3.0 * i);
  p = cel_series_get_points (s, &n);
  g_assert_cmpuint (n, >=, 500);
  g_assert_cmpuint (n, <=, 1000);
  g_assert_cmpuint (cel_series_get_total (s), ==, 12345);
  g_assert_cmpuint (cel_series_get_stride (s), ==, 1);
  /* The stored points are the last n appended, consecutive. */
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (p[i].x, ==, 12345.0 - n + i);
      g_assert_cmpfloat (p[i].y, ==, 3.0 * p[i].x);
    }

  copy = cel_series_copy (s);
  for (int i = 12345; i < 12445; i++)
    cel_series_append (copy, i, 3.0 * i);
  p = cel_series_get_points (copy, &n);
  g_assert_cmpfloat (p[n - 1].x, ==, 12444);
  g_assert_cmpfloat (p[0].x, ==, 12445.0 - n);

  cel_series_set_window (restored, 1000);
  p = cel_series_get_points (s, &n);
  cel_series_restore (restored, p, n, 1, 12345);
  cel_series_append (restored, 12345, 0);
  p = cel_series_get_points (restored, &n);
  g_assert_cmpfloat (p[n - 1].x, ==, 12345);
  g_assert_cmpfloat (p[n - 2].x, ==, 12344);
  g_assert_cmpuint (cel_series_get_total (restored), ==, 12346);
}

static void
test_stroke_shapes (void)
{
  g_autoptr (CelStroke) rect = cel_stroke_new (CEL_TOOL_RECT, 1, 0, 1);
  g_autoptr (CelStroke) line = cel_stroke_new (CEL_TOOL_LINE, 1, 0, 1);
  g_autoptr (CelStroke) pencil = cel_stroke_new (CEL_TOOL_PENCIL, 1, 1, 1);
  g_autoptr (CelStroke) spray = cel_stroke_new (CEL_TOOL_FILL, 1, 0, 0.25);
  g_autoptr (GArray) cells = g_array_new (FALSE, FALSE, sizeof (CelCell));
  CelRng rng;

  cel_rng_seed (&rng, 3);

  /* A rectangle from (2,3) to (5,1) covers 4×3 cells; clipping at the grid edge. */
  cel_stroke_add_point (rect, 2, 3);
  cel_stroke_add_point (rect, 5, 1);
  cel_stroke_rasterize (rect, 10, 10, &rng, cells);
  g_assert_cmpuint (cells->len, ==, 12);
  g_array_set_size (cells, 0);
  cel_stroke_rasterize (rect, 4, 10, &rng, cells);
  g_assert_cmpuint (cells->len, ==, 6);

  /* A Bresenham line from (0,0) to (9,3) has max(|dx|,|dy|)+1 = 10 cells. */
  g_array_set_size (cells, 0);
  cel_stroke_add_point (line, 0, 0);
  cel_stroke_add_point (line, 9, 3);
  cel_stroke_rasterize (line, 20, 20, &rng, cells);
  g_assert_cmpuint (cells->len, ==, 10);

  /* A radius-1 brush is a plus-shaped disc of 5 cells… plus corners:
   * dx²+dy² ≤ r²+r = 2 takes all 9 cells of the 3×3 square. Dragged one cell
   * to the right it covers 4×3 = 12 distinct cells, each once. */
  g_array_set_size (cells, 0);
  cel_stroke_add_point (pencil, 5, 5);
  cel_stroke_add_point (pencil, 6, 5);
  cel_stroke_rasterize (pencil, 20, 20, &rng, cells);
  g_assert_cmpuint (cells->len, ==, 12);

  /* A random fill of density 0.25 over 100×100 cells: 2500 expected, sd ≈ 43. */
  g_array_set_size (cells, 0);
  cel_stroke_add_point (spray, 0, 0);
  cel_stroke_add_point (spray, 99, 99);
  cel_stroke_rasterize (spray, 100, 100, &rng, cells);
  g_assert_cmpint (abs ((int) cells->len - 2500), <, 250);
}

static void
test_model_base (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  g_autoptr (CelModel) copy = g_object_new (TEST_TYPE_MODEL, NULL);
  g_autoptr (CelStroke) stroke = cel_stroke_new (CEL_TOOL_PENCIL, 50, 0, 1);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  g_autoptr (JsonNode) state = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CelFrame) frame = NULL;
  g_autoptr (CelFrame) frame2 = NULL;
  TestModel *tm = TEST_MODEL (model);
  CelPoint2 last;
  guint64 r1, r2;

  cel_model_set_param_string (model, "seed", "99", NULL);
  cel_model_reset (model);
  g_assert_cmpuint (cel_model_step (model, 10, NULL, NULL), ==, 10);
  g_assert_cmpuint (cel_model_get_step (model), ==, 10);
  /* 16×8 cells each incremented 10 times by 1. */
  g_assert_true (cel_series_get_last (cel_model_find_series (model, "sum"), &last));
  g_assert_cmpfloat (last.y, ==, 1280);

  cel_stroke_add_point (stroke, 3, 2);
  g_assert_true (cel_model_paint (model, stroke, undo));
  g_assert_cmpfloat (tm->cells[2 * 16 + 3], ==, 50);
  g_assert_cmpuint (undo->len, ==, 1);
  g_assert_cmpfloat (g_array_index (undo, CelCell, 0).value, ==, 10);
  cel_model_paint_cells (model, (CelCell *) undo->data, undo->len, NULL);
  g_assert_cmpfloat (tm->cells[2 * 16 + 3], ==, 10);

  /* Save, load into a fresh model with the same parameters: identical. */
  r1 = cel_rng_next (cel_model_get_rng (model));
  state = cel_model_save_state (model);
  cel_model_set_param_string (copy, "seed", "99", NULL);
  cel_model_reset (copy);
  g_assert_true (cel_model_load_state (copy, json_node_get_object (state), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cel_model_get_step (copy), ==, 10);
  r2 = cel_rng_next (cel_model_get_rng (copy));
  r1 = cel_rng_next (cel_model_get_rng (model));
  g_assert_cmpuint (r1, ==, r2);
  frame = cel_model_render_field (model, 0, NULL);
  frame2 = cel_model_render_field (copy, 0, NULL);
  g_assert_cmpmem (frame->data, 16 * 8 * 4, frame2->data, 16 * 8 * 4);
  g_assert_true (cel_series_get_last (cel_model_find_series (copy, "sum"), &last));
  g_assert_cmpfloat (last.y, ==, 1280);

  /* A state for another seed is refused, naming the member. */
  cel_model_set_param_string (copy, "seed", "5", NULL);
  cel_model_reset (copy);
  g_assert_false (cel_model_load_state (copy, json_node_get_object (state), &error));
  g_assert_nonnull (strstr (error->message, "seed"));
  g_clear_error (&error);

  /* Reset replays: the same seed gives the same generator. */
  cel_model_reset (model);
  g_assert_cmpuint (cel_model_get_step (model), ==, 0);
  g_assert_false (cel_series_get_last (cel_model_find_series (model, "sum"), NULL));
}

static void
test_blob (void)
{
  guint8 data[1000];
  g_autofree char *text = NULL;
  g_autofree guint8 *back = NULL;
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 1000; i++)
    data[i] = (guint8) (i * 7);
  text = cel_blob_encode (data, sizeof data);
  back = cel_blob_decode (text, sizeof data, "grid", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back, 1000, data, 1000);
  g_assert_null (cel_blob_decode (text, 999, "grid", &error));
  g_assert_nonnull (strstr (error->message, "grid"));
  g_clear_error (&error);
  g_assert_null (cel_blob_decode (text, 1001, "grid", &error));
  g_clear_error (&error);
  g_assert_null (cel_blob_decode ("!!!not base64", 10, "grid", &error));
  g_clear_error (&error);
}

/* Words are stored little-endian: 1.0 as a double is 00 … 00 f0 3f, and
 * 0x01020304 as a 32-bit word 04 03 02 01; decoding restores host order,
 * and the doubles accessor refuses a value that is not finite. */
static void
test_blob_words (void)
{
  const double values[2] = { 1.0, -2.5 };
  const guint32 word = 0x01020304;
  const guint8 one_le[8] = { 0, 0, 0, 0, 0, 0, 0xf0, 0x3f }, word_le[4] = { 4, 3, 2, 1 };
  const double bad[2] = { 1.0, NAN };
  g_autofree char *text = cel_blob_encode_words (values, 2, sizeof (double));
  g_autofree char *word_text = cel_blob_encode_words (&word, 1, 4);
  g_autofree char *bad_text = cel_blob_encode_words (bad, 2, sizeof (double));
  g_autofree guint8 *raw = NULL;
  g_autofree guint8 *raw_word = NULL;
  g_autofree double *back = NULL;
  g_autoptr (JsonObject) state = json_object_new ();
  g_autoptr (GError) error = NULL;

  raw = cel_blob_decode (text, 16, "x", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (raw, 8, one_le, 8);
  raw_word = cel_blob_decode (word_text, 4, "w", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (raw_word, 4, word_le, 4);

  json_object_set_string_member (state, "x", text);
  json_object_set_string_member (state, "bad", bad_text);
  back = cel_json_get_doubles (state, "x", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back, sizeof values, values, sizeof values);
  g_assert_null (cel_json_get_doubles (state, "bad", 2, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad"));
  g_clear_error (&error);
  g_assert_null (cel_json_get_words (state, "x", 3, sizeof (double), &error));
  g_assert_nonnull (error);
}

static void
count_progress (double fraction, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_analysis_on_copy (void)
{
  g_autoptr (CelModel) model = g_object_new (TEST_TYPE_MODEL, NULL);
  g_autoptr (CelAnalysisResult) result = NULL;
  g_autoptr (GError) error = NULL;
  double progress = 0;
  CelAnalysisNumber *mean;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;

  cel_model_reset (model);
  cel_model_step (model, 5, NULL, NULL);
  result = cel_model_run_analysis (model, "mean", count_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  /* Every cell held 5 and the copy stepped ten more times by 1. */
  mean = &g_array_index (result->numbers, CelAnalysisNumber, 0);
  g_assert_cmpfloat (mean->value, ==, 15);
  g_assert_cmpfloat (progress, ==, 1.0);
  g_assert_cmpuint (cel_series_get_total (g_ptr_array_index (result->series, 0)), ==, 10);
  /* The original is untouched. */
  g_assert_cmpuint (cel_model_get_step (model), ==, 5);
  g_assert_cmpfloat (TEST_MODEL (model)->cells[0], ==, 5);

  path = g_build_filename (g_get_tmp_dir (), "cellarium-test-analysis.csv", NULL);
  g_assert_true (cel_analysis_result_write_csv (result, path, &error));
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "id,value,uncertainty\nmean,15,0\n\nx,mean\n1,6\n"));
  g_unlink (path);

  g_assert_null (cel_model_run_analysis (model, "nope", NULL, NULL, NULL, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED);
}

static void
count_task (guint task, guint n_tasks, gpointer data)
{
  gint *hits = data;

  g_atomic_int_inc (&hits[task]);
}

static void
test_parallel_for (void)
{
  gint hits[1000] = { 0 };

  for (guint threads = 1; threads <= 4; threads++)
    {
      cel_parallel_set_threads (threads);
      g_assert_cmpuint (cel_parallel_get_threads (), ==, threads);
      for (int rep = 0; rep < 50; rep++)
        cel_parallel_for (1000, count_task, hits);
    }
  cel_parallel_set_threads (0);
  /* Every task ran exactly once per call: 4 thread counts × 50 calls. */
  for (int i = 0; i < 1000; i++)
    g_assert_cmpint (hits[i], ==, 200);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/reference", test_rng_reference);
  g_test_add_func ("/rng/statistics", test_rng_statistics);
  g_test_add_func ("/rng/seeding", test_rng_seeding);
  g_test_add_func ("/param/parse", test_param_parse);
  g_test_add_func ("/param/metadata", test_param_metadata);
  g_test_add_func ("/series/decimation", test_series_decimation);
  g_test_add_func ("/series/window", test_series_window);
  g_test_add_func ("/stroke/shapes", test_stroke_shapes);
  g_test_add_func ("/model/base", test_model_base);
  g_test_add_func ("/blob/round-trip", test_blob);
  g_test_add_func ("/blob/words", test_blob_words);
  g_test_add_func ("/parallel/for", test_parallel_for);
  g_test_add_func ("/analysis/on-copy", test_analysis_on_copy);
  return g_test_run ();
}
