/* Neural cellular automaton, gradient check: the network source is compiled
 * into this program in double precision (-DCEL_NCA_DOUBLE), and the
 * gradient that backpropagation through time (with checkpointing) gives for
 * every parameter of every tensor is compared with central finite
 * differences of the loss. */
#include <math.h>
#include <string.h>

#include "models/nca/cel-nca-net.h"

#define BATCH 2
#define STEPS 4

/* A batch with a blob of random values around a few live cells (or in
 * every cell), and a target with random colours. */
static void
make_case (const CelNcaConfig *config,
           gboolean            everywhere,
           CelRng             *rng,
           CelNcaReal         *states,
           CelNcaReal         *target)
{
  gsize cells = cel_nca_config_cells (config);
  guint c = config->channels;

  memset (states, 0, BATCH * cells * c * sizeof (CelNcaReal));
  for (guint b = 0; b < BATCH; b++)
    for (guint y = everywhere ? 0 : 1; y < (everywhere ? config->height : 5); y++)
      for (guint x = everywhere ? 0 : 1 + b; x < (everywhere ? config->width : 5 + b); x++)
        {
          CelNcaReal *cell = states + (b * cells + (gsize) y * config->width + x) * c;

          for (guint ch = 0; ch < c; ch++)
            cell[ch] = (CelNcaReal) (cel_rng_uniform (rng) * 0.8 + 0.2);
        }
  for (gsize i = 0; i < cells * 4; i++)
    target[i] = (CelNcaReal) cel_rng_uniform (rng);
}

static double
loss_of (const CelNcaNet    *net,
         CelNcaWork         *work,
         const CelNcaReal   *start,
         const CelNcaReal   *target,
         guint64             seed)
{
  gsize n = BATCH * cel_nca_config_cells (&net->config) * net->config.channels;
  g_autofree CelNcaReal *states = g_memdup2 (start, n * sizeof (CelNcaReal));
  double losses[BATCH];
  CelRng rng;

  cel_rng_seed (&rng, seed);
  for (guint t = 0; t < STEPS; t++)
    cel_nca_net_step (net, work, BATCH, states, &rng);
  cel_nca_net_losses (&net->config, BATCH, states, target, losses);
  return (losses[0] + losses[1]) / BATCH;
}

/* A case: 6 channels and the given grid, hidden units and fire rate, the
 * live cells a blob or the whole grid. */
typedef struct {
  gboolean laplacian, torus;
  guint    width, height, hidden;
  double   fire_rate;
  gboolean everywhere;
} Case;

static void
check (const Case *c)
{
  CelNcaConfig config = {
    .channels = 6, .hidden = c->hidden, .laplacian = c->laplacian, .torus = c->torus,
    .width = c->width, .height = c->height, .alive_threshold = 0.1, .fire_rate = c->fire_rate,
  };
  gsize cells = cel_nca_config_cells (&config), n = BATCH * cells * config.channels;
  g_autofree CelNcaReal *start = g_new (CelNcaReal, n);
  g_autofree CelNcaReal *states = g_new (CelNcaReal, n);
  g_autofree CelNcaReal *target = g_new (CelNcaReal, cells * 4);
  g_autofree CelNcaReal *grad = NULL;
  g_autofree CelNcaReal *grad_k1 = NULL;
  CelNcaNet net;
  CelNcaWork *work;
  double losses[BATCH], mean;
  CelRng rng;
  const guint64 fire_seed = 7;

  cel_rng_seed (&rng, 42);
  cel_nca_net_init (&net, &config, &rng);
  /* W2 and b1 start at zero; random values make every path carry gradient. */
  for (gsize i = 0; i < net.n_params; i++)
    if (net.params + i >= net.b1)
      net.params[i] = (CelNcaReal) (0.3 * cel_rng_normal (&rng));
  make_case (&config, c->everywhere, &rng, start, target);
  work = cel_nca_work_new (&net, BATCH);
  grad = g_new (CelNcaReal, net.n_params);
  grad_k1 = g_new (CelNcaReal, net.n_params);

  memcpy (states, start, n * sizeof (CelNcaReal));
  cel_rng_seed (&rng, fire_seed);
  mean = cel_nca_net_rollout (&net, work, BATCH, STEPS, 0, states, target, &rng, losses, grad);
  g_assert_cmpfloat (fabs (mean - loss_of (&net, work, start, target, fire_seed)), ==, 0);

  /* Checkpointing recomputes exactly what the forward pass did, so the
   * gradient with every step recorded (the default budget holds this small
   * case whole) is the one with no record budget, whatever the checkpoint
   * interval, bit for bit. */
  cel_nca_work_set_record_budget (work, 0);
  for (guint k = 0; k <= 1; k++)
    {
      memcpy (states, start, n * sizeof (CelNcaReal));
      cel_rng_seed (&rng, fire_seed);
      cel_nca_net_rollout (&net, work, BATCH, STEPS, k, states, target, &rng, losses, grad_k1);
      g_assert_cmpmem (grad, net.n_params * sizeof (CelNcaReal),
                       grad_k1, net.n_params * sizeof (CelNcaReal));
    }

  for (CelNcaTensor tensor = 0; tensor < CEL_NCA_N_TENSORS; tensor++)
    {
      gsize offset, length;
      double norm = 0, worst = 0;

      cel_nca_net_tensor (&net, tensor, &offset, &length);
      for (gsize i = offset; i < offset + length; i++)
        norm = MAX (norm, fabs (grad[i]));
      /* Every tensor takes part: its gradient is not all zero. */
      g_assert_cmpfloat (norm, >, 1e-6);
      for (gsize i = offset; i < offset + length; i++)
        {
          /* Central differences with h = 1e-5 in double: truncation error
           * O(h² f''') ≈ 1e-10 and rounding ≈ 1e-16 / 1e-5 ≈ 1e-11, far
           * below the tolerance of 1e-7 relative to the tensor's largest
           * component. The alive thresholds and ReLU kinks are not
           * differentiable, but a ±1e-5 nudge crosses one only with
           * negligible probability for the small cases. The large case has
           * ~100 times their pre-activations (576 rows × 40 units × 4
           * steps): with h = 1e-5 a few of its 720 W1 entries straddled a
           * kink (errors ~1e-4 on 6 of them, in both hidden blocks), so it
           * takes h = 1e-7: rounding of its larger loss sums over h gives
           * errors ≤ 9e-8 (measured), under its tolerance of ≥ 7.5e-7 (its
           * largest gradients are 7.5–9). */
          const double h = c->width * c->height > 100 ? 1e-7 : 1e-5;
          CelNcaReal saved = net.params[i];
          double plus, minus, numeric;

          net.params[i] = (CelNcaReal) (saved + h);
          plus = loss_of (&net, work, start, target, fire_seed);
          net.params[i] = (CelNcaReal) (saved - h);
          minus = loss_of (&net, work, start, target, fire_seed);
          net.params[i] = saved;
          numeric = (plus - minus) / (2 * h);
          worst = MAX (worst, fabs (numeric - grad[i]));
        }
      g_test_message ("tensor %d: largest |gradient| %.3g, largest error %.3g",
                      tensor, norm, worst);
      g_assert_cmpfloat (worst, <=, 1e-7 * norm);
    }
  cel_nca_work_free (work);
  cel_nca_net_clear (&net);
}

static void
test_gradient_zero_boundary (void)
{
  check (&(Case) { FALSE, FALSE, 7, 6, 9, 0.5, FALSE });
}

static void
test_gradient_torus_laplacian (void)
{
  check (&(Case) { TRUE, TRUE, 7, 6, 9, 0.5, FALSE });
}

/* Large enough for the network's work split (cel-nca-net.c): two grids of
 * 18×16 cells, all live and all firing, are 576 rows, three blocks of 256;
 * 40 hidden units are two blocks of 32 for the weight gradients. */
static void
test_gradient_blocks (void)
{
  check (&(Case) { FALSE, FALSE, 18, 16, 40, 1.0, TRUE });
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/nca/gradient/zero-boundary", test_gradient_zero_boundary);
  g_test_add_func ("/nca/gradient/torus-laplacian", test_gradient_torus_laplacian);
  g_test_add_func ("/nca/gradient/blocks", test_gradient_blocks);
  return g_test_run ();
}
