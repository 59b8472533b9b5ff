#include "cel-stroke.h"

CelStroke *
cel_stroke_new (CelTool tool, float value, guint radius, double density)
{
  CelStroke *s = g_new0 (CelStroke, 1);

  s->tool = tool;
  s->value = value;
  s->radius = radius;
  s->density = CLAMP (density, 0.0, 1.0);
  return s;
}

CelStroke *
cel_stroke_copy (const CelStroke *stroke)
{
  CelStroke *s = g_memdup2 (stroke, sizeof *stroke);

  s->points = g_memdup2 (stroke->points, sizeof (CelGridPoint) * stroke->n_points);
  return s;
}

void
cel_stroke_free (CelStroke *stroke)
{
  if (stroke == NULL)
    return;
  g_free (stroke->points);
  g_free (stroke);
}

void
cel_stroke_add_point (CelStroke *stroke, gint32 x, gint32 y)
{
  stroke->points = g_renew (CelGridPoint, stroke->points, stroke->n_points + 1);
  stroke->points[stroke->n_points++] = (CelGridPoint) { x, y };
}

typedef struct {
  guint       width, height;
  GHashTable *seen;      /* cell index → present; each cell once per stroke */
  GArray     *cells;
  float       value;
  double      density;
  CelRng     *rng;
} Raster;

static void
emit (Raster *r, gint64 x, gint64 y)
{
  guint64 key;

  if (x < 0 || y < 0 || x >= r->width || y >= r->height)
    return;
  key = (guint64) y * r->width + (guint64) x;
  if (r->seen && !g_hash_table_add (r->seen, g_memdup2 (&key, sizeof key)))
    return;
  if (r->density < 1.0 && cel_rng_uniform (r->rng) >= r->density)
    return;
  g_array_append_val (r->cells, ((CelCell) { (gint32) x, (gint32) y, r->value }));
}

static void
disc (Raster *r, gint64 cx, gint64 cy, guint radius)
{
  gint64 rr = (gint64) radius * radius + radius; /* rounder small discs */

  for (gint64 dy = -(gint64) radius; dy <= (gint64) radius; dy++)
    for (gint64 dx = -(gint64) radius; dx <= (gint64) radius; dx++)
      if (dx * dx + dy * dy <= rr)
        emit (r, cx + dx, cy + dy);
}

/* Bresenham's line, stamping a disc at each point. */
static void
segment (Raster *r, CelGridPoint a, CelGridPoint b, guint radius)
{
  gint64 x0 = a.x, y0 = a.y, x1 = b.x, y1 = b.y;
  gint64 dx = x1 > x0 ? x1 - x0 : x0 - x1;
  gint64 dy = -(y1 > y0 ? y1 - y0 : y0 - y1);
  gint64 sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  gint64 err = dx + dy;

  for (;;)
    {
      disc (r, x0, y0, radius);
      if (x0 == x1 && y0 == y1)
        break;
      gint64 e2 = 2 * err;
      if (e2 >= dy)
        {
          err += dy;
          x0 += sx;
        }
      if (e2 <= dx)
        {
          err += dx;
          y0 += sy;
        }
    }
}

static void
rect (Raster *r, CelGridPoint a, CelGridPoint b)
{
  gint64 x0 = MAX (MIN (a.x, b.x), 0), x1 = MIN (MAX (a.x, b.x), (gint64) r->width - 1);
  gint64 y0 = MAX (MIN (a.y, b.y), 0), y1 = MIN (MAX (a.y, b.y), (gint64) r->height - 1);

  for (gint64 y = y0; y <= y1; y++)
    for (gint64 x = x0; x <= x1; x++)
      emit (r, x, y);
}

void
cel_stroke_rasterize (const CelStroke *stroke,
                      guint            width,
                      guint            height,
                      CelRng          *rng,
                      GArray          *cells)
{
  Raster r = { width, height, NULL, cells, stroke->value, 1.0, rng };
  CelGridPoint first, last;
  /* A brush larger than the grid adds nothing but time. */
  guint radius = MIN (stroke->radius, MAX (width, height));

  if (stroke->n_points == 0 || width == 0 || height == 0)
    return;
  /* Brush discs along a path overlap; a rectangle visits each cell once. */
  if (stroke->tool != CEL_TOOL_RECT && stroke->tool != CEL_TOOL_FILL)
    r.seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  first = stroke->points[0];
  last = stroke->points[stroke->n_points - 1];

  switch (stroke->tool)
    {
    case CEL_TOOL_ERASER:
      r.value = 0;
      G_GNUC_FALLTHROUGH;
    case CEL_TOOL_PENCIL:
    case CEL_TOOL_SPRAY:
      if (stroke->tool == CEL_TOOL_SPRAY)
        r.density = stroke->density;
      for (guint i = 0; i < stroke->n_points; i++)
        segment (&r, stroke->points[i ? i - 1 : 0], stroke->points[i], radius);
      break;
    case CEL_TOOL_LINE:
      segment (&r, first, last, radius);
      break;
    case CEL_TOOL_FILL:
      r.density = stroke->density;
      G_GNUC_FALLTHROUGH;
    case CEL_TOOL_RECT:
      rect (&r, first, last);
      break;
    default:
      break;
    }
  g_clear_pointer (&r.seen, g_hash_table_destroy);
}
