/* cel-maps-engine.c — local maps, diffusive coupling and the tangent map
 * (see cel-maps-engine.h). Built at -O3. */
#include "cel-maps-engine.h"

#include <math.h>
#include <string.h>

/* Local map F and its Jacobian [[jxx, jxy], [jyx, jyy]] at (x, y). */
static inline void
local_map (const CelMapsLocal *p,
           double              x,
           double              y,
           double             *fx,
           double             *fy,
           double             *jac)
{
  switch (p->kind)
    {
    case CEL_MAPS_CHIALVO:
      {
        double e = exp (y - x);

        *fx = x * x * e + p->k;
        *fy = p->a * y - p->b * x + p->c;
        if (jac)
          {
            jac[0] = (2 * x - x * x) * e;
            jac[1] = x * x * e;
            jac[2] = -p->b;
            jac[3] = p->a;
          }
      }
      break;
    case CEL_MAPS_RULKOV:
      {
        double d = 1 + x * x;

        *fx = p->alpha / d + y;
        *fy = y - p->mu * (x - p->sigma);
        if (jac)
          {
            jac[0] = -2 * p->alpha * x / (d * d);
            jac[1] = 1;
            jac[2] = -p->mu;
            jac[3] = 1;
          }
      }
      break;
    case CEL_MAPS_LOGISTIC:
    default:
      *fx = p->r * x * (1 - x);
      *fy = 0;
      if (jac)
        {
          jac[0] = p->r * (1 - 2 * x);
          jac[1] = 0;
          jac[2] = 0;
          jac[3] = 0;
        }
      break;
    }
}

#define WINDOW_REFRESH 1024

/* Ring coupling over nodes first … first + m − 1:
 * out_i += eps/(2R) Σ_{k=1..R} (f_{i+k} + f_{i−k} − 2 f_i). */
static void
couple_ring (const double *f, double *out, guint first, guint m, guint range, double eps)
{
  guint r = m > 1 ? MIN (range, (m - 1) / 2) : 0;
  double w, window = 0;

  if (r == 0 || eps == 0)
    return;
  w = eps / (2.0 * r);
  /* The window sum Σ_{|k|≤R} f_{i+k} slides along the ring in O(1) per
   * node; it is summed afresh every WINDOW_REFRESH nodes so that rounding
   * cannot accumulate over a long ring. */
  for (guint i = 0; i < m; i++)
    {
      if (i % WINDOW_REFRESH == 0)
        {
          window = 0;
          for (guint k = 0; k <= 2 * r; k++)
            window += f[first + (i + m - r + k) % m];
        }
      else
        window += f[first + (i + r) % m] - f[first + (i + m - r - 1) % m];
      out[first + i] += w * (window - (2.0 * r + 1) * f[first + i]);
    }
}

/* out = f + Σ_j w_ij (f_j − f_i); out and f distinct. */
static void
couple (const CelMapsNet *net, const double *f, double *out)
{
  guint n = net->n;

  memcpy (out, f, n * sizeof (double));
  switch (net->topology)
    {
    case CEL_MAPS_RING:
      couple_ring (f, out, 0, n, net->range, net->coupling);
      break;
    case CEL_MAPS_STAR:
    case CEL_MAPS_RING_STAR:
      {
        double eps = net->topology == CEL_MAPS_STAR ? net->coupling : net->star_coupling;
        double s = 0;

        if (n < 2)
          break;
        for (guint i = 1; i < n; i++)
          {
            s += f[i] - f[0];
            out[i] += eps * (f[0] - f[i]);
          }
        out[0] += eps / (n - 1) * s;
        if (net->topology == CEL_MAPS_RING_STAR)
          couple_ring (f, out, 1, n - 1, net->range, net->coupling);
      }
      break;
    case CEL_MAPS_LATTICE:
      {
        guint w = net->width, h = net->height;
        double eps = net->coupling / 4;

        if (eps == 0)
          break;
        for (guint row = 0; row < h; row++)
          {
            const double *fr = f + (gsize) row * w;
            const double *up = f + (gsize) ((row + h - 1) % h) * w;
            const double *down = f + (gsize) ((row + 1) % h) * w;
            double *o = out + (gsize) row * w;

            for (guint col = 0; col < w; col++)
              {
                guint left = col == 0 ? w - 1 : col - 1;
                guint right = col + 1 == w ? 0 : col + 1;

                o[col] += eps * (up[col] + down[col] + fr[left] + fr[right] - 4 * fr[col]);
              }
          }
      }
      break;
    case CEL_MAPS_SINGLE:
    default:
      break;
    }
}

void
cel_maps_iterate (const CelMapsLocal *local,
                  const CelMapsNet   *net,
                  double             *x,
                  double             *y,
                  double             *vx,
                  double             *vy,
                  double             *f,
                  double             *df)
{
  guint n = net->n;

  if (vx == NULL)
    {
      for (guint i = 0; i < n; i++)
        local_map (local, x[i], y[i], &f[i], &y[i], NULL);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          double jac[4], dx = vx[i], dy = vy[i];

          local_map (local, x[i], y[i], &f[i], &y[i], jac);
          df[i] = jac[0] * dx + jac[1] * dy;
          vy[i] = jac[2] * dx + jac[3] * dy;
        }
    }

  if (net->topology == CEL_MAPS_SINGLE || n == 1)
    {
      memcpy (x, f, n * sizeof (double));
      if (vx)
        memcpy (vx, df, n * sizeof (double));
      return;
    }
  couple (net, f, x);
  if (vx)
    couple (net, df, vx);
}

double
cel_maps_tangent_normalize (double *vx,
                            double *vy,
                            guint   n)
{
  double s = 0, norm;

  for (guint i = 0; i < n; i++)
    s += vx[i] * vx[i] + vy[i] * vy[i];
  norm = sqrt (s);
  if (norm > 0)
    for (guint i = 0; i < n; i++)
      {
        vx[i] /= norm;
        vy[i] /= norm;
      }
  return norm;
}

gboolean
cel_maps_all_finite (const double *x,
                     const double *y,
                     guint         n)
{
  double s = 0;

  /* A sum of products with 0 is NaN exactly when some term is not finite. */
  for (guint i = 0; i < n; i++)
    s += 0 * x[i] + 0 * y[i];
  return s == 0;
}
