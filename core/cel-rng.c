#include "cel-rng.h"

#include <math.h>

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
cel_rng_seed (CelRng *rng, guint64 seed)
{
  guint64 x = seed;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
cel_rng_next (CelRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
cel_rng_uniform (CelRng *rng)
{
  return (double) (cel_rng_next (rng) >> 11) * 0x1.0p-53;
}

guint32
cel_rng_below (CelRng *rng, guint32 n)
{
  guint64 m = (guint64) (guint32) (cel_rng_next (rng) >> 32) * n;
  guint32 l = (guint32) m;

  if (l < n)
    {
      guint32 threshold = (guint32) -n % n;
      while (l < threshold)
        {
          m = (guint64) (guint32) (cel_rng_next (rng) >> 32) * n;
          l = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

double
cel_rng_normal (CelRng *rng)
{
  double u, v, s;

  do
    {
      u = 2.0 * cel_rng_uniform (rng) - 1.0;
      v = 2.0 * cel_rng_uniform (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  return u * sqrt (-2.0 * log (s) / s);
}

void
cel_rng_split (CelRng *rng, CelRng *out)
{
  cel_rng_seed (out, cel_rng_next (rng));
}
