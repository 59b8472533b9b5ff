/* Kuramoto oscillators: the mean-field transition against Kuramoto's
 * r = √(1 − 2γ/K), the Gaussian self-consistency near threshold, Adler's
 * equation for two oscillators (both integrators), a spiral wave's
 * topological charge and wavefronts on the lattice, painting phases,
 * the r-against-K sweep, state and errors. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/kuramoto/cel-kuramoto.h"
#include "test-util.h"

/* Helpers ------------------------------------------------------------------ */

static void
step (CelModel *model, guint64 n)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (cel_model_step (model, n, NULL, &error), ==, n);
  g_assert_no_error (error);
}

static double
order (CelModel *model)
{
  return cel_kuramoto_get_order (CEL_KURAMOTO (model), NULL);
}

/* r averaged over `steps` steps, after `transient` steps. */
static double
mean_order (CelModel *model, guint transient, guint steps)
{
  double sum = 0.0;

  step (model, transient);
  for (guint i = 0; i < steps; i++)
    {
      step (model, 1);
      sum += order (model);
    }
  return sum / steps;
}

static float
phase_at (const CelFrame *frame, guint x, guint y)
{
  return ((const float *) (frame->data + (gsize) y * frame->stride))[x];
}

/* Phase difference wrapped into (−π, π]. */
static double
wrapped (double d)
{
  return d - 2.0 * G_PI * floor ((d + G_PI) / (2.0 * G_PI));
}

/* Theory ------------------------------------------------------------------- */

static void
test_theory (void)
{
  double kc = cel_kuramoto_critical_coupling (CEL_KURAMOTO_GAUSSIAN, 1.0);
  double mu = 1e-3, expected;

  /* K_c = 2/(π g(0)): 2γ for a Lorentzian, σ√(8/π) for a Gaussian. */
  g_assert_cmpfloat_with_epsilon (cel_kuramoto_critical_coupling (CEL_KURAMOTO_LORENTZIAN, 0.7), 1.4, 1e-15);
  g_assert_cmpfloat_with_epsilon (kc, 1.5957691216057308, 1e-12);
  g_assert_cmpfloat (cel_kuramoto_theory_order (CEL_KURAMOTO_LORENTZIAN, 1.0, 1.9), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (cel_kuramoto_theory_order (CEL_KURAMOTO_LORENTZIAN, 1.0, 4.0),
                                  sqrt (0.5), 1e-15);
  g_assert_cmpfloat (cel_kuramoto_theory_order (CEL_KURAMOTO_GAUSSIAN, 1.0, 1.5), ==, 0.0);

  /* Kuramoto's expansion just above threshold (Strogatz, Physica D 143,
   * 2000, eq. 5.7): r ≈ √(16/(π K_c³)) · √(μ/(−g''(0))), μ = (K − K_c)/K_c,
   * with g''(0) = −1/√(2π) for the unit Gaussian. The next order is O(μ)
   * relative, so at μ = 10⁻³ the two agree to about 0.1 %. */
  expected = sqrt (16.0 / (G_PI * kc * kc * kc)) * sqrt (mu * sqrt (2.0 * G_PI));
  g_assert_cmpfloat_with_epsilon (cel_kuramoto_theory_order (CEL_KURAMOTO_GAUSSIAN, 1.0, kc * (1.0 + mu)),
                                  expected, 2e-3 * expected);
  /* Far above threshold almost everything locks. */
  g_assert_cmpfloat (cel_kuramoto_theory_order (CEL_KURAMOTO_GAUSSIAN, 1.0, 20.0), >, 0.99);
}

/* The transition ---------------------------------------------------------- */

/* N = 2000 oscillators with Lorentzian frequencies of half-width γ = 1,
 * K_c = 2. Above K_c the time-averaged r must match √(1 − 2/K). The
 * tolerance 0.05 is about 2.2/√N: the order parameter of a finite network
 * fluctuates by O(1/√N) ≈ 0.022 around the N → ∞ value (Daido; Hong et al.,
 * PRE 2007), and random frequencies shift the realised distribution by a
 * similar amount. Below K_c the incoherent state has r of order 1/√N:
 * √(π/4N) ≈ 0.02 for independent phases, amplified by the coupling by
 * about 1/(1 − K/K_c) = 2 at K = 1, so r < 0.1 leaves a wide margin. */
static void
check_transition (const char *sampling, guint64 seed)
{
  const double couplings[] = { 3.0, 4.0, 6.0 };

  for (guint i = 0; i < G_N_ELEMENTS (couplings); i++)
    {
      char k[32];
      g_autoptr (CelModel) model = NULL;
      double r, expected = sqrt (1.0 - 2.0 / couplings[i]);

      g_ascii_dtostr (k, sizeof k, couplings[i]);
      model = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2000", "frequency-width=1", NULL);
      test_set_param (model, "sampling", sampling);
      test_set_param (model, "coupling", k);
      cel_model_set_seed (model, seed);
      cel_model_reset (model);
      r = mean_order (model, 1000, 1000);  /* dt 0.1: 100 time units each */
      g_test_message ("%s K=%g: r=%.4f theory %.4f", sampling, couplings[i], r, expected);
      g_assert_cmpfloat_with_epsilon (r, expected, 0.05);
    }

  {
    g_autoptr (CelModel) model = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2000",
                                               "frequency-width=1", "coupling=1", NULL);
    double r;

    test_set_param (model, "sampling", sampling);
    cel_model_set_seed (model, seed);
    cel_model_reset (model);
    r = mean_order (model, 1000, 1000);
    g_test_message ("%s K=1: r=%.4f", sampling, r);
    g_assert_cmpfloat (r, <, 0.1);
  }
}

static void
test_transition_quantiles (void)
{
  check_transition ("quantiles", 1);
}

static void
test_transition_random (void)
{
  check_transition ("random", 2);
  check_transition ("random", 3);
}

/* The sweep analysis over K = 3 … 6 with its theory curve and the fitted
 * critical coupling: 1 − r² = K_c/K holds exactly for the Lorentzian in
 * the N → ∞ limit; with quantile frequencies the finite-size error of r
 * is about 0.001 here, which moves the fitted K_c by well under 0.1. */
static void
test_sweep (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CelModel) model = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2000",
                                             "frequency-width=1", "sampling=quantiles",
                                             "sweep-from=3", "sweep-to=6", "sweep-points=4",
                                             "sweep-transient=50", "sweep-average=50", NULL);
  g_autoptr (CelAnalysisResult) result = cel_model_run_analysis (model, "order-sweep", NULL, NULL,
                                                                 NULL, &error);
  const CelPoint2 *measured, *theory;
  guint n_measured, n_theory;
  gboolean found_fit = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->series->len, ==, 2);
  measured = cel_series_get_points (g_ptr_array_index (result->series, 0), &n_measured);
  theory = cel_series_get_points (g_ptr_array_index (result->series, 1), &n_theory);
  g_assert_cmpstr (cel_series_get_info (g_ptr_array_index (result->series, 0))->plot, ==,
                   cel_series_get_info (g_ptr_array_index (result->series, 1))->plot);
  g_assert_cmpuint (n_measured, ==, 4);
  g_assert_cmpuint (n_theory, >, 100);
  for (guint i = 0; i < n_measured; i++)
    {
      g_assert_cmpfloat_with_epsilon (measured[i].x, 3.0 + i, 1e-12);
      g_assert_cmpfloat_with_epsilon (measured[i].y, sqrt (1.0 - 2.0 / measured[i].x), 0.05);
    }
  for (guint i = 0; i < n_theory; i++)
    g_assert_cmpfloat_with_epsilon (theory[i].y, sqrt (1.0 - 2.0 / theory[i].x), 1e-12);
  for (guint i = 0; i < result->numbers->len; i++)
    {
      CelAnalysisNumber *n = &g_array_index (result->numbers, CelAnalysisNumber, i);

      if (g_str_equal (n->id, "critical-coupling-fit"))
        {
          g_assert_cmpfloat_with_epsilon (n->value, 2.0, 0.1);
          found_fit = TRUE;
        }
      else if (g_str_equal (n->id, "critical-coupling-theory"))
        g_assert_cmpfloat (n->value, ==, 2.0);
    }
  g_assert_true (found_fit);
}

/* Two oscillators: Adler's equation ------------------------------------------ *
 *
 * With N = 2 and quantile Lorentzian frequencies ω = ∓γ, the phase
 * difference φ obeys dφ/dt = 2γ − K·sin φ (the mean field includes each
 * oscillator itself, where sin 0 = 0), and r = |cos(φ/2)|. For K < 2γ φ
 * slips with period T = 2π/√(4γ² − K²); for K > 2γ it locks at
 * sin φ* = 2γ/K. */

/* Mean time between maxima of r (φ ≡ 0), located by parabolic
 * interpolation over three samples. */
static double
slip_period (CelModel *model, double dt, guint steps)
{
  double prev2 = order (model), prev1, first = -1.0, last = -1.0;
  guint n_max = 0;

  step (model, 1);
  prev1 = order (model);
  for (guint i = 2; i < steps; i++)
    {
      double r;

      step (model, 1);
      r = order (model);
      if (prev1 > prev2 && prev1 >= r)
        {
          double denom = prev2 - 2.0 * prev1 + r;
          double t = (i - 1 + (denom != 0.0 ? 0.5 * (prev2 - r) / denom : 0.0)) * dt;

          if (n_max == 0)
            first = t;
          last = t;
          n_max++;
        }
      prev2 = prev1;
      prev1 = r;
    }
  g_assert_cmpuint (n_max, >=, 3);
  return (last - first) / (n_max - 1);
}

static void
test_adler (void)
{
  const double expected = 2.0 * G_PI / sqrt (3.0);  /* γ = 1, K = 1 */
  g_autoptr (CelModel) rk4 = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2",
                                           "frequency-width=1", "sampling=quantiles",
                                           "init=synchronised", "coupling=1", "dt=0.001", NULL);
  g_autoptr (CelModel) euler = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2",
                                             "frequency-width=1", "sampling=quantiles",
                                             "init=synchronised", "coupling=1", "dt=0.001",
                                             "method=euler", NULL);
  g_autoptr (CelModel) locked = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2",
                                              "frequency-width=1", "sampling=quantiles",
                                              "init=synchronised", "coupling=4", "dt=0.01", NULL);

  /* RK4's error at dt = 0.001 is far below the peak interpolation's
   * O(dt²) ≈ 1e-6; Euler's is first order, O(dt) ≈ 1e-3 relative. */
  g_assert_cmpfloat_with_epsilon (slip_period (rk4, 0.001, 20000), expected, 1e-5 * expected);
  g_assert_cmpfloat_with_epsilon (slip_period (euler, 0.001, 20000), expected, 5e-3 * expected);

  /* The locked state is a fixed point of every Runge–Kutta map, so it is
   * reached to rounding: r is the cosine of half of φ* = arcsin(1/2) = π/6. */
  step (locked, 3000);
  g_assert_cmpfloat_with_epsilon (order (locked), cos (G_PI / 12.0), 1e-9);
}

/* The lattice: a spiral -------------------------------------------------------- */

/* Winding number of the phase around the square of half-size `half`
 * centred between the middle cells. */
static int
charge (CelModel *model, guint half)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  guint cx = frame->width / 2, cy = frame->height / 2;
  guint x0 = cx - half, x1 = cx + half - 1, y0 = cy - half, y1 = cy + half - 1;
  double total = 0.0, prev;
  guint x = x0, y = y0;
  /* Walk the perimeter once: right along the top, down, left, up. */
  int dx[] = { 1, 0, -1, 0 }, dy[] = { 0, 1, 0, -1 };
  guint lengths[] = { x1 - x0, y1 - y0, x1 - x0, y1 - y0 };

  prev = phase_at (frame, x, y);
  for (guint side = 0; side < 4; side++)
    for (guint k = 0; k < lengths[side]; k++)
      {
        double p;

        x += dx[side];
        y += dy[side];
        p = phase_at (frame, x, y);
        total += wrapped (p - prev);
        prev = p;
      }
  return (int) lround (total / (2.0 * G_PI));
}

/* Phase wraps along the ray from the core to the right edge: 0 for the
 * initial pinwheel (phase constant along a ray), one per wavefront once a
 * spiral wave has formed. */
static double
windings_along_ray (CelModel *model)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  guint cy = frame->height / 2;
  double total = 0.0;

  for (guint x = frame->width / 2 + 2; x + 1 < frame->width; x++)
    total += wrapped (phase_at (frame, x + 1, cy) - phase_at (frame, x, cy));
  return fabs (total) / (2.0 * G_PI);
}

/* Plaquettes (2 × 2 cells) around which the phase winds by ±2π; the
 * position of the last one found. */
static guint
count_singularities (CelModel *model, guint *px, guint *py)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  guint count = 0;

  for (guint y = 0; y + 1 < frame->height; y++)
    for (guint x = 0; x + 1 < frame->width; x++)
      {
        double a = phase_at (frame, x, y), b = phase_at (frame, x + 1, y);
        double c = phase_at (frame, x + 1, y + 1), d = phase_at (frame, x, y + 1);
        double w = wrapped (b - a) + wrapped (c - b) + wrapped (d - c) + wrapped (a - d);

        if (fabs (w) > G_PI)
          {
            count++;
            *px = x;
            *py = y;
          }
      }
  return count;
}

static void
test_spiral (void)
{
  g_autoptr (CelModel) model = test_new_model ("kuramoto", "width=128", "height=128", "init=spiral",
                                             "frequency-width=0", "coupling=4", "lag=0.8",
                                             "dt=0.15", NULL);
  guint sx = 0, sy = 0;

  /* One phase singularity of charge ±1, seen from any loop around it. */
  g_assert_cmpint (abs (charge (model, 10)), ==, 1);
  g_assert_cmpint (charge (model, 10), ==, charge (model, 50));
  /* The ray runs half a cell beside the singularity, so the pinwheel's
   * phase turns by atan(0.5/2.5) ≈ 0.2 rad along it: 0.03 windings. */
  g_assert_cmpfloat (windings_along_ray (model), <, 0.1);
  g_assert_cmpuint (count_singularities (model, &sx, &sy), ==, 1);

  step (model, 600);
  /* The charge is topological: local dynamics cannot change it (open
   * edges are 60 cells away). */
  g_assert_cmpint (abs (charge (model, 10)), ==, 1);
  g_assert_cmpint (charge (model, 10), ==, charge (model, 50));
  /* A spiral wave: wavefronts now cross a ray from the core (the
   * wavelength is about 7 cells, and the spiral has grown past 40 cells by
   * t = 90; three fronts is a conservative floor). */
  g_test_message ("windings along the ray: %.2f", windings_along_ray (model));
  g_assert_cmpfloat (windings_along_ray (model), >, 3.0);

  /* Still exactly one phase singularity: one 2 × 2 plaquette of cells
   * around which the phase winds, near the middle. */
  g_assert_cmpuint (count_singularities (model, &sx, &sy), ==, 1);
  g_assert_cmpuint (sx, >=, 56);
  g_assert_cmpuint (sx, <, 72);
  g_assert_cmpuint (sy, >=, 56);
  g_assert_cmpuint (sy, <, 72);
  g_assert_cmpfloat (order (model), <, 0.5);
}

/* Painting ---------------------------------------------------------------------- */

static void
test_paint (void)
{
  g_autoptr (CelModel) model = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=2500",
                                             "init=synchronised", NULL);
  g_autoptr (CelStroke) stroke = cel_stroke_new (CEL_TOOL_RECT, (float) G_PI, 0, 1.0);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  g_autoptr (CelModel) lattice = test_new_model ("kuramoto", "width=16", "height=16", "init=synchronised", NULL);
  g_autoptr (CelStroke) dot = cel_stroke_new (CEL_TOOL_PENCIL, 7.0f, 0, 1.0);
  g_autoptr (CelFrame) frame = NULL;
  const CelCell cells[] = { { 3, 5, (float) G_PI }, { 0, 0, (float) G_PI } };
  guint w, h;

  /* 2500 oscillators fill a 50 × 50 square; all in phase, r = 1. */
  cel_model_get_size (model, &w, &h);
  g_assert_cmpuint (w, ==, 50);
  g_assert_cmpuint (h, ==, 50);
  g_assert_cmpfloat_with_epsilon (order (model), 1.0, 1e-12);

  /* Half of them painted to phase π: the two halves cancel, r = 0, up to
   * the painted value being a float: (float) π is 8.7e-8 off π, which
   * leaves r = ½·sin(8.7e-8) ≈ 4.4e-8. */
  cel_stroke_add_point (stroke, 0, 0);
  cel_stroke_add_point (stroke, 49, 24);
  g_assert_true (cel_model_paint (model, stroke, undo));
  g_assert_cmpuint (undo->len, ==, 1250);
  g_assert_cmpfloat (order (model), <, 1e-7);

  /* Undo restores them. */
  g_assert_true (cel_model_paint_cells (model, (const CelCell *) undo->data, undo->len, NULL));
  g_assert_cmpfloat_with_epsilon (order (model), 1.0, 1e-12);

  /* A painted value is a phase, taken modulo 2π. */
  cel_stroke_add_point (dot, 3, 5);
  g_assert_true (cel_model_paint (lattice, dot, NULL));
  frame = cel_model_render_field (lattice, 0, NULL);
  g_assert_cmpfloat_with_epsilon (phase_at (frame, 3, 5), 7.0 - 2.0 * G_PI, 1e-6);
  g_assert_cmpfloat (phase_at (frame, 4, 5), ==, 0.0f);

  /* Local order: |e^(iθ) summed over a cell and its four neighbours| / 5.
   * A cell at π among neighbours at 0: |−1 + 4|/5 = 0.6; a neighbour of
   * it: |4 − 1|/5 = 0.6; elsewhere 1. A corner cell of the open lattice
   * counts itself in place of its two missing neighbours. */
  g_assert_true (cel_model_paint_cells (lattice, cells, G_N_ELEMENTS (cells), NULL));
  g_clear_pointer (&frame, cel_frame_unref);
  frame = cel_model_render_field (lattice, 1, NULL);
  g_assert_cmpfloat_with_epsilon (phase_at (frame, 3, 5), 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (phase_at (frame, 3, 4), 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (phase_at (frame, 10, 10), 1.0, 1e-6);
  /* Corner (0, 0) at π: itself three times and two neighbours at 0. */
  g_assert_cmpfloat_with_epsilon (phase_at (frame, 0, 0), 0.2, 1e-6);
}

/* State ------------------------------------------------------------------------- */

static void
assert_same_phases (CelModel *a, CelModel *b)
{
  g_autoptr (CelFrame) fa = cel_model_render_field (a, 0, NULL);
  g_autoptr (CelFrame) fb = cel_model_render_field (b, 0, NULL);

  g_assert_cmpuint (fa->width, ==, fb->width);
  g_assert_cmpuint (fa->height, ==, fb->height);
  g_assert_cmpmem (fa->data, fa->stride * fa->height, fb->data, fb->stride * fb->height);
  g_assert_cmpfloat (order (a), ==, order (b));
}

static void
check_round_trip (CelModel *a)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  CelExperiment exp = { 0 };

  step (a, 37);
  data = cel_experiment_to_data (a, "round trip", NULL, TRUE, &length);
  g_assert_true (cel_experiment_load_data (data, length, &exp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cel_model_get_step (exp.model), ==, 37);
  g_assert_cmpfloat (cel_kuramoto_get_time (CEL_KURAMOTO (exp.model)), ==,
                     cel_kuramoto_get_time (CEL_KURAMOTO (a)));
  assert_same_phases (a, exp.model);
  step (a, 50);
  step (exp.model, 50);
  assert_same_phases (a, exp.model);
  cel_experiment_clear (&exp);
}

static void
test_state_round_trip (void)
{
  g_autoptr (CelModel) lattice = test_new_model ("kuramoto", "width=40", "height=30", "lag=0.5",
                                               "boundary=periodic", NULL);
  g_autoptr (CelModel) global = test_new_model ("kuramoto", "topology=all-to-all", "oscillators=777",
                                              "distribution=gaussian", "coupling=2", NULL);

  check_round_trip (lattice);
  check_round_trip (global);
}

static JsonObject *
state_copy (CelModel *model)
{
  g_autoptr (JsonNode) node = cel_model_save_state (model);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (parsed));
}

/* omega holding one enormous frequency, as a (valid) saved file could. */
static char *
huge_omega (guint n)
{
  g_autofree guint64 *le = g_new0 (guint64, n);
  double big = 1e308;
  guint64 bits;

  memcpy (&bits, &big, sizeof bits);
  le[0] = GUINT64_TO_LE (bits);
  return cel_blob_encode (le, n * sizeof (guint64));
}

static void
test_errors (void)
{
  g_autoptr (CelModel) model = test_new_model ("kuramoto", "width=8", "height=8", NULL);
  const char *bad_dt[] = { "0", "-0.1", "nan", "1", "fast" };
  const char *members[] = { "width", "theta", "omega", "time", "topology" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_dt); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (cel_model_set_param_string (model, "dt", bad_dt[i], &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      g_assert_nonnull (strstr (error->message, "dt"));
    }

  /* Corrupt states are refused with the member named, the phases kept. */
  step (model, 3);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) state = state_copy (model);
      JsonObject *m = json_object_get_object_member (state, "model");
      g_autoptr (CelModel) before = cel_model_copy (model, NULL);

      if (i == 0)
        json_object_set_int_member (m, "width", 9);
      else if (i == 1)
        json_object_set_string_member (m, "theta", "AAAA");
      else if (i == 2)
        json_object_remove_member (m, "omega");
      else if (i == 3)
        json_object_set_double_member (m, "time", -1.0);
      else
        json_object_set_string_member (m, "topology", "all-to-all");
      g_assert_false (cel_model_load_state (model, state, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
      if (strstr (error->message, members[i]) == NULL)
        g_error ("“%s” does not name “%s”", error->message, members[i]);
      assert_same_phases (model, before);
    }

  /* A state whose phases run off to infinity stops with DIVERGED. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonObject) state = state_copy (model);
    g_autofree char *omega = huge_omega (64);

    json_object_set_string_member (json_object_get_object_member (state, "model"), "omega", omega);
    g_assert_true (cel_model_load_state (model, state, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cel_model_step (model, 10, NULL, &error), <, 10);
    g_assert_error (error, CEL_ERROR, CEL_ERROR_DIVERGED);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kuramoto/theory", test_theory);
  g_test_add_func ("/kuramoto/transition/quantiles", test_transition_quantiles);
  g_test_add_func ("/kuramoto/transition/random", test_transition_random);
  g_test_add_func ("/kuramoto/transition/sweep", test_sweep);
  g_test_add_func ("/kuramoto/adler", test_adler);
  g_test_add_func ("/kuramoto/lattice/spiral", test_spiral);
  g_test_add_func ("/kuramoto/paint", test_paint);
  g_test_add_func ("/kuramoto/state/round-trip", test_state_round_trip);
  g_test_add_func ("/kuramoto/errors", test_errors);
  return g_test_run ();
}
