/* cel-rng.h — the seeded random generator every model draws from.
 *
 * Algorithm: xoshiro256** (Blackman & Vigna, 2018), seeded by expanding a
 * 64-bit seed with splitmix64. The sequence is fully determined by the seed,
 * so a saved experiment replays bit for bit on the same build.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} CelRng;

void    cel_rng_seed    (CelRng *rng, guint64 seed);
guint64 cel_rng_next    (CelRng *rng);
/* Uniform double in [0, 1), 53 random bits. */
double  cel_rng_uniform (CelRng *rng);
/* Uniform integer in [0, n), unbiased (Lemire's method); n > 0. */
guint32 cel_rng_below   (CelRng *rng, guint32 n);
/* Standard normal deviate (Marsaglia polar method). */
double  cel_rng_normal  (CelRng *rng);
/* An independent stream: seeds a new generator from this one. */
void    cel_rng_split   (CelRng *rng, CelRng *out);

G_END_DECLS
