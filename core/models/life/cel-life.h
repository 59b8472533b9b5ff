/* cel-life.h — Life-like cellular automata (registry id "life").
 *
 * Conway's Game of Life and every outer-totalistic rule on the Moore
 * neighbourhood (B/S notation), plus Generations rules, on a torus or a
 * bounded grid with a dead border.
 *
 * Parameters: rule (text, see cel-life-rule.h; applies live), width,
 * height, topology ("torus" or "bounded") and density (of the random soup
 * laid down at reset; 0 = empty grid), the last four taking effect at the
 * next reset. Setting the rule to one with Golly's bounded-grid suffix
 * ("B3/S23:T64,64", "B3/S23:P100,80") also sets width, height and topology;
 * the rule itself is kept in canonical form without the suffix.
 *
 * Field 0, "cells": the states (0 dead, 1 alive, 2 … dying in Generations).
 * Series, one point per generation: "population" (cells in a non-zero state,
 * as Golly counts them), "density" (population over the grid's cells) and
 * "activity" (cells whose state changed in that generation).
 */
#pragma once

#include "cel-model.h"

G_BEGIN_DECLS

typedef enum {
  CEL_LIFE_TOPOLOGY_TORUS,
  CEL_LIFE_TOPOLOGY_BOUNDED,
} CelLifeTopology;

#define CEL_TYPE_LIFE_TOPOLOGY (cel_life_topology_get_type ())
GType        cel_life_topology_get_type (void) G_GNUC_CONST;

#define CEL_TYPE_LIFE (cel_life_get_type ())
G_DECLARE_FINAL_TYPE (CelLife, cel_life, CEL, LIFE, CelModel)

/* The state of one cell (0 outside the grid). */
guint8       cel_life_get_cell       (CelLife  *self,
                                      guint     x,
                                      guint     y);
/* Cells in a non-zero state, counted now. */
guint64      cel_life_get_population (CelLife  *self);
/* 2 for Life-like rules, more for Generations. */
guint        cel_life_get_n_states   (CelLife  *self);
/* The rule as Golly writes it, with the bounded-grid suffix of the current
 * grid (":T<w>,<h>" or ":P<w>,<h>"), so Golly runs a saved pattern on the
 * same grid. */
char        *cel_life_get_golly_rule (CelLife  *self);
/* The whole grid as a pattern (top-left cell at 0,0) carrying the Golly
 * rule above; NULL when the grid could not be allocated. */
CelPattern  *cel_life_to_pattern     (CelLife  *self);

/* Times `generations` steps of Life (B3/S23) on a width × height torus
 * seeded with a random soup of the given density from `seed`, on `threads`
 * compute threads (0 = leave the pool as it is). Only the stepping is timed
 * (monotonic clock), including the per-generation plot bookkeeping; the
 * result goes to *seconds. Errors: CEL_ERROR_INVALID_PARAM for sizes or a
 * density out of range, CEL_ERROR_TOO_LARGE when the grid does not fit. */
gboolean     cel_life_bench          (guint     width,
                                      guint     height,
                                      guint     generations,
                                      double    density,
                                      guint64   seed,
                                      guint     threads,
                                      double   *seconds,
                                      GError  **error);

G_END_DECLS
