/* cel-eca.h — elementary cellular automata (model id "eca").
 *
 * Wolfram's 256 rules on a row of up to 1 048 576 cells, on a ring
 * ("periodic") or between two edges of permanent zeros ("fixed"). The view is
 * the space-time diagram: the last `history` rows, the newest at the bottom,
 * scrolling up as the automaton runs.
 *
 * Plots, one point per step (x = the step):
 *   density        fraction of ones in the current row;
 *   lz-complexity  Lempel–Ziv (1976) complexity of the current row,
 *                  normalised c(n)·log2(n)/n (about 1 for a random row);
 *   block-entropy  Shannon entropy H_8 of the overlapping 8-cell blocks that
 *                  lie inside the row, divided by 8: bits per cell (0 … 1).
 *                  From N blocks the estimate falls short by about
 *                  255/(2·N·ln 2) bits per block (sampling bias): a random
 *                  1024-cell window reads about 0.98;
 *   damage         Hamming distance between the row and a copy that differed
 *                  from it in one cell (the middle one) at reset, evolved
 *                  alongside.
 * Lempel–Ziv complexity and block entropy are taken over the middle
 * 1024 cells (CEL_ECA_MEASURE_WINDOW) of rows wider than that, which keeps
 * measuring a wide row every step cheap; density and damage cover the row.
 *
 * The damage-spreading Lyapunov estimate is the growth rate of the damage,
 * λ(t) = d(t)/t cells per step (the sweep reports its mean). A difference
 * travels at most one cell per step each way, so d(t) ≤ 2t + 1 and the
 * exponential rate ln d(t)/t tends to 0 for every rule; the linear rate is
 * the meaningful one, as in Wolfram's definition of Lyapunov exponents for
 * cellular automata as the speeds at which differences spread. λ tends to 0
 * when damage heals or stays put (classes 1 and 2) and is of order 1 for
 * chaotic rules, until the damage has wrapped round the ring (t ≈ width/2).
 *
 * Painting sets cells of the current row: a cell painted anywhere in the
 * diagram's column x sets cell x of the current (bottom) row. The damaged
 * copy receives the same edit, so the perturbation between them is kept.
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_ECA_BOUNDARY_PERIODIC,
  CEL_ECA_BOUNDARY_FIXED,
} CelEcaBoundary;

typedef enum {
  CEL_ECA_INITIAL_SINGLE,
  CEL_ECA_INITIAL_RANDOM,
  CEL_ECA_INITIAL_EMPTY,
} CelEcaInitial;

#define CEL_TYPE_ECA_BOUNDARY (cel_eca_boundary_get_type ())
GType cel_eca_boundary_get_type (void);
#define CEL_TYPE_ECA_INITIAL (cel_eca_initial_get_type ())
GType cel_eca_initial_get_type (void);

#define CEL_TYPE_ECA (cel_eca_get_type ())
G_DECLARE_FINAL_TYPE (CelEca, cel_eca, CEL, ECA, CelModel)

/* Widest row accepted. */
#define CEL_ECA_MAX_WIDTH 1048576
/* The space-time diagram (width × history) holds at most this many cells. */
#define CEL_ECA_MAX_CELLS (G_GUINT64_CONSTANT (1) << 28)

/* Lempel–Ziv (1976) complexity, in Kaspar and Schuster's counting, of a
 * binary string given one symbol per byte (0, or anything else for 1):
 * the number of components of its exhaustive history. Linear time. */
guint    cel_lz76_complexity     (const guint8 *bits,
                                  gsize         n);
/* c·log2(n)/n: close to 1 for a long random string, near 0 for a constant
 * one; 0 when n < 2. */
double   cel_lz76_normalized     (guint         complexity,
                                  gsize         n);

/* Runs all 256 rules on a ring of `width` cells for `steps` steps, each from
 * the same random row (density 0.5, drawn from `seed` as the model's "random"
 * start does), and writes a CSV with the header
 *   rule,density,lz_complexity,block_entropy,damage_lyapunov
 * and one row per rule: each measure averaged over the last half of the run
 * (steps t with t > steps/2); damage_lyapunov is the mean of d(t)/t. The file
 * is written atomically. Returns FALSE with an error for a width outside
 * 1 … CEL_ECA_MAX_WIDTH, zero steps, a write failure, or cancellation.
 *
 * Reading the columns: the measures are taken on rows, so their ranking
 * depends on the ring and the times averaged. Rule 90 keeps rows as random
 * as rule 30's, except on rings of 2^k cells, where it reaches the empty row
 * within 2^(k-1) steps (Martin, Odlyzko & Wolfram 1984). Rule 110's rows are
 * complex during its long transient and later settle into its periodic
 * ether, whose Lempel–Ziv complexity is low. The damage estimate is
 * meaningful while the damage has not wrapped round the ring
 * (steps < width/2). */
gboolean cel_eca_sweep_write_csv (guint          width,
                                  guint          steps,
                                  guint64        seed,
                                  const char    *path,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
