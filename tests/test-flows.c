/* Chaotic flows: fourth-order convergence of the Runge–Kutta steps, the
 * published largest Lyapunov exponents of the Lorenz and Rössler
 * attractors, the 0–1 test on a chaotic and a periodic flow, painting,
 * the trails view, state and bad input. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/flows/cel-flows.h"
#include "test-util.h"

static CelModel *
new_flows (const char *system, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  CelModel *model = cel_model_new ("flows", &error);

  g_assert_no_error (error);
  test_set_param (model, "system", system);
  cel_model_set_seed (model, seed);
  cel_model_reset (model);
  return model;
}

/* Integrates the model's trajectory 0 from s0 for time 1 with step dt. */
static void
integrate_to_one (CelModel *model, const double s0[3], const char *dt, guint steps, double out[3])
{
  g_autoptr (GError) error = NULL;

  test_set_param (model, "dt", dt);
  cel_flows_set_state (CEL_FLOWS (model), 0, s0);
  g_assert_cmpuint (cel_model_step (model, steps, NULL, &error), ==, steps);
  g_assert_no_error (error);
  cel_flows_get_state (CEL_FLOWS (model), 0, out);
}

static double
distance (const double a[3], const double b[3])
{
  return sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
               + (a[2] - b[2]) * (a[2] - b[2]));
}

/* RK4's global error is O(dt⁴): halving the step divides it by 16. The
 * reference uses dt = 1/32000, whose own error is 32⁻⁴ ≈ 10⁻⁶ of the
 * coarse one. From (1, 1, 20) the Lorenz flow's leading error coefficient
 * at t = 1 happens to be small, so the next term (dt⁵) still shows at
 * dt = 0.004 (measured order 4.5); at dt = 0.001 and 0.0005 we measure
 * 4.08. Rössler's slower flow reaches rounding at such steps, so it is
 * checked at dt = 1/32 and 1/64 (measured 4.07). ±0.2 allows for the
 * next term of the error expansion. */
static void
check_order (const char   *system,
             const double  s0[3],
             const char   *coarse_dt,
             guint         coarse_steps,
             const char   *fine_dt)
{
  g_autoptr (CelModel) model = new_flows (system, 1);
  double reference[3], coarse[3], fine[3], order;

  test_set_param (model, "trajectories", "1");
  cel_model_reset (model);
  integrate_to_one (model, s0, "0.00003125", 32000, reference);
  integrate_to_one (model, s0, coarse_dt, coarse_steps, coarse);
  integrate_to_one (model, s0, fine_dt, 2 * coarse_steps, fine);
  order = log2 (distance (coarse, reference) / distance (fine, reference));
  g_test_message ("%s: RK4 errors %.3g (dt %s), %.3g (dt %s), order %.3f", system,
                  distance (coarse, reference), coarse_dt, distance (fine, reference), fine_dt, order);
  g_assert_cmpfloat (fabs (order - 4), <, 0.2);
  /* The integrated time is kept. */
  g_assert_cmpfloat (fabs (cel_flows_get_time (CEL_FLOWS (model)) - 3), <, 1e-9);
}

static void
test_rk4_order (void)
{
  const double lorenz[3] = { 1, 1, 20 };
  const double rossler[3] = { 1, -6, 0.5 };

  check_order ("lorenz", lorenz, "0.001", 1000, "0.0005");
  check_order ("rossler", rossler, "0.03125", 32, "0.015625");
}

static void
test_lorenz_lyapunov (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 2);
  double lambda, err;

  /* λ₁ = 0.9056 for σ = 10, ρ = 28, β = 8/3 (Sprott, "Chaos and Time-Series
   * Analysis", 2003; Wolf et al. 1985 give 0.90). Over 5000 time units
   * at dt = 0.01 we measure 0.9027 with a block standard error of 0.0018,
   * so the issue's ±0.02 is ten standard errors; RK4's bias at this step
   * is far smaller. */
  test_set_param (model, "lyapunov-time", "5000");
  lambda = test_analysis_number (model, "lyapunov", "lyapunov", &err);
  g_test_message ("Lorenz: λ₁ = %.4f ± %.4f", lambda, err);
  g_assert_cmpfloat (fabs (lambda - 0.906), <, 0.02);
}

static void
test_rossler_lyapunov (void)
{
  g_autoptr (CelModel) model = new_flows ("rossler", 3);
  double lambda, err;

  /* λ₁ = 0.0714 for a = b = 0.2, c = 5.7 (Sprott 2003). The exponent
   * converges slowly (the flow is barely chaotic): over 5·10⁴ time units
   * we measure 0.0713 with a block standard error of 0.0008, so the
   * issue's ±0.01 is about twelve of them. */
  test_set_param (model, "lyapunov-time", "50000");
  lambda = test_analysis_number (model, "lyapunov", "lyapunov", &err);
  g_test_message ("Rössler: λ₁ = %.4f ± %.4f", lambda, err);
  g_assert_cmpfloat (fabs (lambda - 0.071), <, 0.01);
}

static void
test_zero_one (void)
{
  g_autoptr (CelModel) lorenz = new_flows ("lorenz", 4);
  g_autoptr (CelModel) rossler = new_flows ("rossler", 4);
  double k, lambda;

  /* The Lorenz attractor is chaotic: K near 1 (measured 0.998 with x
   * sampled every 0.5). */
  test_set_param (lorenz, "test-frequencies", "30");
  k = test_analysis_number (lorenz, "zero-one", "k", NULL);
  g_test_message ("Lorenz: K = %.4f", k);
  g_assert_cmpfloat (k, >, 0.9);

  /* Rössler with c = 3.5 is on a limit cycle of the period-doubling
   * cascade (its λ₁ is 0 within the error): K near 0 (measured 0.001). */
  test_set_param (rossler, "c", "3.5");
  test_set_param (rossler, "sample-interval", "1");
  test_set_param (rossler, "test-frequencies", "30");
  test_set_param (rossler, "lyapunov-time", "3000");
  lambda = test_analysis_number (rossler, "lyapunov", "lyapunov", NULL);
  k = test_analysis_number (rossler, "zero-one", "k", NULL);
  g_test_message ("Rössler c = 3.5: λ₁ = %.5f, K = %.4f", lambda, k);
  g_assert_cmpfloat (fabs (lambda), <, 0.005);
  g_assert_cmpfloat (k, <, 0.1);
}

static void
test_sample_entropy (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 5);
  double chaotic, periodic;

  /* The estimator is held to the logistic map's published value in
   * test-maps; here only its use on a sampled flow is checked: finite and
   * positive for the Lorenz attractor (measured 1.06 with x sampled every
   * 0.5), lower on Rössler's limit cycle with the same sampling (0.2 to 0.35:
   * the samples fall at varying phases of the cycle, so they are not periodic). */
  chaotic = test_analysis_number (model, "sample-entropy", "sample-entropy", NULL);
  test_set_param (model, "system", "rossler");
  test_set_param (model, "c", "3.5");
  cel_model_reset (model);
  periodic = test_analysis_number (model, "sample-entropy", "sample-entropy", NULL);
  g_test_message ("SampEn: Lorenz %.4f, periodic Rössler %.4f", chaotic, periodic);
  g_assert_true (isfinite (chaotic));
  g_assert_cmpfloat (chaotic, >, 0.5);
  g_assert_cmpfloat (periodic, <, chaotic / 2);
}

/* Painting and the view -------------------------------------------------------------- */

static void
test_paint_restarts (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 6);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  /* Cell (128, 64): x = −30 + 128.5/256·60, z = 55 − 64.5/256·60; y the value. */
  CelCell cells[] = { { 128, 64, 3.0f }, { 10, 250, -2.0f } };
  double s[3];

  test_set_param (model, "trajectories", "3");
  cel_model_reset (model);
  g_assert_true (cel_model_paint_cells (model, cells, 2, undo));
  cel_flows_get_state (CEL_FLOWS (model), 0, s);
  g_assert_cmpfloat (fabs (s[0] - (-30 + 128.5 / 256 * 60)), <, 1e-12);
  g_assert_cmpfloat (fabs (s[2] - (55 - 64.5 / 256 * 60)), <, 1e-12);
  g_assert_cmpfloat (s[1], ==, 3.0);
  cel_flows_get_state (CEL_FLOWS (model), 1, s);
  g_assert_cmpfloat (s[1], ==, -2.0);
  /* Restarts are not cell values: nothing to paint back. */
  g_assert_cmpuint (undo->len, ==, 0);

  /* The next stroke restarts the trajectory after those. */
  g_assert_true (cel_model_paint_cells (model, cells, 1, NULL));
  cel_flows_get_state (CEL_FLOWS (model), 2, s);
  g_assert_cmpfloat (s[1], ==, 3.0);
}

/* Each projection paints the two coordinates it shows; the painted value
 * is the third. Cell (64, 192) in the y–z plane of Lorenz's window
 * (y −30…30, z −5…55): y = −30 + 64.5/256·60, z = 55 − 192.5/256·60. */
static void
test_projections (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 6);
  CelCell cell = { 64, 192, 7.0f };
  CelPoint2 last;
  double s[3];

  test_set_param (model, "projection", "yz");
  cel_model_reset (model);
  g_assert_true (cel_model_paint_cells (model, &cell, 1, NULL));
  cel_flows_get_state (CEL_FLOWS (model), 0, s);
  g_assert_cmpfloat (s[0], ==, 7.0);
  g_assert_cmpfloat (fabs (s[1] - (-30 + 64.5 / 256 * 60)), <, 1e-12);
  g_assert_cmpfloat (fabs (s[2] - (55 - 192.5 / 256 * 60)), <, 1e-12);

  /* The projection plot follows the chosen plane: (y, z) of trajectory 0. */
  cel_model_step (model, 1, NULL, NULL);
  cel_flows_get_state (CEL_FLOWS (model), 0, s);
  g_assert_true (cel_series_get_last (cel_model_find_series (model, "projection"), &last));
  g_assert_cmpfloat (last.x, ==, s[1]);
  g_assert_cmpfloat (last.y, ==, s[2]);
}

static void
test_trails (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 7);
  g_autoptr (CelFrame) frame = NULL;
  const float *cells;
  guint lit = 0, left = 0, right = 0;
  float top = 0;

  cel_model_step (model, 3000, NULL, NULL);
  frame = cel_model_render_field (model, 0, NULL);
  g_assert_cmpuint (frame->width, ==, 256);
  g_assert_cmpuint (frame->format, ==, CEL_FIELD_SCALAR);
  cells = (const float *) frame->data;
  for (guint y = 0; y < 256; y++)
    for (guint x = 0; x < 256; x++)
      {
        float v = cells[y * 256 + x];

        g_assert_cmpfloat (v, >=, 0);
        top = MAX (top, v);
        if (v > 0)
          {
            lit++;
            left += x < 128;
            right += x >= 128;
          }
      }
  /* Shading is relative to the most inked cell; both wings of the
   * butterfly (x < 0 and x > 0) carry ink. */
  g_assert_cmpfloat (fabs (top - 1), <, 1e-6);
  g_assert_cmpuint (lit, >, 2000);
  g_assert_cmpuint (left, >, 500);
  g_assert_cmpuint (right, >, 500);
  g_assert_cmpuint (cel_series_get_total (cel_model_find_series (model, "projection")), ==, 3000);
}

/* State and parameters ------------------------------------------------------------------ */

static void
test_state_round_trip (void)
{
  g_autoptr (CelModel) model = new_flows ("rossler", 8);
  g_autoptr (CelModel) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) sa = NULL;
  g_autoptr (JsonNode) sb = NULL;
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  test_set_param (model, "trajectories", "5");
  test_set_param (model, "trail", "50");
  cel_model_reset (model);
  /* Long enough for the ink weight to be folded back at least once. */
  cel_model_step (model, 4000, NULL, &error);
  g_assert_no_error (error);
  copy = cel_model_copy (model, &error);
  g_assert_no_error (error);
  cel_model_step (model, 500, NULL, &error);
  cel_model_step (copy, 500, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      double a[3], b[3];

      cel_flows_get_state (CEL_FLOWS (model), i, a);
      cel_flows_get_state (CEL_FLOWS (copy), i, b);
      g_assert_cmpmem (a, sizeof a, b, sizeof b);
    }
  sa = cel_model_save_state (model);
  sb = cel_model_save_state (copy);
  ta = json_to_string (sa, FALSE);
  tb = json_to_string (sb, FALSE);
  g_assert_cmpstr (ta, ==, tb);
}

typedef void (*Corrupt) (JsonObject *model_state);

static void corrupt_trajectories (JsonObject *m) { json_object_set_int_member (m, "trajectories", 9); }
static void corrupt_states (JsonObject *m) { json_object_set_string_member (m, "states", "eJwDAAAAAAE="); }
static void corrupt_clock (JsonObject *m) { json_object_remove_member (m, "clock"); }
static void corrupt_ink (JsonObject *m) { json_object_set_int_member (m, "ink", 1); }
static void corrupt_next (JsonObject *m) { json_object_set_int_member (m, "next", 5); }

static void
test_state_corrupt (void)
{
  const struct {
    Corrupt     corrupt;
    const char *member;
  } cases[] = {
    { corrupt_trajectories, "trajectories" },
    { corrupt_states, "states" },
    { corrupt_clock, "clock" },
    { corrupt_ink, "ink" },
    { corrupt_next, "next" },
  };
  g_autoptr (CelModel) model = new_flows ("lorenz", 9);

  test_set_param (model, "trajectories", "5");
  cel_model_reset (model);
  cel_model_step (model, 100, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = cel_model_save_state (model);
      JsonObject *state = json_node_get_object (node);
      double before[3], after[3];

      cel_flows_get_state (CEL_FLOWS (model), 4, before);
      cases[i].corrupt (json_object_get_object_member (state, "model"));
      g_assert_false (cel_model_load_state (model, state, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
      if (strstr (error->message, cases[i].member) == NULL)
        g_error ("“%s” does not name “%s”", error->message, cases[i].member);
      cel_flows_get_state (CEL_FLOWS (model), 4, after);
      g_assert_cmpmem (before, sizeof before, after, sizeof after);
    }
}

static void
test_bad_params (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 10);
  const char *bad[][2] = {
    { "dt", "nan" }, { "dt", "0" }, { "dt", "-0.01" }, { "dt", "inf" }, { "trajectories", "0" },
    { "trajectories", "-4" }, { "rho", "nan" }, { "system", "chua" }, { "trail", "0" },
    { "lyapunov-time", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (cel_model_set_param_string (model, bad[i][0], bad[i][1], &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      g_assert_nonnull (strstr (error->message, bad[i][0]));
    }
}

/* Too long a step for a strongly driven flow: RK4 leaves the attractor and
 * overflows; the model says so instead of going on with infinities. */
static void
test_divergence (void)
{
  g_autoptr (CelModel) model = new_flows ("lorenz", 11);
  g_autoptr (GError) error = NULL;
  guint64 done;

  test_set_param (model, "sigma", "100");
  test_set_param (model, "rho", "500");
  test_set_param (model, "dt", "0.1");
  done = cel_model_step (model, 1000, NULL, &error);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_DIVERGED);
  g_assert_cmpuint (done, <, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flows/rk4/order", test_rk4_order);
  g_test_add_func ("/flows/lyapunov/lorenz", test_lorenz_lyapunov);
  g_test_add_func ("/flows/lyapunov/rossler", test_rossler_lyapunov);
  g_test_add_func ("/flows/zero-one", test_zero_one);
  g_test_add_func ("/flows/sample-entropy", test_sample_entropy);
  g_test_add_func ("/flows/paint/restarts", test_paint_restarts);
  g_test_add_func ("/flows/view/trails", test_trails);
  g_test_add_func ("/flows/view/projections", test_projections);
  g_test_add_func ("/flows/state/round-trip", test_state_round_trip);
  g_test_add_func ("/flows/state/corrupt", test_state_corrupt);
  g_test_add_func ("/flows/params/bad", test_bad_params);
  g_test_add_func ("/flows/divergence", test_divergence);
  return g_test_run ();
}
