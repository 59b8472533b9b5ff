/* cel-life-engine.c — bit-sliced, tiled, multi-threaded Life engine.
 *
 * Layout. Each plane is a bitmap of `height` rows; a row is `stride` 64-bit
 * words: VW words of left margin (the last of them is the left halo), nwp
 * words of cells (bit b of word k is cell 64k+b; nw words hold cells, the
 * rest up to a whole vector are padding), then VW words of right margin (the
 * first of them is the right halo). On a torus the left halo's top bit
 * holds cell width-1 and bit `width` of the row (in the padding or the right
 * halo) holds cell 0, so shifting a row by one bit brings in the wrapped
 * neighbour; in a bounded grid both are zero, the dead border. Rows above
 * the top and below the bottom are the wrapped rows or a row of zeros.
 *
 * Planes. Plane 0 holds the live cells (state 1). Generations rules add
 * planes 1 … n_dying_bits: for a dying cell (state k >= 2) they hold k-1 in
 * binary, for the others 0.
 *
 * Step. For one vector of 256 cells in a row, the west and east neighbours
 * are the row shifted by one bit either way; a full adder gives each cell's
 * horizontal sum of three (two bit planes), and adding the sums of the rows
 * above, at and below gives the 9-cell sum including the cell itself (four
 * bit planes, 0 … 9). The rule is a Boolean function of those planes and the
 * cell. Work runs down a column of vectors, so each row's horizontal sum is
 * computed once and reused for the three rows it touches.
 *
 * Tiles of one vector by TILE_ROWS rows are the unit of skipping and of
 * counting. A tile is dirty when the state it holds differs from the other
 * buffer's (the previous generation, or a paint since). A tile none of whose
 * nine neighbourhood tiles is dirty produces exactly what it produced last
 * time, which the other buffer (two generations back) already holds, so it
 * is skipped without writing anything. Tile rows form bands spread over
 * cel_parallel_for.
 */
#include "cel-life-engine.h"

#include <stdlib.h>
#include <string.h>

#include "cel-parallel.h"

/* 64-bit words per vector: 256 cells, one AVX2 register. */
#define VW 4
#define TILE_ROWS 32
#define ALIGNMENT 64
/* Below this many cells to update, a generation takes some tens of
 * microseconds on one core, no more than waking other threads costs. */
#define PARALLEL_MIN_CELLS ((guint64) 1 << 21)

typedef guint64 CelVec __attribute__ ((vector_size (VW * sizeof (guint64))));

/* Build the kernels for AVX-512, AVX2 and the baseline, chosen at load time
 * for the CPU at hand (GCC/Clang function multiversioning). Not under
 * ThreadSanitizer: the loader runs the version resolver before TSan's
 * runtime is set up, and the instrumented resolver crashes. */
#if defined(__SANITIZE_THREAD__)
#define CEL_MULTIVERSION
#endif
#if !defined(CEL_MULTIVERSION) && defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute (target_clones)
#define CEL_MULTIVERSION __attribute__ ((target_clones ("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif
#ifndef CEL_MULTIVERSION
#define CEL_MULTIVERSION
#endif

#define CEL_INLINE static inline __attribute__ ((always_inline))

typedef enum {
  KIND_LIFE,         /* B3/S23 */
  KIND_TWO_STATE,    /* any other two-state rule */
  KIND_GENERATIONS,  /* three or more states */
} RuleKind;

struct _CelLifeGrid
{
  guint     width, height;
  gboolean  torus;
  guint     n_states;
  guint     n_dying_bits;
  guint     n_planes;
  guint16   birth, survive;
  RuleKind  kind;
  guint64   born_at[10];    /* by 9-cell sum: all ones where a dead cell is born */
  guint64   lives_at[10];   /* by 9-cell sum: all ones where a live cell survives */

  guint     nw, nwp;
  gsize     stride;
  gsize     plane_words;
  guint64  *buf[2];
  guint     cur;
  guint64  *zero_row;
  guint64  *valid;          /* nwp words: 1 where a bit holds a cell */

  guint     n_strips, n_trows;
  guint8   *dirty[2];       /* per tile, for buf[0] and buf[1] */
  gsize     n_dirty;        /* at most this many tiles dirty in buf[cur] */
  guint32  *tile_pop;
  guint64  *trow_pop, *trow_changed, *trow_dirty;
};

static gpointer
alloc_words (gsize n_words)
{
  gsize bytes;
  gpointer mem;

  if (!g_size_checked_mul (&bytes, n_words, sizeof (guint64)))
    return NULL;
  bytes = (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  mem = aligned_alloc (ALIGNMENT, MAX (bytes, ALIGNMENT));
  if (mem)
    memset (mem, 0, bytes);
  return mem;
}

static void
set_rule_tables (CelLifeGrid *g, guint16 birth, guint16 survive)
{
  g->birth = birth;
  g->survive = survive;
  for (guint k = 0; k < 10; k++)
    {
      /* A dead cell's 9-cell sum is its neighbour count; a live cell's is
       * one more. */
      g->born_at[k] = (birth >> k) & 1 ? G_MAXUINT64 : 0;
      g->lives_at[k] = k > 0 && ((survive >> (k - 1)) & 1) ? G_MAXUINT64 : 0;
    }
  if (g->n_states > 2)
    g->kind = KIND_GENERATIONS;
  else if (birth == (1 << 3) && survive == ((1 << 2) | (1 << 3)))
    g->kind = KIND_LIFE;
  else
    g->kind = KIND_TWO_STATE;
}

static void
mark_all_dirty (CelLifeGrid *g)
{
  g->n_dirty = (gsize) g->n_strips * g->n_trows;
  memset (g->dirty[g->cur], 1, g->n_dirty);
}

CelLifeGrid *
cel_life_grid_new (guint    width,
                   guint    height,
                   gboolean torus,
                   guint    n_states,
                   guint16  birth,
                   guint16  survive)
{
  CelLifeGrid *g;
  gsize total, n_tiles;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (n_states >= 2 && n_states <= 256, NULL);

  g = g_new0 (CelLifeGrid, 1);
  g->width = width;
  g->height = height;
  g->torus = torus;
  g->n_states = n_states;
  g->n_dying_bits = n_states > 2 ? g_bit_storage (n_states - 2) : 0;
  g->n_planes = 1 + g->n_dying_bits;
  set_rule_tables (g, birth, survive);

  g->nw = (width + 63) / 64;
  g->nwp = (g->nw + VW - 1) / VW * VW;
  g->stride = (gsize) g->nwp + 2 * VW;
  g->plane_words = g->stride * height;
  g->n_strips = g->nwp / VW;
  g->n_trows = (height + TILE_ROWS - 1) / TILE_ROWS;
  n_tiles = (gsize) g->n_strips * g->n_trows;

  if (!g_size_checked_mul (&total, g->plane_words, g->n_planes))
    total = G_MAXSIZE;
  g->buf[0] = total == G_MAXSIZE ? NULL : alloc_words (total);
  g->buf[1] = g->buf[0] ? alloc_words (total) : NULL;
  g->zero_row = alloc_words (g->stride);
  g->valid = alloc_words (g->nwp);
  g->dirty[0] = g_try_malloc0 (n_tiles);
  g->dirty[1] = g_try_malloc0 (n_tiles);
  g->tile_pop = g_try_new0 (guint32, n_tiles);
  g->trow_pop = g_try_new0 (guint64, g->n_trows);
  g->trow_changed = g_try_new0 (guint64, g->n_trows);
  g->trow_dirty = g_try_new0 (guint64, g->n_trows);
  if (!g->buf[0] || !g->buf[1] || !g->zero_row || !g->valid || !g->dirty[0] || !g->dirty[1]
      || !g->tile_pop || !g->trow_pop || !g->trow_changed || !g->trow_dirty)
    {
      cel_life_grid_free (g);
      return NULL;
    }

  for (guint k = 0; k < g->nwp; k++)
    {
      guint first = k * 64;

      if (first + 64 <= width)
        g->valid[k] = G_MAXUINT64;
      else if (first < width)
        g->valid[k] = (G_GUINT64_CONSTANT (1) << (width - first)) - 1;
    }
  mark_all_dirty (g);
  return g;
}

void
cel_life_grid_free (CelLifeGrid *g)
{
  if (g == NULL)
    return;
  free (g->buf[0]);
  free (g->buf[1]);
  free (g->zero_row);
  free (g->valid);
  g_free (g->dirty[0]);
  g_free (g->dirty[1]);
  g_free (g->tile_pop);
  g_free (g->trow_pop);
  g_free (g->trow_changed);
  g_free (g->trow_dirty);
  g_free (g);
}

guint
cel_life_grid_get_width (const CelLifeGrid *g)
{
  return g->width;
}

guint
cel_life_grid_get_height (const CelLifeGrid *g)
{
  return g->height;
}

gboolean
cel_life_grid_is_torus (const CelLifeGrid *g)
{
  return g->torus;
}

guint
cel_life_grid_get_n_states (const CelLifeGrid *g)
{
  return g->n_states;
}

void
cel_life_grid_set_rule (CelLifeGrid *g, guint16 birth, guint16 survive)
{
  set_rule_tables (g, birth, survive);
  /* Quiet tiles are quiet under the old rule only. */
  mark_all_dirty (g);
}

/* Cell access ---------------------------------------------------------- */

static inline guint64 *
plane_row (const CelLifeGrid *g, guint buffer, guint plane, guint y)
{
  return g->buf[buffer] + plane * g->plane_words + (gsize) y * g->stride;
}

/* Refreshes row's halo bits from its edge cells (plane 0 only). */
static inline void
fix_halo (const CelLifeGrid *g, guint64 *row)
{
  guint64 *cells = row + VW;
  guint last = g->width - 1;
  guint64 first_bit, last_bit;
  guint wi, wb;

  if (!g->torus)
    return;
  first_bit = cells[0] & 1;
  last_bit = (cells[last / 64] >> (last % 64)) & 1;
  row[VW - 1] = last_bit << 63;
  row[VW + g->nwp] = 0;
  wi = g->width / 64;
  wb = g->width % 64;
  cells[wi] = (cells[wi] & ~(G_GUINT64_CONSTANT (1) << wb)) | (first_bit << wb);
}

static inline void
mark_dirty (CelLifeGrid *g, guint x, guint y)
{
  guint8 *flag = &g->dirty[g->cur][(gsize) (y / TILE_ROWS) * g->n_strips + x / (64 * VW)];

  g->n_dirty += !*flag;
  *flag = 1;
}

static inline guint8
get_cell (const CelLifeGrid *g, guint x, guint y)
{
  gsize off = (gsize) y * g->stride + VW + x / 64;
  guint bit = x % 64;
  const guint64 *base = g->buf[g->cur];
  guint d = 0;

  if ((base[off] >> bit) & 1)
    return 1;
  for (guint p = 0; p < g->n_dying_bits; p++)
    d |= (guint) ((base[(p + 1) * g->plane_words + off] >> bit) & 1) << p;
  return d ? (guint8) (d + 1) : 0;
}

static inline void
put_cell (CelLifeGrid *g, guint x, guint y, guint8 state)
{
  gsize off = (gsize) y * g->stride + VW + x / 64;
  guint64 bit = G_GUINT64_CONSTANT (1) << (x % 64);
  guint64 *base = g->buf[g->cur];
  guint d = state >= 2 ? state - 1u : 0;

  base[off] = state == 1 ? base[off] | bit : base[off] & ~bit;
  for (guint p = 0; p < g->n_dying_bits; p++)
    {
      guint64 *w = &base[(p + 1) * g->plane_words + off];
      *w = (d >> p) & 1 ? *w | bit : *w & ~bit;
    }
}

guint8
cel_life_grid_get (const CelLifeGrid *g, guint x, guint y)
{
  g_return_val_if_fail (x < g->width && y < g->height, 0);
  return get_cell (g, x, y);
}

void
cel_life_grid_set (CelLifeGrid *g, guint x, guint y, guint8 state)
{
  g_return_if_fail (x < g->width && y < g->height && state < g->n_states);
  put_cell (g, x, y, state);
  mark_dirty (g, x, y);
  if (x == 0 || x == g->width - 1)
    fix_halo (g, plane_row (g, g->cur, 0, y));
}

void
cel_life_grid_read_row (const CelLifeGrid *g, guint y, guint x, guint n, guint8 *states)
{
  const guint64 *row;

  g_return_if_fail (y < g->height && x <= g->width && n <= g->width - x);
  if (g->n_states > 2)
    {
      for (guint i = 0; i < n; i++)
        states[i] = get_cell (g, x + i, y);
      return;
    }
  row = plane_row (g, g->cur, 0, y) + VW;
  for (guint i = 0; i < n; i++)
    states[i] = (guint8) ((row[(x + i) / 64] >> ((x + i) % 64)) & 1);
}

void
cel_life_grid_write_row (CelLifeGrid *g, guint y, guint x, guint n, const guint8 *states)
{
  g_return_if_fail (y < g->height && x <= g->width && n <= g->width - x);
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    put_cell (g, x + i, y, states[i] < g->n_states ? states[i] : 0);
  for (guint cx = x / (64 * VW) * (64 * VW); cx < x + n; cx += 64 * VW)
    mark_dirty (g, cx, y);
  fix_halo (g, plane_row (g, g->cur, 0, y));
}

void
cel_life_grid_fill_random (CelLifeGrid *g, CelRng *rng, double density)
{
  guint64 threshold;
  gboolean half = density == 0.5;

  density = CLAMP (density, 0.0, 1.0);
  /* cel_rng_uniform compares 53 random bits; so does this, on the integer. */
  threshold = (guint64) (density * 9007199254740992.0);
  memset (g->buf[g->cur], 0, g->n_planes * g->plane_words * sizeof (guint64));
  for (guint y = 0; y < g->height; y++)
    {
      guint64 *row = plane_row (g, g->cur, 0, y);

      if (density > 0.0)
        for (guint k = 0; k < g->nw; k++)
          {
            guint64 word = 0;

            if (half)
              word = cel_rng_next (rng);
            else
              for (guint b = 0; b < 64; b++)
                word |= (guint64) ((cel_rng_next (rng) >> 11) < threshold) << b;
            row[VW + k] = word & g->valid[k];
          }
      fix_halo (g, row);
    }
  mark_all_dirty (g);
}

guint64
cel_life_grid_population (const CelLifeGrid *g)
{
  guint64 total = 0;

  for (guint y = 0; y < g->height; y++)
    for (guint k = 0; k < g->nw; k++)
      {
        guint64 w = plane_row (g, g->cur, 0, y)[VW + k];

        for (guint p = 1; p < g->n_planes; p++)
          w |= plane_row (g, g->cur, p, y)[VW + k];
        total += (guint64) __builtin_popcountll (w & g->valid[k]);
      }
  return total;
}

/* The kernels ----------------------------------------------------------- */

typedef struct {
  CelLifeGrid   *g;
  const guint64 *src;
  guint64       *dst;
  const guint8  *dirty_in;
  guint8        *dirty_out;
} StepJob;

/* Unaligned, aliasing access to a vector of words. */
typedef guint64 CelVecU __attribute__ ((vector_size (VW * sizeof (guint64)), aligned (8), may_alias));

#define VLOAD(p) (*(const CelVecU *) (p))
#define VSTORE(p, v) (*(CelVecU *) (p) = (v))

CEL_INLINE guint64
vpopcount (const CelVec *v)
{
  guint64 n = 0;

  for (int i = 0; i < VW; i++)
    n += (guint64) __builtin_popcountll ((*v)[i]);
  return n;
}

/* Carry-save adder: three bit planes in, their sum as sum and carry out. */
CEL_INLINE void
csa (CelVec *carry, CelVec *sum, const CelVec *a, const CelVec *b, const CelVec *c)
{
  CelVec x = *a ^ *b;

  *carry = (*a & *b) | (x & *c);
  *sum = x ^ *c;
}

/* Sixteen bit planes added into the running ones, twos, fours and eights
 * planes; returns the sixteens (Harley–Seal population count). */
CEL_INLINE void
count16 (const CelVec *v, CelVec *ones, CelVec *twos, CelVec *fours, CelVec *eights,
         CelVec *sixteens)
{
  CelVec twos_a, twos_b, fours_a, fours_b, eights_a, eights_b;

  csa (&twos_a, ones, ones, &v[0], &v[1]);
  csa (&twos_b, ones, ones, &v[2], &v[3]);
  csa (&fours_a, twos, twos, &twos_a, &twos_b);
  csa (&twos_a, ones, ones, &v[4], &v[5]);
  csa (&twos_b, ones, ones, &v[6], &v[7]);
  csa (&fours_b, twos, twos, &twos_a, &twos_b);
  csa (&eights_a, fours, fours, &fours_a, &fours_b);
  csa (&twos_a, ones, ones, &v[8], &v[9]);
  csa (&twos_b, ones, ones, &v[10], &v[11]);
  csa (&fours_a, twos, twos, &twos_a, &twos_b);
  csa (&twos_a, ones, ones, &v[12], &v[13]);
  csa (&twos_b, ones, ones, &v[14], &v[15]);
  csa (&fours_b, twos, twos, &twos_a, &twos_b);
  csa (&eights_b, fours, fours, &fours_a, &fours_b);
  csa (sixteens, eights, eights, &eights_a, &eights_b);
}

/* Number of set bits in a tile's worth (TILE_ROWS vectors). */
CEL_INLINE guint64
count_tile (const CelVec *v)
{
  CelVec ones = { 0 }, twos = { 0 }, fours = { 0 }, eights = { 0 };
  CelVec sixteens_a, sixteens_b, sixteens, thirtytwos;

  G_STATIC_ASSERT (TILE_ROWS == 32);
  count16 (v, &ones, &twos, &fours, &eights, &sixteens_a);
  count16 (v + 16, &ones, &twos, &fours, &eights, &sixteens_b);
  sixteens = sixteens_a ^ sixteens_b;
  thirtytwos = sixteens_a & sixteens_b;
  return vpopcount (&ones) + 2 * vpopcount (&twos) + 4 * vpopcount (&fours)
         + 8 * vpopcount (&eights) + 16 * vpopcount (&sixteens) + 32 * vpopcount (&thirtytwos);
}

/* Horizontal sum of each cell and its west and east neighbours, as ones and
 * twos bit planes, for the vector of cells at p. */
CEL_INLINE void
hsum (const guint64 *p, CelVec *ones, CelVec *twos)
{
  CelVec c = VLOAD (p), l = VLOAD (p - 1), r = VLOAD (p + 1);
  CelVec w = (c << 1) | (l >> 63);
  CelVec e = (c >> 1) | (r << 63);
  CelVec x = w ^ e;

  *ones = x ^ c;
  *twos = (w & e) | (x & c);
}

/* Adds three horizontal sums into the 9-cell sum s3 s2 s1 s0 (0 … 9). */
CEL_INLINE void
vsum (const CelVec *ao, const CelVec *at, const CelVec *bo, const CelVec *bt,
      const CelVec *co, const CelVec *ct,
      CelVec *s0, CelVec *s1, CelVec *s2, CelVec *s3)
{
  CelVec x = *ao ^ *bo;
  CelVec k = (*ao & *bo) | (x & *co);    /* carry into the twos */
  CelVec y = *at ^ *bt;
  CelVec u = y ^ *ct;
  CelVec m = (*at & *bt) | (y & *ct);    /* carry into the fours */
  CelVec n = u & k;                      /* carry into the fours */

  *s0 = x ^ *co;
  *s1 = u ^ k;
  *s2 = m ^ n;
  *s3 = m & n;
}

/* The rule from the 9-cell sum: through a decoder of the sum and the
 * per-sum tables. */
CEL_INLINE void
decode_rule (const CelLifeGrid *g, const CelVec *s0, const CelVec *s1,
             const CelVec *s2, const CelVec *s3, CelVec *born, CelVec *lives)
{
  CelVec lo[4] = { ~(*s0 | *s1), *s0 & ~*s1, *s1 & ~*s0, *s0 & *s1 };
  CelVec hi[3] = { ~(*s2 | *s3), *s2 & ~*s3, *s3 & ~*s2 };
  CelVec b = { 0 }, l = { 0 };

  for (int k = 0; k < 10; k++)
    {
      CelVec eq = lo[k & 3] & hi[k >> 2];

      b |= eq & g->born_at[k];
      l |= eq & g->lives_at[k];
    }
  *born = b;
  *lives = l;
}

/* Row r of plane 0, or the wrapped or dead row beyond the edges. */
CEL_INLINE const guint64 *
row_at (const CelLifeGrid *g, const guint64 *plane, gint64 r)
{
  if (r < 0)
    {
      if (!g->torus)
        return g->zero_row;
      r += g->height;
    }
  else if (r >= (gint64) g->height)
    {
      if (!g->torus)
        return g->zero_row;
      r -= g->height;
    }
  return plane + (gsize) r * g->stride;
}

CEL_INLINE gboolean
needs_update (const CelLifeGrid *g, const guint8 *dirty, guint t, guint s)
{
  for (int dt = -1; dt <= 1; dt++)
    {
      gint64 tt = (gint64) t + dt;
      const guint8 *row;

      if (tt < 0 || tt >= (gint64) g->n_trows)
        {
          if (!g->torus)
            continue;
          tt = (tt + g->n_trows) % g->n_trows;
        }
      row = dirty + (gsize) tt * g->n_strips;
      for (int ds = -1; ds <= 1; ds++)
        {
          gint64 ss = (gint64) s + ds;

          if (ss < 0 || ss >= (gint64) g->n_strips)
            {
              if (!g->torus)
                continue;
              ss = (ss + g->n_strips) % g->n_strips;
            }
          if (row[ss])
            return TRUE;
        }
    }
  return FALSE;
}

/* One tile: rows r0 … r1-1 of the vector column at word offset j. Returns
 * whether anything changed; adds to *pop and *changed. */
CEL_INLINE gboolean
step_tile (const StepJob *job, guint r0, guint r1, guint s, RuleKind kind,
           guint64 *pop, guint64 *changed)
{
  const CelLifeGrid *g = job->g;
  const gsize j = VW + (gsize) s * VW;
  const CelVec mask = VLOAD (g->valid + (gsize) s * VW);
  const guint64 *src = job->src;
  guint64 *dst = job->dst;
  CelVec ao, at, bo, bt, co, ct;
  CelVec occupied[TILE_ROWS], changes[TILE_ROWS];
  guint64 n_pop, n_changed;

  hsum (row_at (g, src, (gint64) r0 - 1) + j, &ao, &at);
  hsum (row_at (g, src, r0) + j, &bo, &bt);
  for (guint r = r0; r < r1; r++)
    {
      gsize off = (gsize) r * g->stride + j;
      CelVec s0, s1, s2, s3, c, next, diff;

      hsum (row_at (g, src, (gint64) r + 1) + j, &co, &ct);
      vsum (&ao, &at, &bo, &bt, &co, &ct, &s0, &s1, &s2, &s3);
      c = VLOAD (src + off) & mask;

      if (kind == KIND_LIFE)
        {
          /* Born or kept at a sum of 3; kept at a sum of 4. s3 is only
           * set for sums 8 and 9, which neither test can match. */
          next = ((s0 & s1 & ~s2) | (c & s2 & ~(s0 | s1))) & mask;
          diff = next ^ c;
          occupied[r - r0] = next;
        }
      else if (kind == KIND_TWO_STATE)
        {
          CelVec born, lives;

          decode_rule (g, &s0, &s1, &s2, &s3, &born, &lives);
          next = (born ^ (c & (lives ^ born))) & mask;
          diff = next ^ c;
          occupied[r - r0] = next;
        }
      else
        {
          /* Generations: plane 0 alive; planes 1 … hold k-1 for dying
           * state k. Dying cells age by one each step and die after
           * state n_states-1; a live cell that does not survive starts
           * dying; only a dead cell can be born. */
          CelVec born, lives, dying = { 0 }, expire = ~(CelVec) { 0 }, carry, still, live;
          guint last = g->n_states - 2;

          decode_rule (g, &s0, &s1, &s2, &s3, &born, &lives);
          for (guint p = 0; p < g->n_dying_bits; p++)
            {
              CelVec d = VLOAD (src + (p + 1) * g->plane_words + off);

              dying |= d;
              expire &= (last >> p) & 1 ? d : ~d;
            }
          still = c & lives;
          next = (still | (born & ~c & ~dying)) & mask;
          diff = next ^ c;
          live = next;
          carry = dying;
          for (guint p = 0; p < g->n_dying_bits; p++)
            {
              CelVec d = VLOAD (src + (p + 1) * g->plane_words + off);
              CelVec nd = ((d ^ carry) & ~expire) & mask;

              carry &= d;
              if (p == 0)
                nd |= c & ~still;
              VSTORE (dst + (p + 1) * g->plane_words + off, nd);
              diff |= nd ^ (d & mask);
              live |= nd;
            }
          occupied[r - r0] = live;
        }

      VSTORE (dst + off, next);
      changes[r - r0] = diff;
      ao = bo;
      at = bt;
      bo = co;
      bt = ct;
    }
  for (guint r = r1 - r0; r < TILE_ROWS; r++)
    {
      occupied[r] = (CelVec) { 0 };
      changes[r] = (CelVec) { 0 };
    }
  n_pop = count_tile (occupied);
  n_changed = count_tile (changes);
  *pop += n_pop;
  *changed += n_changed;
  g->tile_pop[(gsize) (r0 / TILE_ROWS) * g->n_strips + s] = (guint32) n_pop;
  return n_changed != 0;
}

CEL_INLINE void
step_band_kind (const StepJob *job, guint t0, guint t1, RuleKind kind)
{
  const CelLifeGrid *g = job->g;

  for (guint t = t0; t < t1; t++)
    {
      guint r0 = t * TILE_ROWS, r1 = MIN (r0 + TILE_ROWS, g->height);
      guint64 pop = 0, changed = 0, dirty = 0;

      for (guint s = 0; s < g->n_strips; s++)
        {
          gsize tile = (gsize) t * g->n_strips + s;

          if (needs_update (g, job->dirty_in, t, s))
            {
              job->dirty_out[tile] = step_tile (job, r0, r1, s, kind, &pop, &changed);
              dirty += job->dirty_out[tile];
            }
          else
            {
              job->dirty_out[tile] = 0;
              pop += g->tile_pop[tile];
            }
        }
      g->trow_pop[t] = pop;
      g->trow_changed[t] = changed;
      g->trow_dirty[t] = dirty;
      for (guint r = r0; r < r1; r++)
        fix_halo (g, job->dst + (gsize) r * g->stride);
    }
}

CEL_MULTIVERSION static void
step_band (const StepJob *job, guint t0, guint t1)
{
  switch (job->g->kind)
    {
    case KIND_LIFE:
      step_band_kind (job, t0, t1, KIND_LIFE);
      break;
    case KIND_TWO_STATE:
      step_band_kind (job, t0, t1, KIND_TWO_STATE);
      break;
    case KIND_GENERATIONS:
    default:
      step_band_kind (job, t0, t1, KIND_GENERATIONS);
      break;
    }
}

static void
step_task (guint task, guint n_tasks, gpointer data)
{
  const StepJob *job = data;
  guint n = job->g->n_trows;

  step_band (job, (guint) ((guint64) n * task / n_tasks), (guint) ((guint64) n * (task + 1) / n_tasks));
}

void
cel_life_grid_step (CelLifeGrid *g, CelLifeStepStats *stats)
{
  guint threads = cel_parallel_get_threads ();
  StepJob job = {
    g, g->buf[g->cur], g->buf[1 - g->cur], g->dirty[g->cur], g->dirty[1 - g->cur]
  };
  gsize n_tiles = (gsize) g->n_strips * g->n_trows;
  /* Each dirty tile wakes at most its nine neighbourhood tiles. */
  guint64 work = (guint64) MIN (n_tiles, g->n_dirty * 9) * (64 * VW) * TILE_ROWS;
  guint n_tasks = threads == 1 || work < PARALLEL_MIN_CELLS ? 1 : MIN (g->n_trows, threads * 4);
  guint64 population = 0, changed = 0;

  if (n_tasks == 1)
    step_task (0, 1, &job);
  else
    cel_parallel_for (n_tasks, step_task, &job);
  g->cur = 1 - g->cur;
  g->n_dirty = 0;
  for (guint t = 0; t < g->n_trows; t++)
    {
      population += g->trow_pop[t];
      changed += g->trow_changed[t];
      g->n_dirty += g->trow_dirty[t];
    }
  if (stats)
    {
      stats->population = population;
      stats->changed = changed;
    }
}
