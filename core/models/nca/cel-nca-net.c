/* cel-nca-net.c — layers, rollout and backpropagation through time of the
 * neural cellular automaton. See cel-nca-net.h. */
#include "models/nca/cel-nca-net.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "cel-parallel.h"

#ifdef CEL_NCA_DOUBLE
#define GEMM cblas_dgemm
#else
#define GEMM cblas_sgemm
#endif

/* What one step leaves for its backward pass. live lists the cells (indices
 * into the batch) that are pre-alive and fire, grid by grid: offsets[b] to
 * offsets[b + 1] are grid b's. */
typedef struct {
  guint32    *live;
  guint      *offsets;     /* batch + 1 */
  guint       n_live;
  gsize       capacity;    /* rows of p and h */
  CelNcaReal *p, *h;       /* n_live × P perception, n_live × H activations */
  guint8     *fire;        /* per cell of the batch */
  guint8     *mask;        /* per cell: pre- and post-alive */
} Record;

struct _CelNcaWork
{
  const CelNcaNet *net;
  guint        batch;
  gsize        cells;          /* per grid */
  Record       scratch;        /* for steps that need no backward pass */
  GPtrArray   *records;        /* of Record: every one made */
  GPtrArray   *spare;          /* of Record: those holding no step */
  Record     **steps;          /* a rollout's recorded steps, NULL if not */
  guint        n_steps;
  gsize        budget;         /* bytes of records kept beyond a segment */
  guint8      *alive;          /* per cell of the batch */
  CelNcaReal  *rowmax;         /* per cell of the batch, for the alive masks */
  gsize        rows;           /* rows of the buffers below */
  CelNcaReal  *dx, *gdx, *gh, *gp;
  CelNcaReal  *checkpoints;    /* n_checkpoints batches */
  CelRng      *rngs;
  guint        n_checkpoints;
  CelNcaReal  *replay, *grad_state;  /* a batch each */
  CelNcaReal  *outside;        /* per grid, a row of C for cells outside it */
  gsize        bytes, peak;
};

guint
cel_nca_config_filters (const CelNcaConfig *config)
{
  return config->laplacian ? 4 : 3;
}

gsize
cel_nca_config_cells (const CelNcaConfig *config)
{
  return (gsize) config->width * config->height;
}

/* Parameters ---------------------------------------------------------------- */

void
cel_nca_net_init (CelNcaNet          *net,
                  const CelNcaConfig *config,
                  CelRng             *rng)
{
  guint c = config->channels, h = config->hidden;
  guint p = c * cel_nca_config_filters (config);
  double limit = sqrt (6.0 / (p + h));

  net->config = *config;
  net->n_perception = p;
  net->n_params = (gsize) h * p + h + (gsize) c * h;
  net->params = g_new0 (CelNcaReal, net->n_params);
  net->w1 = net->params;
  net->b1 = net->w1 + (gsize) h * p;
  net->w2 = net->b1 + h;
  for (gsize i = 0; i < (gsize) h * p; i++)
    net->w1[i] = (CelNcaReal) ((2.0 * cel_rng_uniform (rng) - 1.0) * limit);
}

void
cel_nca_net_clear (CelNcaNet *net)
{
  g_clear_pointer (&net->params, g_free);
  net->w1 = net->b1 = net->w2 = NULL;
  net->n_params = 0;
}

void
cel_nca_net_tensor (const CelNcaNet *net,
                    CelNcaTensor     tensor,
                    gsize           *offset,
                    gsize           *length)
{
  gsize h = net->config.hidden, p = net->n_perception, c = net->config.channels;

  switch (tensor)
    {
    case CEL_NCA_TENSOR_W1:
      *offset = 0;
      *length = h * p;
      break;
    case CEL_NCA_TENSOR_B1:
      *offset = h * p;
      *length = h;
      break;
    case CEL_NCA_TENSOR_W2:
    default:
      *offset = h * p + h;
      *length = c * h;
      break;
    }
}

void
cel_nca_seed (const CelNcaConfig *config,
              CelNcaReal         *grid,
              guint               x,
              guint               y)
{
  CelNcaReal *cell = grid + ((gsize) y * config->width + x) * config->channels;

  for (guint c = CEL_NCA_ALPHA; c < config->channels; c++)
    cell[c] = 1;
}

/* Work ------------------------------------------------------------------------ */

static void
grow (CelNcaWork *work, gpointer ptr, gsize *have, gsize need, gsize size)
{
  gpointer *p = ptr;

  if (need <= *have)
    return;
  need = MAX (need, *have + *have / 4);
  *p = g_realloc (*p, need * size);
  work->bytes += (need - *have) * size;
  work->peak = MAX (work->peak, work->bytes);
  *have = need;
}

static void
record_init (CelNcaWork *work, Record *r)
{
  gsize n = work->batch * work->cells;

  r->offsets = g_new0 (guint, work->batch + 1);
  r->live = g_new (guint32, n);
  r->fire = g_new (guint8, n);
  r->mask = g_new (guint8, n);
  work->bytes += (work->batch + 1) * sizeof (guint) + n * (sizeof (guint32) + 2);
  work->peak = MAX (work->peak, work->bytes);
}

static void
record_clear (Record *r)
{
  g_free (r->offsets);
  g_free (r->live);
  g_free (r->fire);
  g_free (r->mask);
  g_free (r->p);
  g_free (r->h);
}

static void
record_reserve (CelNcaWork *work, Record *r, gsize rows)
{
  const CelNcaNet *net = work->net;
  gsize before = r->capacity, after = r->capacity;

  if (rows <= r->capacity)
    return;
  grow (work, &r->p, &after, rows, net->n_perception * sizeof (CelNcaReal));
  after = before;
  grow (work, &r->h, &after, rows, net->config.hidden * sizeof (CelNcaReal));
  r->capacity = after;
}

CelNcaWork *
cel_nca_work_new (const CelNcaNet *net,
                  guint            batch)
{
  CelNcaWork *work = g_new0 (CelNcaWork, 1);
  gsize n;

  work->net = net;
  work->batch = MAX (batch, 1);
  work->cells = cel_nca_config_cells (&net->config);
  n = work->batch * work->cells;
  record_init (work, &work->scratch);
  work->alive = g_new (guint8, n);
  work->rowmax = g_new (CelNcaReal, n);
  work->replay = g_new (CelNcaReal, n * net->config.channels);
  work->grad_state = g_new (CelNcaReal, n * net->config.channels);
  work->outside = g_new0 (CelNcaReal, (gsize) work->batch * net->config.channels);
  work->bytes += n + ((2 * net->config.channels + 1) * n + (gsize) work->batch * net->config.channels)
                     * sizeof (CelNcaReal);
  work->records = g_ptr_array_new ();
  work->spare = g_ptr_array_new ();
  work->budget = CEL_NCA_RECORD_BUDGET;
  work->peak = MAX (work->peak, work->bytes);
  return work;
}

void
cel_nca_work_free (CelNcaWork *work)
{
  if (work == NULL)
    return;
  record_clear (&work->scratch);
  for (guint i = 0; i < work->records->len; i++)
    {
      record_clear (g_ptr_array_index (work->records, i));
      g_free (g_ptr_array_index (work->records, i));
    }
  g_ptr_array_unref (work->records);
  g_ptr_array_unref (work->spare);
  g_free (work->steps);
  g_free (work->alive);
  g_free (work->rowmax);
  g_free (work->dx);
  g_free (work->gdx);
  g_free (work->gh);
  g_free (work->gp);
  g_free (work->checkpoints);
  g_free (work->rngs);
  g_free (work->replay);
  g_free (work->grad_state);
  g_free (work->outside);
  g_free (work);
}

gsize
cel_nca_work_peak_bytes (const CelNcaWork *work)
{
  return work->peak;
}

void
cel_nca_work_set_record_budget (CelNcaWork *work,
                                gsize       bytes)
{
  work->budget = bytes;
}

static void
reserve_rows (CelNcaWork *work, gsize rows)
{
  const CelNcaNet *net = work->net;
  gsize c = net->config.channels, h = net->config.hidden, p = net->n_perception;
  gsize have;

  if (rows <= work->rows)
    return;
  have = work->rows;
  grow (work, &work->dx, &have, rows, c * sizeof (CelNcaReal));
  have = work->rows;
  grow (work, &work->gdx, &have, rows, c * sizeof (CelNcaReal));
  have = work->rows;
  grow (work, &work->gh, &have, rows, h * sizeof (CelNcaReal));
  have = work->rows;
  grow (work, &work->gp, &have, rows, p * sizeof (CelNcaReal));
  work->rows = have;
}

/* Per-grid layers --------------------------------------------------------- */

typedef struct {
  CelNcaWork *work;
  Record     *r;
  CelNcaReal *states;
  CelNcaReal *grad;     /* the state gradient (backward) */
  guint8     *alive;
  CelNcaReal *dparams;  /* the parameter gradient (backward) */
} Task;

/* alive[i] = max alpha over the 3×3 neighbourhood > threshold: a running
 * maximum along rows into rowmax, then along columns. */
static void
alive_grid (const CelNcaConfig *config,
            const CelNcaReal   *grid,
            CelNcaReal         *rowmax,
            guint8             *alive)
{
  guint c = config->channels, w = config->width, h = config->height;
  CelNcaReal threshold = (CelNcaReal) config->alive_threshold;

  for (guint y = 0; y < h; y++)
    {
      const CelNcaReal *row = grid + (gsize) y * w * c + CEL_NCA_ALPHA;
      CelNcaReal *out = rowmax + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        {
          CelNcaReal m = row[(gsize) x * c];

          if (x > 0)
            m = MAX (m, row[(gsize) (x - 1) * c]);
          else if (config->torus)
            m = MAX (m, row[(gsize) (w - 1) * c]);
          if (x + 1 < w)
            m = MAX (m, row[(gsize) (x + 1) * c]);
          else if (config->torus)
            m = MAX (m, row[0]);
          out[x] = m;
        }
    }
  for (guint y = 0; y < h; y++)
    {
      const CelNcaReal *mid = rowmax + (gsize) y * w;
      const CelNcaReal *up = y > 0 ? mid - w : config->torus ? rowmax + (gsize) (h - 1) * w : NULL;
      const CelNcaReal *down = y + 1 < h ? mid + w : config->torus ? rowmax : NULL;
      guint8 *out = alive + (gsize) y * w;

      for (guint x = 0; x < w; x++)
        {
          CelNcaReal m = mid[x];

          if (up != NULL)
            m = MAX (m, up[x]);
          if (down != NULL)
            m = MAX (m, down[x]);
          out[x] = m > threshold;
        }
    }
}

static void
alive_task (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  gsize cells = t->work->cells;

  alive_grid (&t->work->net->config, t->states + b * cells * t->work->net->config.channels,
              t->work->rowmax + b * cells, t->alive + b * cells);
}

/* The nine cells around a cell of a grid of c channels, row by row from
 * the top left; cells outside a bounded grid are `outside` (zeros when
 * read, a row to discard when written). */
static inline void
neighbours (const CelNcaConfig *config,
            CelNcaReal         *grid,
            CelNcaReal         *outside,
            gsize               cell,
            CelNcaReal         *v[9])
{
  guint w = config->width, h = config->height, c = config->channels;
  guint x = (guint) (cell % w), y = (guint) (cell / w);

  if (x > 0 && y > 0 && x + 1 < w && y + 1 < h)
    {
      CelNcaReal *centre = grid + cell * c;
      gsize row = (gsize) w * c;

      v[0] = centre - row - c;
      v[1] = centre - row;
      v[2] = centre - row + c;
      v[3] = centre - c;
      v[4] = centre;
      v[5] = centre + c;
      v[6] = centre + row - c;
      v[7] = centre + row;
      v[8] = centre + row + c;
      return;
    }
  for (int dy = -1, k = 0; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++, k++)
      {
        gint64 nx = (gint64) x + dx, ny = (gint64) y + dy;

        if (config->torus)
          {
            nx = (nx + w) % w;
            ny = (ny + h) % h;
          }
        else if (nx < 0 || ny < 0 || nx >= w || ny >= h)
          {
            v[k] = outside;
            continue;
          }
        v[k] = grid + ((gsize) ny * w + (gsize) nx) * c;
      }
}

/* Perception rows j0 … j1 − 1 of the live cells (of any grids; the
 * states are only read). A row holds the filters one block after another,
 * each block C wide: identity, Sobel x, Sobel y (, Laplacian). The filters
 * are applied in separable form: the Sobel x filter is the difference of
 * the right and left columns weighted 1, 2, 1, over 8, Sobel y likewise of
 * the bottom and top rows. The outside rows must be zero. */
static void
perceive_rows (const Task *t, guint j0, guint j1)
{
  const CelNcaConfig *config = &t->work->net->config;
  gsize cells = t->work->cells;
  guint c = config->channels, k = cel_nca_config_filters (config), np = t->work->net->n_perception;

  for (guint j = j0; j < j1; j++)
    {
      gsize b = t->r->live[j] / cells;
      CelNcaReal *restrict row = t->r->p + (gsize) j * np;
      CelNcaReal *v[9];

      neighbours (config, t->states + b * cells * c, t->work->outside + b * c,
                  t->r->live[j] - b * cells, v);
      for (guint ch = 0; ch < c; ch++)
        {
          CelNcaReal left = v[0][ch] + 2 * v[3][ch] + v[6][ch];
          CelNcaReal right = v[2][ch] + 2 * v[5][ch] + v[8][ch];
          CelNcaReal top = v[0][ch] + 2 * v[1][ch] + v[2][ch];
          CelNcaReal bottom = v[6][ch] + 2 * v[7][ch] + v[8][ch];

          row[ch] = v[4][ch];
          row[c + ch] = (right - left) * (CelNcaReal) (1.0 / 8);
          row[2 * c + ch] = (bottom - top) * (CelNcaReal) (1.0 / 8);
        }
      if (k == 4)
        for (guint ch = 0; ch < c; ch++)
          {
            CelNcaReal corners = v[0][ch] + v[2][ch] + v[6][ch] + v[8][ch];
            CelNcaReal sides = v[1][ch] + v[3][ch] + v[5][ch] + v[7][ch];

            row[3 * c + ch] = (corners + 2 * sides - 12 * v[4][ch]) * (CelNcaReal) (1.0 / 16);
          }
    }
}

/* Backward of grid b's masking and perception: the state gradient is
 * zeroed on the cells the step zeroed, then grid b's perception gradients
 * (gp) are added to it by the transpose of perception, scattering each
 * filter's gradient to the nine cells with the filter's weights (gradients
 * for cells outside a bounded grid go to a row that is discarded). */
static void
perceive_backward (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  const CelNcaConfig *config = &t->work->net->config;
  gsize cells = t->work->cells;
  guint c = config->channels, k = cel_nca_config_filters (config), np = t->work->net->n_perception;
  CelNcaReal *grad = t->grad + b * cells * c;
  CelNcaReal *outside = t->work->outside + (gsize) b * c;
  const guint8 *mask = t->r->mask + b * cells;

  for (gsize i = 0; i < cells; i++)
    if (!mask[i])
      memset (grad + i * c, 0, c * sizeof (CelNcaReal));
  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      const CelNcaReal *restrict row = t->work->gp + (gsize) j * np;
      CelNcaReal *v[9];

      neighbours (config, grad, outside, t->r->live[j] - b * cells, v);
      for (guint ch = 0; ch < c; ch++)
        {
          CelNcaReal gx = row[c + ch] * (CelNcaReal) (1.0 / 8);
          CelNcaReal gy = row[2 * c + ch] * (CelNcaReal) (1.0 / 8);

          v[0][ch] -= gx + gy;
          v[1][ch] -= 2 * gy;
          v[2][ch] += gx - gy;
          v[3][ch] -= 2 * gx;
          v[4][ch] += row[ch];
          v[5][ch] += 2 * gx;
          v[6][ch] += gy - gx;
          v[7][ch] += 2 * gy;
          v[8][ch] += gx + gy;
        }
      if (k == 4)
        for (guint ch = 0; ch < c; ch++)
          {
            CelNcaReal gl = row[3 * c + ch] * (CelNcaReal) (1.0 / 16);

            v[0][ch] += gl;
            v[1][ch] += 2 * gl;
            v[2][ch] += gl;
            v[3][ch] += 2 * gl;
            v[4][ch] -= 12 * gl;
            v[5][ch] += 2 * gl;
            v[6][ch] += gl;
            v[7][ch] += 2 * gl;
            v[8][ch] += gl;
          }
    }
}

/* s += dx on grid b's live cells, then the post-alive mask and zeroing. */
static void
update_grid (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  const CelNcaConfig *config = &t->work->net->config;
  gsize cells = t->work->cells;
  guint c = config->channels;
  CelNcaReal *grid = t->states + b * cells * c;
  guint8 *pre = t->alive + b * cells, *mask = t->r->mask + b * cells;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      CelNcaReal *s = t->states + (gsize) t->r->live[j] * c;
      const CelNcaReal *d = t->work->dx + (gsize) j * c;

      for (guint ch = 0; ch < c; ch++)
        s[ch] += d[ch];
    }
  /* mask holds post-alive until combined with pre-alive. */
  alive_grid (config, grid, t->work->rowmax + b * cells, mask);
  for (gsize i = 0; i < cells; i++)
    {
      mask[i] = mask[i] && pre[i];
      if (!mask[i])
        memset (grid + i * c, 0, c * sizeof (CelNcaReal));
    }
}

/* Steps ------------------------------------------------------------------------ */

/* Batches below this many cells run the per-grid layers on the calling
 * thread: waking the pool costs more than the work. */
#define PARALLEL_MIN_CELLS 8192

static void
for_grids (CelNcaWork *work, guint batch, CelParallelFunc func, Task *task)
{
  if (batch * work->cells < PARALLEL_MIN_CELLS)
    for (guint b = 0; b < batch; b++)
      func (b, batch, task);
  else
    cel_parallel_for (batch, func, task);
}

/* The dense layers are split into blocks of a fixed number of live rows
 * (and their weight gradients into blocks of hidden units), each one BLAS
 * call on one thread with OpenBLAS single-threaded (see cel-parallel.h):
 * the blocks do not depend on the thread count and every output is written
 * by one block, so results are bit for bit the same for any number of
 * threads. A block of rows is large enough for an efficient product and
 * small enough that a grown creature's few thousand live rows make several
 * blocks. */
#define ROW_BLOCK 256
#define HIDDEN_BLOCK 32

static guint
row_blocks (const Record *r)
{
  return (r->n_live + ROW_BLOCK - 1) / ROW_BLOCK;
}

static guint
hidden_blocks (const CelNcaNet *net)
{
  return (net->config.hidden + HIDDEN_BLOCK - 1) / HIDDEN_BLOCK;
}

/* Forward of one block of rows: perception, h = ReLU(W1 p + b1), dx = W2 h. */
static void
dense_forward (guint block, guint n_tasks, gpointer data)
{
  const Task *t = data;
  const CelNcaNet *net = t->work->net;
  guint j0 = block * ROW_BLOCK, j1 = MIN (j0 + ROW_BLOCK, t->r->n_live);
  blasint c = (blasint) net->config.channels, hd = (blasint) net->config.hidden;
  blasint np = (blasint) net->n_perception;
  CelNcaReal *h = t->r->h + (gsize) j0 * hd;

  perceive_rows (t, j0, j1);
  GEMM (CblasRowMajor, CblasNoTrans, CblasTrans, (blasint) (j1 - j0), hd, np,
        1, t->r->p + (gsize) j0 * np, np, net->w1, np, 0, h, hd);
  for (guint j = 0; j < j1 - j0; j++)
    {
      CelNcaReal *row = h + (gsize) j * hd;

      for (blasint i = 0; i < hd; i++)
        {
          CelNcaReal v = row[i] + net->b1[i];

          row[i] = v > 0 ? v : 0;
        }
    }
  GEMM (CblasRowMajor, CblasNoTrans, CblasTrans, (blasint) (j1 - j0), c, hd,
        1, h, hd, net->w2, hd, 0, t->work->dx + (gsize) j0 * c, c);
}

/* Backward of the update and dense 2 and the ReLU on one block of rows:
 * gdx is the state gradient of the cells the step kept (zero on those it
 * zeroed), gh = gdx W2 where h > 0. */
static void
dense2_backward (guint block, guint n_tasks, gpointer data)
{
  const Task *t = data;
  const CelNcaNet *net = t->work->net;
  guint j0 = block * ROW_BLOCK, j1 = MIN (j0 + ROW_BLOCK, t->r->n_live);
  blasint c = (blasint) net->config.channels, hd = (blasint) net->config.hidden;
  CelNcaReal *g = t->work->gh + (gsize) j0 * hd;
  const CelNcaReal *h = t->r->h + (gsize) j0 * hd;

  for (guint j = j0; j < j1; j++)
    {
      guint32 cell = t->r->live[j];
      CelNcaReal *d = t->work->gdx + (gsize) j * c;

      if (t->r->mask[cell])
        memcpy (d, t->grad + (gsize) cell * c, c * sizeof (CelNcaReal));
      else
        memset (d, 0, c * sizeof (CelNcaReal));
    }
  GEMM (CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint) (j1 - j0), hd, c,
        1, t->work->gdx + (gsize) j0 * c, c, net->w2, hd, 0, g, hd);
  for (gsize i = 0; i < (gsize) (j1 - j0) * hd; i++)
    g[i] = h[i] > 0 ? g[i] : 0;
}

/* The weight gradients and gp, as one set of tasks: the first
 * hidden_blocks() add, for hidden units i0 … i1 − 1, gW2[:, i] += gdxᵀ h[:, i],
 * gb1[i] += Σ gh[:, i] (rows in order) and gW1[i, :] += gh[:, i]ᵀ p (each a
 * full reduction over the live rows); the rest compute gp = gh W1 on one
 * block of rows each. */
static void
dense1_backward (guint task, guint n_tasks, gpointer data)
{
  const Task *t = data;
  const CelNcaNet *net = t->work->net;
  blasint c = (blasint) net->config.channels, hd = (blasint) net->config.hidden;
  blasint np = (blasint) net->n_perception, live = (blasint) t->r->n_live;
  guint n_hidden = hidden_blocks (net);
  gsize o_b1, o_w2, len;

  cel_nca_net_tensor (net, CEL_NCA_TENSOR_B1, &o_b1, &len);
  cel_nca_net_tensor (net, CEL_NCA_TENSOR_W2, &o_w2, &len);
  if (task < n_hidden)
    {
      guint i0 = task * HIDDEN_BLOCK, i1 = MIN (i0 + HIDDEN_BLOCK, (guint) hd);
      blasint n = (blasint) (i1 - i0);
      CelNcaReal gb1[HIDDEN_BLOCK];

      GEMM (CblasRowMajor, CblasTrans, CblasNoTrans, c, n, live,
            1, t->work->gdx, c, t->r->h + i0, hd, 1, t->dparams + o_w2 + i0, hd);
      /* In a local copy, which the compiler can keep in registers. */
      memcpy (gb1, t->dparams + o_b1 + i0, n * sizeof (CelNcaReal));
      for (blasint j = 0; j < live; j++)
        {
          const CelNcaReal *g = t->work->gh + (gsize) j * hd + i0;

          for (blasint i = 0; i < n; i++)
            gb1[i] += g[i];
        }
      memcpy (t->dparams + o_b1 + i0, gb1, n * sizeof (CelNcaReal));
      GEMM (CblasRowMajor, CblasTrans, CblasNoTrans, n, np, live,
            1, t->work->gh + i0, hd, t->r->p, np, 1, t->dparams + (gsize) i0 * np, np);
    }
  else
    {
      guint j0 = (task - n_hidden) * ROW_BLOCK, j1 = MIN (j0 + ROW_BLOCK, (guint) live);

      GEMM (CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint) (j1 - j0), np, hd,
            1, t->work->gh + (gsize) j0 * hd, hd, net->w1, np, 0, t->work->gp + (gsize) j0 * np, np);
    }
}

static void
forward_step (CelNcaWork *work,
              guint       batch,
              CelNcaReal *states,
              CelRng     *rng,
              Record     *r)
{
  const CelNcaNet *net = work->net;
  const CelNcaConfig *config = &net->config;
  gsize cells = work->cells, n = batch * cells;
  Task task = { work, r, states, NULL, work->alive, NULL };
  guint live = 0;

  /* The fire mask first, for every cell in order: the draws do not depend
   * on the state. */
  for (gsize i = 0; i < n; i++)
    r->fire[i] = cel_rng_uniform (rng) < config->fire_rate;
  for_grids (work, batch, alive_task, &task);
  for (guint b = 0; b < batch; b++)
    {
      r->offsets[b] = live;
      for (gsize i = b * cells; i < (b + 1) * cells; i++)
        if (work->alive[i] && r->fire[i])
          r->live[live++] = (guint32) i;
    }
  r->offsets[batch] = live;
  r->n_live = live;
  record_reserve (work, r, MAX (live, 1));
  reserve_rows (work, MAX (live, 1));

  /* Cells outside a bounded grid read as zero (the backward pass scribbles
   * on these rows). */
  memset (work->outside, 0, (gsize) batch * config->channels * sizeof (CelNcaReal));
  cel_parallel_for (row_blocks (r), dense_forward, &task);
  for_grids (work, batch, update_grid, &task);
}

static void
backward_step (CelNcaWork *work,
               guint       batch,
               Record     *r,
               CelNcaReal *grad_state,
               CelNcaReal *grad)
{
  Task task = { work, r, NULL, grad_state, NULL, grad };

  if (r->n_live > 0)
    {
      cel_parallel_for (row_blocks (r), dense2_backward, &task);
      cel_parallel_for (hidden_blocks (work->net) + row_blocks (r), dense1_backward, &task);
    }
  for_grids (work, batch, perceive_backward, &task);
}

void
cel_nca_net_step (const CelNcaNet *net,
                  CelNcaWork      *work,
                  guint            batch,
                  CelNcaReal      *states,
                  CelRng          *rng)
{
  g_return_if_fail (work->net == net && batch <= work->batch);
  forward_step (work, batch, states, rng, &work->scratch);
}

double
cel_nca_live_fraction (const CelNcaConfig *config,
                       guint               batch,
                       const CelNcaReal   *states)
{
  gsize cells = cel_nca_config_cells (config), live = 0;
  g_autofree CelNcaReal *rowmax = g_new (CelNcaReal, cells);
  g_autofree guint8 *alive = g_new (guint8, cells);

  for (guint b = 0; b < batch; b++)
    {
      alive_grid (config, states + b * cells * config->channels, rowmax, alive);
      for (gsize i = 0; i < cells; i++)
        live += alive[i];
    }
  return batch > 0 ? (double) live / ((double) batch * cells) : 0;
}

void
cel_nca_net_losses (const CelNcaConfig *config,
                    guint               batch,
                    const CelNcaReal   *states,
                    const CelNcaReal   *target,
                    double             *losses)
{
  gsize cells = cel_nca_config_cells (config);
  guint c = config->channels;

  for (guint b = 0; b < batch; b++)
    {
      const CelNcaReal *grid = states + b * cells * c;
      double sum = 0;

      for (gsize i = 0; i < cells; i++)
        for (guint ch = 0; ch < 4; ch++)
          {
            double d = (double) grid[i * c + ch] - (double) target[i * 4 + ch];

            sum += d * d;
          }
      losses[b] = sum / (cells * 4.0);
    }
}

static void
reserve_segments (CelNcaWork *work, guint n_checkpoints, guint n_steps)
{
  gsize batch_bytes = work->batch * work->cells * work->net->config.channels * sizeof (CelNcaReal);

  if (n_checkpoints > work->n_checkpoints)
    {
      work->checkpoints = g_realloc_n (work->checkpoints, n_checkpoints, batch_bytes);
      work->rngs = g_renew (CelRng, work->rngs, n_checkpoints);
      work->bytes += (n_checkpoints - work->n_checkpoints) * (batch_bytes + sizeof (CelRng));
      work->n_checkpoints = n_checkpoints;
    }
  if (n_steps > work->n_steps)
    {
      work->steps = g_renew (Record *, work->steps, n_steps);
      work->bytes += (n_steps - work->n_steps) * sizeof (Record *);
      work->n_steps = n_steps;
    }
  if (n_steps > 0)
    memset (work->steps, 0, n_steps * sizeof (Record *));
  work->peak = MAX (work->peak, work->bytes);
}

/* A record for step t, spare or new. */
static Record *
take_record (CelNcaWork *work, guint t)
{
  Record *r;

  if (work->spare->len > 0)
    r = g_ptr_array_steal_index_fast (work->spare, work->spare->len - 1);
  else
    {
      r = g_new0 (Record, 1);
      record_init (work, r);
      g_ptr_array_add (work->records, r);
    }
  work->steps[t] = r;
  return r;
}

static void
give_record (CelNcaWork *work, guint t)
{
  g_ptr_array_add (work->spare, work->steps[t]);
  work->steps[t] = NULL;
}

/* Bytes a record holds. */
static gsize
record_bytes (const CelNcaWork *work, const Record *r)
{
  return r->capacity * (work->net->n_perception + work->net->config.hidden) * sizeof (CelNcaReal)
         + work->batch * work->cells * (sizeof (guint32) + 2);
}

double
cel_nca_net_rollout (const CelNcaNet  *net,
                     CelNcaWork       *work,
                     guint             batch,
                     guint             n_steps,
                     guint             checkpoint,
                     CelNcaReal       *states,
                     const CelNcaReal *target,
                     CelRng           *rng,
                     double           *losses,
                     CelNcaReal       *grad)
{
  const CelNcaConfig *config = &net->config;
  gsize cells = work->cells, c = config->channels;
  gsize grid_values = cells * c, n_values = batch * grid_values;
  gsize kept = 0;
  guint k, n_segments, oldest = 0;
  double mean = 0, scale;

  g_return_val_if_fail (work->net == net && batch >= 1 && batch <= work->batch, NAN);

  memset (grad, 0, net->n_params * sizeof (CelNcaReal));
  k = checkpoint > 0 ? checkpoint : (guint) ceil (sqrt ((double) n_steps));
  k = CLAMP (k, 1, MAX (n_steps, 1));
  n_segments = (n_steps + k - 1) / k;
  reserve_segments (work, n_segments, n_steps);

  /* Forward, keeping a checkpoint per segment and recording every step;
   * the records of the oldest segments are dropped (to be recomputed from
   * their checkpoints) while those of the segments before the current one
   * would take more than the budget. */
  for (guint t = 0; t < n_steps; t++)
    {
      Record *r;

      if (t % k == 0)
        {
          memcpy (work->checkpoints + (t / k) * (work->batch * grid_values), states,
                  n_values * sizeof (CelNcaReal));
          work->rngs[t / k] = *rng;
          /* Dropped before the segment is computed, so that its steps
           * reuse the records. */
          while (oldest < t / k && kept > work->budget)
            {
              for (guint u = oldest * k; u < (oldest + 1) * k; u++)
                {
                  kept -= record_bytes (work, work->steps[u]);
                  give_record (work, u);
                }
              oldest++;
            }
        }
      r = take_record (work, t);
      forward_step (work, batch, states, rng, r);
      kept += record_bytes (work, r);
    }
  cel_nca_net_losses (config, batch, states, target, losses);
  for (guint b = 0; b < batch; b++)
    mean += losses[b];
  mean /= batch;

  /* d mean / d state: 2 (x − target) / (batch · cells · 4) on RGBA. */
  scale = 2.0 / ((double) batch * cells * 4.0);
  for (guint b = 0; b < batch; b++)
    for (gsize i = 0; i < cells; i++)
      {
        const CelNcaReal *x = states + b * grid_values + i * c;
        CelNcaReal *g = work->grad_state + b * grid_values + i * c;

        for (gsize ch = 0; ch < c; ch++)
          g[ch] = ch < 4 ? (CelNcaReal) (scale * ((double) x[ch] - (double) target[i * 4 + ch])) : 0;
      }

  for (guint s = n_segments; s-- > 0;)
    {
      guint start = s * k, end = MIN (start + k, n_steps);

      if (work->steps[start] == NULL)
        {
          CelRng replay_rng = work->rngs[s];

          memcpy (work->replay, work->checkpoints + s * (work->batch * grid_values),
                  n_values * sizeof (CelNcaReal));
          for (guint t = start; t < end; t++)
            forward_step (work, batch, work->replay, &replay_rng, take_record (work, t));
        }
      for (guint t = end; t-- > start;)
        {
          backward_step (work, batch, work->steps[t], work->grad_state, grad);
          give_record (work, t);
        }
    }
  return mean;
}
