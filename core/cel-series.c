#include "cel-series.h"

#include <string.h>

struct _CelSeries
{
  gint          ref_count;
  CelSeriesInfo info;
  CelPoint2    *points;
  guint         n_points;
  guint         capacity;  /* even, >= 2 */
  guint64       stride;    /* keep one appended point in `stride` */
  guint64       phase;     /* appends since the last kept point */
  guint64       total;
  guint64       version;
  gboolean      has_last;
  CelPoint2     last;
  gboolean      window;    /* drop the oldest half rather than decimate */
};

CelSeries *
cel_series_new (const CelSeriesInfo *info, guint capacity)
{
  CelSeries *s = g_new0 (CelSeries, 1);

  s->ref_count = 1;
  s->info = *info;
  s->capacity = MAX (2, capacity + (capacity & 1));
  s->points = g_new (CelPoint2, s->capacity);
  s->stride = 1;
  s->phase = 0;
  return s;
}

CelSeries *
cel_series_ref (CelSeries *series)
{
  g_atomic_int_inc (&series->ref_count);
  return series;
}

void
cel_series_unref (CelSeries *series)
{
  if (g_atomic_int_dec_and_test (&series->ref_count))
    {
      g_free (series->points);
      g_free (series);
    }
}

CelSeries *
cel_series_copy (const CelSeries *series)
{
  CelSeries *s = g_memdup2 (series, sizeof *series);

  s->ref_count = 1;
  s->points = g_memdup2 (series->points, sizeof (CelPoint2) * series->capacity);
  return s;
}

const CelSeriesInfo *
cel_series_get_info (const CelSeries *series)
{
  return &series->info;
}

static void
compact (CelSeries *s)
{
  guint j = 0;

  for (guint i = 0; i < s->n_points; i += 2)
    s->points[j++] = s->points[i];
  s->n_points = j;
  s->stride *= 2;
}

void
cel_series_set_window (CelSeries *series, guint capacity)
{
  series->capacity = MAX (2, capacity + (capacity & 1));
  g_free (series->points);
  series->points = g_new (CelPoint2, series->capacity);
  series->window = TRUE;
  cel_series_clear (series);
}

gboolean
cel_series_is_window (const CelSeries *series)
{
  return series->window;
}

void
cel_series_append (CelSeries *series, double x, double y)
{
  series->total++;
  series->version++;
  series->last = (CelPoint2) { x, y };
  series->has_last = TRUE;

  if (series->window)
    {
      if (series->n_points == series->capacity)
        {
          guint half = series->capacity / 2;

          memmove (series->points, series->points + half, sizeof (CelPoint2) * half);
          series->n_points = half;
        }
      series->points[series->n_points++] = series->last;
      return;
    }

  if (series->phase++ % series->stride != 0)
    return;
  if (series->n_points == series->capacity)
    {
      compact (series);
      /* The point that triggered compaction lands on the new stride grid only
       * when its phase is a multiple of it. */
      if ((series->phase - 1) % series->stride != 0)
        return;
    }
  series->points[series->n_points++] = series->last;
}

void
cel_series_clear (CelSeries *series)
{
  series->n_points = 0;
  series->stride = 1;
  series->phase = 0;
  series->total = 0;
  series->has_last = FALSE;
  series->version++;
}

const CelPoint2 *
cel_series_get_points (const CelSeries *series, guint *n_points)
{
  *n_points = series->n_points;
  return series->points;
}

guint64
cel_series_get_total (const CelSeries *series)
{
  return series->total;
}

gboolean
cel_series_get_last (const CelSeries *series, CelPoint2 *out)
{
  if (series->has_last && out)
    *out = series->last;
  return series->has_last;
}

guint
cel_series_get_capacity (const CelSeries *series)
{
  return series->capacity;
}

guint64
cel_series_get_version (const CelSeries *series)
{
  return series->version;
}

void
cel_series_restore (CelSeries       *series,
                    const CelPoint2 *points,
                    guint            n_points,
                    guint64          stride,
                    guint64          total)
{
  n_points = MIN (n_points, series->capacity);
  memcpy (series->points, points, sizeof (CelPoint2) * n_points);
  series->n_points = n_points;
  series->stride = MAX (stride, 1);
  series->total = total;
  series->phase = total;
  series->has_last = n_points > 0;
  if (n_points > 0)
    series->last = points[n_points - 1];
  series->version++;
}

guint64
cel_series_get_stride (const CelSeries *series)
{
  return series->stride;
}

/* The stored points plus the last appended one when decimation skipped
 * it, so exports never lose the newest value. */
static const CelPoint2 *
export_points (const CelSeries *series, guint *n, CelPoint2 *extra, gboolean *has_extra)
{
  const CelPoint2 *p = cel_series_get_points (series, n);

  *has_extra = series->has_last && (*n == 0 || p[*n - 1].x != series->last.x
                                    || p[*n - 1].y != series->last.y);
  if (*has_extra)
    *extra = series->last;
  return p;
}

static CelPoint2
export_point (const CelPoint2 *p, guint n, const CelPoint2 *extra, guint i)
{
  return i < n ? p[i] : *extra;
}

static gboolean
same_x (GPtrArray *list)
{
  guint n0, m0;
  CelPoint2 e0;
  gboolean x0;
  const CelPoint2 *p0;

  if (list->len == 0)
    return TRUE;
  p0 = export_points (g_ptr_array_index (list, 0), &n0, &e0, &x0);
  m0 = n0 + (x0 ? 1 : 0);
  for (guint s = 1; s < list->len; s++)
    {
      guint n;
      CelPoint2 e;
      gboolean x;
      const CelPoint2 *p = export_points (g_ptr_array_index (list, s), &n, &e, &x);
      if (n + (x ? 1 : 0) != m0)
        return FALSE;
      for (guint i = 0; i < m0; i++)
        if (export_point (p, n, &e, i).x != export_point (p0, n0, &e0, i).x)
          return FALSE;
    }
  return TRUE;
}

static void
append_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest of %.15g … %.17g that reads back exactly. */
  for (int digits = 15; digits <= 17; digits++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, format, v);
      if (digits == 17 || g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (out, buf);
}

/* RFC 4180 quoting for a text field. */
static void
append_text (GString *out, const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

gboolean
cel_series_write_csv (GPtrArray *list, const char *path, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (same_x (list))
    {
      guint rows = 0;
      g_string_append (out, "x");
      for (guint s = 0; s < list->len; s++)
        {
          g_string_append_c (out, ',');
          append_text (out, cel_series_get_info (g_ptr_array_index (list, s))->id);
        }
      g_string_append_c (out, '\n');
      if (list->len > 0)
        {
          CelPoint2 e;
          gboolean x;
          export_points (g_ptr_array_index (list, 0), &rows, &e, &x);
          rows += x ? 1 : 0;
        }
      for (guint i = 0; i < rows; i++)
        {
          for (guint s = 0; s < list->len; s++)
            {
              guint n;
              CelPoint2 e;
              gboolean x;
              const CelPoint2 *p = export_points (g_ptr_array_index (list, s), &n, &e, &x);
              CelPoint2 point = export_point (p, n, &e, i);
              if (s == 0)
                append_number (out, point.x);
              g_string_append_c (out, ',');
              append_number (out, point.y);
            }
          g_string_append_c (out, '\n');
        }
    }
  else
    {
      g_string_append (out, "series,x,y\n");
      for (guint s = 0; s < list->len; s++)
        {
          CelSeries *series = g_ptr_array_index (list, s);
          guint n;
          CelPoint2 e;
          gboolean x;
          const CelPoint2 *p = export_points (series, &n, &e, &x);
          for (guint i = 0; i < n + (x ? 1 : 0); i++)
            {
              CelPoint2 point = export_point (p, n, &e, i);
              append_text (out, cel_series_get_info (series)->id);
              g_string_append_c (out, ',');
              append_number (out, point.x);
              g_string_append_c (out, ',');
              append_number (out, point.y);
              g_string_append_c (out, '\n');
            }
        }
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

const char *
cel_series_info_plot_title (const CelSeriesInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->plot_title != NULL && info->plot_title[0] != '\0')
    return info->plot_title;
  if (info->label != NULL && info->label[0] != '\0')
    return info->label;
  return info->plot != NULL ? info->plot : "";
}
