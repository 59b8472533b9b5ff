/* cel-kuramoto-engine.c — Euler and RK4 passes over phase oscillators
 * (see cel-kuramoto-engine.h). Built at -O3. */
#include "cel-kuramoto-engine.h"

#include <math.h>
#include <string.h>

#include "cel-parallel.h"

/* Bands per pass: a fixed split (it decides the order of the sums), enough
 * to balance the compute threads. */
#define MAX_BANDS 64
/* All-to-all networks get one band per this many oscillators. */
#define CELLS_PER_BAND 4096

struct _CelKuramotoEngine
{
  gboolean lattice;
  gboolean parallel;
  guint    width, height;
  gsize    n;
  double  *theta;
  double  *omega;
  double  *s, *c;            /* sin, cos of the current stage */
  double  *s_next, *c_next;  /* of the next stage */
  double  *acc;              /* RK4: k1 + 2k2 + 2k3 so far */
  guint    n_bands;
  double   band_s[MAX_BANDS];
  double   band_c[MAX_BANDS];
  double   sum_s, sum_c;     /* Σ sin, Σ cos of the current stage */
};

typedef enum {
  STAGE_SYNC,   /* only sines and cosines of theta */
  STAGE_EULER,
  STAGE_RK1,
  STAGE_RK2,
  STAGE_RK3,
  STAGE_RK4,
} Stage;

typedef struct {
  CelKuramotoEngine *engine;
  Stage              stage;
  double             dt;
  double             coupling;
  double             cos_lag, sin_lag;
  gboolean           periodic;
  double             mean_s, mean_c;  /* all-to-all mean field of the stage */
} Pass;

static inline double
wrap_phase (double theta)
{
  return theta - 2.0 * G_PI * floor (theta / (2.0 * G_PI));
}

/* Finishes cell i of a pass given its derivative d: advances the RK4
 * bookkeeping, and stores the next stage's sine and cosine. */
static inline void
finish_cell (CelKuramotoEngine *e,
             const Pass        *p,
             gsize              i,
             double             d,
             double            *sum_s,
             double            *sum_c)
{
  double next, s, c;

  switch (p->stage)
    {
    case STAGE_EULER:
      next = e->theta[i] = wrap_phase (e->theta[i] + p->dt * d);
      break;
    case STAGE_RK1:
      e->acc[i] = d;
      next = e->theta[i] + 0.5 * p->dt * d;
      break;
    case STAGE_RK2:
      e->acc[i] += 2.0 * d;
      next = e->theta[i] + 0.5 * p->dt * d;
      break;
    case STAGE_RK3:
      e->acc[i] += 2.0 * d;
      next = e->theta[i] + p->dt * d;
      break;
    case STAGE_RK4:
      next = e->theta[i] = wrap_phase (e->theta[i] + p->dt / 6.0 * (e->acc[i] + d));
      break;
    case STAGE_SYNC:
    default:
      next = e->theta[i];
      break;
    }
  s = sin (next);
  c = cos (next);
  e->s_next[i] = s;
  e->c_next[i] = c;
  *sum_s += s;
  *sum_c += c;
}

static void
band_range (CelKuramotoEngine *e, guint band, gsize *lo, gsize *hi)
{
  if (e->lattice)
    {
      *lo = (gsize) e->height * band / e->n_bands * e->width;
      *hi = (gsize) e->height * (band + 1) / e->n_bands * e->width;
    }
  else
    {
      *lo = e->n * band / e->n_bands;
      *hi = e->n * (band + 1) / e->n_bands;
    }
}

static void
lattice_band (const Pass *p, gsize lo, gsize hi, double *sum_s, double *sum_c)
{
  CelKuramotoEngine *e = p->engine;
  guint w = e->width, h = e->height;
  const double *s = e->s, *c = e->c;
  double k = 0.25 * p->coupling;

  for (gsize row = lo; row < hi; row += w)
    {
      guint y = (guint) (row / w);
      gsize up = (gsize) (y > 0 ? y - 1 : (p->periodic ? h - 1 : y)) * w;
      gsize down = (gsize) (y + 1 < h ? y + 1 : (p->periodic ? 0 : y)) * w;

      for (guint x = 0; x < w; x++)
        {
          guint xl = x > 0 ? x - 1 : (p->periodic ? w - 1 : x);
          guint xr = x + 1 < w ? x + 1 : (p->periodic ? 0 : x);
          gsize i = row + x;
          double ns = s[up + x] + s[down + x] + s[row + xl] + s[row + xr];
          double nc = c[up + x] + c[down + x] + c[row + xl] + c[row + xr];
          double si = s[i], ci = c[i];
          double d = e->omega[i]
                     + k * (p->cos_lag * (ci * ns - si * nc) - p->sin_lag * (ci * nc + si * ns));

          finish_cell (e, p, i, d, sum_s, sum_c);
        }
    }
}

static void
global_band (const Pass *p, gsize lo, gsize hi, double *sum_s, double *sum_c)
{
  CelKuramotoEngine *e = p->engine;
  double ms = p->mean_s, mc = p->mean_c;
  double k = p->coupling;

  for (gsize i = lo; i < hi; i++)
    {
      double si = e->s[i], ci = e->c[i];
      double d = e->omega[i]
                 + k * (p->cos_lag * (ci * ms - si * mc) - p->sin_lag * (ci * mc + si * ms));

      finish_cell (e, p, i, d, sum_s, sum_c);
    }
}

static void
pass_task (guint task, guint n_tasks, gpointer data)
{
  const Pass *p = data;
  CelKuramotoEngine *e = p->engine;
  double sum_s = 0.0, sum_c = 0.0;
  gsize lo, hi;

  band_range (e, task, &lo, &hi);
  if (p->stage == STAGE_SYNC)
    for (gsize i = lo; i < hi; i++)
      finish_cell (e, p, i, 0.0, &sum_s, &sum_c);
  else if (e->lattice)
    lattice_band (p, lo, hi, &sum_s, &sum_c);
  else
    global_band (p, lo, hi, &sum_s, &sum_c);
  e->band_s[task] = sum_s;
  e->band_c[task] = sum_c;
}

static void
run_pass (CelKuramotoEngine *e, Pass *p)
{
  double *t;

  p->engine = e;
  p->mean_s = e->sum_s / (double) e->n;
  p->mean_c = e->sum_c / (double) e->n;
  if (e->parallel)
    cel_parallel_for (e->n_bands, pass_task, p);
  else
    for (guint b = 0; b < e->n_bands; b++)
      pass_task (b, e->n_bands, p);

  e->sum_s = e->sum_c = 0.0;
  for (guint b = 0; b < e->n_bands; b++)
    {
      e->sum_s += e->band_s[b];
      e->sum_c += e->band_c[b];
    }
  t = e->s;
  e->s = e->s_next;
  e->s_next = t;
  t = e->c;
  e->c = e->c_next;
  e->c_next = t;
}

CelKuramotoEngine *
cel_kuramoto_engine_new (gboolean      lattice,
                         guint         width,
                         guint         height,
                         const double *theta,
                         const double *omega,
                         gboolean      parallel)
{
  CelKuramotoEngine *e = g_new0 (CelKuramotoEngine, 1);

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  e->lattice = lattice;
  e->parallel = parallel;
  e->width = width;
  e->height = lattice ? height : 1;
  e->n = (gsize) e->width * e->height;
  e->theta = g_memdup2 (theta, e->n * sizeof (double));
  e->omega = g_memdup2 (omega, e->n * sizeof (double));
  e->s = g_new (double, e->n);
  e->c = g_new (double, e->n);
  e->s_next = g_new (double, e->n);
  e->c_next = g_new (double, e->n);
  e->acc = g_new (double, e->n);
  if (lattice)
    e->n_bands = MIN (e->height, MAX_BANDS);
  else
    e->n_bands = (guint) CLAMP (e->n / CELLS_PER_BAND, 1, MAX_BANDS);
  cel_kuramoto_engine_sync (e);
  return e;
}

void
cel_kuramoto_engine_free (CelKuramotoEngine *e)
{
  if (e == NULL)
    return;
  g_free (e->theta);
  g_free (e->omega);
  g_free (e->s);
  g_free (e->c);
  g_free (e->s_next);
  g_free (e->c_next);
  g_free (e->acc);
  g_free (e);
}

gsize
cel_kuramoto_engine_get_n (CelKuramotoEngine *e)
{
  return e->n;
}

double *
cel_kuramoto_engine_theta (CelKuramotoEngine *e)
{
  return e->theta;
}

const double *
cel_kuramoto_engine_omega (CelKuramotoEngine *e)
{
  return e->omega;
}

void
cel_kuramoto_engine_sync (CelKuramotoEngine *e)
{
  Pass p = { .stage = STAGE_SYNC };

  run_pass (e, &p);
}

void
cel_kuramoto_engine_step (CelKuramotoEngine *e,
                          CelKuramotoMethod  method,
                          double             dt,
                          double             coupling,
                          double             lag,
                          gboolean           periodic)
{
  Pass p = {
    .dt = dt,
    .coupling = coupling,
    .cos_lag = cos (lag),
    .sin_lag = sin (lag),
    .periodic = periodic,
  };

  if (method == CEL_KURAMOTO_EULER)
    {
      p.stage = STAGE_EULER;
      run_pass (e, &p);
      return;
    }
  for (Stage stage = STAGE_RK1; stage <= STAGE_RK4; stage++)
    {
      p.stage = stage;
      run_pass (e, &p);
    }
}

double
cel_kuramoto_engine_order (CelKuramotoEngine *e, double *psi)
{
  if (psi != NULL)
    *psi = wrap_phase (atan2 (e->sum_s, e->sum_c));
  return hypot (e->sum_s, e->sum_c) / (double) e->n;
}
