/* cel-canvas-colors.c — cell colours for the canvas, derived from core's
 * cel_frame_to_rgba() so that the screen, the fallback and the exported
 * PNG agree.
 */
#include "cel-canvas-colors.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cel-png.h"

const guint8 cel_canvas_outside_color[4] = { 0x0a, 0x0b, 0x0f, 0xff };

void
cel_canvas_state_palette (guint n_states, guint8 palette[256 * 4])
{
  g_autoptr (CelFrame) frame = cel_frame_new (CEL_FIELD_STATES, 256, 1);
  g_autofree guint8 *rgba = NULL;

  frame->n_states = n_states;
  for (guint i = 0; i < 256; i++)
    frame->data[i] = (guint8) i;
  rgba = cel_frame_to_rgba (frame, NULL, 1);
  memcpy (palette, rgba, 256 * 4);
}

void
cel_canvas_background_color (guint8 rgba[4])
{
  guint8 palette[256 * 4];

  cel_canvas_state_palette (2, palette);
  memcpy (rgba, palette, 4);
}

guint
cel_canvas_scalar_index (float v, float vmin, float vmax)
{
  double t = vmax > vmin ? ((double) v - vmin) / ((double) vmax - vmin) : 0.0;

  if (isnan (t))
    return 0;
  t = CLAMP (t, 0.0, 1.0);
  return (guint) lround (t * 255.0);
}

/* Floats in the order of their values: keys compare as the floats do,
 * -infinity first and +infinity last (NaNs lie beyond and are never used). */
static guint32
float_key (float f)
{
  guint32 bits;

  memcpy (&bits, &f, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

static float
key_float (guint32 key)
{
  guint32 bits = (key & 0x80000000u) ? key & 0x7fffffffu : ~key;
  float f;

  memcpy (&f, &bits, sizeof f);
  return f;
}

guint
cel_canvas_scalar_thresholds (float vmin, float vmax, float thresholds[256])
{
  guint32 lo = float_key (-INFINITY), hi = float_key (INFINITY);
  guint max_index = cel_canvas_scalar_index (INFINITY, vmin, vmax);

  thresholds[0] = -INFINITY;
  for (guint k = 1; k < 256; k++)
    {
      guint32 a = lo, b = hi;

      if (k > max_index)
        {
          thresholds[k] = INFINITY;
          continue;
        }
      /* The index grows with v, so the first key reaching k is a boundary. */
      while (a < b)
        {
          guint32 m = a + (b - a) / 2;

          if (cel_canvas_scalar_index (key_float (m), vmin, vmax) >= k)
            b = m;
          else
            a = m + 1;
        }
      thresholds[k] = key_float (b);
      lo = b;
    }
  return max_index;
}

void
cel_canvas_view_to_cell (const CelCanvasView *view,
                         double               wx,
                         double               wy,
                         gint64              *x,
                         gint64              *y)
{
  double fx = floor ((wx - view->origin_x) / view->zoom + CEL_CANVAS_CELL_BIAS);
  double fy = floor ((wy - view->origin_y) / view->zoom + CEL_CANVAS_CELL_BIAS);

  /* Far beyond any grid; keeps the conversion defined. */
  *x = (gint64) CLAMP (fx, -1e15, 1e15);
  *y = (gint64) CLAMP (fy, -1e15, 1e15);
}

void
cel_canvas_view_axis (const CelCanvasView *view,
                      int                  frame_start,
                      gboolean             vertical,
                      float               *origin,
                      float               *cell)
{
  double grid_origin = vertical ? view->origin_y : view->origin_x;

  *origin = (float) ((grid_origin + frame_start * view->zoom) * view->scale);
  *cell = (float) (view->zoom * view->scale);
}

/* For each pixel centre along one axis: the frame index, or one of these. */
#define CELL_OFF_GRID  (-2)
#define CELL_NOT_FRAME (-1)

/* The shader's arithmetic (see canvas.frag.glsl), in double. */
static void
classify_axis (gint64 *out,
               guint   n_pixels,
               float   origin,
               float   cell,
               int     frame_start,
               guint   frame_size,
               guint   grid_size)
{
  for (guint i = 0; i < n_pixels; i++)
    {
      double c = floor ((i + 0.5 - origin) / cell + CEL_CANVAS_CELL_BIAS);

      if (c < -(double) frame_start || c >= (double) grid_size - frame_start)
        out[i] = CELL_OFF_GRID;
      else if (c < 0 || c >= frame_size)
        out[i] = CELL_NOT_FRAME;
      else
        out[i] = (gint64) c;
    }
}

/* Cells smaller than device pixels, STATES only: the cells a pixel covers
 * along one axis that it looks at (frame indices, -1 off the frame), as the
 * shader's covered_state() picks them. */
#define MAX_COVER 4

static void
cover_axis (gint64 *samples,
            guint8 *counts,
            guint   n_pixels,
            float   origin,
            float   cell,
            guint   frame_size)
{
  for (guint i = 0; i < n_pixels; i++)
    {
      gint64 first = (gint64) floor ((i - origin) / cell + CEL_CANVAS_CELL_BIAS);
      gint64 n = (gint64) ceil ((i + 1.0 - origin) / cell - CEL_CANVAS_CELL_BIAS) - first;

      counts[i] = (guint8) CLAMP (n, 0, MAX_COVER);
      for (gint64 k = 0; k < counts[i]; k++)
        {
          gint64 c = first + (n <= MAX_COVER ? k : ((2 * k + 1) * n) / (2 * MAX_COVER));

          samples[i * MAX_COVER + k] = c >= 0 && c < (gint64) frame_size ? c : -1;
        }
    }
}

/* The liveliest state among the covered cells: 1, then 2, 3…, 0 last. */
static guint8
covered_state (const CelFrame *frame,
               const gint64   *row_samples,
               guint           n_rows,
               const gint64   *col_samples,
               guint           n_cols)
{
  guint8 best = 0;

  for (guint j = 0; j < n_rows; j++)
    {
      const guint8 *src;

      if (row_samples[j] < 0)
        continue;
      src = frame->data + (gsize) row_samples[j] * frame->stride;
      for (guint i = 0; i < n_cols; i++)
        {
          guint8 s;

          if (col_samples[i] < 0)
            continue;
          s = src[col_samples[i]];
          if (s != 0 && (best == 0 || s < best))
            best = s;
        }
    }
  return best;
}

guint8 *
cel_canvas_render_view (const CelFrame      *frame,
                        const char          *colormap,
                        guint                grid_width,
                        guint                grid_height,
                        const CelCanvasView *view,
                        guint                width,
                        guint                height)
{
  g_autofree gint64 *cols = NULL;
  g_autofree gint64 *rows = NULL;
  g_autofree gint64 *col_samples = NULL;
  g_autofree gint64 *row_samples = NULL;
  g_autofree guint8 *col_counts = NULL;
  g_autofree guint8 *row_counts = NULL;
  g_autoptr (CelFrame) sampled = NULL;
  int frame_x = frame ? frame->x : 0, frame_y = frame ? frame->y : 0;
  float origin_x, origin_y, cell;
  guint8 background[4];
  guint8 *rgba;

  g_return_val_if_fail (view != NULL && view->zoom > 0 && view->scale > 0, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  cel_canvas_background_color (background);
  cel_canvas_view_axis (view, frame_x, FALSE, &origin_x, &cell);
  cel_canvas_view_axis (view, frame_y, TRUE, &origin_y, &cell);
  cols = g_new (gint64, width);
  rows = g_new (gint64, height);
  classify_axis (cols, width, origin_x, cell, frame_x, frame ? frame->width : 0, grid_width);
  classify_axis (rows, height, origin_y, cell, frame_y, frame ? frame->height : 0, grid_height);

  if (frame == NULL)
    rgba = g_malloc ((gsize) width * height * 4);
  else
    {
      gboolean cover = frame->format == CEL_FIELD_STATES && cell < 1.0f;
      gsize bpc = cel_frame_bytes_per_cell (frame->format);

      if (cover)
        {
          col_samples = g_new (gint64, (gsize) width * MAX_COVER);
          row_samples = g_new (gint64, (gsize) height * MAX_COVER);
          col_counts = g_new (guint8, width);
          row_counts = g_new (guint8, height);
          cover_axis (col_samples, col_counts, width, origin_x, cell, frame->width);
          cover_axis (row_samples, row_counts, height, origin_y, cell, frame->height);
        }

      /* Gather the cell under each pixel into a frame of pixels, then let
       * core colour it: the colours are cel_frame_to_rgba()'s by design. */
      sampled = cel_frame_new (frame->format, width, height);
      sampled->n_states = frame->n_states;
      sampled->vmin = frame->vmin;
      sampled->vmax = frame->vmax;
      for (guint j = 0; j < height; j++)
        {
          const guint8 *src;
          guint8 *dst;

          if (rows[j] < 0)
            continue;
          src = frame->data + (gsize) rows[j] * frame->stride;
          dst = sampled->data + (gsize) j * sampled->stride;
          for (guint i = 0; i < width; i++)
            {
              if (cols[i] < 0)
                continue;
              if (cover)
                dst[i] = covered_state (frame, row_samples + (gsize) j * MAX_COVER, row_counts[j],
                                        col_samples + (gsize) i * MAX_COVER, col_counts[i]);
              else
                memcpy (dst + i * bpc, src + (gsize) cols[i] * bpc, bpc);
            }
        }
      rgba = cel_frame_to_rgba (sampled, colormap, 1);
    }

  for (guint j = 0; j < height; j++)
    {
      guint8 *dst = rgba + (gsize) j * width * 4;

      for (guint i = 0; i < width; i++)
        {
          if (rows[j] == CELL_OFF_GRID || cols[i] == CELL_OFF_GRID)
            memcpy (dst + i * 4, cel_canvas_outside_color, 4);
          else if (rows[j] == CELL_NOT_FRAME || cols[i] == CELL_NOT_FRAME)
            memcpy (dst + i * 4, background, 4);
        }
    }
  return rgba;
}

char *
cel_canvas_describe_cell (const CelFrame *frame, int x, int y)
{
  g_autofree char *value = NULL;
  gint64 fx, fy;
  const guint8 *cell;

  if (frame != NULL)
    {
      fx = (gint64) x - frame->x;
      fy = (gint64) y - frame->y;
      if (fx < 0 || fy < 0 || fx >= frame->width || fy >= frame->height)
        frame = NULL;
    }
  if (frame == NULL)
    /* TRANSLATORS: a cell's column and row on the canvas. */
    return g_strdup_printf (_("(%d, %d)"), x, y);

  cell = frame->data + (gsize) fy * frame->stride
         + (gsize) fx * cel_frame_bytes_per_cell (frame->format);
  switch (frame->format)
    {
    case CEL_FIELD_STATES:
      if (cell[0] == 0)
        value = g_strdup (_("dead"));
      else if (cell[0] == 1)
        value = g_strdup (_("alive"));
      else
        value = g_strdup_printf (_("state %u"), cell[0]);
      break;
    case CEL_FIELD_SCALAR:
      {
        float v;

        memcpy (&v, cell, sizeof v);
        value = isnan (v) ? g_strdup (_("undefined")) : g_strdup_printf ("%.4g", v);
      }
      break;
    case CEL_FIELD_RGBA:
    default:
      /* TRANSLATORS: a colour as hexadecimal red, green, blue and its opacity. */
      value = g_strdup_printf (_("#%02x%02x%02x, %u%% opaque"), cell[0], cell[1], cell[2],
                               (guint) lround (cell[3] * 100.0 / 255.0));
      break;
    }
  /* TRANSLATORS: a cell's column and row on the canvas, then its value. */
  return g_strdup_printf (_("(%d, %d) %s"), x, y, value);
}
