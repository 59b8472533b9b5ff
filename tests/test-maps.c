/* Neuron maps: the logistic map's known exponent, 0–1 test, sample entropy
 * and period-2 orbit; the Chialvo map's regular and chaotic regimes; the
 * network coupling (uncoupled rings, conservation of the mean on the
 * lattice), the bifurcation mode, painting, state and bad input. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/maps/cel-maps.h"
#include "test-util.h"

/* Helpers -------------------------------------------------------------------- */

static CelModel *
new_maps (const char *map, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new ("maps", &error);

  g_assert_no_error (error);
  test_set_param (model, "map", map);
  cel_model_set_seed (model, seed);
  cel_model_reset (model);
  return model;
}

/* The logistic map ------------------------------------------------------------- */

static void
test_logistic_lyapunov (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 3);
  double err, lambda;

  test_set_param (model, "r", "4");
  lambda = test_analysis_number (model, "lyapunov", "lyapunov", &err);
  g_test_message ("logistic r = 4: λ = %.5f ± %.5f", lambda, err);
  /* λ = ln 2 exactly at r = 4 (the map is conjugate to the tent map). Over
   * 10⁵ iterations the block standard error is about 5·10⁻⁵; 0.005 allows
   * a hundred of them, still far below the gap to any other regime. */
  g_assert_cmpfloat (fabs (lambda - G_LN2), <, 0.005);
  g_assert_cmpfloat (err, <, 0.005);

  /* In the period-2 window the exponent is negative. */
  test_set_param (model, "r", "3.2");
  g_assert_cmpfloat (test_analysis_number (model, "lyapunov", "lyapunov", NULL), <, -0.1);
}

static void
test_logistic_zero_one (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 4);
  double k;

  /* Gottwald & Melbourne (2009) report K ≈ 1 at r = 3.97 (chaos) and K ≈ 0
   * at r = 3.55 (period 8). 5000 samples and 30 frequencies keep the test
   * quick: at r = 3.97 we measure K = 0.998, at r = 3.55 K = 0.000, so the
   * issue's bounds (0.9, 0.1) hold with a wide margin. */
  test_set_param (model, "test-samples", "5000");
  test_set_param (model, "test-frequencies", "30");
  test_set_param (model, "r", "3.97");
  k = test_analysis_number (model, "zero-one", "k", NULL);
  g_test_message ("logistic r = 3.97: K = %.4f", k);
  g_assert_cmpfloat (k, >, 0.9);
  test_set_param (model, "r", "3.55");
  k = test_analysis_number (model, "zero-one", "k", NULL);
  g_test_message ("logistic r = 3.55: K = %.4f", k);
  g_assert_cmpfloat (k, <, 0.1);
}

static void
test_logistic_sample_entropy (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 5);
  double entropy;

  test_set_param (model, "r", "4");
  entropy = test_analysis_number (model, "sample-entropy", "sample-entropy", NULL);
  g_test_message ("logistic r = 4: SampEn(2, 0.2·SD) = %.4f", entropy);
  /* The value 0.64 for m = 2, r = 0.2·SD (below the entropy ln 2 =
   * 0.693 that SampEn tends to as r → 0: a finite tolerance merges some
   * distinct continuations). Over 16 000 samples we measure 0.637, and
   * series of 2000 samples scatter by about ±0.01 around it from seed to
   * seed; ±0.03 covers that spread three times over. */
  g_assert_cmpfloat (fabs (entropy - 0.64), <, 0.03);
}

/* The period-2 orbit of x ← r x (1 − x): x± = (r + 1 ± √((r − 3)(r + 1)))/(2r). */
static void
test_logistic_bifurcation (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 6);
  g_autoptr (GError) error = NULL;
  const double r = 3.2;
  double lo = (r + 1 - sqrt ((r - 3) * (r + 1))) / (2 * r);
  double hi = (r + 1 + sqrt ((r - 3) * (r + 1))) / (2 * r);
  CelSeries *diagram;
  const CelPoint2 *points;
  guint n;

  test_set_param (model, "mode", "bifurcation");
  test_set_param (model, "sweep", "r");
  test_set_param (model, "sweep-from", "2.8");
  test_set_param (model, "sweep-to", "3.2");
  test_set_param (model, "sweep-values", "2");
  test_set_param (model, "samples", "10");
  test_set_param (model, "transient", "2000");
  cel_model_reset (model);

  g_assert_cmpuint (cel_model_step (model, 2, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpuint (cel_maps_get_sweep_done (CEL_MAPS (model)), ==, 2);
  diagram = cel_model_find_series (model, "diagram");
  points = cel_series_get_points (diagram, &n);
  g_assert_cmpuint (n, ==, 20);
  for (guint i = 0; i < 10; i++)
    {
      /* r = 2.8: the fixed point 1 − 1/r; the transient of 2000 iterations
       * contracts the distance by far more than the 10⁻⁹ asked. */
      g_assert_cmpfloat (points[i].x, ==, 2.8);
      g_assert_cmpfloat (fabs (points[i].y - (1 - 1 / 2.8)), <, 1e-9);
      g_assert_cmpfloat (points[10 + i].x, ==, 3.2);
      g_assert_cmpfloat (MIN (fabs (points[10 + i].y - lo), fabs (points[10 + i].y - hi)), <, 1e-9);
    }
  /* Alternating between the two branches. */
  g_assert_cmpfloat (fabs (points[10].y - points[11].y), >, hi - lo - 1e-6);

  /* The sweep is complete: a further step does nothing, without an error
   * (a runner pauses on it). */
  g_assert_cmpuint (cel_model_step (model, 1, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (cel_maps_get_sweep_done (CEL_MAPS (model)), ==, 2);

  /* The canvas shows the diagram: ink in both columns. */
  {
    g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
    const float *cells = (const float *) frame->data;
    guint lit = 0;

    g_assert_cmpuint (frame->width, ==, 2);
    g_assert_cmpuint (frame->height, ==, 320);
    for (guint i = 0; i < frame->width * frame->height; i++)
      lit += cells[i] > 0;
    g_assert_cmpuint (lit, >=, 3);
  }

  /* Painting a row of the diagram sets the probe's x to that row's x: the
   * top row is the largest x recorded (the upper branch x+). */
  {
    CelCell cell = { 0, 0, 1.0f };
    double x, y;

    g_assert_true (cel_model_paint_cells (model, &cell, 1, NULL));
    cel_maps_get_node (CEL_MAPS (model), 0, &x, &y);
    g_assert_cmpfloat (fabs (x - hi), <, 0.01);
  }

  /* A reset starts the sweep again. */
  cel_model_reset (model);
  g_assert_cmpuint (cel_maps_get_sweep_done (CEL_MAPS (model)), ==, 0);
  g_assert_cmpuint (cel_model_step (model, 1, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

/* The bifurcation analysis and the sweep of the exponent, with progress and
 * cancellation. */
static void
on_progress (double fraction, gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
cancel_at_half (double fraction, gpointer data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (data);
}

static void
test_sweep_analyses (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 7);
  g_autoptr (GError) error = NULL;
  g_autoptr (CelAnalysisResult) result = NULL;
  g_autoptr (CelAnalysisResult) sweep = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  const CelPoint2 *points;
  double last = 0;
  guint n;

  test_set_param (model, "sweep", "r");
  test_set_param (model, "sweep-from", "2.5");
  test_set_param (model, "sweep-to", "4");
  test_set_param (model, "sweep-values", "151");
  test_set_param (model, "samples", "500");
  result = cel_model_run_analysis (model, "bifurcation", on_progress, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (result->series->len, ==, 1);
  g_assert_cmpuint (cel_series_get_total (g_ptr_array_index (result->series, 0)), ==, 151 * 500);

  sweep = cel_model_run_analysis (model, "lyapunov-sweep", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  points = cel_series_get_points (g_ptr_array_index (sweep->series, 0), &n);
  g_assert_cmpuint (n, ==, 151);
  /* Values 2.5 + 0.01 j: r = 3.0 is the first period doubling (λ → 0⁻),
   * r = 3.2 period 2 (λ < 0), r = 4 λ = ln 2 (500 iterations: ±0.05). */
  g_assert_cmpfloat (fabs (points[70].x - 3.2), <, 1e-12);
  g_assert_cmpfloat (points[70].y, <, -0.1);
  g_assert_cmpfloat (fabs (points[150].y - G_LN2), <, 0.05);

  /* The running experiment is untouched: it is still at step 0. */
  g_assert_cmpuint (cel_model_get_step (model), ==, 0);

  g_clear_pointer (&result, cel_analysis_result_free);
  result = cel_model_run_analysis (model, "bifurcation", cancel_at_half, cancellable, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The Chialvo map ------------------------------------------------------------------ */

static void
test_chialvo_regimes (void)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 8);
  double lambda, err, k;

  /* Defaults a = 0.89, c = 0.28, k = 0.03 (Chialvo 1995). */
  test_set_param (model, "test-samples", "20000");
  test_set_param (model, "test-frequencies", "30");

  /* b = 0.6: regular spiking. The orbit lies on an invariant circle
   * (quasi-periodic), so λ₁ is zero rather than negative: we measure
   * 7·10⁻⁵ ± 3·10⁻⁵ over 10⁵ iterations and −6·10⁻⁶ over 10⁶, the O(1/n)
   * residue of a neutral direction. "Non-positive" is asserted within
   * 10⁻³, a fiftieth of the chaotic exponent below. K needs a series long
   * against the slow spiking period (about 400 iterations) and converges
   * slowly for quasi-periodic data: we measure K = 0.18, 0.05 and 0.03 from
   * 4000, 8000 and 16 000 samples, so the test takes 20 000. */
  test_set_param (model, "b", "0.6");
  lambda = test_analysis_number (model, "lyapunov", "lyapunov", &err);
  k = test_analysis_number (model, "zero-one", "k", NULL);
  g_test_message ("Chialvo b = 0.6: λ = %.6f ± %.6f, K = %.4f", lambda, err, k);
  g_assert_cmpfloat (lambda, <, 1e-3);
  g_assert_cmpfloat (k, <, 0.1);

  /* b = 0.18: chaotic bursting; we measure λ₁ = 0.0502 (10⁶ iterations)
   * and K = 0.997. */
  test_set_param (model, "b", "0.18");
  lambda = test_analysis_number (model, "lyapunov", "lyapunov", &err);
  k = test_analysis_number (model, "zero-one", "k", NULL);
  g_test_message ("Chialvo b = 0.18: λ = %.5f ± %.5f, K = %.4f", lambda, err, k);
  g_assert_cmpfloat (lambda, >, 0.03);
  g_assert_cmpfloat (lambda - 3 * err, >, 0);
  g_assert_cmpfloat (k, >, 0.9);
}

/* Networks ---------------------------------------------------------------------------- */

/* With coupling 0 every node of a ring is an independent map: its orbit is
 * the single map's from the same start, bit for bit, and the largest
 * exponent of the whole network is the single map's. */
static void
test_uncoupled_ring (void)
{
  g_autoptr (CelModel) ring = new_maps ("logistic", 9);
  g_autoptr (CelModel) single = new_maps ("logistic", 9);
  double x0, y0, x, y, lambda;

  test_set_param (ring, "topology", "ring");
  test_set_param (ring, "nodes", "16");
  test_set_param (ring, "range", "3");
  test_set_param (ring, "coupling", "0");
  test_set_param (ring, "r", "4");
  test_set_param (single, "r", "4");
  cel_model_reset (ring);
  g_assert_cmpuint (cel_maps_get_n_nodes (CEL_MAPS (ring)), ==, 16);

  cel_maps_get_node (CEL_MAPS (ring), 5, &x0, &y0);
  cel_maps_set_node (CEL_MAPS (single), 0, x0, y0);
  cel_model_step (ring, 50, NULL, NULL);
  cel_model_step (single, 50, NULL, NULL);
  cel_maps_get_node (CEL_MAPS (ring), 5, &x, &y);
  cel_maps_get_node (CEL_MAPS (single), 0, &x0, &y0);
  g_assert_cmpfloat (x, ==, x0);

  lambda = test_analysis_number (ring, "lyapunov", "lyapunov", NULL);
  g_assert_cmpfloat (fabs (lambda - G_LN2), <, 0.01);
}

/* One step of a coupled ring against the definition
 * x_i ← f_i + ε/(2R) Σ_{k=1..R} (f_{i+k} + f_{i−k} − 2 f_i). */
static void
test_ring_coupling (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 18);
  CelMaps *maps = CEL_MAPS (model);
  const guint n = 11, range = 3;
  const double r = 3.8, eps = 0.25;
  double f[11], x, y;

  test_set_param (model, "topology", "ring");
  test_set_param (model, "nodes", "11");
  test_set_param (model, "range", "3");
  test_set_param (model, "coupling", "0.25");
  test_set_param (model, "r", "3.8");
  cel_model_reset (model);
  for (guint i = 0; i < n; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      f[i] = r * x * (1 - x);
    }
  cel_model_step (model, 1, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      double sum = 0;

      for (guint k = 1; k <= range; k++)
        sum += f[(i + k) % n] + f[(i + n - k) % n] - 2 * f[i];
      cel_maps_get_node (maps, i, &x, &y);
      g_assert_cmpfloat (fabs (x - (f[i] + eps / (2 * range) * sum)), <, 1e-14);
    }
}

/* Diffusive coupling moves x between neighbours and never creates any: on
 * the periodic lattice the mean of x after a step is the mean of the
 * uncoupled map values, f = r x (1 − x). */
static void
test_lattice_conserves_mean (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 10);
  CelMaps *maps = CEL_MAPS (model);
  const double r = 3.9;
  double expected = 0, mean = 0, x, y;
  guint n;

  test_set_param (model, "topology", "lattice");
  test_set_param (model, "width", "12");
  test_set_param (model, "height", "7");
  test_set_param (model, "coupling", "0.4");
  test_set_param (model, "r", "3.9");
  cel_model_reset (model);
  n = cel_maps_get_n_nodes (maps);
  g_assert_cmpuint (n, ==, 84);
  for (guint i = 0; i < n; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      expected += r * x * (1 - x);
    }
  cel_model_step (model, 1, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      mean += x;
    }
  /* Rounding only: 84 terms of order 1. */
  g_assert_cmpfloat (fabs (mean - expected) / n, <, 1e-14);
}

/* Star and ring-star: node 0 is the centre. With the ring part off, the
 * star's centre moves by ε/(n−1) Σ (f_i − f_0) and each leaf by ε(f_0 − f_i). */
static void
test_star_coupling (void)
{
  g_autoptr (CelModel) model = new_maps ("logistic", 11);
  CelMaps *maps = CEL_MAPS (model);
  const double r = 3.7, eps = 0.3;
  double f[5], x, y, sum = 0;

  test_set_param (model, "topology", "star");
  test_set_param (model, "nodes", "5");
  test_set_param (model, "coupling", "0.3");
  test_set_param (model, "r", "3.7");
  cel_model_reset (model);
  for (guint i = 0; i < 5; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      f[i] = r * x * (1 - x);
    }
  for (guint i = 1; i < 5; i++)
    sum += f[i] - f[0];
  cel_model_step (model, 1, NULL, NULL);
  cel_maps_get_node (maps, 0, &x, &y);
  g_assert_cmpfloat (fabs (x - (f[0] + eps / 4 * sum)), <, 1e-14);
  for (guint i = 1; i < 5; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      g_assert_cmpfloat (fabs (x - (f[i] + eps * (f[0] - f[i]))), <, 1e-14);
    }

  /* A ring-star with only the spokes coupled is the same star. */
  test_set_param (model, "topology", "ring-star");
  test_set_param (model, "star-coupling", "0.3");
  test_set_param (model, "coupling", "0");
  cel_model_reset (model);
  for (guint i = 0; i < 5; i++)
    {
      cel_maps_get_node (maps, i, &x, &y);
      f[i] = r * x * (1 - x);
    }
  cel_model_step (model, 1, NULL, NULL);
  cel_maps_get_node (maps, 3, &x, &y);
  g_assert_cmpfloat (fabs (x - (f[3] + eps * (f[0] - f[3]))), <, 1e-14);
}

/* Painting -------------------------------------------------------------------------------- */

static void
test_paint_lattice_undo (void)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 12);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  g_autoptr (CelFrame) frame = NULL;
  CelCell cells[] = { { 3, 2, 2.5f }, { 4, 2, 2.5f }, { 3, 2, 1.5f } };
  double x, y, before;

  test_set_param (model, "topology", "lattice");
  test_set_param (model, "width", "10");
  test_set_param (model, "height", "6");
  cel_model_reset (model);
  cel_maps_get_node (CEL_MAPS (model), 2 * 10 + 3, &before, &y);
  g_assert_true (cel_model_paint_cells (model, cells, G_N_ELEMENTS (cells), undo));
  cel_maps_get_node (CEL_MAPS (model), 2 * 10 + 3, &x, &y);
  g_assert_cmpfloat (x, ==, 1.5);
  cel_maps_get_node (CEL_MAPS (model), 2 * 10 + 4, &x, &y);
  g_assert_cmpfloat (x, ==, 2.5);
  /* One record per node, its value before the stroke. */
  g_assert_cmpuint (undo->len, ==, 2);
  g_assert_cmpfloat (g_array_index (undo, CelCell, 0).value, ==, (float) before);

  frame = cel_model_render_field (model, 0, &(CelRect) { 3, 2, 2, 1 });
  g_assert_cmpuint (frame->width, ==, 2);
  g_assert_cmpfloat (((float *) frame->data)[0], ==, 1.5f);
  g_assert_cmpfloat (((float *) frame->data)[1], ==, 2.5f);

  cel_model_paint_cells (model, (const CelCell *) undo->data, undo->len, NULL);
  cel_maps_get_node (CEL_MAPS (model), 2 * 10 + 3, &x, &y);
  g_assert_cmpfloat (x, ==, (float) before);
}

/* On a single map the painted cell becomes the orbit's point in the plane
 * shown: the painted cell's centre. */
static void
test_paint_single (void)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 13);
  g_autoptr (CelFrame) frame = NULL;
  CelCell cell = { 128, 64, 1.0f };
  double x, y, x2, y2;
  guint w, h;

  cel_model_step (model, 3000, NULL, NULL);
  cel_model_get_size (model, &w, &h);
  g_assert_cmpuint (w, ==, 256);
  g_assert_cmpuint (h, ==, 256);
  g_assert_true (cel_model_paint_cells (model, &cell, 1, NULL));
  cel_maps_get_node (CEL_MAPS (model), 0, &x, &y);
  /* Painting the same cell again (nothing stepped) gives the same point. */
  g_assert_true (cel_model_paint_cells (model, &cell, 1, NULL));
  cel_maps_get_node (CEL_MAPS (model), 0, &x2, &y2);
  g_assert_cmpfloat (x, ==, x2);
  g_assert_cmpfloat (y, ==, y2);
  /* The point is inside the window of the phase-plane view. */
  frame = cel_model_render_field (model, 0, NULL);
  g_assert_cmpuint (frame->format, ==, CEL_FIELD_SCALAR);
  {
    const CelPoint2 *points;
    guint n;
    double lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;

    points = cel_series_get_points (cel_model_find_series (model, "phase"), &n);
    for (guint i = 0; i < n; i++)
      {
        lo_x = MIN (lo_x, points[i].x);
        hi_x = MAX (hi_x, points[i].x);
        lo_y = MIN (lo_y, points[i].y);
        hi_y = MAX (hi_y, points[i].y);
      }
    /* Cell 128 of 256 is the middle column, row 64 a quarter from the top. */
    g_assert_cmpfloat (x, >, lo_x + 0.3 * (hi_x - lo_x));
    g_assert_cmpfloat (x, <, lo_x + 0.7 * (hi_x - lo_x));
    g_assert_cmpfloat (y, >, lo_y + 0.5 * (hi_y - lo_y));
  }
}

/* State and parameters ----------------------------------------------------------------------- */

static JsonObject *
state_copy (CelModel *model)
{
  g_autoptr (JsonNode) node = cel_model_save_state (model);

  return json_object_ref (json_node_get_object (node));
}

static void
check_round_trip (const char *topology, const char *mode, guint steps)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 14);
  g_autoptr (CelModel) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CelFrame) a = NULL;
  g_autoptr (CelFrame) b = NULL;

  test_set_param (model, "topology", topology);
  test_set_param (model, "mode", mode);
  test_set_param (model, "nodes", "30");
  test_set_param (model, "width", "9");
  test_set_param (model, "height", "7");
  test_set_param (model, "history", "40");
  test_set_param (model, "sweep-values", "20");
  test_set_param (model, "samples", "30");
  test_set_param (model, "b", "0.18");
  cel_model_reset (model);
  cel_model_step (model, steps, NULL, &error);
  g_assert_no_error (error);

  copy = cel_model_copy (model, &error);
  g_assert_no_error (error);
  cel_model_step (model, 7, NULL, &error);
  cel_model_step (copy, 7, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cel_maps_get_n_nodes (CEL_MAPS (model)); i++)
    {
      double x1, y1, x2, y2;

      cel_maps_get_node (CEL_MAPS (model), i, &x1, &y1);
      cel_maps_get_node (CEL_MAPS (copy), i, &x2, &y2);
      g_assert_cmpmem (&x1, sizeof x1, &x2, sizeof x2);
      g_assert_cmpmem (&y1, sizeof y1, &y2, sizeof y2);
    }
  a = cel_model_render_field (model, 0, NULL);
  b = cel_model_render_field (copy, 0, NULL);
  g_assert_cmpmem (a->data, a->stride * a->height, b->data, b->stride * b->height);
  /* And the saved states agree member by member. */
  {
    g_autoptr (JsonNode) sa = cel_model_save_state (model);
    g_autoptr (JsonNode) sb = cel_model_save_state (copy);
    g_autofree char *ta = json_to_string (sa, FALSE);
    g_autofree char *tb = json_to_string (sb, FALSE);

    g_assert_cmpstr (ta, ==, tb);
  }
}

static void
test_state_round_trip (void)
{
  check_round_trip ("single", "run", 500);
  check_round_trip ("ring", "run", 25);    /* history not yet full */
  check_round_trip ("ring-star", "run", 90);
  check_round_trip ("lattice", "run", 10);
  check_round_trip ("single", "bifurcation", 6);
  check_round_trip ("star", "bifurcation", 3);
}

typedef void (*Corrupt) (JsonObject *model_state);

static void corrupt_nodes (JsonObject *m) { json_object_set_int_member (m, "nodes", 31); }
static void corrupt_x (JsonObject *m) { json_object_set_string_member (m, "x", "!!!"); }
static void corrupt_y (JsonObject *m) { json_object_remove_member (m, "y"); }
static void corrupt_filled (JsonObject *m) { json_object_set_int_member (m, "filled", 41); }
static void corrupt_rows (JsonObject *m) { json_object_set_int_member (m, "rows", 3); }

static void
test_state_corrupt (void)
{
  const struct {
    Corrupt     corrupt;
    const char *member;
  } cases[] = {
    { corrupt_nodes, "nodes" },
    { corrupt_x, "x" },
    { corrupt_y, "y" },
    { corrupt_filled, "filled" },
    { corrupt_rows, "rows" },
  };
  g_autoptr (CelModel) model = new_maps ("rulkov", 15);

  test_set_param (model, "topology", "ring");
  test_set_param (model, "nodes", "30");
  test_set_param (model, "history", "40");
  cel_model_reset (model);
  cel_model_step (model, 10, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) state = state_copy (model);
      g_autoptr (CelFrame) before = cel_model_render_field (model, 0, NULL);
      g_autoptr (CelFrame) after = NULL;

      cases[i].corrupt (json_object_get_object_member (state, "model"));
      g_assert_false (cel_model_load_state (model, state, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
      if (strstr (error->message, cases[i].member) == NULL)
        g_error ("“%s” does not name “%s”", error->message, cases[i].member);
      after = cel_model_render_field (model, 0, NULL);
      g_assert_cmpmem (before->data, before->stride * before->height,
                       after->data, after->stride * after->height);
    }
}

static void
test_bad_params (void)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 16);
  const char *bad[][2] = {
    { "a", "nan" }, { "b", "inf" }, { "nodes", "-5" }, { "nodes", "0" }, { "width", "-1" },
    { "height", "0" }, { "r", "4.5" }, { "coupling", "-0.1" }, { "sweep-values", "0" },
    { "samples", "-3" }, { "map", "henon" }, { "topology", "torus" }, { "mode", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (cel_model_set_param_string (model, bad[i][0], bad[i][1], &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      g_assert_nonnull (strstr (error->message, bad[i][0]));
    }

  /* Sizes whose product is too large are refused, naming the parameter. */
  {
    g_autoptr (GError) error = NULL;

    test_set_param (model, "sweep-values", "20000");
    g_assert_false (cel_model_set_param_string (model, "samples", "1000", &error));
    g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "samples"));
    g_clear_error (&error);
    test_set_param (model, "nodes", "65536");
    g_assert_false (cel_model_set_param_string (model, "history", "4096", &error));
    g_assert_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE);
  }
}

/* A map that leaves every bounded region is reported, not iterated on. */
static void
test_divergence (void)
{
  g_autoptr (CelModel) model = new_maps ("chialvo", 17);
  g_autoptr (GError) error = NULL;
  CelCell cell = { 0, 0, -900.0f };
  guint64 done;

  test_set_param (model, "topology", "lattice");
  test_set_param (model, "width", "4");
  test_set_param (model, "height", "4");
  cel_model_reset (model);
  /* x = −900: x²·e^(y−x) overflows to infinity at once. */
  cel_model_paint_cells (model, &cell, 1, NULL);
  done = cel_model_step (model, 10, NULL, &error);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_DIVERGED);
  g_assert_cmpuint (done, <, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/maps/logistic/lyapunov", test_logistic_lyapunov);
  g_test_add_func ("/maps/logistic/zero-one", test_logistic_zero_one);
  g_test_add_func ("/maps/logistic/sample-entropy", test_logistic_sample_entropy);
  g_test_add_func ("/maps/logistic/bifurcation", test_logistic_bifurcation);
  g_test_add_func ("/maps/analysis/sweeps", test_sweep_analyses);
  g_test_add_func ("/maps/chialvo/regimes", test_chialvo_regimes);
  g_test_add_func ("/maps/network/uncoupled-ring", test_uncoupled_ring);
  g_test_add_func ("/maps/network/ring", test_ring_coupling);
  g_test_add_func ("/maps/network/lattice-mean", test_lattice_conserves_mean);
  g_test_add_func ("/maps/network/star", test_star_coupling);
  g_test_add_func ("/maps/paint/lattice-undo", test_paint_lattice_undo);
  g_test_add_func ("/maps/paint/single", test_paint_single);
  g_test_add_func ("/maps/state/round-trip", test_state_round_trip);
  g_test_add_func ("/maps/state/corrupt", test_state_corrupt);
  g_test_add_func ("/maps/params/bad", test_bad_params);
  g_test_add_func ("/maps/divergence", test_divergence);
  return g_test_run ();
}
