/* cel-eca-engine.c — word-parallel elementary CA stepping, and the row
 * measures (Lempel–Ziv 1976 complexity, block entropy). Built at -O3. */
#include "cel-eca-engine.h"

#include <math.h>
#include <string.h>

#include "cel-eca.h"

/* s ? a : b, bit by bit. */
static inline guint64
mux (guint64 s, guint64 a, guint64 b)
{
  return b ^ ((a ^ b) & s);
}

/* The rule's output bit k (for the neighbourhood 4·left + 2·centre + right)
 * spread over a whole word. */
typedef struct {
  guint64 m[8];
} RuleMasks;

static inline void
rule_masks_init (RuleMasks *masks, guint rule)
{
  for (guint k = 0; k < 8; k++)
    masks->m[k] = ((rule >> k) & 1) ? G_MAXUINT64 : 0;
}

static inline guint64
apply_rule (const RuleMasks *masks, guint64 l, guint64 c, guint64 r)
{
  const guint64 *m = masks->m;
  guint64 left0 = mux (c, mux (r, m[3], m[2]), mux (r, m[1], m[0]));
  guint64 left1 = mux (c, mux (r, m[7], m[6]), mux (r, m[5], m[4]));

  return mux (l, left1, left0);
}

void
cel_eca_row_step (const guint64 *restrict src,
                  guint64       *restrict dst,
                  guint                   width,
                  guint                   rule,
                  gboolean                periodic)
{
  gsize n = cel_eca_n_words (width);
  guint last_bit = (width - 1) % 64;
  guint64 last_mask = G_MAXUINT64 >> (63 - last_bit);
  guint64 left_in, right_in;
  RuleMasks masks;

  g_return_if_fail (width > 0);
  left_in = periodic ? (src[n - 1] >> last_bit) & 1 : 0;
  right_in = periodic ? src[0] & 1 : 0;
  rule_masks_init (&masks, rule);

  if (n == 1)
    {
      guint64 c = src[0];
      dst[0] = apply_rule (&masks, (c << 1) | left_in, c, (c >> 1) | (right_in << last_bit))
               & last_mask;
      return;
    }

  dst[0] = apply_rule (&masks, (src[0] << 1) | left_in, src[0],
                       (src[0] >> 1) | (src[1] << 63));
  for (gsize j = 1; j + 1 < n; j++)
    {
      guint64 c = src[j];
      dst[j] = apply_rule (&masks, (c << 1) | (src[j - 1] >> 63), c, (c >> 1) | (src[j + 1] << 63));
    }
  dst[n - 1] = apply_rule (&masks, (src[n - 1] << 1) | (src[n - 2] >> 63), src[n - 1],
                           (src[n - 1] >> 1) | (right_in << last_bit))
               & last_mask;
}

void
cel_eca_row_fill_random (guint64 *row,
                         guint    width,
                         double   density,
                         CelRng  *rng)
{
  memset (row, 0, cel_eca_n_words (width) * sizeof (guint64));
  for (guint x = 0; x < width; x++)
    if (cel_rng_uniform (rng) < density)
      row[x / 64] |= G_GUINT64_CONSTANT (1) << (x % 64);
}

/* Bit counting without relying on a popcount instruction (not in baseline
 * x86-64): each word is reduced to eight byte-wide counts (at most 8 each),
 * which add up without overflow for 31 words (31·8 = 248) before one
 * horizontal sum. The compiler vectorises the inner loop. */
static inline guint64
byte_counts (guint64 x)
{
  x = x - ((x >> 1) & G_GUINT64_CONSTANT (0x5555555555555555));
  x = (x & G_GUINT64_CONSTANT (0x3333333333333333))
      + ((x >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  return (x + (x >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
}

static inline guint64
sum_bytes (guint64 x)
{
  x = (x & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff)) + ((x >> 8) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff));
  x += x >> 16;
  x += x >> 32;
  return x & 0xffff;
}

guint64
cel_eca_row_count (const guint64 *row, gsize n_words)
{
  guint64 total = 0;

  for (gsize j = 0; j < n_words; j += 31)
    {
      gsize end = MIN (j + 31, n_words);
      guint64 acc = 0;

      for (gsize k = j; k < end; k++)
        acc += byte_counts (row[k]);
      total += sum_bytes (acc);
    }
  return total;
}

guint64
cel_eca_row_distance (const guint64 *a, const guint64 *b, gsize n_words)
{
  guint64 total = 0;

  for (gsize j = 0; j < n_words; j += 31)
    {
      gsize end = MIN (j + 31, n_words);
      guint64 acc = 0;

      for (gsize k = j; k < end; k++)
        acc += byte_counts (a[k] ^ b[k]);
      total += sum_bytes (acc);
    }
  return total;
}

/* Lempel–Ziv 1976 ----------------------------------------------------------
 *
 * Kaspar & Schuster's formulation: the string is cut into components, each
 * the shortest piece, starting where the previous one ended at position l,
 * that is not a substring of everything before its own last symbol. That
 * piece is one symbol longer than the longest prefix of s[l..] which also
 * starts at some position before l (the occurrence may overlap l). A last
 * component that runs into the end of the string counts too.
 *
 * We build the suffix automaton of the whole string, remembering for each
 * state where its strings first end (firstpos). s[l..l+k) starts somewhere
 * before l exactly when its first occurrence ends before l + k - 1, so each
 * component is found by walking the automaton from the root along s[l..]
 * while that holds. Building and walking are both linear in n. */

typedef struct {
  gint32 len;
  gint32 link;
  gint32 firstpos;
  gint32 next[2];
} SamState;

static guint
lz76_count (SamState *st, const guint8 *s, gsize n)
{
  gint32 size = 1, last = 0;
  guint c = 0;
  gsize l = 0;

  st[0] = (SamState) { 0, -1, -1, { -1, -1 } };
  for (gsize i = 0; i < n; i++)
    {
      guint ch = s[i] != 0;
      gint32 cur = size++, p = last;

      st[cur] = (SamState) { st[last].len + 1, 0, (gint32) i, { -1, -1 } };
      while (p != -1 && st[p].next[ch] == -1)
        {
          st[p].next[ch] = cur;
          p = st[p].link;
        }
      if (p != -1)
        {
          gint32 q = st[p].next[ch];

          if (st[p].len + 1 == st[q].len)
            st[cur].link = q;
          else
            {
              gint32 clone = size++;

              st[clone] = st[q];
              st[clone].len = st[p].len + 1;
              while (p != -1 && st[p].next[ch] == q)
                {
                  st[p].next[ch] = clone;
                  p = st[p].link;
                }
              st[q].link = clone;
              st[cur].link = clone;
            }
        }
      last = cur;
    }

  while (l < n)
    {
      gint32 state = 0;
      gsize k = 0;

      while (l + k < n)
        {
          gint32 to = st[state].next[s[l + k] != 0];

          if ((gsize) st[to].firstpos >= l + k)
            break;
          state = to;
          k++;
        }
      c++;
      l += k + 1;
    }
  return c;
}

guint
cel_lz76_complexity (const guint8 *bits, gsize n)
{
  g_autofree SamState *states = NULL;

  g_return_val_if_fail (bits != NULL || n == 0, 0);
  g_return_val_if_fail (n <= G_MAXINT32 / 2, 0);
  if (n == 0)
    return 0;
  states = g_new (SamState, 2 * n);
  return lz76_count (states, bits, n);
}

double
cel_lz76_normalized (guint complexity, gsize n)
{
  if (n < 2)
    return 0.0;
  return complexity * log2 ((double) n) / (double) n;
}

/* Measures ------------------------------------------------------------------ */

#define N_BLOCKS (1u << CEL_ECA_BLOCK_LENGTH)

struct _CelEcaMeasure {
  guint8   symbols[CEL_ECA_MEASURE_WINDOW];
  SamState states[2 * CEL_ECA_MEASURE_WINDOW];
  guint32  counts[N_BLOCKS];
  double   c_log_c[CEL_ECA_MEASURE_WINDOW + 1];   /* c·log2(c) */
};

CelEcaMeasure *
cel_eca_measure_new (void)
{
  CelEcaMeasure *measure = g_new (CelEcaMeasure, 1);

  measure->c_log_c[0] = 0.0;
  for (guint c = 1; c <= CEL_ECA_MEASURE_WINDOW; c++)
    measure->c_log_c[c] = c * log2 ((double) c);
  return measure;
}

void
cel_eca_measure_free (CelEcaMeasure *measure)
{
  g_free (measure);
}

/* Shannon entropy of the overlapping blocks of CEL_ECA_BLOCK_LENGTH cells
 * that lie inside the window, divided by the block length:
 * H = log2 N − (1/N) Σ c·log2 c over the N blocks. */
static double
block_entropy (CelEcaMeasure *measure, gsize n)
{
  const guint8 *s = measure->symbols;
  guint code = 0;
  gsize n_blocks;
  double sum = 0.0;

  if (n < CEL_ECA_BLOCK_LENGTH)
    return 0.0;
  n_blocks = n - CEL_ECA_BLOCK_LENGTH + 1;
  memset (measure->counts, 0, sizeof measure->counts);
  for (gsize i = 0; i < n; i++)
    {
      code = ((code << 1) | s[i]) & (N_BLOCKS - 1);
      if (i + 1 >= CEL_ECA_BLOCK_LENGTH)
        measure->counts[code]++;
    }
  for (guint b = 0; b < N_BLOCKS; b++)
    sum += measure->c_log_c[measure->counts[b]];
  return (log2 ((double) n_blocks) - sum / (double) n_blocks) / CEL_ECA_BLOCK_LENGTH;
}

void
cel_eca_measure_row (CelEcaMeasure *measure,
                     const guint64 *row,
                     guint          width,
                     double        *lz_complexity,
                     double        *block_entropy_out)
{
  gsize n = MIN (width, CEL_ECA_MEASURE_WINDOW);
  guint start = (width - (guint) n) / 2;

  for (gsize i = 0; i < n; i++)
    measure->symbols[i] = (guint8) cel_eca_row_get (row, start + (guint) i);
  *lz_complexity = cel_lz76_normalized (lz76_count (measure->states, measure->symbols, n), n);
  *block_entropy_out = block_entropy (measure, n);
}
