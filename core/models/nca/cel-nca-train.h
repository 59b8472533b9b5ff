/* cel-nca-train.h — training a neural cellular automaton to grow a target
 * image, as in "Growing Neural Cellular Automata" (Distill 2020).
 *
 * One iteration takes a batch of grids, grows them a random number of steps
 * in [steps-min, steps-max], and moves the weights down the gradient of the
 * mean L2 loss on RGBA (cel_nca_net_rollout) with Adam (β1 0.9, β2 0.999,
 * ε 1e-8) after normalising each parameter tensor's gradient, g / (‖g‖ +
 * 1e-8). The learning rate decays geometrically from its start to its final
 * value over the iterations goal and stays there after.
 *
 * Modes:
 *   growing       every grid starts from the seed;
 *   persistent    grids are drawn from a pool (pool-size samples, each the
 *                 seed until first drawn) and written back after growing;
 *                 the highest-loss one of a batch is reseeded first;
 *   regenerating  as persistent, and the lowest-loss 3/8 of the batch are
 *                 damaged first by zeroing a random disc (radius 5–20 % of
 *                 the grid width, centre within the middle half).
 *
 * A non-finite loss or gradient, or a loss above CEL_NCA_LOSS_LIMIT, fails
 * the iteration with CEL_ERROR_DIVERGED and puts back the weights, Adam
 * moments and iteration count from before the last update — the last ones
 * whose loss was good — and empties the pool.
 */
#pragma once

#include "models/nca/cel-nca-net.h"

G_BEGIN_DECLS

typedef enum {
  CEL_NCA_MODE_GROWING,
  CEL_NCA_MODE_PERSISTENT,
  CEL_NCA_MODE_REGENERATING,
} CelNcaMode;

#define CEL_NCA_LOSS_LIMIT 100.0

typedef struct {
  CelNcaMode mode;
  guint      pool_size;
  guint      batch;
  guint      steps_min, steps_max;
  double     learning_rate, learning_rate_final;
  guint64    decay_iterations;  /* the final rate is reached here */
} CelNcaTrainConfig;

typedef struct {
  CelNcaNet    net;
  CelNcaReal  *adam_m, *adam_v;   /* n_params each */
  guint64      iteration;
  CelNcaReal  *target;            /* cells × 4, premultiplied RGBA */

  /* The pool: NULL entries are still the seed. */
  CelNcaReal **pool;
  guint        pool_size;
  /* Weights, moments and iteration before the last update. */
  CelNcaReal  *good;
  guint64      good_iteration;
  gboolean     has_good;          /* FALSE until an update (or after a load) */
  CelNcaWork  *work;
  guint        work_batch;
  CelNcaReal  *states, *grad;
  guint       *picked, *order;
  double      *losses;
} CelNcaTrainer;

/* A fresh network (cel_nca_net_init) with zero moments and a transparent
 * target. */
void     cel_nca_trainer_init          (CelNcaTrainer      *trainer,
                                        const CelNcaConfig *config,
                                        CelRng             *rng);
void     cel_nca_trainer_clear         (CelNcaTrainer      *trainer);
void     cel_nca_trainer_clear_pool    (CelNcaTrainer      *trainer);
/* Bytes held by the pool's grown samples. */
gsize    cel_nca_trainer_pool_bytes    (const CelNcaTrainer *trainer);

/* A grid of zeros with the seed in the centre. */
void     cel_nca_seed_grid             (const CelNcaConfig *config,
                                        CelNcaReal         *grid);

/* Most memory one trainer may need, in bytes; iterations that would need
 * more fail with CEL_ERROR_TOO_LARGE. */
#define CEL_NCA_MAX_TRAIN_BYTES (4.0 * 1073741824.0)

/* An upper bound of the bytes training needs: every cell of the batch live,
 * the pool full. */
double   cel_nca_train_bytes           (const CelNcaConfig      *config,
                                        const CelNcaTrainConfig *config_train);

double   cel_nca_learning_rate         (const CelNcaTrainConfig *config,
                                        guint64                  iteration);

/* One training iteration; *loss is the batch's mean loss. */
gboolean cel_nca_trainer_iterate       (CelNcaTrainer           *trainer,
                                        const CelNcaTrainConfig *config,
                                        CelRng                  *rng,
                                        double                  *loss,
                                        GError                 **error);

/* A grid of the pool (the seed if it was never drawn) into grid. */
void     cel_nca_trainer_get_pool_grid (CelNcaTrainer      *trainer,
                                        guint               index,
                                        CelNcaReal         *grid);

/* The work of the last iteration, for its peak memory (NULL before one). */
const CelNcaWork *cel_nca_trainer_get_work (CelNcaTrainer *trainer);

/* A benchmark workload: `batch` grids, each a disc of live cells of radius
 * 20/72 of the grid (a 40-cell target in the canonical 72×72 grid), RGB
 * 0.5 and the other channels 1, or every cell so when full is set; the
 * target (cells × 4) is opaque red on the same cells. */
void     cel_nca_bench_disc            (const CelNcaConfig *config,
                                        guint               batch,
                                        gboolean            full,
                                        CelNcaReal         *states,
                                        CelNcaReal         *target);

/* A benchmark workload grown by a trained network: `batch` grids of config
 * (any size: the rule is local), each grown n_steps from a seed in the
 * centre with the fire masks drawn from a generator seeded with seed, so
 * each grid grows differently. trained_target (trained's grid, cells × 4)
 * is centred in target (config's grid, cells × 4), transparent around it.
 * Writes the grown grids' mean loss against target. Fails when trained's
 * architecture (channels, hidden units, Laplacian) is not config's, or its
 * grid is larger. */
gboolean cel_nca_bench_grow            (const CelNcaNet    *trained,
                                        const CelNcaReal   *trained_target,
                                        const CelNcaConfig *config,
                                        guint               batch,
                                        guint               n_steps,
                                        guint64             seed,
                                        CelNcaReal         *states,
                                        CelNcaReal         *target,
                                        double             *loss,
                                        GError            **error);

/* Times training iterations on a fixed workload: `batch` grids of the
 * configuration starting from start against target (cells × 4), grown
 * n_steps with fresh weights, then the backward pass and an Adam update.
 * W2 is put back to zero after each update, so the states stay as they
 * started (apart from the alive masking) and every iteration does the same
 * work on the same live cells. Writes the mean seconds per iteration
 * (after one untimed warm-up), the first iteration's loss and the network
 * work's peak bytes. */
gboolean cel_nca_bench                 (const CelNcaConfig *config,
                                        guint               batch,
                                        guint               n_steps,
                                        guint               iterations,
                                        const CelNcaReal   *start,
                                        const CelNcaReal   *target,
                                        double             *seconds,
                                        double             *loss,
                                        gsize              *peak_bytes,
                                        GError            **error);

G_END_DECLS
