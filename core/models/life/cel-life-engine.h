/* cel-life-engine.h — the grid engine behind the Life model.
 *
 * A finite grid (torus, or a plane with a dead border) of a Life-like or
 * Generations rule, bit-packed 64 cells to a word and stepped word-parallel
 * with bit-sliced adders, 256 cells at a time (one AVX2 register where the
 * CPU has it), in tiles spread over cel_parallel_for. Tiles whose whole
 * neighbourhood did not change in the previous generation are skipped.
 *
 * States: 0 dead, 1 alive, 2 … n_states-1 dying (Generations). The engine
 * knows nothing of GObject; CelLife wraps it.
 */
#pragma once

#include <glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

typedef struct _CelLifeGrid CelLifeGrid;

typedef struct {
  guint64 population;  /* cells in a non-zero state after the step */
  guint64 changed;     /* cells whose state the step changed */
} CelLifeStepStats;

/* All cells dead. NULL when the memory cannot be had. */
CelLifeGrid *cel_life_grid_new        (guint        width,
                                       guint        height,
                                       gboolean     torus,
                                       guint        n_states,
                                       guint16      birth,
                                       guint16      survive);
void         cel_life_grid_free       (CelLifeGrid *grid);

guint        cel_life_grid_get_width    (const CelLifeGrid *grid);
guint        cel_life_grid_get_height   (const CelLifeGrid *grid);
gboolean     cel_life_grid_is_torus     (const CelLifeGrid *grid);
guint        cel_life_grid_get_n_states (const CelLifeGrid *grid);

/* Changes birth and survival counts (the number of states stays). */
void         cel_life_grid_set_rule   (CelLifeGrid *grid,
                                       guint16      birth,
                                       guint16      survive);

guint8       cel_life_grid_get        (const CelLifeGrid *grid,
                                       guint        x,
                                       guint        y);
/* state < n_states. */
void         cel_life_grid_set        (CelLifeGrid *grid,
                                       guint        x,
                                       guint        y,
                                       guint8       state);
/* Reads or writes the states of cells x … x+n-1 of row y. States written
 * must be below n_states. */
void         cel_life_grid_read_row   (const CelLifeGrid *grid,
                                       guint        y,
                                       guint        x,
                                       guint        n,
                                       guint8      *states);
void         cel_life_grid_write_row  (CelLifeGrid *grid,
                                       guint        y,
                                       guint        x,
                                       guint        n,
                                       const guint8 *states);

/* Each cell alive with probability density (0 … 1), the rest dead. Draws
 * cells in row-major order, one number per cell (one per 64 cells when the
 * density is exactly 1/2). */
void         cel_life_grid_fill_random (CelLifeGrid *grid,
                                        CelRng      *rng,
                                        double       density);

/* One generation. stats may be NULL. */
void         cel_life_grid_step       (CelLifeGrid      *grid,
                                       CelLifeStepStats *stats);

/* Cells in a non-zero state. */
guint64      cel_life_grid_population (const CelLifeGrid *grid);

G_END_DECLS
