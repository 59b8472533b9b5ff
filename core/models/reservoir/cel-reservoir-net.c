/* cel-reservoir-net.c — weights, state updates, E/I adaptation and the
 * ridge readout (see cel-reservoir-net.h). */
#include "models/reservoir/cel-reservoir-net.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

/* Target rates stay inside (0, 1). */
#define MIN_TARGET 0.01
#define MAX_TARGET 0.99

/* Weights ------------------------------------------------------------------ */

/* Largest |eigenvalue| of a general n × n matrix (destroyed). */
static gboolean
spectral_radius (double *a, guint n, double *radius, GError **error)
{
  g_autofree double *wr = g_new (double, n);
  g_autofree double *wi = g_new (double, n);
  lapack_int info = LAPACKE_dgeev (LAPACK_ROW_MAJOR, 'N', 'N', (lapack_int) n, a, (lapack_int) n,
                                   wr, wi, NULL, 1, NULL, 1);
  double r = 0.0;

  if (info != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The eigenvalues of the recurrent weights could not be computed (LAPACK dgeev: %d)"),
                   (int) info);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    r = MAX (r, hypot (wr[i], wi[i]));
  *radius = r;
  return TRUE;
}

/* The Q factor of a QR factorisation of a Gaussian matrix: a random
 * orthogonal matrix (spectral radius 1). */
static gboolean
random_orthogonal (double *w, guint n, CelRng *rng, GError **error)
{
  g_autofree double *tau = g_new (double, n);
  lapack_int info;

  for (gsize i = 0; i < (gsize) n * n; i++)
    w[i] = cel_rng_normal (rng);
  info = LAPACKE_dgeqrf (LAPACK_ROW_MAJOR, (lapack_int) n, (lapack_int) n, w, (lapack_int) n, tau);
  if (info == 0)
    info = LAPACKE_dorgqr (LAPACK_ROW_MAJOR, (lapack_int) n, (lapack_int) n, (lapack_int) n, w,
                           (lapack_int) n, tau);
  if (info != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The random orthogonal matrix could not be built (LAPACK: %d)"), (int) info);
      return FALSE;
    }
  return TRUE;
}

CelReservoirNet *
cel_reservoir_net_new (guint                      n,
                       guint                      n_inputs,
                       const CelReservoirNetSpec *spec,
                       CelRng                    *rng,
                       GError                   **error)
{
  g_autoptr (CelReservoirNet) net = g_new0 (CelReservoirNet, 1);
  gsize nn = (gsize) n * n;
  double density = 1.0 - spec->sparsity;

  net->n = n;
  net->n_inputs = n_inputs;
  net->w = g_new0 (double, nn);
  net->w_in = g_new (double, (gsize) n * (1 + n_inputs));
  net->x = g_new0 (double, n);
  net->h = g_new (double, n);
  net->hi = g_new (double, n);
  net->n_exc = n;

  for (gsize i = 0; i < (gsize) n * (1 + n_inputs); i++)
    net->w_in[i] = 2.0 * cel_rng_uniform (rng) - 1.0;

  if (spec->matrix == CEL_RESERVOIR_ORTHOGONAL)
    {
      if (!random_orthogonal (net->w, n, rng, error))
        return NULL;
      return g_steal_pointer (&net);
    }

  net->split = spec->ei_fraction > 0.0;
  if (net->split)
    {
      /* At least one unit of each kind. */
      net->n_exc = (guint) CLAMP (lround (spec->ei_fraction * n), 1, (long) n - 1);
      net->gain = g_new (double, n);
      net->target = g_new (double, n);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      if (cel_rng_uniform (rng) < density)
        {
          double v = 2.0 * cel_rng_uniform (rng) - 1.0;

          /* Dale's law: the sign belongs to the sending unit j. */
          if (net->split)
            v = j < net->n_exc ? fabs (v) : -fabs (v);
          net->w[(gsize) i * n + j] = v;
        }
  if (net->split)
    for (guint i = 0; i < n; i++)
      {
        net->gain[i] = spec->balance * net->n_exc / (double) (n - net->n_exc);
        net->target[i] = CLAMP (spec->target_rate + spec->target_spread * cel_rng_normal (rng),
                                MIN_TARGET, MAX_TARGET);
      }

  {
    g_autofree double *copy = g_memdup2 (net->w, nn * sizeof (double));
    double radius;

    /* The effective matrix at the initial gains. */
    if (net->split)
      for (guint i = 0; i < n; i++)
        for (guint j = net->n_exc; j < n; j++)
          copy[(gsize) i * n + j] *= net->gain[i];
    if (!spectral_radius (copy, n, &radius, error))
      return NULL;
    /* A matrix without eigenvalues away from 0 (e.g. no weights at all)
     * is left as it is: it has no radius to scale. */
    if (radius > 1e-12)
      for (gsize k = 0; k < nn; k++)
        net->w[k] /= radius;
  }
  return g_steal_pointer (&net);
}

void
cel_reservoir_net_free (CelReservoirNet *net)
{
  if (net == NULL)
    return;
  g_free (net->w);
  g_free (net->w_in);
  g_free (net->gain);
  g_free (net->target);
  g_free (net->x);
  g_free (net->h);
  g_free (net->hi);
  g_free (net);
}

/* Dynamics ------------------------------------------------------------------ */

gboolean
cel_reservoir_net_update (CelReservoirNet        *net,
                          const double           *u,
                          double                  radius,
                          double                  input_scaling,
                          double                  leak,
                          CelReservoirActivation  activation)
{
  guint n = net->n, cols = 1 + net->n_inputs;
  double *h = net->h;
  gboolean finite = TRUE;

  /* h = ρ·W_E·x (all of W without a split) … */
  cblas_dgemv (CblasRowMajor, CblasNoTrans, (blasint) n, (blasint) net->n_exc, radius,
               net->w, (blasint) n, net->x, 1, 0.0, h, 1);
  /* … − ρ·g ∘ (W_I·x) … */
  if (net->split)
    {
      cblas_dgemv (CblasRowMajor, CblasNoTrans, (blasint) n, (blasint) (n - net->n_exc), radius,
                   net->w + net->n_exc, (blasint) n, net->x + net->n_exc, 1, 0.0, net->hi, 1);
      for (guint i = 0; i < n; i++)
        h[i] += net->gain[i] * net->hi[i];
    }
  /* … + s·W_in·[1; u]. */
  for (guint i = 0; i < n; i++)
    {
      const double *row = net->w_in + (gsize) i * cols;
      double drive = row[0];

      for (guint k = 0; k < net->n_inputs; k++)
        drive += row[1 + k] * u[k];
      h[i] += input_scaling * drive;
    }

  for (guint i = 0; i < n; i++)
    {
      double f;

      switch (activation)
        {
        case CEL_RESERVOIR_SIGMOID:
          f = 1.0 / (1.0 + exp (-h[i]));
          break;
        case CEL_RESERVOIR_LINEAR:
          f = h[i];
          break;
        case CEL_RESERVOIR_TANH:
        default:
          f = tanh (h[i]);
          break;
        }
      net->x[i] = (1.0 - leak) * net->x[i] + leak * f;
      finite &= isfinite (net->x[i]);
    }
  return finite;
}

void
cel_reservoir_net_adapt (CelReservoirNet        *net,
                         double                  eta,
                         CelReservoirActivation  activation)
{
  if (!net->split)
    return;
  for (guint i = 0; i < net->n; i++)
    {
      double rate = activation == CEL_RESERVOIR_TANH ? 0.5 * (1.0 + net->x[i]) : net->x[i];

      net->gain[i] = MAX (0.0, net->gain[i] + eta * (rate - net->target[i]));
    }
}

/* Readout ---------------------------------------------------------------------- */

CelReadout *
cel_readout_new (guint d, guint m)
{
  CelReadout *r = g_new0 (CelReadout, 1);

  r->d = d;
  r->m = m;
  r->zz = g_new0 (double, (gsize) d * d);
  r->zy = g_new0 (double, (gsize) d * m);
  r->batch_z = g_new (double, (gsize) CEL_READOUT_BATCH * d);
  r->batch_y = g_new (double, (gsize) CEL_READOUT_BATCH * m);
  r->y_sum = g_new0 (double, m);
  r->y_sq = g_new0 (double, m);
  return r;
}

void
cel_readout_free (CelReadout *r)
{
  if (r == NULL)
    return;
  g_free (r->zz);
  g_free (r->zy);
  g_free (r->batch_z);
  g_free (r->batch_y);
  g_free (r->y_sum);
  g_free (r->y_sq);
  g_free (r->w_out);
  g_free (r);
}

static void
flush (CelReadout *r)
{
  if (r->batch_n == 0)
    return;
  cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, (blasint) r->d, (blasint) r->batch_n,
               1.0, r->batch_z, (blasint) r->d, 1.0, r->zz, (blasint) r->d);
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (blasint) r->d, (blasint) r->m,
               (blasint) r->batch_n, 1.0, r->batch_z, (blasint) r->d, r->batch_y, (blasint) r->m,
               1.0, r->zy, (blasint) r->m);
  r->batch_n = 0;
}

void
cel_readout_add (CelReadout *r, const double *z, const double *y)
{
  memcpy (r->batch_z + (gsize) r->batch_n * r->d, z, r->d * sizeof (double));
  memcpy (r->batch_y + (gsize) r->batch_n * r->m, y, r->m * sizeof (double));
  for (guint k = 0; k < r->m; k++)
    {
      r->y_sum[k] += y[k];
      r->y_sq[k] += y[k] * y[k];
    }
  r->count++;
  if (++r->batch_n == CEL_READOUT_BATCH)
    flush (r);
}

gboolean
cel_readout_fit (CelReadout *r, double lambda, GError **error)
{
  gsize d = r->d;
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;
  double scale;
  lapack_int info;

  if (r->count == 0)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_FAILED,
                           _("The readout cannot be fitted without training samples"));
      return FALSE;
    }
  flush (r);
  scale = 1.0 / (double) r->count;
  a = g_new (double, d * d);
  b = g_new (double, d * r->m);
  for (gsize k = 0; k < d * d; k++)
    a[k] = r->zz[k] * scale;
  for (gsize k = 0; k < d * r->m; k++)
    b[k] = r->zy[k] * scale;
  for (gsize i = 1; i < d; i++)
    a[i * d + i] += lambda;

  info = LAPACKE_dposv (LAPACK_ROW_MAJOR, 'U', (lapack_int) d, (lapack_int) r->m, a, (lapack_int) d,
                        b, (lapack_int) r->m);
  if (info != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   info > 0
                   ? _("ridge: the training states are too nearly dependent for λ = %g; raise the ridge")
                   : _("ridge: the readout could not be fitted (λ = %g)"),
                   lambda);
      return FALSE;
    }
  g_free (r->w_out);
  r->w_out = g_steal_pointer (&b);
  return TRUE;
}

void
cel_readout_predict (CelReadout *r, const double *z, double *out)
{
  cblas_dgemv (CblasRowMajor, CblasTrans, (blasint) r->d, (blasint) r->m, 1.0, r->w_out,
               (blasint) r->m, z, 1, 0.0, out, 1);
}

double
cel_readout_target_variance (CelReadout *r, guint k)
{
  double n = (double) r->count, mean;

  if (r->count == 0)
    return NAN;
  mean = r->y_sum[k] / n;
  return MAX (r->y_sq[k] / n - mean * mean, 0.0);
}
