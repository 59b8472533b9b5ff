/* Spike-timing-dependent plasticity: single pre/post pairs against the
 * trace equations' closed forms A± w_max e^(−Δt/τ±), all-to-all summation,
 * the bounds [0, w_max], the plastic flags, the NALSM astrocyte's
 * integration (exact relaxation, kicks of liquid minus input spikes, the
 * paper's fixed point b + w ρ) and its effect on depression, state round
 * trip and parameter errors. */
#include <math.h>
#include <string.h>

#include "cellarium.h"
#include "models/snn/cel-snn-plasticity.h"

#define DT 0.1

static const CelSnnStdpParams base = {
  .a_plus = 0.01, .a_minus = 0.0105,
  /* Bi & Poo's windows as fitted by van Rossum et al. (2000): 16.8 and
   * 33.7 ms. */
  .tau_plus = 16.8, .tau_minus = 33.7,
  .w_max = 2.0,
  .astrocyte = FALSE,
  .tau_astro = 10.0, .astro_gain = 0.0,
};

/* Two neurons joined both ways: synapse 0 is 0 → 1, synapse 1 is 1 → 0. */
static const guint32 pair_offsets[] = { 0, 1, 2 };
static const guint32 pair_targets[] = { 1, 0 };

/* Runs steps 0 … n_steps − 1, neuron 0 firing at step t0 and neuron 1 at
 * t1 (a negative step: never). */
static void
run_pair (CelSnnStdp *stdp, float *w, gint64 t0, gint64 t1, gint64 n_steps)
{
  for (gint64 t = 0; t < n_steps; t++)
    {
      guint32 spikes[2];
      guint n = 0;

      if (t == t0)
        spikes[n++] = 0;
      if (t == t1)
        spikes[n++] = 1;
      cel_snn_stdp_step (stdp, w, spikes, n, 0, 0, DT);
    }
}

/* Neuron 0 at step 0, neuron 1 at step k: Δt = k dt. Synapse 0 → 1 sees
 * pre before post and grows by A₊ w_max e^(−Δt/τ₊); synapse 1 → 0 sees post
 * (0) before pre (1) and shrinks by A₋ w_max e^(−Δt/τ₋). The traces decay
 * by e^(−dt/τ) per step, whose k-th power equals e^(−k dt/τ) to about 10⁻¹⁴;
 * the weights are floats, spaced 1.2·10⁻⁷ near 1, so the asserted
 * tolerance is one float spacing. */
static void
test_pair (void)
{
  static const guint delays[] = { 1, 10, 57, 200, 1000 };

  for (guint d = 0; d < G_N_ELEMENTS (delays); d++)
    {
      g_autoptr (CelSnnStdp) stdp = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &base);
      float w[2] = { 1.0f, 1.0f };
      double dt_ms = delays[d] * DT;

      run_pair (stdp, w, 0, delays[d], delays[d] + 5);
      g_assert_cmpfloat_with_epsilon (w[0], 1.0 + base.a_plus * base.w_max * exp (-dt_ms / base.tau_plus),
                                      1.2e-7);
      g_assert_cmpfloat_with_epsilon (w[1], 1.0 - base.a_minus * base.w_max * exp (-dt_ms / base.tau_minus),
                                      1.2e-7);
    }
}

/* Spikes in the same step do not pair; a lone spike changes nothing. */
static void
test_simultaneous (void)
{
  g_autoptr (CelSnnStdp) stdp = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &base);
  float w[2] = { 1.0f, 1.0f };

  run_pair (stdp, w, 3, 3, 10);
  g_assert_cmpfloat (w[0], ==, 1.0f);
  g_assert_cmpfloat (w[1], ==, 1.0f);
  cel_snn_stdp_reset (stdp);
  run_pair (stdp, w, 4, -1, 10);
  g_assert_cmpfloat (w[0], ==, 1.0f);
  g_assert_cmpfloat (w[1], ==, 1.0f);
}

/* All-to-all pairing: pre spikes at steps 0 and 30, post at 100: the
 * potentiation is A₊ w_max (e^(−10/τ₊) + e^(−7/τ₊)); after reset the
 * traces are empty and a post spike alone changes nothing. */
static void
test_all_to_all (void)
{
  g_autoptr (CelSnnStdp) stdp = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &base);
  float w[2] = { 0.5f, 0.5f };

  for (gint64 t = 0; t <= 100; t++)
    {
      guint32 spike = t == 100 ? 1 : 0;
      gboolean fires = t == 0 || t == 30 || t == 100;

      cel_snn_stdp_step (stdp, w, &spike, fires ? 1 : 0, 0, 0, DT);
    }
  g_assert_cmpfloat_with_epsilon (w[0], 0.5 + base.a_plus * base.w_max
                                           * (exp (-10.0 / base.tau_plus) + exp (-7.0 / base.tau_plus)),
                                  6e-8);

  cel_snn_stdp_reset (stdp);
  w[0] = 0.5f;
  run_pair (stdp, w, -1, 0, 5);
  g_assert_cmpfloat (w[0], ==, 0.5f);
}

/* Random spikes on a random network with large amplitudes: every weight
 * stays in [0, w_max], some reach each bound, and a synapse not flagged
 * plastic never changes. */
static void
test_bounds_and_flags (void)
{
  enum { N = 60, STEPS = 4000 };
  CelSnnStdpParams p = base;
  GArray *targets = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 offsets[N + 1];
  g_autofree float *w = NULL;
  g_autofree float *w0 = NULL;
  g_autofree guint8 *plastic = NULL;
  g_autoptr (CelSnnStdp) stdp = NULL;
  guint n_syn, at_zero = 0, at_max = 0;
  CelRng rng;

  cel_rng_seed (&rng, 11);
  offsets[0] = 0;
  for (guint i = 0; i < N; i++)
    {
      for (guint32 j = 0; j < N; j++)
        if (j != i && cel_rng_uniform (&rng) < 0.2)
          g_array_append_val (targets, j);
      offsets[i + 1] = targets->len;
    }
  n_syn = targets->len;
  w = g_new (float, n_syn);
  plastic = g_new (guint8, n_syn);
  for (guint s = 0; s < n_syn; s++)
    {
      w[s] = (float) cel_rng_uniform (&rng);
      plastic[s] = s % 5 != 0;
    }
  w0 = g_memdup2 (w, n_syn * sizeof (float));
  p.a_plus = 0.3;
  p.a_minus = 0.3;
  p.w_max = 1.0;
  stdp = cel_snn_stdp_new (N, offsets, (const guint32 *) targets->data, plastic, &p);

  for (guint t = 0; t < STEPS; t++)
    {
      guint32 spikes[N];
      guint n = 0;

      for (guint32 i = 0; i < N; i++)
        if (cel_rng_uniform (&rng) < 0.02)
          spikes[n++] = i;
      cel_snn_stdp_step (stdp, w, spikes, n, 0, 0, DT);
    }
  for (guint s = 0; s < n_syn; s++)
    {
      g_assert_cmpfloat (w[s], >=, 0.0f);
      g_assert_cmpfloat (w[s], <=, 1.0f);
      if (!plastic[s])
        g_assert_cmpfloat (w[s], ==, w0[s]);
      at_zero += w[s] == 0.0f;
      at_max += w[s] == 1.0f;
    }
  g_assert_cmpuint (at_zero, >, 0);
  g_assert_cmpuint (at_max, >, 0);
  g_array_unref (targets);
}

/* The astrocyte: A₋ starts at b = a_minus; a step with L liquid and I input
 * spikes adds (w · 1 ms/τ_astro)(L − I), and A₋ relaxes back to b by
 * e^(−t/τ_astro); the depression in force is max (0, A₋). More liquid than
 * input activity raises depression, less lowers it (to 0 at most). */
static void
test_astrocyte (void)
{
  CelSnnStdpParams p = base;
  g_autoptr (CelSnnStdp) stdp = NULL;
  /* Neurons 0 … 9: liquid; 10 … 14: input. */
  guint32 offsets[16] = { 0 };
  guint32 spikes[15];
  float none = 0.0f;
  double kick;

  p.astrocyte = TRUE;
  p.astro_gain = 0.1;
  p.tau_astro = 50.0;
  kick = p.astro_gain * 1.0 / p.tau_astro;
  stdp = cel_snn_stdp_new (15, offsets, NULL, NULL, &p);
  g_assert_cmpfloat (cel_snn_stdp_get_astrocyte (stdp), ==, p.a_minus);
  g_assert_cmpfloat (cel_snn_stdp_get_a_minus (stdp), ==, p.a_minus);

  /* 8 liquid and 3 input spikes. */
  for (guint i = 0; i < 8; i++)
    spikes[i] = i;
  for (guint i = 0; i < 3; i++)
    spikes[8 + i] = 10 + i;
  cel_snn_stdp_step (stdp, &none, spikes, 11, 3, 5, DT);
  g_assert_cmpfloat_with_epsilon (cel_snn_stdp_get_astrocyte (stdp), p.a_minus + 5 * kick, 1e-15);
  g_assert_cmpfloat (cel_snn_stdp_get_a_minus (stdp), >, p.a_minus);

  /* 100 quiet steps: the excess decays by e^(−10 ms/50 ms). */
  for (guint t = 0; t < 100; t++)
    cel_snn_stdp_step (stdp, &none, spikes, 0, 0, 5, DT);
  g_assert_cmpfloat_with_epsilon (cel_snn_stdp_get_astrocyte (stdp), p.a_minus + 5 * kick * exp (-0.2),
                                  1e-14);

  /* 1 liquid and 5 input spikes lower the depression by 4 kicks; three
   * more such steps take A₋ below 0, and the depression in force to 0. */
  cel_snn_stdp_reset (stdp);
  g_assert_cmpfloat (cel_snn_stdp_get_astrocyte (stdp), ==, p.a_minus);
  spikes[0] = 0;
  for (guint i = 0; i < 5; i++)
    spikes[1 + i] = 10 + i;
  cel_snn_stdp_step (stdp, &none, spikes, 6, 5, 5, DT);
  g_assert_cmpfloat_with_epsilon (cel_snn_stdp_get_a_minus (stdp), p.a_minus - 4 * kick, 1e-15);
  for (guint t = 0; t < 3; t++)
    cel_snn_stdp_step (stdp, &none, spikes, 6, 5, 5, DT);
  g_assert_cmpfloat (cel_snn_stdp_get_astrocyte (stdp), <, 0.0);
  g_assert_cmpfloat (cel_snn_stdp_get_a_minus (stdp), ==, 0.0);
}

/* Held at D liquid minus input spikes per step, A₋ settles where the kicks
 * balance the relaxation: b + (w D/τ)/(1 − e^(−dt/τ)), within 10⁻¹² after
 * 40 time constants (e^(−40) ≈ 4·10⁻¹⁸). That is the paper's fixed point
 * b + w ρ, ρ = D/dt the spikes per millisecond, to within dt/(2τ) = 0.1 %
 * relative: the discrete kicks land at the ends of the steps. */
static void
test_astrocyte_steady_state (void)
{
  CelSnnStdpParams p = base;
  g_autoptr (CelSnnStdp) stdp = NULL;
  guint32 offsets[11] = { 0 };
  guint32 spikes[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  float none = 0.0f;
  double fixed, a;

  p.astrocyte = TRUE;
  p.astro_gain = 0.0004;
  p.tau_astro = 50.0;
  stdp = cel_snn_stdp_new (10, offsets, NULL, NULL, &p);
  /* Three liquid spikes a step, no input population. */
  for (guint t = 0; t < 20000; t++)
    cel_snn_stdp_step (stdp, &none, spikes, 3, 0, 0, DT);
  fixed = p.a_minus + (p.astro_gain * 3 / p.tau_astro) / -expm1 (-DT / p.tau_astro);
  a = cel_snn_stdp_get_astrocyte (stdp);
  g_assert_cmpfloat_with_epsilon (a, fixed, 1e-12);
  g_assert_cmpfloat (fabs (a - (p.a_minus + p.astro_gain * 3 / DT)) / (a - p.a_minus), <,
                     DT / (2 * p.tau_astro) * 1.01);
}

/* With the astrocyte, the pair's depression uses the amplitude in force
 * at the pre spike, the astrocyte having counted that step's spikes: with
 * no input, the liquid's spike at step 0 gives A₋ = b + w/τ_astro (per
 * 1 ms), and at step k, A₋ = b + (w/τ_astro)(e^(−k dt/τ_astro) + 1). */
static void
test_astrocyte_depression (void)
{
  CelSnnStdpParams p = base;
  g_autoptr (CelSnnStdp) stdp = NULL;
  float w[2] = { 1.0f, 1.0f };
  const gint k = 50;
  double a;

  p.astrocyte = TRUE;
  p.astro_gain = 0.04;
  p.tau_astro = 20.0;
  stdp = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &p);
  run_pair (stdp, w, 0, k, k + 1);
  a = p.a_minus + p.astro_gain / p.tau_astro * (1.0 + exp (-k * DT / p.tau_astro));
  g_assert_cmpfloat_with_epsilon (cel_snn_stdp_get_a_minus (stdp), a, 1e-14);
  g_assert_cmpfloat_with_epsilon (w[1], 1.0 - a * p.w_max * exp (-k * DT / p.tau_minus), 1.2e-7);
  g_assert_cmpfloat (w[1], <, 1.0 - p.a_minus * p.w_max * exp (-k * DT / p.tau_minus));
}

static void
test_state (void)
{
  g_autoptr (CelSnnStdp) a = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &base);
  g_autoptr (CelSnnStdp) b = cel_snn_stdp_new (2, pair_offsets, pair_targets, NULL, &base);
  g_autoptr (GError) error = NULL;
  const double *x_pre, *x_post;
  double astro, bad[2] = { 0.5, -1.0 }, good[2] = { 0.0, 0.0 };
  float wa[2] = { 1.0f, 1.0f }, wb[2] = { 1.0f, 1.0f };
  guint32 spike = 1;

  run_pair (a, wa, 0, -1, 20);
  cel_snn_stdp_get_state (a, &x_pre, &x_post, &astro);
  g_assert_cmpfloat_with_epsilon (x_pre[0], exp (-19 * DT / base.tau_plus), 1e-15);
  g_assert_true (cel_snn_stdp_set_state (b, x_pre, x_post, astro, &error));
  g_assert_no_error (error);
  cel_snn_stdp_step (a, wa, &spike, 1, 0, 0, DT);
  cel_snn_stdp_step (b, wb, &spike, 1, 0, 0, DT);
  g_assert_cmpfloat (wa[0], ==, wb[0]);
  g_assert_cmpfloat (wa[0], >, 1.0f);

  g_assert_false (cel_snn_stdp_set_state (b, bad, good, 0.0, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_false (cel_snn_stdp_set_state (b, good, good, INFINITY, &error));
  g_assert_error (error, CEL_ERROR, CEL_ERROR_PARSE);
}

static void
test_params (void)
{
  static const struct {
    gsize offset;
    double value;
    const char *name;
  } bad[] = {
    { G_STRUCT_OFFSET (CelSnnStdpParams, a_plus), -0.1, "A₊" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, a_minus), NAN, "A₋" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, tau_plus), 0.0, "τ₊" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, tau_minus), -5.0, "τ₋" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, w_max), 0.0, "w_max" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, tau_astro), 0.0, "τ_astro" },
    { G_STRUCT_OFFSET (CelSnnStdpParams, astro_gain), INFINITY, "astrocyte gain" },
  };
  CelSnnStdpParams p = base;
  g_autoptr (GError) error = NULL;

  g_assert_true (cel_snn_stdp_params_validate (&p, &error));
  g_assert_no_error (error);
  /* Without the astrocyte its constants are not used, nor checked. */
  p.tau_astro = -1.0;
  g_assert_true (cel_snn_stdp_params_validate (&p, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      p = base;
      p.astrocyte = TRUE;
      G_STRUCT_MEMBER (double, &p, bad[i].offset) = bad[i].value;
      g_assert_false (cel_snn_stdp_params_validate (&p, &error));
      g_assert_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM);
      if (strstr (error->message, bad[i].name) == NULL)
        g_error ("“%s” does not name %s", error->message, bad[i].name);
      g_clear_error (&error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snn-plasticity/pair", test_pair);
  g_test_add_func ("/snn-plasticity/simultaneous", test_simultaneous);
  g_test_add_func ("/snn-plasticity/all-to-all", test_all_to_all);
  g_test_add_func ("/snn-plasticity/bounds-and-flags", test_bounds_and_flags);
  g_test_add_func ("/snn-plasticity/astrocyte", test_astrocyte);
  g_test_add_func ("/snn-plasticity/astrocyte-steady-state", test_astrocyte_steady_state);
  g_test_add_func ("/snn-plasticity/astrocyte-depression", test_astrocyte_depression);
  g_test_add_func ("/snn-plasticity/state", test_state);
  g_test_add_func ("/snn-plasticity/params", test_params);
  return g_test_run ();
}
