/* Reservoir computing: the task series against their defining equations
 * (time-average identities of Lorenz and Mackey–Glass, the NARMA-10
 * recursion), Jaeger's memory capacity bound and its near attainment by a
 * linear orthogonal reservoir, the published NARMA-10 and Mackey–Glass
 * error levels, the free-running Lorenz attractor, E/I adaptation toward
 * target rates, painting, state and errors. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/reservoir/cel-reservoir.h"
#include "models/reservoir/cel-reservoir-signal.h"
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
number (CelAnalysisResult *result, const char *id)
{
  for (guint i = 0; i < result->numbers->len; i++)
    {
      CelAnalysisNumber *n = &g_array_index (result->numbers, CelAnalysisNumber, i);

      if (g_str_equal (n->id, id))
        return n->value;
    }
  g_error ("no number “%s”", id);
}

static CelAnalysisResult *
analyse (CelModel *model, const char *id)
{
  g_autoptr (GError) error = NULL;
  CelAnalysisResult *result = cel_model_run_analysis (model, id, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static double
last_value (CelModel *model, const char *series)
{
  CelPoint2 p;

  g_assert_true (cel_series_get_last (cel_model_find_series (model, series), &p));
  return p.y;
}

/* The series ----------------------------------------------------------------- */

/* Long-time averages of the Lorenz flow obey exact identities: averaging
 * d(x²)/dt = 2σ(xy − x²) and dz/dt = xy − βz gives ⟨x²⟩ = ⟨xy⟩ = β⟨z⟩, up
 * to boundary terms of order 50/T (|x|² < 400, z < 50) over T = 2000 time
 * units, 0.1 % of ⟨z⟩ ≈ 23.5. Sampled every 0.02 the averages stay as
 * close (the sampling error of a long average is O(Δ²/T)). */
static void
test_lorenz_identities (void)
{
  CelSignal signal = { 0 };
  CelRng rng;
  double in[3], out[3], xx = 0, xy = 0, z = 0;
  const guint n = 100000;

  cel_rng_seed (&rng, 3);
  cel_signal_init (&signal, CEL_SIGNAL_LORENZ, 0, &rng);
  g_assert_cmpuint (signal.n_inputs, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      g_assert_true (cel_signal_next (&signal, &rng, in, out));
      x = cel_signal_to_display (&signal, 0, out[0]);
      y = cel_signal_to_display (&signal, 1, out[1]);
      xx += x * x;
      xy += x * y;
      z += cel_signal_to_display (&signal, 2, out[2]);
    }
  xx /= n;
  xy /= n;
  z /= n;
  g_test_message ("<x²> %.4f, <xy> %.4f, β<z> %.4f", xx, xy, 8.0 / 3.0 * z);
  g_assert_cmpfloat_with_epsilon (xx, xy, 2e-3 * xx);
  g_assert_cmpfloat_with_epsilon (xy, 8.0 / 3.0 * z, 2e-3 * xy);
  cel_signal_clear (&signal);
}

/* Averaging the Mackey–Glass equation: γ⟨x⟩ = β⟨x_τ/(1 + x_τ¹⁰)⟩, and the
 * delayed average equals the undelayed one over a long run, so
 * ⟨x⟩ = 2·⟨x/(1 + x¹⁰)⟩ (β/γ = 2), up to (x(T) − x(0))/(γT) < 1/(0.1·T):
 * 5e-4 over T = 20 000. Also the input is the previous step's target. */
static void
test_mackey_glass_identity (void)
{
  CelSignal signal = { 0 };
  CelRng rng;
  double in, out, prev = NAN, mean = 0, hill = 0;
  const guint n = 20000;

  cel_rng_seed (&rng, 4);
  cel_signal_init (&signal, CEL_SIGNAL_MACKEY_GLASS, 0, &rng);
  for (guint i = 0; i < n; i++)
    {
      double x, x10;

      g_assert_true (cel_signal_next (&signal, &rng, &in, &out));
      if (i > 0)
        g_assert_cmpfloat (in, ==, prev);
      prev = out;
      x = cel_signal_to_display (&signal, 0, out);
      x10 = pow (x, 10.0);
      mean += x;
      hill += x / (1.0 + x10);
    }
  mean /= n;
  hill /= n;
  g_test_message ("<x> %.5f, 2<x/(1+x^10)> %.5f", mean, 2.0 * hill);
  g_assert_cmpfloat_with_epsilon (mean, 2.0 * hill, 1e-3);
  cel_signal_clear (&signal);
}

/* NARMA-10 (Atiya & Parlos 2000) recomputed from its definition. */
static void
test_narma10_recursion (void)
{
  CelSignal signal = { 0 };
  CelRng rng;
  double y[11] = { 0 }, u[11] = { 0 };

  cel_rng_seed (&rng, 5);
  cel_signal_init (&signal, CEL_SIGNAL_NARMA10, 0, &rng);
  for (guint t = 0; t < 2000; t++)
    {
      double in, out, sum = 0, expected;

      g_assert_true (cel_signal_next (&signal, &rng, &in, &out));
      g_assert_cmpfloat (in, >=, 0.0);
      g_assert_cmpfloat (in, <, 0.5);
      memmove (u + 1, u, 10 * sizeof (double));
      u[0] = in;
      for (guint i = 0; i < 10; i++)
        sum += y[i];
      expected = 0.3 * y[0] + 0.05 * y[0] * sum + 1.5 * u[9] * u[0] + 0.1;
      g_assert_cmpfloat_with_epsilon (out, expected, 1e-12);
      memmove (y + 1, y, 10 * sizeof (double));
      y[0] = out;
    }
  cel_signal_clear (&signal);
}

/* Memory capacity ----------------------------------------------------------- */

/* Jaeger (GMD Report 152, 2002): MC = Σ_k r²(k) ≤ N, with equality for a
 * linear network whose input spreads over all of its N dimensions; a
 * random orthogonal matrix at spectral radius 0.95 comes close (MC ≥ 0.9 N
 * for N = 50). Each r²(k) is measured on a held-out test of T steps; its
 * sampling error is about 2r(1 − r²)/√T, plus a bias of about 1/T, so the
 * bound is checked as MC ≤ N + Σ_k (2r_k(1 − r_k²)/√T + 1/T), as if every
 * delay's error had the same sign. */
static void
check_memory_bound (CelModel *model, CelAnalysisResult *result, guint units, guint test)
{
  CelSeries *curve = g_ptr_array_index (result->series, 0);
  const CelPoint2 *points;
  guint n;
  double mc = number (result, "memory-capacity"), slack = 0.0, sum = 0.0;

  points = cel_series_get_points (curve, &n);
  g_assert_cmpuint (n, ==, 2 * units);
  for (guint k = 0; k < n; k++)
    {
      double r2 = points[k].y, r = sqrt (r2);

      g_assert_cmpfloat (points[k].x, ==, k + 1);
      g_assert_cmpfloat (r2, >=, 0.0);
      g_assert_cmpfloat (r2, <=, 1.0);
      slack += 2.0 * r * (1.0 - r2) / sqrt (test) + 1.0 / test;
      sum += r2;
    }
  g_assert_cmpfloat_with_epsilon (sum, mc, 1e-9 * mc);
  g_assert_cmpfloat (number (result, "units"), ==, units);
  g_test_message ("MC %.3f of N = %u (sampling slack %.3f)", mc, units, slack);
  g_assert_cmpfloat (mc, <=, units + slack);
}

static void
test_memory_capacity_linear (void)
{
  for (guint64 seed = 1; seed <= 3; seed++)
    {
      g_autoptr (CelModel) model = test_new_model ("reservoir", "units=50", "matrix=orthogonal", "activation=linear",
                                                  "spectral-radius=0.95", "washout=500", "train=10000",
                                                  "analysis-test=20000", "ridge=-10", NULL);
      g_autoptr (CelAnalysisResult) result = NULL;

      cel_model_set_seed (model, seed);
      cel_model_reset (model);
      result = analyse (model, "memory-capacity");
      check_memory_bound (model, result, 50, 20000);
      g_assert_cmpfloat (number (result, "memory-capacity"), >=, 0.9 * 50);
    }
}

static void
test_memory_capacity_nonlinear (void)
{
  g_autoptr (CelModel) model = test_new_model ("reservoir", "units=50", "washout=200", "train=5000",
                                              "analysis-test=5000", NULL);
  g_autoptr (CelAnalysisResult) result = analyse (model, "memory-capacity");
  double mc = number (result, "memory-capacity");

  check_memory_bound (model, result, 50, 5000);
  /* Saturation costs memory (Jaeger 2002): well short of N here. */
  g_assert_cmpfloat (mc, >, 1.0);
  g_assert_cmpfloat (mc, <, 45.0);
}

/* Published error levels --------------------------------------------------------- *
 *
 * The setups are the standard ones: washout 200, 2000 training steps, 2000
 * test steps, ridge fixed at λ = 10⁻⁸ (not tuned on the test), default
 * reservoir (sparsity 0.9, ρ = 0.9, input scaling 0.3, tanh). */

/* NARMA-10 with 100 units: published ESN results are NRMSE ≈ 0.2–0.4
 * (e.g. Rodan & Tiňo 2011, NMSE ≈ 0.08–0.15 for N = 100); the issue asks
 * for below 0.45, on each of three seeds. */
static void
test_narma10 (void)
{
  for (guint64 seed = 1; seed <= 3; seed++)
    {
      g_autoptr (CelModel) model = test_new_model ("reservoir", "units=100", "washout=200", "train=2000",
                                                  "analysis-test=2000", "ridge=-8", NULL);
      g_autoptr (CelAnalysisResult) result = NULL;
      double nrmse;

      cel_model_set_seed (model, seed);
      cel_model_reset (model);
      result = analyse (model, "narma10");
      nrmse = number (result, "nrmse");
      g_test_message ("NARMA-10 seed %" G_GUINT64_FORMAT ": NRMSE %.4f", seed, nrmse);
      g_assert_cmpfloat (nrmse, <, 0.45);
      g_assert_cmpuint (result->series->len, ==, 2);
    }
}

/* Mackey–Glass (τ = 17) one step (one time unit) ahead: below 0.02 NRMSE,
 * as the issue asks (ESNs of this size reach about 10⁻³). */
static void
test_mackey_glass (void)
{
  for (guint64 seed = 1; seed <= 2; seed++)
    {
      g_autoptr (CelModel) model = test_new_model ("reservoir", "task=mackey-glass-free", "units=100", "washout=200",
                                                  "train=2000", "analysis-test=2000", "ridge=-8", NULL);
      g_autoptr (CelAnalysisResult) result = NULL;
      double nrmse;

      cel_model_set_seed (model, seed);
      cel_model_reset (model);
      /* The free-running task names the series; the analysis predicts it
       * one step ahead. */
      result = analyse (model, "one-step");
      nrmse = number (result, "nrmse");
      g_test_message ("Mackey–Glass seed %" G_GUINT64_FORMAT ": NRMSE %.5f", seed, nrmse);
      g_assert_cmpfloat (nrmse, <, 0.02);
    }
}

/* The learned Lorenz attractor ------------------------------------------------------- */

static void
moments (const CelPoint2 *p, guint n, double *mean_z, double *sd_z, double *sd_x)
{
  double sz = 0, szz = 0, sx = 0, sxx = 0;

  for (guint i = 0; i < n; i++)
    {
      sz += p[i].y;
      szz += p[i].y * p[i].y;
      sx += p[i].x;
      sxx += p[i].x * p[i].x;
    }
  *mean_z = sz / n;
  *sd_z = sqrt (szz / n - *mean_z * *mean_z);
  *sd_x = sqrt (sxx / n - (sx / n) * (sx / n));
}

/* Running on its own predictions, the trained reservoir first follows the
 * true trajectory (short-term prediction: errors grow at the Lorenz
 * Lyapunov rate 0.9, so only a few time units) and then keeps producing the
 * attractor's shape ("climate", Pathak et al., Chaos 27, 2017): the
 * predicted x–z points have the true points' mean and spread of z and
 * spread of x, within 10 %. */
static void
test_lorenz_free_run (void)
{
  g_autoptr (CelModel) model = test_new_model ("reservoir", "washout=100", "train=3000", NULL);
  CelReservoir *reservoir = CEL_RESERVOIR (model);
  const CelPoint2 *truth, *predicted;
  guint n_true, n_predicted;
  double tz, tsz, tsx, pz, psz, psx;

  g_assert_cmpint (cel_reservoir_get_phase (reservoir), ==, CEL_RESERVOIR_WASHOUT);
  step (model, 100);
  g_assert_cmpint (cel_reservoir_get_phase (reservoir), ==, CEL_RESERVOIR_TRAINING);
  g_assert_true (isnan (cel_reservoir_get_nrmse (reservoir)));
  step (model, 3000);
  g_assert_cmpint (cel_reservoir_get_phase (reservoir), ==, CEL_RESERVOIR_TESTING);
  g_assert_cmpuint (cel_series_get_total (cel_model_find_series (model, "output")), ==, 0);

  /* Two time units (100 steps) ahead the forecast still tracks x. */
  step (model, 100);
  g_assert_cmpuint (cel_reservoir_get_tested (reservoir), ==, 100);
  g_test_message ("free-run NRMSE over the first 100 steps: %.4f", cel_reservoir_get_nrmse (reservoir));
  g_assert_cmpfloat (cel_reservoir_get_nrmse (reservoir), <, 0.1);

  step (model, 3900);
  truth = cel_series_get_points (cel_model_find_series (model, "true-attractor"), &n_true);
  predicted = cel_series_get_points (cel_model_find_series (model, "predicted-attractor"), &n_predicted);
  g_assert_cmpuint (n_true, ==, 7100);
  g_assert_cmpuint (n_predicted, ==, 4000);
  /* The truth over the same stretch of time. */
  moments (truth + 3100, 4000, &tz, &tsz, &tsx);
  moments (predicted, 4000, &pz, &psz, &psx);
  g_test_message ("true z %.2f ± %.2f, x ± %.2f; predicted z %.2f ± %.2f, x ± %.2f",
                  tz, tsz, tsx, pz, psz, psx);
  g_assert_cmpfloat_with_epsilon (pz, tz, 0.1 * tz);
  g_assert_cmpfloat_with_epsilon (psz, tsz, 0.1 * tsz);
  g_assert_cmpfloat_with_epsilon (psx, tsx, 0.1 * tsx);
}

/* E/I adaptation ------------------------------------------------------------------------ */

static double
mean_activation (CelModel *model)
{
  g_autoptr (CelFrame) frame = cel_model_render_field (model, 0, NULL);
  double sum = 0.0;
  guint n = 0;

  for (guint y = 0; y < frame->height; y++)
    for (guint x = 0; x < frame->width; x++)
      {
        float v = ((const float *) (frame->data + (gsize) y * frame->stride))[x];

        if (!isnan (v))
          {
            sum += v;
            n++;
          }
      }
  return sum / n;
}

/* The homeostatic rule g_i += η(rate_i − target_i) has its fixed point
 * where every unit fires at its target, so the population's mean rate
 * settles at the mean target; without the rule it stays where the weights
 * put it. The tolerance 0.03: a unit with no inhibitory input at all
 * (probability 0.9^40 ≈ 1.5 % at sparsity 0.9 with 40 inhibitory units)
 * cannot be brought down, which lifts the mean by about 0.01, and the
 * rates fluctuate with the input. */
static void
test_ei_adaptation (void)
{
  g_autoptr (CelModel) adapting = test_new_model ("reservoir", "units=200", "ei-fraction=0.8", "activation=sigmoid",
                                                 "spectral-radius=3", "input-scaling=1",
                                                 "adapt-rate=0.2", "target-rate=0.3",
                                                 "washout=2000", "task=narma10", NULL);
  g_autoptr (CelModel) fixed = test_new_model ("reservoir", "units=200", "ei-fraction=0.8", "activation=sigmoid",
                                              "spectral-radius=3", "input-scaling=1",
                                              "target-rate=0.3", "washout=2000", "task=narma10", NULL);
  double with = 0.0, without = 0.0;

  step (adapting, 1800);
  step (fixed, 1800);
  for (guint i = 0; i < 200; i++)
    {
      step (adapting, 1);
      step (fixed, 1);
      with += mean_activation (adapting) / 200;
      without += mean_activation (fixed) / 200;
    }
  g_test_message ("mean rate with adaptation %.3f, without %.3f (target 0.3)", with, without);
  g_assert_cmpfloat_with_epsilon (with, 0.3, 0.03);
  g_assert_cmpfloat (fabs (without - 0.3), >, 0.1);
}

/* Painting --------------------------------------------------------------------------------- */

static void
test_paint (void)
{
  g_autoptr (CelModel) model = test_new_model ("reservoir", "units=10", NULL);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (CelCell));
  const CelCell cells[] = { { 0, 0, 0.5f }, { 3, 1, 5.0f }, { 1, 2, -0.25f }, { 2, 2, 1.0f } };
  g_autoptr (CelFrame) before = NULL;
  g_autoptr (CelFrame) after = NULL;
  guint w, h;

  /* 10 units in a 4 × 3 square; the last two cells are not units. */
  cel_model_get_size (model, &w, &h);
  g_assert_cmpuint (w, ==, 4);
  g_assert_cmpuint (h, ==, 3);
  step (model, 5);
  before = cel_model_render_field (model, 0, NULL);
  g_assert_true (isnan (((float *) (before->data + 2 * before->stride))[3]));
  g_assert_true (cel_model_paint_cells (model, cells, G_N_ELEMENTS (cells), undo));
  g_assert_cmpuint (undo->len, ==, 3);
  after = cel_model_render_field (model, 0, NULL);
  g_assert_cmpfloat (((float *) after->data)[0], ==, 0.5f);
  /* tanh units live in [−1, 1]. */
  g_assert_cmpfloat (((float *) (after->data + after->stride))[3], ==, 1.0f);
  g_assert_cmpfloat (((float *) (after->data + 2 * after->stride))[1], ==, -0.25f);
  g_assert_true (isnan (((float *) (after->data + 2 * after->stride))[2]));

  g_assert_true (cel_model_paint_cells (model, (const CelCell *) undo->data, undo->len, NULL));
  g_clear_pointer (&after, cel_frame_unref);
  after = cel_model_render_field (model, 0, NULL);
  g_assert_cmpmem (before->data, before->stride * before->height, after->data, after->stride * after->height);
}

/* State ---------------------------------------------------------------------------------------- */

static void
assert_same (CelModel *a, CelModel *b)
{
  g_autoptr (CelFrame) fa = cel_model_render_field (a, 0, NULL);
  g_autoptr (CelFrame) fb = cel_model_render_field (b, 0, NULL);
  GPtrArray *sa = cel_model_get_series (a), *sb = cel_model_get_series (b);

  g_assert_cmpmem (fa->data, fa->stride * fa->height, fb->data, fb->stride * fb->height);
  for (guint i = 0; i < sa->len; i++)
    {
      guint na, nb;
      const CelPoint2 *pa = cel_series_get_points (g_ptr_array_index (sa, i), &na);
      const CelPoint2 *pb = cel_series_get_points (g_ptr_array_index (sb, i), &nb);

      g_assert_cmpmem (pa, na * sizeof (CelPoint2), pb, nb * sizeof (CelPoint2));
    }
}

/* Saved after `before` steps, loaded, and both run on: identical. */
static void
check_round_trip (CelModel *a, guint before, guint after)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  CelExperiment exp = { 0 };

  step (a, before);
  data = cel_experiment_to_data (a, NULL, NULL, TRUE, &length);
  g_assert_true (cel_experiment_load_data (data, length, &exp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cel_model_get_step (exp.model), ==, before);
  assert_same (a, exp.model);
  step (a, after);
  step (exp.model, after);
  assert_same (a, exp.model);
  g_assert_cmpint (cel_reservoir_get_phase (CEL_RESERVOIR (a)), ==,
                   cel_reservoir_get_phase (CEL_RESERVOIR (exp.model)));
  cel_experiment_clear (&exp);
}

static void
test_state_round_trip (void)
{
  const guint points[] = { 20, 150, 330 };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      /* Washout (50), training (in the middle of a batch), test. */
      g_autoptr (CelModel) lorenz = test_new_model ("reservoir", "units=60", "washout=50", "train=200", NULL);
      g_autoptr (CelModel) memory = test_new_model ("reservoir", "units=30", "task=memory", "washout=50",
                                                   "train=200", "delay=3", NULL);
      g_autoptr (CelModel) ei = test_new_model ("reservoir", "units=40", "ei-fraction=0.75", "activation=sigmoid",
                                               "adapt-rate=0.05", "target-spread=0.1",
                                               "task=mackey-glass-free", "washout=50", "train=200",
                                               NULL);

      check_round_trip (lorenz, points[i], 120);
      check_round_trip (memory, points[i], 120);
      check_round_trip (ei, points[i], 120);
    }
}

static JsonObject *
state_copy (CelModel *model)
{
  g_autoptr (JsonNode) node = cel_model_save_state (model);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (parsed));
}

/* A blob of n little-endian doubles, the first one `first`, the rest 0. */
static char *
doubles_blob (guint n, double first)
{
  g_autofree guint64 *le = g_new0 (guint64, n);
  guint64 bits;

  memcpy (&bits, &first, sizeof bits);
  le[0] = GUINT64_TO_LE (bits);
  return cel_blob_encode (le, n * sizeof (guint64));
}

static void
test_state_corrupt (void)
{
  g_autoptr (CelModel) model = test_new_model ("reservoir", "units=20", "ei-fraction=0.5", "washout=10",
                                              "train=100", "task=mackey-glass", NULL);
  g_autofree char *nan_state = doubles_blob (20, NAN);
  g_autofree char *negative_gain = doubles_blob (20, -1.0);
  struct {
    const char *member;
    const char *text;
    gint64      number;
    gboolean    boolean;
    const char *named;
  } cases[] = {
    { "state", nan_state, 0, FALSE, "state" },
    { "gains", negative_gain, 0, FALSE, "gains" },
    { "units", NULL, 21, FALSE, "units" },
    { "task", "lorenz", 0, FALSE, "task" },
    { "trained", NULL, 100000, FALSE, "trained" },
    { "fitted", NULL, 0, TRUE, "fitted" },
    { "batch", NULL, 64, FALSE, "batch" },
    { "zz", "AAAA", 0, FALSE, "zz" },
  };

  step (model, 30);
  for (guint i = 0; i < G_N_ELEMENTS (cases) + 1; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) state = state_copy (model);
      JsonObject *m = json_object_get_object_member (state, "model");
      g_autoptr (CelModel) before = cel_model_copy (model, NULL);
      const char *named;

      if (i == G_N_ELEMENTS (cases))
        {
          json_object_remove_member (json_object_get_object_member (m, "signal"), "history");
          named = "signal.history";
        }
      else
        {
          if (cases[i].text != NULL)
            json_object_set_string_member (m, cases[i].member, cases[i].text);
          else if (g_str_equal (cases[i].member, "fitted"))
            json_object_set_boolean_member (m, cases[i].member, cases[i].boolean);
          else
            json_object_set_int_member (m, cases[i].member, cases[i].number);
          named = cases[i].named;
        }
      g_assert_false (cel_model_load_state (model, state, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
      if (strstr (error->message, named) == NULL)
        g_error ("“%s” does not name “%s”", error->message, named);
      /* A refused state leaves the model as it was. */
      assert_same (model, before);
      step (model, 1);
      step (before, 1);
      assert_same (model, before);
    }
}

/* Errors -------------------------------------------------------------------------------------- */

static void
test_bad_params (void)
{
  g_autoptr (CelModel) model = test_new_model ("reservoir", "units=10", NULL);
  const struct { const char *name, *value; } cases[] = {
    { "spectral-radius", "-1" }, { "spectral-radius", "nan" }, { "spectral-radius", "6" },
    { "units", "1" }, { "units", "5000" }, { "leak-rate", "0" }, { "task", "weather" },
    { "ridge", "inf" }, { "train", "5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (cel_model_set_param_string (model, cases[i].name, cases[i].value, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      g_assert_nonnull (strstr (error->message, cases[i].name));
    }
}

static void
test_divergence (void)
{
  g_autoptr (CelModel) linear = test_new_model ("reservoir", "units=30", "activation=linear", "spectral-radius=1.5",
                                               "task=memory", NULL);
  g_autoptr (CelModel) saturating = test_new_model ("reservoir", "units=30", "spectral-radius=5", "task=memory",
                                                   "washout=10", "train=500", NULL);
  g_autoptr (CelModel) narma = test_new_model ("reservoir", "units=30", "task=narma10", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CelAnalysisResult) result = NULL;
  guint64 done;

  /* A linear reservoir with ρ = 1.5 grows like 1.5^t and leaves the
   * doubles (about 10^308) after some 1750 steps: an error, not a crash. */
  done = cel_model_step (linear, 5000, NULL, &error);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_DIVERGED);
  g_assert_cmpuint (done, <, 5000);
  g_assert_cmpuint (done, >, 1000);
  g_clear_error (&error);
  g_assert_cmpuint (cel_model_step (linear, 1, NULL, &error), ==, 0);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_DIVERGED);
  g_clear_error (&error);

  /* tanh keeps any radius bounded: a chaotic reservoir, but no error. */
  step (saturating, 2000);
  g_assert_cmpfloat (fabs (mean_activation (saturating)), <=, 1.0);
  g_assert_true (isfinite (last_value (saturating, "nrmse")));

  /* One-step prediction needs a series to predict. */
  result = cel_model_run_analysis (narma, "one-step", NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
  g_assert_nonnull (strstr (error->message, "task"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reservoir/series/lorenz", test_lorenz_identities);
  g_test_add_func ("/reservoir/series/mackey-glass", test_mackey_glass_identity);
  g_test_add_func ("/reservoir/series/narma10", test_narma10_recursion);
  g_test_add_func ("/reservoir/memory/linear", test_memory_capacity_linear);
  g_test_add_func ("/reservoir/memory/nonlinear", test_memory_capacity_nonlinear);
  g_test_add_func ("/reservoir/narma10", test_narma10);
  g_test_add_func ("/reservoir/mackey-glass", test_mackey_glass);
  g_test_add_func ("/reservoir/lorenz-free-run", test_lorenz_free_run);
  g_test_add_func ("/reservoir/ei-adaptation", test_ei_adaptation);
  g_test_add_func ("/reservoir/paint", test_paint);
  g_test_add_func ("/reservoir/state/round-trip", test_state_round_trip);
  g_test_add_func ("/reservoir/state/corrupt", test_state_corrupt);
  g_test_add_func ("/reservoir/errors/params", test_bad_params);
  g_test_add_func ("/reservoir/errors/divergence", test_divergence);
  return g_test_run ();
}
