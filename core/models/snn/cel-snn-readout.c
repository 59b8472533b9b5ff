/* cel-snn-readout.c — the optdigits images, their Poisson encoding and the
 * ridge-regression readout. See cel-snn-readout.h. */
#include "models/snn/cel-snn-readout.h"

#include <cblas.h>
#include <gio/gio.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

/* Defined by the resource bundle that meson compiles from
 * cel-snn-data.gresource.xml; naming it links the bundle in. */
GResource *cel_snn_data_get_resource (void);

#define DIGITS_PATH "/io/github/cellarium/Cellarium/data/digits.csv.gz"
/* Images in the built-in copy. */
#define DIGITS_COUNT 1797u
/* Most images a file may hold: far more than any digits set, few enough
 * that a mistaken file is refused before it fills memory. */
#define DIGITS_MAX_IMAGES 1000000u
#define DIGITS_FIELDS (CEL_SNN_DIGITS_PIXELS + 1u)

#define READOUT_MAX_FEATURES 20000u
#define READOUT_MAX_CLASSES 1000u
/* Samples gathered before they are folded into the sums by BLAS. */
#define READOUT_BATCH 64u

/* ---- the images ---------------------------------------------------------- */

void
cel_snn_digits_free (CelSnnDigits *digits)
{
  if (digits == NULL)
    return;
  g_free (digits->pixels);
  g_free (digits->labels);
  g_free (digits);
}

/* Parses one line [p, end) into fields; FALSE with the error set. */
static gboolean
parse_line (const char *p,
            const char *end,
            guint       line,
            guint8     *fields,
            GError    **error)
{
  for (guint k = 0; k < DIGITS_FIELDS; k++)
    {
      guint value = 0, digits = 0;
      guint limit = k < CEL_SNN_DIGITS_PIXELS ? CEL_SNN_DIGITS_MAX : CEL_SNN_DIGITS_CLASSES - 1;

      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      while (p < end && g_ascii_isdigit (*p))
        {
          /* Stop counting early: a long run of digits is out of range anyway. */
          if (value <= 1000)
            value = value * 10 + (guint) (*p - '0');
          digits++;
          p++;
        }
      while (p < end && (*p == ' ' || *p == '\t'))
        p++;
      if (digits == 0)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                       _("Digits data, line %u: value %u is not a whole number"),
                       line, k + 1);
          return FALSE;
        }
      if (value > limit)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                       k < CEL_SNN_DIGITS_PIXELS
                       ? _("Digits data, line %u: pixel %u is above 16")
                       : _("Digits data, line %u: value %u, the label, is above 9"),
                       line, k + 1);
          return FALSE;
        }
      fields[k] = (guint8) value;
      if (k + 1 < DIGITS_FIELDS)
        {
          if (p >= end || *p != ',')
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                           _("Digits data, line %u: %u values instead of 65"),
                           line, k + 1);
              return FALSE;
            }
          p++;
        }
    }
  if (p < end)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   *p == ','
                   ? _("Digits data, line %u: more than 65 values")
                   : _("Digits data, line %u: unexpected text after the label"),
                   line);
      return FALSE;
    }
  return TRUE;
}

CelSnnDigits *
cel_snn_digits_parse (const char  *text,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(GByteArray) pixels = g_byte_array_new ();
  g_autoptr(GByteArray) labels = g_byte_array_new ();
  const char *p = text, *end = text + len;
  guint line = 0;
  CelSnnDigits *digits;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *stop = eol != NULL ? eol : end;
      const char *q;
      guint8 fields[DIGITS_FIELDS];

      line++;
      if (stop > p && stop[-1] == '\r')
        stop--;
      for (q = p; q < stop && g_ascii_isspace (*q); q++)
        ;
      if (q < stop)
        {
          if (labels->len == DIGITS_MAX_IMAGES)
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                           _("Digits data: more than %u images"), DIGITS_MAX_IMAGES);
              return NULL;
            }
          if (!parse_line (p, stop, line, fields, error))
            return NULL;
          g_byte_array_append (pixels, fields, CEL_SNN_DIGITS_PIXELS);
          g_byte_array_append (labels, fields + CEL_SNN_DIGITS_PIXELS, 1);
        }
      p = eol != NULL ? eol + 1 : end;
    }
  if (labels->len == 0)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_PARSE,
                           _("Digits data: no images"));
      return NULL;
    }

  digits = g_new0 (CelSnnDigits, 1);
  digits->n = labels->len;
  digits->pixels = g_byte_array_steal (pixels, NULL);
  digits->labels = g_byte_array_steal (labels, NULL);
  return digits;
}

CelSnnDigits *
cel_snn_digits_load (GError **error)
{
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GInputStream) source = NULL;
  g_autoptr(GInputStream) unpacked = NULL;
  g_autoptr(GOutputStream) sink = NULL;
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GError) local_error = NULL;
  CelSnnDigits *digits;

  packed = g_resource_lookup_data (cel_snn_data_get_resource (), DIGITS_PATH,
                                   G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (packed == NULL)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The built-in digits data is missing: %s"), local_error->message);
      return NULL;
    }
  source = g_memory_input_stream_new_from_bytes (packed);
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  unpacked = g_converter_input_stream_new (source, G_CONVERTER (gunzip));
  sink = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (sink, unpacked,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, &local_error) < 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("The built-in digits data cannot be unpacked: %s"), local_error->message);
      return NULL;
    }
  text = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));

  digits = cel_snn_digits_parse (g_bytes_get_data (text, NULL), g_bytes_get_size (text), error);
  if (digits != NULL && digits->n != DIGITS_COUNT)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("The built-in digits data holds %u images instead of %u"),
                   digits->n, DIGITS_COUNT);
      g_clear_pointer (&digits, cel_snn_digits_free);
    }
  return digits;
}

void
cel_snn_digits_rates (const CelSnnDigits *digits,
                      guint               index,
                      double              max_rate,
                      double             *rates)
{
  const guint8 *image;

  g_return_if_fail (digits != NULL && index < digits->n);

  image = digits->pixels + (gsize) index * CEL_SNN_DIGITS_PIXELS;
  for (guint k = 0; k < CEL_SNN_DIGITS_PIXELS; k++)
    rates[k] = max_rate * image[k] / CEL_SNN_DIGITS_MAX;
}

guint
cel_snn_poisson_step (const double *rates_hz,
                      guint         n,
                      double        dt,
                      CelRng       *rng,
                      guint32      *spikes)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      /* The chance of at least one event of the process in the step;
       * rates in Hz, dt in ms. */
      double p = -expm1 (-rates_hz[i] * dt * 1e-3);

      if (cel_rng_uniform (rng) < p)
        spikes[count++] = i;
    }
  return count;
}

guint
cel_snn_split (guint    n,
               double   test_fraction,
               guint64  seed,
               guint   *order)
{
  CelRng rng;
  guint n_test;

  g_return_val_if_fail (test_fraction >= 0.0 && test_fraction <= 1.0, n);

  cel_rng_seed (&rng, seed);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = cel_rng_below (&rng, i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  n_test = (guint) lround (n * test_fraction);
  return n - n_test;
}

/* ---- the readout --------------------------------------------------------- */

struct _CelSnnReadout
{
  guint    d, m;           /* features, classes */
  guint64  count;          /* samples added */
  double  *sum_x;          /* d: Σ x */
  double  *sum_y;          /* m: Σ y */
  double  *xx;             /* d × d, upper triangle: Σ x xᵀ */
  double  *xy;             /* d × m: Σ x yᵀ */
  double  *batch_x;        /* READOUT_BATCH × d */
  double  *batch_y;        /* READOUT_BATCH × m */
  guint    batch_n;
  double  *w;              /* d × m, NULL until fitted */
  double  *b;              /* m */
};

CelSnnReadout *
cel_snn_readout_new (guint     n_features,
                     guint     n_classes,
                     GError  **error)
{
  CelSnnReadout *r;
  gsize d = n_features, m = n_classes;

  if (n_features < 1 || n_features > READOUT_MAX_FEATURES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A readout takes 1 to %u features, not %u"),
                   READOUT_MAX_FEATURES, n_features);
      return NULL;
    }
  if (n_classes < 2 || n_classes > READOUT_MAX_CLASSES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A readout tells apart 2 to %u classes, not %u"),
                   READOUT_MAX_CLASSES, n_classes);
      return NULL;
    }
  r = g_new0 (CelSnnReadout, 1);
  r->d = n_features;
  r->m = n_classes;
  r->sum_x = g_new0 (double, d);
  r->sum_y = g_new0 (double, m);
  r->xx = g_new0 (double, d * d);
  r->xy = g_new0 (double, d * m);
  r->batch_x = g_new (double, READOUT_BATCH * d);
  r->batch_y = g_new (double, READOUT_BATCH * m);
  r->b = g_new0 (double, m);
  return r;
}

void
cel_snn_readout_free (CelSnnReadout *r)
{
  if (r == NULL)
    return;
  g_free (r->sum_x);
  g_free (r->sum_y);
  g_free (r->xx);
  g_free (r->xy);
  g_free (r->batch_x);
  g_free (r->batch_y);
  g_free (r->w);
  g_free (r->b);
  g_free (r);
}

guint
cel_snn_readout_get_n_features (const CelSnnReadout *r)
{
  return r->d;
}

/* Folds the gathered samples into Σ x xᵀ and Σ x yᵀ. */
static void
flush (CelSnnReadout *r)
{
  if (r->batch_n == 0)
    return;
  cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, (blasint) r->d, (blasint) r->batch_n,
               1.0, r->batch_x, (blasint) r->d, 1.0, r->xx, (blasint) r->d);
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (blasint) r->d, (blasint) r->m,
               (blasint) r->batch_n, 1.0, r->batch_x, (blasint) r->d, r->batch_y, (blasint) r->m,
               1.0, r->xy, (blasint) r->m);
  r->batch_n = 0;
}

void
cel_snn_readout_add (CelSnnReadout *r,
                     const double  *x,
                     guint          label)
{
  double *bx, *by;

  g_return_if_fail (r != NULL && label < r->m);

  bx = r->batch_x + (gsize) r->batch_n * r->d;
  by = r->batch_y + (gsize) r->batch_n * r->m;
  memcpy (bx, x, r->d * sizeof (double));
  for (guint k = 0; k < r->m; k++)
    by[k] = k == label ? 1.0 : -1.0;
  for (guint j = 0; j < r->d; j++)
    r->sum_x[j] += x[j];
  for (guint k = 0; k < r->m; k++)
    r->sum_y[k] += by[k];
  r->count++;
  if (++r->batch_n == READOUT_BATCH)
    flush (r);
}

gboolean
cel_snn_readout_fit (CelSnnReadout *r,
                     double         lambda,
                     GError       **error)
{
  gsize d = r->d, m = r->m;
  g_autofree double *a = NULL;
  g_autofree double *bw = NULL;
  g_autofree double *mean_x = NULL;
  g_autofree double *mean_y = NULL;
  double n;
  lapack_int info;

  if (!isfinite (lambda) || lambda < 0.0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The ridge λ must be zero or positive, not %g"), lambda);
      return FALSE;
    }
  if (r->count < 2)
    {
      g_set_error_literal (error, CEL_ERROR, CEL_ERROR_FAILED,
                           _("The readout needs at least two training samples"));
      return FALSE;
    }
  flush (r);
  for (gsize j = 0; j < d; j++)
    if (!isfinite (r->sum_x[j]) || !isfinite (r->xx[j * d + j]))
      {
        g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                     _("The readout's training feature %u is not finite in every sample"),
                     (guint) j + 1);
        return FALSE;
      }

  n = (double) r->count;
  mean_x = g_new (double, d);
  mean_y = g_new (double, m);
  for (gsize j = 0; j < d; j++)
    mean_x[j] = r->sum_x[j] / n;
  for (gsize k = 0; k < m; k++)
    mean_y[k] = r->sum_y[k] / n;

  /* Centred sums: X_cᵀX_c = Σ x xᵀ − n x̄ x̄ᵀ, X_cᵀY_c = Σ x yᵀ − n x̄ ȳᵀ. */
  a = g_new0 (double, d * d);
  bw = g_new (double, d * m);
  for (gsize i = 0; i < d; i++)
    {
      for (gsize j = i; j < d; j++)
        a[i * d + j] = r->xx[i * d + j] - n * mean_x[i] * mean_x[j];
      a[i * d + i] += lambda;
      for (gsize k = 0; k < m; k++)
        bw[i * m + k] = r->xy[i * m + k] - n * mean_x[i] * mean_y[k];
    }

  info = LAPACKE_dposv (LAPACK_ROW_MAJOR, 'U', (lapack_int) d, (lapack_int) m, a, (lapack_int) d,
                        bw, (lapack_int) m);
  if (info != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   info > 0
                   ? _("The readout's training features are too nearly dependent for λ = %g; raise λ")
                   : _("The readout could not be fitted (λ = %g)"),
                   lambda);
      return FALSE;
    }

  /* The intercept makes the outputs at the mean features the mean targets. */
  for (gsize k = 0; k < m; k++)
    {
      double s = mean_y[k];

      for (gsize j = 0; j < d; j++)
        s -= mean_x[j] * bw[j * m + k];
      r->b[k] = s;
    }
  g_free (r->w);
  r->w = g_steal_pointer (&bw);
  return TRUE;
}

gboolean
cel_snn_readout_is_fitted (const CelSnnReadout *r)
{
  return r->w != NULL;
}

guint
cel_snn_readout_predict (const CelSnnReadout *r,
                         const double        *x,
                         double              *scores)
{
  g_autofree double *own = NULL;
  double *out = scores;
  guint best = 0;

  g_return_val_if_fail (r != NULL && r->w != NULL, 0);

  if (out == NULL)
    out = own = g_new (double, r->m);
  memcpy (out, r->b, r->m * sizeof (double));
  cblas_dgemv (CblasRowMajor, CblasTrans, (blasint) r->d, (blasint) r->m, 1.0, r->w,
               (blasint) r->m, x, 1, 1.0, out, 1);
  for (guint k = 1; k < r->m; k++)
    if (out[k] > out[best])
      best = k;
  return best;
}

double
cel_snn_readout_accuracy (const CelSnnReadout *r,
                          const double        *x,
                          const guint8        *labels,
                          guint                n)
{
  g_autofree double *scores = NULL;
  guint correct = 0;

  g_return_val_if_fail (r != NULL && r->w != NULL, 0.0);

  if (n == 0)
    return 0.0;
  scores = g_new (double, r->m);
  for (guint i = 0; i < n; i++)
    if (cel_snn_readout_predict (r, x + (gsize) i * r->d, scores) == labels[i])
      correct++;
  return (double) correct / n;
}
