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
cel_series_append (CelSeries *series, double x, double y)
{
  series->total++;
  series->version++;
  series->last = (CelPoint2) { x, y };
  series->has_last = TRUE;

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

static gboolean
same_x (GPtrArray *list)
{
  guint n0;
  const CelPoint2 *p0;

  if (list->len == 0)
    return TRUE;
  p0 = cel_series_get_points (g_ptr_array_index (list, 0), &n0);
  for (guint s = 1; s < list->len; s++)
    {
      guint n;
      const CelPoint2 *p = cel_series_get_points (g_ptr_array_index (list, s), &n);
      if (n != n0)
        return FALSE;
      for (guint i = 0; i < n; i++)
        if (p[i].x != p0[i].x)
          return FALSE;
    }
  return TRUE;
}

static void
append_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_dtostr (buf, sizeof buf, v));
}

gboolean
cel_series_write_csv (GPtrArray *list, const char *path, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (same_x (list))
    {
      guint n = 0;
      g_string_append (out, "x");
      for (guint s = 0; s < list->len; s++)
        g_string_append_printf (out, ",%s", cel_series_get_info (g_ptr_array_index (list, s))->id);
      g_string_append_c (out, '\n');
      if (list->len > 0)
        cel_series_get_points (g_ptr_array_index (list, 0), &n);
      for (guint i = 0; i < n; i++)
        {
          for (guint s = 0; s < list->len; s++)
            {
              guint m;
              const CelPoint2 *p = cel_series_get_points (g_ptr_array_index (list, s), &m);
              if (s == 0)
                append_number (out, p[i].x);
              g_string_append_c (out, ',');
              append_number (out, p[i].y);
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
          const CelPoint2 *p = cel_series_get_points (series, &n);
          for (guint i = 0; i < n; i++)
            {
              g_string_append_printf (out, "%s,", cel_series_get_info (series)->id);
              append_number (out, p[i].x);
              g_string_append_c (out, ',');
              append_number (out, p[i].y);
              g_string_append_c (out, '\n');
            }
        }
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}
