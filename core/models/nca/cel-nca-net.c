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

/* Filters, indexed [dy + 1][dx + 1], applied as correlations. */
static const CelNcaReal sobel_x[3][3] = {
  { -1.0 / 8, 0, 1.0 / 8 }, { -2.0 / 8, 0, 2.0 / 8 }, { -1.0 / 8, 0, 1.0 / 8 },
};
static const CelNcaReal sobel_y[3][3] = {
  { -1.0 / 8, -2.0 / 8, -1.0 / 8 }, { 0, 0, 0 }, { 1.0 / 8, 2.0 / 8, 1.0 / 8 },
};
static const CelNcaReal laplace[3][3] = {
  { 1.0 / 16, 2.0 / 16, 1.0 / 16 }, { 2.0 / 16, -12.0 / 16, 2.0 / 16 }, { 1.0 / 16, 2.0 / 16, 1.0 / 16 },
};

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
  Record      *records;        /* a segment's steps */
  guint        n_records;
  guint8      *alive;          /* per cell of the batch */
  CelNcaReal  *rowmax;         /* per cell of the batch, for the alive masks */
  gsize        rows;           /* rows of the buffers below */
  CelNcaReal  *dx, *gdx, *gh, *gp;
  CelNcaReal  *checkpoints;    /* n_checkpoints batches */
  CelRng      *rngs;
  guint        n_checkpoints;
  CelNcaReal  *replay, *grad_state;  /* a batch each */
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
  work->bytes += n + (2 * net->config.channels + 1) * n * sizeof (CelNcaReal);
  work->peak = MAX (work->peak, work->bytes);
  return work;
}

void
cel_nca_work_free (CelNcaWork *work)
{
  if (work == NULL)
    return;
  record_clear (&work->scratch);
  for (guint i = 0; i < work->n_records; i++)
    record_clear (&work->records[i]);
  g_free (work->records);
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
  g_free (work);
}

gsize
cel_nca_work_peak_bytes (const CelNcaWork *work)
{
  return work->peak;
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
} Task;

/* The 3×3 neighbourhood of (x, y) as cell indices, row by row from the top
 * left, -1 for cells outside a bounded grid. */
static inline void
neighbourhood (const CelNcaConfig *config, guint x, guint y, gssize out[9])
{
  guint w = config->width, h = config->height;

  if (x > 0 && y > 0 && x + 1 < w && y + 1 < h)
    {
      gssize centre = (gssize) y * w + x;

      for (int dy = -1, k = 0; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++, k++)
          out[k] = centre + (gssize) dy * w + dx;
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
            out[k] = -1;
            continue;
          }
        out[k] = (gssize) (ny * w + nx);
      }
}

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

/* Perception rows of grid b's live cells. A row holds the filters one
 * block after another, each block C wide: identity, Sobel x, Sobel y
 * (, Laplacian). */
static void
perceive_forward (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  const CelNcaConfig *config = &t->work->net->config;
  gsize cells = t->work->cells;
  guint c = config->channels, k = cel_nca_config_filters (config), np = t->work->net->n_perception;
  const CelNcaReal *grid = t->states + b * cells * c;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      gsize cell = t->r->live[j] - b * cells;
      CelNcaReal *row = t->r->p + (gsize) j * np;
      CelNcaReal *px = row + c, *py = row + 2 * c, *pl = row + 3 * c;
      gssize nb[9];

      neighbourhood (config, (guint) (cell % config->width), (guint) (cell / config->width), nb);
      memcpy (row, grid + cell * c, c * sizeof (CelNcaReal));
      memset (row + c, 0, (np - c) * sizeof (CelNcaReal));
      for (guint n = 0; n < 9; n++)
        {
          CelNcaReal sx = sobel_x[n / 3][n % 3], sy = sobel_y[n / 3][n % 3], sl = laplace[n / 3][n % 3];
          const CelNcaReal *v;

          if (nb[n] < 0)
            continue;
          v = grid + (gsize) nb[n] * c;
          for (guint ch = 0; ch < c; ch++)
            {
              px[ch] += sx * v[ch];
              py[ch] += sy * v[ch];
            }
          if (k == 4)
            for (guint ch = 0; ch < c; ch++)
              pl[ch] += sl * v[ch];
        }
    }
}

/* The transpose: adds grid b's perception gradients (gp) to the state
 * gradient. */
static void
perceive_backward (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  const CelNcaConfig *config = &t->work->net->config;
  gsize cells = t->work->cells;
  guint c = config->channels, k = cel_nca_config_filters (config), np = t->work->net->n_perception;
  CelNcaReal *grad = t->grad + b * cells * c;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      gsize cell = t->r->live[j] - b * cells;
      const CelNcaReal *row = t->work->gp + (gsize) j * np;
      const CelNcaReal *gx = row + c, *gy = row + 2 * c, *gl = row + 3 * c;
      gssize nb[9];

      neighbourhood (config, (guint) (cell % config->width), (guint) (cell / config->width), nb);
      for (guint ch = 0; ch < c; ch++)
        grad[cell * c + ch] += row[ch];
      for (guint n = 0; n < 9; n++)
        {
          CelNcaReal sx = sobel_x[n / 3][n % 3], sy = sobel_y[n / 3][n % 3], sl = laplace[n / 3][n % 3];
          CelNcaReal *g;

          if (nb[n] < 0)
            continue;
          g = grad + (gsize) nb[n] * c;
          for (guint ch = 0; ch < c; ch++)
            g[ch] += sx * gx[ch] + sy * gy[ch];
          if (k == 4)
            for (guint ch = 0; ch < c; ch++)
              g[ch] += sl * gl[ch];
        }
    }
}

/* h = ReLU(h + b1) on grid b's rows. */
static void
bias_relu (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  guint hd = t->work->net->config.hidden;
  const CelNcaReal *b1 = t->work->net->b1;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      CelNcaReal *row = t->r->h + (gsize) j * hd;

      for (guint i = 0; i < hd; i++)
        {
          CelNcaReal a = row[i] + b1[i];

          row[i] = a > 0 ? a : 0;
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

/* Backward of the update and masking for grid b: gdx of its live cells is
 * the incoming gradient on masked cells, and the state gradient is masked. */
static void
update_backward (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  gsize cells = t->work->cells;
  guint c = t->work->net->config.channels;
  CelNcaReal *grad = t->grad + b * cells * c;
  const guint8 *mask = t->r->mask + b * cells;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      guint32 cell = t->r->live[j];
      CelNcaReal *d = t->work->gdx + (gsize) j * c;

      if (t->r->mask[cell])
        memcpy (d, t->grad + (gsize) cell * c, c * sizeof (CelNcaReal));
      else
        memset (d, 0, c * sizeof (CelNcaReal));
    }
  for (gsize i = 0; i < cells; i++)
    if (!mask[i])
      memset (grad + i * c, 0, c * sizeof (CelNcaReal));
}

/* ReLU backward on grid b's rows: gh where h > 0. */
static void
relu_backward (guint b, guint n_tasks, gpointer data)
{
  Task *t = data;
  guint hd = t->work->net->config.hidden;

  for (guint j = t->r->offsets[b]; j < t->r->offsets[b + 1]; j++)
    {
      CelNcaReal *g = t->work->gh + (gsize) j * hd;
      const CelNcaReal *h = t->r->h + (gsize) j * hd;

      for (guint i = 0; i < hd; i++)
        g[i] = h[i] > 0 ? g[i] : 0;
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
  blasint c = (blasint) config->channels, hd = (blasint) config->hidden;
  blasint np = (blasint) net->n_perception;
  Task task = { work, r, states, NULL, work->alive };
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

  if (live > 0)
    {
      for_grids (work, batch, perceive_forward, &task);
      GEMM (CblasRowMajor, CblasNoTrans, CblasTrans, (blasint) live, hd, np,
            1, r->p, np, net->w1, np, 0, r->h, hd);
      for_grids (work, batch, bias_relu, &task);
      GEMM (CblasRowMajor, CblasNoTrans, CblasTrans, (blasint) live, c, hd,
            1, r->h, hd, net->w2, hd, 0, work->dx, c);
    }
  for_grids (work, batch, update_grid, &task);
}

static void
backward_step (CelNcaWork *work,
               guint       batch,
               Record     *r,
               CelNcaReal *grad_state,
               CelNcaReal *grad)
{
  const CelNcaNet *net = work->net;
  const CelNcaConfig *config = &net->config;
  blasint c = (blasint) config->channels, hd = (blasint) config->hidden;
  blasint np = (blasint) net->n_perception;
  blasint live = (blasint) r->n_live;
  gsize o_b1, o_w2, len;
  Task task = { work, r, NULL, grad_state, NULL };

  cel_nca_net_tensor (net, CEL_NCA_TENSOR_B1, &o_b1, &len);
  cel_nca_net_tensor (net, CEL_NCA_TENSOR_W2, &o_w2, &len);
  for_grids (work, batch, update_backward, &task);
  if (live == 0)
    return;
  /* dense 2: gW2 += gdxᵀ h, gh = gdx W2. */
  GEMM (CblasRowMajor, CblasTrans, CblasNoTrans, c, hd, live,
        1, work->gdx, c, r->h, hd, 1, grad + o_w2, hd);
  GEMM (CblasRowMajor, CblasNoTrans, CblasNoTrans, live, hd, c,
        1, work->gdx, c, net->w2, hd, 0, work->gh, hd);
  for_grids (work, batch, relu_backward, &task);
  /* dense 1: gb1 += Σ ga, gW1 += gaᵀ p, gp = ga W1. */
  for (blasint j = 0; j < live; j++)
    {
      const CelNcaReal *g = work->gh + (gsize) j * hd;

      for (blasint i = 0; i < hd; i++)
        grad[o_b1 + i] += g[i];
    }
  GEMM (CblasRowMajor, CblasTrans, CblasNoTrans, hd, np, live,
        1, work->gh, hd, r->p, np, 1, grad, np);
  GEMM (CblasRowMajor, CblasNoTrans, CblasNoTrans, live, np, hd,
        1, work->gh, hd, net->w1, np, 0, work->gp, np);
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
reserve_segments (CelNcaWork *work, guint n_checkpoints, guint n_records)
{
  gsize batch_bytes = work->batch * work->cells * work->net->config.channels * sizeof (CelNcaReal);

  if (n_checkpoints > work->n_checkpoints)
    {
      work->checkpoints = g_realloc_n (work->checkpoints, n_checkpoints, batch_bytes);
      work->rngs = g_renew (CelRng, work->rngs, n_checkpoints);
      work->bytes += (n_checkpoints - work->n_checkpoints) * (batch_bytes + sizeof (CelRng));
      work->n_checkpoints = n_checkpoints;
    }
  if (n_records > work->n_records)
    {
      work->records = g_renew (Record, work->records, n_records);
      for (guint i = work->n_records; i < n_records; i++)
        {
          memset (&work->records[i], 0, sizeof (Record));
          record_init (work, &work->records[i]);
        }
      work->n_records = n_records;
    }
  work->peak = MAX (work->peak, work->bytes);
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
  guint k, n_segments, last_start;
  double mean = 0, scale;

  g_return_val_if_fail (work->net == net && batch >= 1 && batch <= work->batch, NAN);

  memset (grad, 0, net->n_params * sizeof (CelNcaReal));
  k = checkpoint > 0 ? checkpoint : (guint) ceil (sqrt ((double) n_steps));
  k = CLAMP (k, 1, MAX (n_steps, 1));
  n_segments = (n_steps + k - 1) / k;
  last_start = n_segments > 0 ? (n_segments - 1) * k : 0;
  reserve_segments (work, n_segments, k);

  /* Forward, keeping checkpoints; the last segment is recorded at once. */
  for (guint t = 0; t < n_steps; t++)
    {
      if (t % k == 0)
        {
          memcpy (work->checkpoints + (t / k) * (work->batch * grid_values), states,
                  n_values * sizeof (CelNcaReal));
          work->rngs[t / k] = *rng;
        }
      forward_step (work, batch, states, rng,
                    t >= last_start ? &work->records[t - last_start] : &work->scratch);
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

      if (s + 1 < n_segments)
        {
          CelRng replay_rng = work->rngs[s];

          memcpy (work->replay, work->checkpoints + s * (work->batch * grid_values),
                  n_values * sizeof (CelNcaReal));
          for (guint t = start; t < end; t++)
            forward_step (work, batch, work->replay, &replay_rng, &work->records[t - start]);
        }
      for (guint t = end; t-- > start;)
        backward_step (work, batch, &work->records[t - start], work->grad_state, grad);
    }
  return mean;
}
