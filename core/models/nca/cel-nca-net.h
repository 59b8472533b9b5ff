/* cel-nca-net.h — the network of a neural cellular automaton (Mordvintsev,
 * Randazzo, Niklasson & Levin, "Growing Neural Cellular Automata", Distill
 * 2020) as flat arrays, each layer an explicit forward and backward pass.
 *
 * A state is a grid of cells, each with C channels (RGBA, then hidden),
 * stored row-major with the channels of a cell contiguous; a batch is B such
 * grids one after the other. One step of a grid:
 *   1. pre-alive: a cell is alive when the largest alpha (channel 3) in its
 *      3×3 neighbourhood exceeds the alive threshold;
 *   2. perception of every pre-alive cell: per channel c, the identity, the
 *      Sobel x and y filters scaled by 1/8 and optionally the Laplacian
 *      [[1,2,1],[2,−12,2],[1,2,1]]/16 (correlation, zero or torus
 *      boundary), entry k·C + c of a vector of P = K·C (K = 3 or 4: the
 *      identities of all channels, then their Sobel x, and so on);
 *   3. dense 1: h = ReLU(W1 p + b1), W1 H×P, Glorot-uniform initialised;
 *   4. dense 2: dx = W2 h, W2 C×H, no bias, zero initialised;
 *   5. each cell fires with probability `fire rate`, drawn for every cell of
 *      the batch in order from the generator (so a run is reproducible and
 *      does not depend on the thread count): s' = s + dx on firing pre-alive
 *      cells (the update is computed for pre-alive cells only — the others
 *      are zeroed below whatever dx is, so this changes nothing but which
 *      cells can make a neighbour post-alive);
 *   6. post-alive as in 1 on s'; cells not both pre- and post-alive are
 *      zeroed.
 * The alive masks are step functions and carry no gradient.
 *
 * The dense layers run as BLAS matrix products over the pre-alive cells of
 * the whole batch at once (gathered perception rows), split over the compute
 * pool (cel-parallel.h) in blocks of rows, and the weight gradients in
 * blocks of hidden units; the blocks do not depend on the thread count, so
 * neither do the results, bit for bit. Training rolls a batch
 * out for n steps and backpropagates through time with checkpointing: the
 * state is kept every k ≈ √n steps, and each step's intermediates (the
 * perception and hidden rows of the cells that fired, and the masks) are
 * recorded; the records of the last segments are kept as far as a memory
 * budget allows beyond the segment being computed, and those of earlier
 * segments are dropped and recomputed from the segment's checkpoint when the
 * backward pass reaches it. The result does not depend on the budget.
 *
 * The element type is CelNcaReal: float, or double where the file is built
 * with -DCEL_NCA_DOUBLE (the gradient check compiles it so into its own
 * test program, which does not link the float build).
 */
#pragma once

#include <glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

#ifdef CEL_NCA_DOUBLE
typedef double CelNcaReal;
#else
typedef float CelNcaReal;
#endif

/* Channels 0–3 are RGBA (premultiplied), the alpha channel is 3. */
#define CEL_NCA_ALPHA 3
#define CEL_NCA_MIN_CHANNELS 4

typedef struct {
  guint    channels;         /* C ≥ 4 */
  guint    hidden;           /* H ≥ 1 */
  gboolean laplacian;        /* perception adds a Laplacian */
  gboolean torus;            /* else cells outside the grid read as zero */
  guint    width, height;
  double   alive_threshold;
  double   fire_rate;        /* probability that a cell updates in a step */
} CelNcaConfig;

/* The parameter tensors, in the order they lie in the flat array. */
typedef enum {
  CEL_NCA_TENSOR_W1,
  CEL_NCA_TENSOR_B1,
  CEL_NCA_TENSOR_W2,
  CEL_NCA_N_TENSORS
} CelNcaTensor;

typedef struct {
  CelNcaConfig  config;
  guint         n_perception;   /* P */
  gsize         n_params;
  CelNcaReal   *params;         /* W1 (H×P, row per hidden unit) | b1 (H) | W2 (C×H) */
  CelNcaReal   *w1, *b1, *w2;   /* into params */
} CelNcaNet;

typedef struct _CelNcaWork CelNcaWork;

/* Perception filters per channel: 3, or 4 with the Laplacian. */
guint        cel_nca_config_filters   (const CelNcaConfig *config);
gsize        cel_nca_config_cells     (const CelNcaConfig *config);

/* Allocates a network for config; W1 Glorot-uniform from rng, b1 and W2
 * zero. */
void         cel_nca_net_init         (CelNcaNet          *net,
                                       const CelNcaConfig *config,
                                       CelRng             *rng);
void         cel_nca_net_clear        (CelNcaNet          *net);
/* Offset and length of a tensor in params. */
void         cel_nca_net_tensor       (const CelNcaNet    *net,
                                       CelNcaTensor        tensor,
                                       gsize              *offset,
                                       gsize              *length);

/* Plants a seed in one grid: alpha and hidden channels 1, RGB untouched. */
void         cel_nca_seed             (const CelNcaConfig *config,
                                       CelNcaReal         *grid,
                                       guint               x,
                                       guint               y);

/* Scratch space for batches of up to `batch` grids of the network's size. */
CelNcaWork  *cel_nca_work_new         (const CelNcaNet    *net,
                                       guint               batch);
void         cel_nca_work_free        (CelNcaWork         *work);
/* Bytes of recorded steps a rollout may keep beyond one segment's, by
 * default: at a 72×72 grid, batch 8, 16 channels and 128 hidden units, every
 * step of 64 when about a tenth of the cells is alive (a grown 32-cell
 * creature), about one in eight when all are. */
#define CEL_NCA_RECORD_BUDGET ((gsize) 128 << 20)

/* Sets the record budget (0: keep only the segment being computed, the
 * least memory and the most recomputation). */
void         cel_nca_work_set_record_budget (CelNcaWork *work,
                                             gsize       bytes);
/* The most bytes the work has held at once (its buffers, checkpoints and
 * recorded segments), since it was made. */
gsize        cel_nca_work_peak_bytes  (const CelNcaWork   *work);

/* One step of `batch` grids in place, fire mask drawn from rng. */
void         cel_nca_net_step         (const CelNcaNet    *net,
                                       CelNcaWork         *work,
                                       guint               batch,
                                       CelNcaReal         *states,
                                       CelRng             *rng);

/* The fraction of the batch's cells that are alive before a step (the
 * largest alpha in their 3×3 neighbourhood above the threshold): the cells
 * a step computes before the fire mask. */
double       cel_nca_live_fraction    (const CelNcaConfig *config,
                                       guint               batch,
                                       const CelNcaReal   *states);

/* Loss of each grid against target (cells × 4, premultiplied RGBA): the
 * mean over cells and the four channels of the squared difference. */
void         cel_nca_net_losses       (const CelNcaConfig *config,
                                       guint               batch,
                                       const CelNcaReal   *states,
                                       const CelNcaReal   *target,
                                       double             *losses);

/* Rolls `batch` grids out for n_steps in place, then writes each grid's
 * loss to losses and the gradient of their mean with respect to the
 * parameters to grad (n_params entries), by backpropagation through time
 * with checkpoints every `checkpoint` steps (0: about √n_steps). The
 * generator advances as n_steps of cel_nca_net_step would. Returns the mean
 * loss. */
double       cel_nca_net_rollout      (const CelNcaNet    *net,
                                       CelNcaWork         *work,
                                       guint               batch,
                                       guint               n_steps,
                                       guint               checkpoint,
                                       CelNcaReal         *states,
                                       const CelNcaReal   *target,
                                       CelRng             *rng,
                                       double             *losses,
                                       CelNcaReal         *grad);

G_END_DECLS
