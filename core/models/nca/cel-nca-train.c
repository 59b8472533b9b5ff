/* cel-nca-train.c — pool, batches, Adam and the training modes of the
 * neural cellular automaton. See cel-nca-train.h. */
#include "models/nca/cel-nca-train.h"

#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

#define ADAM_BETA1 0.9
#define ADAM_BETA2 0.999
#define ADAM_EPSILON 1e-8
#define NORM_EPSILON 1e-8

void
cel_nca_trainer_init (CelNcaTrainer      *trainer,
                      const CelNcaConfig *config,
                      CelRng             *rng)
{
  memset (trainer, 0, sizeof (*trainer));
  cel_nca_net_init (&trainer->net, config, rng);
  trainer->adam_m = g_new0 (CelNcaReal, trainer->net.n_params);
  trainer->adam_v = g_new0 (CelNcaReal, trainer->net.n_params);
  trainer->good = g_new (CelNcaReal, 3 * trainer->net.n_params);
  trainer->target = g_new0 (CelNcaReal, cel_nca_config_cells (config) * 4);
}

void
cel_nca_trainer_clear_pool (CelNcaTrainer *trainer)
{
  for (guint i = 0; i < trainer->pool_size; i++)
    g_free (trainer->pool[i]);
  g_clear_pointer (&trainer->pool, g_free);
  trainer->pool_size = 0;
}

void
cel_nca_trainer_clear (CelNcaTrainer *trainer)
{
  cel_nca_trainer_clear_pool (trainer);
  cel_nca_net_clear (&trainer->net);
  g_clear_pointer (&trainer->adam_m, g_free);
  g_clear_pointer (&trainer->adam_v, g_free);
  g_clear_pointer (&trainer->good, g_free);
  g_clear_pointer (&trainer->target, g_free);
  g_clear_pointer (&trainer->work, cel_nca_work_free);
  g_clear_pointer (&trainer->states, g_free);
  g_clear_pointer (&trainer->grad, g_free);
  g_clear_pointer (&trainer->picked, g_free);
  g_clear_pointer (&trainer->order, g_free);
  g_clear_pointer (&trainer->losses, g_free);
  trainer->work_batch = 0;
}

gsize
cel_nca_trainer_pool_bytes (const CelNcaTrainer *trainer)
{
  gsize grid = cel_nca_config_cells (&trainer->net.config) * trainer->net.config.channels
               * sizeof (CelNcaReal);
  gsize bytes = 0;

  for (guint i = 0; i < trainer->pool_size; i++)
    if (trainer->pool[i] != NULL)
      bytes += grid;
  return bytes;
}

void
cel_nca_seed_grid (const CelNcaConfig *config,
                   CelNcaReal         *grid)
{
  memset (grid, 0, cel_nca_config_cells (config) * config->channels * sizeof (CelNcaReal));
  cel_nca_seed (config, grid, config->width / 2, config->height / 2);
}

double
cel_nca_train_bytes (const CelNcaConfig      *config,
                     const CelNcaTrainConfig *tc)
{
  double cells = (double) cel_nca_config_cells (config) * tc->batch;
  double grid = cells * config->channels * sizeof (CelNcaReal);
  double perception = (double) config->channels * cel_nca_config_filters (config);
  double k = ceil (sqrt ((double) tc->steps_max));
  double rows = cells * (perception + config->hidden) * sizeof (CelNcaReal);
  double pool = tc->mode == CEL_NCA_MODE_GROWING
                ? 0 : (double) tc->pool_size * grid / tc->batch;

  /* Recorded segment (k steps of rows and masks), the records kept beyond
   * it within the budget, checkpoints, the step buffers, the batch, replay
   * and gradient states, and the pool. */
  return k * (rows + cells * 6)
         + MIN ((double) CEL_NCA_RECORD_BUDGET, MAX (tc->steps_max - k, 0.0) * (rows + cells * 6))
         + ceil (tc->steps_max / k) * grid
         + cells * (2.0 * config->channels + config->hidden + perception) * sizeof (CelNcaReal)
         + 4 * grid + pool;
}

double
cel_nca_learning_rate (const CelNcaTrainConfig *config,
                       guint64                  iteration)
{
  double progress = config->decay_iterations > 0
                    ? MIN ((double) iteration / (double) config->decay_iterations, 1.0) : 1.0;

  return config->learning_rate * pow (config->learning_rate_final / config->learning_rate, progress);
}

void
cel_nca_trainer_get_pool_grid (CelNcaTrainer *trainer,
                               guint          index,
                               CelNcaReal    *grid)
{
  const CelNcaConfig *config = &trainer->net.config;

  if (index < trainer->pool_size && trainer->pool[index] != NULL)
    memcpy (grid, trainer->pool[index],
            cel_nca_config_cells (config) * config->channels * sizeof (CelNcaReal));
  else
    cel_nca_seed_grid (config, grid);
}

const CelNcaWork *
cel_nca_trainer_get_work (CelNcaTrainer *trainer)
{
  return trainer->work;
}

static void
ensure_batch (CelNcaTrainer *trainer, guint batch)
{
  gsize grid = cel_nca_config_cells (&trainer->net.config) * trainer->net.config.channels;

  if (trainer->work != NULL && trainer->work_batch >= batch)
    return;
  g_clear_pointer (&trainer->work, cel_nca_work_free);
  trainer->work = cel_nca_work_new (&trainer->net, batch);
  trainer->work_batch = batch;
  trainer->states = g_renew (CelNcaReal, trainer->states, batch * grid);
  trainer->grad = g_renew (CelNcaReal, trainer->grad, trainer->net.n_params);
  trainer->picked = g_renew (guint, trainer->picked, batch);
  trainer->order = g_renew (guint, trainer->order, batch);
  trainer->losses = g_renew (double, trainer->losses, batch);
}

/* Zeroes a disc of grid: centre uniform in the middle half, radius 5–20 %
 * of the width (the original's circle masks on a [−1, 1] square). */
static void
damage (const CelNcaConfig *config, CelNcaReal *grid, CelRng *rng)
{
  double cx = (0.25 + 0.5 * cel_rng_uniform (rng)) * config->width;
  double cy = (0.25 + 0.5 * cel_rng_uniform (rng)) * config->height;
  double r = (0.05 + 0.15 * cel_rng_uniform (rng)) * config->width;

  for (guint y = 0; y < config->height; y++)
    for (guint x = 0; x < config->width; x++)
      {
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;

        if (dx * dx + dy * dy < r * r)
          memset (grid + ((gsize) y * config->width + x) * config->channels, 0,
                  config->channels * sizeof (CelNcaReal));
      }
}

/* Fills the batch from the pool (or seeds) as the mode says. */
static void
prepare_batch (CelNcaTrainer           *trainer,
               const CelNcaTrainConfig *tc,
               CelRng                  *rng)
{
  const CelNcaConfig *config = &trainer->net.config;
  gsize grid = cel_nca_config_cells (config) * config->channels;
  guint batch = tc->batch;
  guint *order = trainer->order;

  if (tc->mode == CEL_NCA_MODE_GROWING)
    {
      for (guint b = 0; b < batch; b++)
        cel_nca_seed_grid (config, trainer->states + b * grid);
      return;
    }
  if (trainer->pool_size != tc->pool_size)
    {
      cel_nca_trainer_clear_pool (trainer);
      trainer->pool = g_new0 (CelNcaReal *, tc->pool_size);
      trainer->pool_size = tc->pool_size;
    }
  /* Distinct samples: a partial Fisher–Yates shuffle by rejection. */
  for (guint b = 0; b < batch; b++)
    {
      gboolean seen;

      do
        {
          trainer->picked[b] = cel_rng_below (rng, trainer->pool_size);
          seen = FALSE;
          for (guint a = 0; a < b; a++)
            seen |= trainer->picked[a] == trainer->picked[b];
        }
      while (seen);
      cel_nca_trainer_get_pool_grid (trainer, trainer->picked[b], trainer->states + b * grid);
    }
  /* Order by loss, highest first (insertion sort of a small batch). */
  cel_nca_net_losses (config, batch, trainer->states, trainer->target, trainer->losses);
  for (guint b = 0; b < batch; b++)
    {
      guint a = b;

      while (a > 0 && trainer->losses[order[a - 1]] < trainer->losses[b])
        {
          order[a] = order[a - 1];
          a--;
        }
      order[a] = b;
    }
  cel_nca_seed_grid (config, trainer->states + order[0] * grid);
  if (tc->mode == CEL_NCA_MODE_REGENERATING)
    {
      guint n_damage = MIN (MAX (batch * 3 / 8, 1), batch - 1);

      for (guint d = 0; d < n_damage; d++)
        damage (config, trainer->states + order[batch - 1 - d] * grid, rng);
    }
}

static gboolean
finite_all (const CelNcaReal *values, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]))
      return FALSE;
  return TRUE;
}

/* Normalises each tensor's gradient and takes one Adam step. */
static void
update (CelNcaTrainer *trainer, double lr)
{
  CelNcaNet *net = &trainer->net;
  double correction1, correction2;

  for (CelNcaTensor tensor = 0; tensor < CEL_NCA_N_TENSORS; tensor++)
    {
      gsize offset, length;
      double norm = 0;

      cel_nca_net_tensor (net, tensor, &offset, &length);
      for (gsize i = offset; i < offset + length; i++)
        norm += (double) trainer->grad[i] * trainer->grad[i];
      norm = sqrt (norm) + NORM_EPSILON;
      for (gsize i = offset; i < offset + length; i++)
        trainer->grad[i] = (CelNcaReal) (trainer->grad[i] / norm);
    }
  trainer->iteration++;
  correction1 = 1.0 - pow (ADAM_BETA1, (double) trainer->iteration);
  correction2 = 1.0 - pow (ADAM_BETA2, (double) trainer->iteration);
  for (gsize i = 0; i < net->n_params; i++)
    {
      double g = trainer->grad[i];
      double m = ADAM_BETA1 * trainer->adam_m[i] + (1.0 - ADAM_BETA1) * g;
      double v = ADAM_BETA2 * trainer->adam_v[i] + (1.0 - ADAM_BETA2) * g * g;

      trainer->adam_m[i] = (CelNcaReal) m;
      trainer->adam_v[i] = (CelNcaReal) v;
      net->params[i] -= (CelNcaReal) (lr * (m / correction1) / (sqrt (v / correction2) + ADAM_EPSILON));
    }
}

gboolean
cel_nca_trainer_iterate (CelNcaTrainer           *trainer,
                         const CelNcaTrainConfig *tc,
                         CelRng                  *rng,
                         double                  *loss,
                         GError                 **error)
{
  CelNcaNet *net = &trainer->net;
  gsize n = net->n_params;
  gsize grid = cel_nca_config_cells (&net->config) * net->config.channels;
  guint n_steps;
  double mean;

  if (tc->steps_min > tc->steps_max)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("steps-min (%u) must not exceed steps-max (%u)"), tc->steps_min, tc->steps_max);
      return FALSE;
    }
  if (tc->mode != CEL_NCA_MODE_GROWING && tc->pool_size < tc->batch)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("pool-size (%u) must be at least the batch (%u)"), tc->pool_size, tc->batch);
      return FALSE;
    }
  if (cel_nca_train_bytes (&net->config, tc) > CEL_NCA_MAX_TRAIN_BYTES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("training would need about %.1f GiB (grid, channels, hidden units, batch, "
                     "steps and pool together); at most %.0f GiB is allowed"),
                   cel_nca_train_bytes (&net->config, tc) / 1073741824.0,
                   CEL_NCA_MAX_TRAIN_BYTES / 1073741824.0);
      return FALSE;
    }
  ensure_batch (trainer, tc->batch);
  prepare_batch (trainer, tc, rng);
  n_steps = tc->steps_min + cel_rng_below (rng, tc->steps_max - tc->steps_min + 1);
  mean = cel_nca_net_rollout (net, trainer->work, tc->batch, n_steps, 0, trainer->states,
                              trainer->target, rng, trainer->losses, trainer->grad);
  if (!isfinite (mean) || mean > CEL_NCA_LOSS_LIMIT || !finite_all (trainer->grad, n))
    {
      if (trainer->has_good)
        {
          memcpy (net->params, trainer->good, n * sizeof (CelNcaReal));
          memcpy (trainer->adam_m, trainer->good + n, n * sizeof (CelNcaReal));
          memcpy (trainer->adam_v, trainer->good + 2 * n, n * sizeof (CelNcaReal));
          trainer->iteration = trainer->good_iteration;
        }
      cel_nca_trainer_clear_pool (trainer);
      g_set_error (error, CEL_ERROR, CEL_ERROR_DIVERGED,
                   _("training diverged (loss %g): the weights of iteration %llu are kept"),
                   mean, (unsigned long long) trainer->iteration);
      return FALSE;
    }

  memcpy (trainer->good, net->params, n * sizeof (CelNcaReal));
  memcpy (trainer->good + n, trainer->adam_m, n * sizeof (CelNcaReal));
  memcpy (trainer->good + 2 * n, trainer->adam_v, n * sizeof (CelNcaReal));
  trainer->good_iteration = trainer->iteration;
  trainer->has_good = TRUE;

  update (trainer, cel_nca_learning_rate (tc, trainer->iteration));
  if (tc->mode != CEL_NCA_MODE_GROWING)
    for (guint b = 0; b < tc->batch; b++)
      {
        CelNcaReal **slot = &trainer->pool[trainer->picked[b]];

        if (*slot == NULL)
          *slot = g_new (CelNcaReal, grid);
        memcpy (*slot, trainer->states + b * grid, grid * sizeof (CelNcaReal));
      }
  *loss = mean;
  return TRUE;
}

void
cel_nca_bench_disc (const CelNcaConfig *config,
                    guint               batch,
                    gboolean            full,
                    CelNcaReal         *states,
                    CelNcaReal         *target)
{
  gsize cells = cel_nca_config_cells (config), grid = cells * config->channels;
  double radius = MIN (config->width, config->height) * 20.0 / 72.0;
  double cx = config->width / 2.0, cy = config->height / 2.0;

  memset (states, 0, grid * sizeof (CelNcaReal));
  memset (target, 0, cells * 4 * sizeof (CelNcaReal));
  for (guint y = 0; y < config->height; y++)
    for (guint x = 0; x < config->width; x++)
      {
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        gsize i = (gsize) y * config->width + x;

        if (full || dx * dx + dy * dy < radius * radius)
          {
            for (guint c = 0; c < config->channels; c++)
              states[i * config->channels + c] = c < CEL_NCA_ALPHA ? 0.5f : 1.0f;
            target[i * 4 + 0] = 1;
            target[i * 4 + 3] = 1;
          }
      }
  for (guint b = 1; b < batch; b++)
    memcpy (states + b * grid, states, grid * sizeof (CelNcaReal));
}

gboolean
cel_nca_bench_grow (const CelNcaNet    *trained,
                    const CelNcaReal   *trained_target,
                    const CelNcaConfig *config,
                    guint               batch,
                    guint               n_steps,
                    guint64             seed,
                    CelNcaReal         *states,
                    CelNcaReal         *target,
                    double             *loss,
                    GError            **error)
{
  const CelNcaConfig *tconfig = &trained->config;
  gsize grid = cel_nca_config_cells (config) * config->channels;
  guint ox, oy;
  CelNcaNet net;
  CelNcaWork *work;
  g_autofree double *losses = NULL;
  CelRng rng;

  if (tconfig->channels != config->channels || tconfig->hidden != config->hidden)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("the trained network has %u channels and %u hidden units, the benchmark "
                     "needs %u and %u"),
                   tconfig->channels, tconfig->hidden, config->channels, config->hidden);
      return FALSE;
    }
  if (!tconfig->laplacian != !config->laplacian)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                           tconfig->laplacian
                           ? _("the trained network perceives with a Laplacian, the benchmark’s does not")
                           : _("the benchmark’s network perceives with a Laplacian, the trained one does not"));
      return FALSE;
    }
  if (tconfig->width > config->width || tconfig->height > config->height)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("the trained network's %u×%u grid is larger than the benchmark's %u×%u"),
                   tconfig->width, tconfig->height, config->width, config->height);
      return FALSE;
    }
  /* The same weights on the benchmark's grid. */
  cel_rng_seed (&rng, seed);
  cel_nca_net_init (&net, config, &rng);
  memcpy (net.params, trained->params, net.n_params * sizeof (CelNcaReal));
  work = cel_nca_work_new (&net, batch);
  for (guint b = 0; b < batch; b++)
    cel_nca_seed_grid (config, states + b * grid);
  cel_rng_seed (&rng, seed);
  for (guint t = 0; t < n_steps; t++)
    cel_nca_net_step (&net, work, batch, states, &rng);
  cel_nca_work_free (work);
  cel_nca_net_clear (&net);

  memset (target, 0, cel_nca_config_cells (config) * 4 * sizeof (CelNcaReal));
  ox = (config->width - tconfig->width) / 2;
  oy = (config->height - tconfig->height) / 2;
  for (guint y = 0; y < tconfig->height; y++)
    memcpy (target + ((gsize) (y + oy) * config->width + ox) * 4,
            trained_target + (gsize) y * tconfig->width * 4, tconfig->width * 4 * sizeof (CelNcaReal));
  losses = g_new (double, batch);
  cel_nca_net_losses (config, batch, states, target, losses);
  *loss = 0;
  for (guint b = 0; b < batch; b++)
    *loss += losses[b] / batch;
  return TRUE;
}

gboolean
cel_nca_bench (const CelNcaConfig *config,
               guint               batch,
               guint               n_steps,
               guint               iterations,
               const CelNcaReal   *start,
               const CelNcaReal   *target,
               double             *seconds,
               double             *loss,
               gsize              *peak_bytes,
               GError            **error)
{
  gsize grid = cel_nca_config_cells (config) * config->channels;
  CelNcaTrainer trainer;
  gint64 begin = 0;
  CelRng rng;

  if (batch < 1 || n_steps < 1 || iterations < 1 || config->channels < CEL_NCA_MIN_CHANNELS)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                           _("The benchmark needs a batch, steps, iterations and at least four channels"));
      return FALSE;
    }
  cel_rng_seed (&rng, 1);
  cel_nca_trainer_init (&trainer, config, &rng);
  ensure_batch (&trainer, batch);
  memcpy (trainer.target, target, cel_nca_config_cells (config) * 4 * sizeof (CelNcaReal));
  /* Iteration 0 warms up (allocations, threads) and is not timed. */
  for (guint it = 0; it <= iterations; it++)
    {
      double mean;

      if (it == 1)
        begin = g_get_monotonic_time ();
      memcpy (trainer.states, start, batch * grid * sizeof (CelNcaReal));
      mean = cel_nca_net_rollout (&trainer.net, trainer.work, batch, n_steps, 0, trainer.states,
                                  trainer.target, &rng, trainer.losses, trainer.grad);
      if (it == 0)
        *loss = mean;
      update (&trainer, 2e-3);
      /* W2 moves off zero: put it back so every iteration does the same work. */
      memset (trainer.net.w2, 0, (gsize) config->channels * config->hidden * sizeof (CelNcaReal));
    }
  *seconds = (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC / iterations;
  *peak_bytes = cel_nca_work_peak_bytes (trainer.work);
  cel_nca_trainer_clear (&trainer);
  return TRUE;
}
