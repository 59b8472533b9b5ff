/* cel-chaos.c — the 0–1 test and sample entropy (see cel-chaos.h). */
#include "cel-chaos.h"

#include <math.h>
#include <stdlib.h>

void
cel_chaos_translation (const double *phi,
                       gsize         n_samples,
                       double        c,
                       double       *p,
                       double       *q)
{
  double sp = 0, sq = 0;

  for (gsize j = 0; j < n_samples; j++)
    {
      sp += phi[j] * cos ((double) (j + 1) * c);
      sq += phi[j] * sin ((double) (j + 1) * c);
      p[j] = sp;
      q[j] = sq;
    }
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Correlation coefficient of n = 1 … n_cut with d[1 … n_cut]. */
static double
correlation_with_index (const double *d, gsize n_cut)
{
  double sn = 0, sd = 0, snn = 0, sdd = 0, snd = 0, m = (double) n_cut;
  double cov, var_n, var_d;

  for (gsize n = 1; n <= n_cut; n++)
    {
      sn += (double) n;
      sd += d[n];
      snn += (double) n * (double) n;
      sdd += d[n] * d[n];
      snd += (double) n * d[n];
    }
  cov = snd / m - (sn / m) * (sd / m);
  var_n = snn / m - (sn / m) * (sn / m);
  var_d = sdd / m - (sd / m) * (sd / m);
  if (!(var_d > 0))
    return NAN;
  return cov / sqrt (var_n * var_d);
}

double
cel_chaos_zero_one (const double *phi,
                    gsize         n_samples,
                    guint         n_c,
                    CelRng       *rng,
                    double       *c_values,
                    double       *k_values,
                    GCancellable *cancellable)
{
  gsize n_cut = n_samples / 10;
  g_autofree double *p = NULL;
  g_autofree double *q = NULL;
  g_autofree double *d = NULL;
  g_autofree double *ks = NULL;
  double mean = 0, median;
  guint n_valid = 0;

  if (n_samples < 20 || n_c == 0)
    return NAN;
  p = g_new (double, n_samples);
  q = g_new (double, n_samples);
  d = g_new (double, n_cut + 1);
  ks = g_new (double, n_c);
  for (gsize j = 0; j < n_samples; j++)
    mean += phi[j];
  mean /= (double) n_samples;

  for (guint i = 0; i < n_c; i++)
    {
      double c = G_PI / 5 + cel_rng_uniform (rng) * (3 * G_PI / 5), k;

      if (g_cancellable_is_cancelled (cancellable))
        return NAN;
      cel_chaos_translation (phi, n_samples, c, p, q);
      for (gsize n = 1; n <= n_cut; n++)
        {
          double m = 0;
          gsize count = n_samples - n;

          for (gsize j = 0; j < count; j++)
            {
              double dp = p[j + n] - p[j], dq = q[j + n] - q[j];
              m += dp * dp + dq * dq;
            }
          m /= (double) count;
          d[n] = m - mean * mean * (1 - cos ((double) n * c)) / (1 - cos (c));
        }
      k = correlation_with_index (d, n_cut);
      if (c_values)
        c_values[i] = c;
      if (k_values)
        k_values[i] = k;
      if (!isnan (k))
        ks[n_valid++] = k;
    }
  if (n_valid == 0)
    return NAN;
  qsort (ks, n_valid, sizeof (double), compare_doubles);
  median = n_valid % 2 ? ks[n_valid / 2] : (ks[n_valid / 2 - 1] + ks[n_valid / 2]) / 2;
  return median;
}

double
cel_chaos_sample_entropy (const double *u,
                          gsize         n_samples,
                          guint         m,
                          double        r_factor,
                          GCancellable *cancellable)
{
  double mean = 0, var = 0, r;
  guint64 a = 0, b = 0;
  gsize n_templates;

  if (m == 0 || n_samples < (gsize) m + 2)
    return NAN;
  for (gsize i = 0; i < n_samples; i++)
    mean += u[i];
  mean /= (double) n_samples;
  for (gsize i = 0; i < n_samples; i++)
    var += (u[i] - mean) * (u[i] - mean);
  r = r_factor * sqrt (var / (double) (n_samples - 1));

  n_templates = n_samples - m;
  for (gsize i = 0; i < n_templates; i++)
    {
      if (i % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        return NAN;
      for (gsize j = i + 1; j < n_templates; j++)
        {
          guint k;

          for (k = 0; k < m; k++)
            if (fabs (u[i + k] - u[j + k]) > r)
              break;
          if (k < m)
            continue;
          b++;
          if (fabs (u[i + m] - u[j + m]) <= r)
            a++;
        }
    }
  if (a == 0 || b == 0)
    return INFINITY;
  return -log ((double) a / (double) b);
}

void
cel_chaos_mean_error (const double *values,
                      guint         n,
                      double       *mean,
                      double       *error)
{
  double s = 0, ss = 0;

  for (guint i = 0; i < n; i++)
    s += values[i];
  *mean = n > 0 ? s / n : NAN;
  if (n < 2)
    {
      *error = NAN;
      return;
    }
  for (guint i = 0; i < n; i++)
    ss += (values[i] - *mean) * (values[i] - *mean);
  *error = sqrt (ss / (n - 1) / n);
}
