/* cel-eca-engine.h — the bit-packed engine and the row measures behind the
 * elementary cellular automaton model (internal to core).
 *
 * A row of `width` cells is packed into 64-bit words: cell i is bit i % 64
 * of word i / 64, and the bits past the width in the last word are always 0.
 * One step applies the rule to 64 cells at once: the left and right
 * neighbours of every bit are the word shifted by one (with the carry from
 * the next word), and the rule's 8 output bits select, through a tree of
 * bitwise multiplexers, the new value of each cell from its neighbourhood.
 */
#pragma once

#include <glib.h>

#include "cel-rng.h"

G_BEGIN_DECLS

static inline gsize
cel_eca_n_words (guint width)
{
  return ((gsize) width + 63) / 64;
}

static inline guint
cel_eca_row_get (const guint64 *row, guint x)
{
  return (guint) ((row[x / 64] >> (x % 64)) & 1);
}

static inline void
cel_eca_row_set (guint64 *row, guint x, guint value)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (x % 64);

  if (value)
    row[x / 64] |= bit;
  else
    row[x / 64] &= ~bit;
}

/* One generation: dst = rule applied to src (distinct rows of `width`
 * cells). periodic joins the ends into a ring; otherwise the cells beyond
 * either edge are 0. */
void     cel_eca_row_step     (const guint64 *src,
                               guint64       *dst,
                               guint          width,
                               guint          rule,
                               gboolean       periodic);
/* Sets each cell to 1 with probability density (one uniform draw per cell,
 * left to right) and clears the rest. */
void     cel_eca_row_fill_random (guint64 *row,
                                  guint    width,
                                  double   density,
                                  CelRng  *rng);
/* Number of ones. */
guint64  cel_eca_row_count    (const guint64 *row,
                               gsize          n_words);
/* Hamming distance between two rows. */
guint64  cel_eca_row_distance (const guint64 *a,
                               const guint64 *b,
                               gsize          n_words);

/* Lempel–Ziv complexity and block entropy look at a window of at most this
 * many cells in the middle of the row, so that measuring a wide row every
 * step costs a bounded amount of work. */
#define CEL_ECA_MEASURE_WINDOW 1024
/* Block length (cells) of the block entropy. */
#define CEL_ECA_BLOCK_LENGTH 8

/* Scratch space for measuring rows; one per thread. */
typedef struct _CelEcaMeasure CelEcaMeasure;

CelEcaMeasure *cel_eca_measure_new  (void);
void           cel_eca_measure_free (CelEcaMeasure *measure);
/* Normalised Lempel–Ziv complexity c(n)·log2(n)/n and block entropy
 * H_8/8 (bits per cell) of the measure window of a row. */
void           cel_eca_measure_row  (CelEcaMeasure *measure,
                                     const guint64 *row,
                                     guint          width,
                                     double        *lz_complexity,
                                     double        *block_entropy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelEcaMeasure, cel_eca_measure_free)

G_END_DECLS
