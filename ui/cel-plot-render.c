/* cel-plot-render.c — decimated lines and rasterised point layers. */
#include "cel-plot-render.h"

#include <math.h>
#include <string.h>

/* Cairo keeps coordinates in 24.8 fixed point; vertices far outside the
 * view (a zoomed-in follow window over a long history) are pulled in to
 * this distance, which is still far outside any widget. */
#define COORD_LIMIT 1e6

/* Points between cancellation checks in the rasteriser. */
#define CANCEL_CHECK_INTERVAL 65536

void
cel_plot_points_init (CelPlotPoints   *points,
                      const CelSeries *series)
{
  CelPoint2 last;

  points->stored = cel_series_get_points (series, &points->n_stored);
  points->has_latest = FALSE;
  if (cel_series_get_last (series, &last)
      && (points->n_stored == 0
          || memcmp (&points->stored[points->n_stored - 1], &last, sizeof last) != 0))
    {
      points->has_latest = TRUE;
      points->latest = last;
    }
}

double
cel_plot_view_px (const CelPlotView *view, double x)
{
  if (!isfinite (x))
    return NAN;
  return view->left + (x - view->x0) / (view->x1 - view->x0) * view->width;
}

double
cel_plot_view_py (const CelPlotView *view, double y)
{
  double t;

  if (!isfinite (y))
    return NAN;
  if (view->log_y)
    {
      if (y <= 0.0)
        return NAN;
      t = (log10 (y) - log10 (view->y0)) / (log10 (view->y1) - log10 (view->y0));
    }
  else
    t = (y - view->y0) / (view->y1 - view->y0);
  return view->top + view->height * (1.0 - t);
}

double
cel_plot_view_data_y (const CelPlotView *view, double py)
{
  double t = 1.0 - (py - view->top) / view->height;

  if (view->log_y)
    return pow (10.0, log10 (view->y0) + t * (log10 (view->y1) - log10 (view->y0)));
  return view->y0 + t * (view->y1 - view->y0);
}

/* The view as px = ax·x + bx, py = ay·y′ + by with y′ = y or log10 y, so
 * the per-point work is two multiply-adds. */
typedef struct {
  double   ax, bx, ay, by;
  gboolean log_y;
} Affine;

static void
affine_init (Affine *a, const CelPlotView *view)
{
  double y0 = view->log_y ? log10 (view->y0) : view->y0;
  double y1 = view->log_y ? log10 (view->y1) : view->y1;

  a->ax = view->width / (view->x1 - view->x0);
  a->bx = view->left - view->x0 * a->ax;
  a->ay = -view->height / (y1 - y0);
  a->by = view->top + view->height - y0 * a->ay;
  a->log_y = view->log_y;
}

static inline gboolean
affine_map (const Affine *a, CelPoint2 p, double *px, double *py)
{
  double y = p.y;

  if (a->log_y)
    {
      if (!(y > 0.0))
        return FALSE;
      y = log10 (y);
    }
  *px = a->ax * p.x + a->bx;
  *py = a->ay * y + a->by;
  if (!isfinite (*px) || !isfinite (*py))
    return FALSE;
  *px = CLAMP (*px, -COORD_LIMIT, COORD_LIMIT);
  *py = CLAMP (*py, -COORD_LIMIT, COORD_LIMIT);
  return TRUE;
}

/* The device-pixel column of px, with everything beyond the view collapsed
 * into the columns just outside it. */
static inline gint64
column_of (const CelPlotView *view, double scale, double px)
{
  gint64 column = (gint64) floor ((px - view->left) * scale);

  return CLAMP (column, -2, (gint64) ceil (view->width * scale) + 2);
}

typedef struct {
  guint  index;
  double px, py;
} Vertex;

typedef struct {
  cairo_t  *cr;
  double    dot_radius;
  gboolean  pen_down;
  guint     n_vertices;   /* in the current sub-path */
  Vertex    previous;     /* last vertex emitted */
  gboolean  open;         /* a column group is being collected */
  gint64    column;
  Vertex    first, low, high, last;
} PolylineState;

static void
emit (PolylineState *state, const Vertex *v)
{
  if (state->pen_down && v->index == state->previous.index)
    return;
  if (state->pen_down)
    cairo_line_to (state->cr, v->px, v->py);
  else
    cairo_move_to (state->cr, v->px, v->py);
  state->pen_down = TRUE;
  state->previous = *v;
  state->n_vertices++;
}

static void
flush_group (PolylineState *state)
{
  const Vertex *a, *b;

  if (!state->open)
    return;
  state->open = FALSE;
  /* The extremes in the order they occurred keep the path's shape. */
  a = state->low.index <= state->high.index ? &state->low : &state->high;
  b = a == &state->low ? &state->high : &state->low;
  emit (state, &state->first);
  emit (state, a);
  emit (state, b);
  emit (state, &state->last);
}

static void
end_subpath (PolylineState *state)
{
  flush_group (state);
  /* A lone vertex strokes nothing: give it a ring that strokes into a dot
   * two and a half line widths across. */
  if (state->pen_down && state->n_vertices == 1)
    {
      cairo_new_sub_path (state->cr);
      cairo_arc (state->cr, state->previous.px, state->previous.py,
                 state->dot_radius, 0.0, 2.0 * G_PI);
    }
  state->pen_down = FALSE;
  state->n_vertices = 0;
}

static void
render_polyline (cairo_t             *cr,
                 const CelPlotView   *view,
                 const Affine        *affine,
                 const CelPlotPoints *points,
                 double               scale,
                 double               line_width)
{
  PolylineState state = { .cr = cr, .dot_radius = 0.75 * line_width };
  guint n = cel_plot_points_len (points);

  for (guint i = 0; i < n; i++)
    {
      Vertex v = { .index = i };
      gint64 column;

      if (!affine_map (affine, cel_plot_points_get (points, i), &v.px, &v.py))
        {
          end_subpath (&state);
          continue;
        }
      column = column_of (view, scale, v.px);
      if (state.open && column == state.column)
        {
          if (v.py > state.low.py)      /* screen y grows downwards */
            state.low = v;
          if (v.py < state.high.py)
            state.high = v;
          state.last = v;
        }
      else
        {
          flush_group (&state);
          state.open = TRUE;
          state.column = column;
          state.first = state.low = state.high = state.last = v;
        }
    }
  end_subpath (&state);
}

/* A parallelogram of width 2·half around the segment a→b, wound like
 * cairo_rectangle() so that overlaps never cancel under nonzero filling. */
static void
append_quad (cairo_t *cr, double ax, double ay, double bx, double by, double half)
{
  double dx = bx - ax, dy = by - ay;
  double length = sqrt (dx * dx + dy * dy);
  double nx, ny;

  if (length == 0.0)
    return;
  nx = -dy / length * half;
  ny = dx / length * half;
  cairo_move_to (cr, ax - nx, ay - ny);
  cairo_line_to (cr, bx - nx, by - ny);
  cairo_line_to (cr, bx + nx, by + ny);
  cairo_line_to (cr, ax + nx, ay + ny);
  cairo_close_path (cr);
}

static void
render_bars (cairo_t             *cr,
             const CelPlotView   *view,
             const Affine        *affine,
             const CelPlotPoints *points,
             double               scale,
             double               line_width)
{
  guint n = cel_plot_points_len (points);
  double width = 1.0 / scale, half = line_width / 2.0;
  gboolean open = FALSE, pen = FALSE;
  gint64 column = 0;
  double low = 0.0, high = 0.0, last_px = 0.0, last_py = 0.0;

  for (guint i = 0; i <= n; i++)
    {
      double px = 0.0, py = 0.0;
      gboolean valid = i < n && affine_map (affine, cel_plot_points_get (points, i), &px, &py);
      gint64 c = valid ? column_of (view, scale, px) : 0;

      if (valid && open && c == column)
        {
          low = MIN (low, py);
          high = MAX (high, py);
        }
      else
        {
          if (open)
            {
              /* Keep the bar's centre line where the data is and widen it to
               * the line width, so a flat stretch looks like a stroke. */
              double top = low - half, bottom = high + half;

              cairo_rectangle (cr, view->left + column * width, top, width, bottom - top);
            }
          open = valid;
          if (valid)
            {
              low = high = py;
              if (pen && (c == column + 1 || c == column - 1))
                {
                  low = MIN (low, last_py);
                  high = MAX (high, last_py);
                }
              else if (pen)
                append_quad (cr, last_px, last_py, px, py, half);
              column = c;
            }
        }
      pen = valid;
      last_px = px;
      last_py = py;
    }
}

CelPlotLineStyle
cel_plot_render_line (cairo_t             *cr,
                      const CelPlotView   *view,
                      const CelPlotPoints *points,
                      double               scale,
                      double               line_width)
{
  Affine affine;
  guint n = cel_plot_points_len (points);
  guint visible = 0;
  double columns = ceil (view->width * scale);

  affine_init (&affine, view);
  for (guint i = 0; i < n; i++)
    {
      double x = cel_plot_points_get (points, i).x;

      if (x >= view->x0 && x <= view->x1)
        visible++;
    }

  if (visible <= 2.0 * columns)
    {
      render_polyline (cr, view, &affine, points, scale, line_width);
      return CEL_PLOT_LINE_STROKE;
    }
  render_bars (cr, view, &affine, points, scale, line_width);
  return CEL_PLOT_LINE_FILL;
}

typedef struct {
  guint32 *pixels;
  int      width, height;
  int      stride;   /* in pixels */
} Image;

/* Source-over of a premultiplied colour onto the block [x, x+w) × [y, y+h). */
static void
blend_block (Image *image, int x, int y, int w, int h, const guint8 src[4])
{
  int x_end = MIN (x + w, image->width);
  int y_end = MIN (y + h, image->height);
  guint inv = 255 - src[3];

  x = MAX (x, 0);
  y = MAX (y, 0);
  for (int row = y; row < y_end; row++)
    {
      guint32 *line = image->pixels + (gsize) row * image->stride;

      for (int col = x; col < x_end; col++)
        {
          guint32 d = line[col];
          guint a = src[3] + (((d >> 24) & 0xff) * inv + 127) / 255;
          guint r = src[0] + (((d >> 16) & 0xff) * inv + 127) / 255;
          guint g = src[1] + (((d >> 8) & 0xff) * inv + 127) / 255;
          guint b = src[2] + ((d & 0xff) * inv + 127) / 255;

          line[col] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
}

static void
premultiply (const CelPlotColour *colour, double alpha, guint8 out[4])
{
  alpha = CLAMP (alpha, 0.0, 1.0);
  out[0] = (guint8) lround (CLAMP (colour->red, 0.0, 1.0) * alpha * 255.0);
  out[1] = (guint8) lround (CLAMP (colour->green, 0.0, 1.0) * alpha * 255.0);
  out[2] = (guint8) lround (CLAMP (colour->blue, 0.0, 1.0) * alpha * 255.0);
  out[3] = (guint8) lround (alpha * 255.0);
}

typedef struct {
  double x0, sx;             /* device px = (x - x0) * sx */
  double y1, sy;             /* device py = (y1 - y) * sy, y in log10 units when log */
  gboolean log_y;
} Mapping;

static gboolean
map_point (const Mapping *m, CelPoint2 p, double *px, double *py)
{
  double y = p.y;

  if (m->log_y)
    {
      if (!(y > 0.0))
        return FALSE;
      y = log10 (y);
    }
  *px = (p.x - m->x0) * m->sx;
  *py = (m->y1 - y) * m->sy;
  return isfinite (*px) && isfinite (*py);
}

/* The first pixel of a block `size` pixels wide centred at p, or FALSE when
 * the block lies entirely outside [0, limit). */
static gboolean
block_start (double p, int size, int limit, int *start)
{
  double s = floor (p - size * 0.5 + 0.5);

  if (s <= -size || s >= limit)
    return FALSE;
  *start = (int) s;
  return TRUE;
}

/* The k-th smallest of values[0..n) (Hoare's selection; reorders values). */
static guint32
select_kth (guint32 *values, gsize n, gsize k)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint32 pivot = values[lo + (hi - lo) / 2];
      gsize i = lo, j = hi;

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              guint32 t = values[i];

              values[i] = values[j];
              values[j] = t;
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return values[k];
}

/* The count that shades as opaque: the 99th percentile of the hit pixels,
 * so that a few very hot pixels (a fixed point, a cusp) do not wash out
 * the rest of the cloud. 0 when nothing was hit. */
static guint32
density_full_scale (const guint32 *counts, gsize n_pixels)
{
  g_autoptr (GArray) hit = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (gsize k = 0; k < n_pixels; k++)
    if (counts[k] > 0)
      g_array_append_val (hit, counts[k]);
  if (hit->len == 0)
    return 0;
  return MAX (2, select_kth ((guint32 *) hit->data, hit->len, (gsize) (0.99 * (hit->len - 1))));
}

static gboolean
render_series (Image                  *image,
               const CelPlotLayerSpec *spec,
               const Mapping          *m,
               const CelSeries        *series,
               const CelPlotColour    *colour,
               guint32                *counts,
               GCancellable           *cancellable)
{
  CelPlotPoints points;
  guint n;
  int dot_w, dot_h;
  int trail_level = -1;
  guint8 src[4] = { 0 };

  cel_plot_points_init (&points, series);
  n = cel_plot_points_len (&points);

  switch (spec->mode)
    {
    case CEL_PLOT_LAYER_RASTER:
      {
        /* Each event a dash one and a half units wide and at most four
         * fifths of a neuron row tall, so neighbouring rows stay apart. */
        double row = m->sy;

        dot_w = MAX (1, (int) lround (1.5 * spec->scale));
        dot_h = CLAMP ((int) lround (row * 0.8), 1, MAX (1, (int) lround (6.0 * spec->scale)));
        premultiply (colour, 1.0, src);
      }
      break;
    case CEL_PLOT_LAYER_TRAIL:
      /* Sparse sets get two-unit dots; dense ones one-unit dots so that
       * structure is not smeared. */
      dot_w = dot_h = MAX (1, (int) lround ((n <= 20000 ? 2.0 : 1.0) * spec->scale));
      break;
    case CEL_PLOT_LAYER_DENSITY:
    default:
      dot_w = dot_h = MAX (1, (int) lround (spec->scale));
      memset (counts, 0, sizeof (guint32) * (gsize) image->width * image->height);
      break;
    }

  for (guint i = 0; i < n; i++)
    {
      double px, py;
      int x, y;

      if (i % CANCEL_CHECK_INTERVAL == CANCEL_CHECK_INTERVAL - 1
          && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (!map_point (m, cel_plot_points_get (&points, i), &px, &py)
          || !block_start (px, dot_w, image->width, &x)
          || !block_start (py, dot_h, image->height, &y))
        continue;

      switch (spec->mode)
        {
        case CEL_PLOT_LAYER_RASTER:
          blend_block (image, x, y, dot_w, dot_h, src);
          break;
        case CEL_PLOT_LAYER_TRAIL:
          {
            /* Opacity rises linearly with age rank: the oldest points are
             * faint (12 %), the newest opaque; in 1/255 steps, so the
             * colour is recomputed only when the step changes. */
            int level = (int) ((0.12 + 0.88 * (i + 1.0) / n) * 255.0);

            if (level != trail_level)
              {
                trail_level = level;
                premultiply (colour, level / 255.0, src);
              }
            blend_block (image, x, y, dot_w, dot_h, src);
          }
          break;
        case CEL_PLOT_LAYER_DENSITY:
        default:
          for (int row = MAX (y, 0); row < MIN (y + dot_h, image->height); row++)
            for (int col = MAX (x, 0); col < MIN (x + dot_w, image->width); col++)
              {
                guint32 *c = &counts[(gsize) row * image->width + col];

                if (*c < G_MAXUINT32)
                  (*c)++;
              }
          break;
        }
    }

  if (spec->mode == CEL_PLOT_LAYER_DENSITY)
    {
      gsize n_pixels = (gsize) image->width * image->height;
      guint32 full = density_full_scale (counts, n_pixels);
      double log_full;

      if (full == 0)
        return TRUE;
      log_full = log1p ((double) full);
      for (gsize k = 0; k < n_pixels; k++)
        if (counts[k] > 0)
          {
            /* Logarithmic shading: a pixel hit once is still visible (15 %),
             * pixels at or above the full-scale count are opaque. */
            double level = MIN (1.0, log1p ((double) counts[k]) / log_full);

            premultiply (colour, 0.15 + 0.85 * level, src);
            blend_block (image, (int) (k % image->width), (int) (k / image->width), 1, 1, src);
          }
    }
  return TRUE;
}

cairo_surface_t *
cel_plot_render_layer (const CelPlotLayerSpec *spec,
                       GPtrArray              *series,
                       const CelPlotColour    *colours,
                       GCancellable           *cancellable)
{
  const CelPlotView *view = &spec->view;
  cairo_surface_t *surface;
  Image image;
  Mapping m;
  g_autofree guint32 *counts = NULL;
  gboolean complete = TRUE;

  image.width = MAX (1, (int) ceil (view->width * spec->scale));
  image.height = MAX (1, (int) ceil (view->height * spec->scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, image.width, image.height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_set_device_scale (surface, spec->scale, spec->scale);
  cairo_surface_flush (surface);
  image.pixels = (guint32 *) cairo_image_surface_get_data (surface);
  image.stride = cairo_image_surface_get_stride (surface) / 4;

  m.log_y = view->log_y;
  m.x0 = view->x0;
  m.sx = image.width / (view->x1 - view->x0);
  if (view->log_y)
    {
      m.y1 = log10 (view->y1);
      m.sy = image.height / (log10 (view->y1) - log10 (view->y0));
    }
  else
    {
      m.y1 = view->y1;
      m.sy = image.height / (view->y1 - view->y0);
    }

  if (spec->mode == CEL_PLOT_LAYER_DENSITY)
    counts = g_new (guint32, (gsize) image.width * image.height);

  for (guint i = 0; i < series->len && complete; i++)
    complete = render_series (&image, spec, &m, g_ptr_array_index (series, i),
                              &colours[i], counts, cancellable);

  cairo_surface_mark_dirty (surface);
  if (!complete)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}
