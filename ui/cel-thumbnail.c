#include "cel-thumbnail.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Cells kept around the live cells' bounding box, and the smallest window
 * (in cells, across) a thumbnail shows, so that a lone seed is not one
 * giant block. */
#define MARGIN 2
#define MIN_CELLS_ACROSS 16
/* An empty grid is seeded with a random patch this large (cells), this
 * dense, before it runs. */
#define SEED_WIDTH 48
#define SEED_HEIGHT 36
#define SEED_DENSITY 0.35

/* Grows (or with grow FALSE, shrinks) the extent [*start, *start + *len)
 * to len cells around its centre, kept inside [0, limit). */
static void
set_extent (int *start, guint *len, guint new_len, guint limit)
{
  double centre = *start + *len / 2.0;

  new_len = MIN (new_len, limit);
  *start = (int) CLAMP (lround (centre - new_len / 2.0), 0, (long) (limit - new_len));
  *len = new_len;
}

/* The region of frame to show, in the aspect of width:height where the grid
 * allows. It starts from the live cells' bounding box (fields of states) or
 * the whole grid and is widened to at least a small window. It then grows to
 * the aspect when the grid has room and that keeps at least half of it
 * filled; otherwise it is cut to the aspect around its middle (a long strip
 * shows its middle, a square grid loses a band at the top and bottom).
 * Last, it is cut to at most width × height cells, so that every cell gets
 * at least a pixel of its own. */
static void
choose_region (const CelFrame *frame, guint width, guint height, CelRect *region)
{
  guint x0 = frame->width, y0 = frame->height, x1 = 0, y1 = 0;
  double aspect = (double) width / height;
  double grown_w, grown_h, fit;

  *region = (CelRect) { 0, 0, frame->width, frame->height };
  if (frame->format == CEL_FIELD_STATES)
    {
      for (guint y = 0; y < frame->height; y++)
        {
          const guint8 *row = frame->data + (gsize) y * frame->stride;

          for (guint x = 0; x < frame->width; x++)
            if (row[x] != 0)
              {
                x0 = MIN (x0, x);
                x1 = MAX (x1, x + 1);
                y0 = MIN (y0, y);
                y1 = MAX (y1, y + 1);
              }
        }
      if (x1 > 0)
        {
          x0 = x0 > MARGIN ? x0 - MARGIN : 0;
          y0 = y0 > MARGIN ? y0 - MARGIN : 0;
          x1 = MIN (x1 + MARGIN, frame->width);
          y1 = MIN (y1 + MARGIN, frame->height);
          *region = (CelRect) { (int) x0, (int) y0, x1 - x0, y1 - y0 };
        }
    }

  if (region->width < MIN_CELLS_ACROSS)
    set_extent (&region->x, &region->width, MIN_CELLS_ACROSS, frame->width);
  if (region->height < MIN_CELLS_ACROSS / aspect)
    set_extent (&region->y, &region->height, (guint) ceil (MIN_CELLS_ACROSS / aspect), frame->height);

  grown_w = ceil (MAX (region->width, region->height * aspect));
  grown_h = ceil (MAX (region->height, region->width / aspect));
  fit = (double) region->width * region->height / (grown_w * grown_h);
  if (fit >= 0.5 && grown_w <= frame->width && grown_h <= frame->height)
    {
      set_extent (&region->x, &region->width, (guint) grown_w, frame->width);
      set_extent (&region->y, &region->height, (guint) grown_h, frame->height);
    }
  else if (region->width > region->height * aspect)
    set_extent (&region->x, &region->width, MAX (1, (guint) (region->height * aspect)), frame->width);
  else
    set_extent (&region->y, &region->height, MAX (1, (guint) (region->width / aspect)), frame->height);

  /* Grids of states keep one cell per pixel at least, so cells stay crisp;
   * scalar fields (densities, diagrams) are shrunk whole instead. */
  fit = MIN ((double) width / region->width, (double) height / region->height);
  if (fit < 1.0 && frame->format == CEL_FIELD_STATES)
    {
      set_extent (&region->x, &region->width, MAX (1, (guint) floor (region->width * fit)), frame->width);
      set_extent (&region->y, &region->height, MAX (1, (guint) floor (region->height * fit)), frame->height);
    }
}

/* The cells of region as a frame of their own. */
static CelFrame *
crop_frame (const CelFrame *frame, const CelRect *region)
{
  CelFrame *out = cel_frame_new (frame->format, region->width, region->height);
  gsize cell = cel_frame_bytes_per_cell (frame->format);

  out->n_states = frame->n_states;
  out->vmin = frame->vmin;
  out->vmax = frame->vmax;
  for (guint y = 0; y < region->height; y++)
    memcpy (out->data + (gsize) y * out->stride,
            frame->data + (gsize) (region->y + y) * frame->stride + (gsize) region->x * cell,
            (gsize) region->width * cell);
  return out;
}

/* The colour of an empty cell of frame's kind, for the letterbox. */
static void
background_color (const CelFrame *frame, const char *colormap, guint8 rgba[4])
{
  g_autoptr (CelFrame) empty = cel_frame_new (frame->format, 1, 1);
  g_autofree guint8 *pixel = NULL;

  empty->n_states = frame->n_states;
  empty->vmin = frame->vmin;
  empty->vmax = frame->vmax;
  if (frame->format == CEL_FIELD_SCALAR)
    memcpy (empty->data, &frame->vmin, sizeof (float));
  pixel = cel_frame_to_rgba (empty, colormap, 1);
  memcpy (rgba, pixel, 4);
}

/* The cell of [x0, x1) × [y0, y1) with the highest state or value. */
static void
strongest_cell (const CelFrame *frame, guint x0, guint y0, guint x1, guint y1, guint *bx, guint *by)
{
  double best = -G_MAXDOUBLE;

  *bx = x0;
  *by = y0;
  if (frame->format == CEL_FIELD_RGBA)
    return;
  for (guint y = y0; y < MIN (y1, frame->height); y++)
    for (guint x = x0; x < MIN (x1, frame->width); x++)
      {
        const guint8 *row = frame->data + (gsize) y * frame->stride;
        double v = frame->format == CEL_FIELD_STATES ? row[x] : ((const float *) row)[x];
        if (v > best)
          {
            best = v;
            *bx = x;
            *by = y;
          }
      }
}

static GdkTexture *
frame_to_texture (const CelFrame *frame, const char *colormap, guint width, guint height)
{
  CelRect region;
  g_autoptr (CelFrame) cropped = NULL;
  g_autofree guint8 *cells = NULL;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels, background[4];
  guint content_w, content_h, ox, oy;
  double scale;

  choose_region (frame, width, height, &region);
  cropped = crop_frame (frame, &region);
  cells = cel_frame_to_rgba (cropped, colormap, 1);

  scale = MIN ((double) width / region.width, (double) height / region.height);
  if (scale >= 2.0)
    scale = floor (scale);
  content_w = (guint) CLAMP (lround (region.width * scale), 1, (long) width);
  content_h = (guint) CLAMP (lround (region.height * scale), 1, (long) height);
  ox = (width - content_w) / 2;
  oy = (height - content_h) / 2;

  background_color (frame, colormap, background);
  pixels = g_malloc ((gsize) width * height * 4);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *dst = pixels + ((gsize) y * width + x) * 4;

        if (x < ox || x >= ox + content_w || y < oy || y >= oy + content_h)
          memcpy (dst, background, 4);
        else
          {
            guint sx = (guint) ((guint64) (x - ox) * region.width / content_w);
            guint sy = (guint) ((guint64) (y - oy) * region.height / content_h);
            guint ex = MAX (sx + 1, (guint) ((guint64) (x - ox + 1) * region.width / content_w));
            guint ey = MAX (sy + 1, (guint) ((guint64) (y - oy + 1) * region.height / content_h));

            /* Shrinking, a pixel shows the strongest of the cells it covers,
             * so thin curves and sparse live cells stay visible. */
            strongest_cell (cropped, sx, sy, ex, ey, &sx, &sy);
            memcpy (dst, cells + ((gsize) sy * region.width + sx) * 4, 4);
          }
      }
  bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);
  return gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8A8, bytes,
                                 (gsize) width * 4);
}

static gboolean
frame_is_empty (const CelFrame *frame)
{
  for (guint y = 0; y < frame->height; y++)
    for (guint x = 0; x < frame->width; x++)
      if (frame->data[(gsize) y * frame->stride + x] != 0)
        return FALSE;
  return TRUE;
}

/* A grid of states with nothing in it would make a blank thumbnail: paint a
 * random patch in the middle with the model's own brush (and generator, so
 * the picture is the same every time), as a newcomer would. */
static void
seed_if_empty (CelModel *model)
{
  g_autoptr (CelFrame) frame = NULL;
  g_autoptr (CelStroke) stroke = NULL;
  guint w, h, sw, sh;

  if (!cel_model_can_paint (model)
      || cel_model_get_field_info (model, 0)->format != CEL_FIELD_STATES)
    return;
  frame = cel_model_render_field (model, 0, NULL);
  if (frame == NULL || !frame_is_empty (frame))
    return;

  cel_model_get_size (model, &w, &h);
  sw = MIN (w, SEED_WIDTH);
  sh = MIN (h, SEED_HEIGHT);
  if (sw == 0 || sh == 0)
    return;
  stroke = cel_stroke_new (CEL_TOOL_FILL, 1.0f, 0, SEED_DENSITY);
  cel_stroke_add_point (stroke, (gint32) ((w - sw) / 2), (gint32) ((h - sh) / 2));
  cel_stroke_add_point (stroke, (gint32) ((w - sw) / 2 + sw - 1), (gint32) ((h - sh) / 2 + sh - 1));
  cel_model_paint (model, stroke, NULL);
}

/* Extra rounds of 4 × steps a thumbnail may take while its field is blank. */
#define THUMBNAIL_EXTRA_ROUNDS 8

/* Whether a frame would draw as (nearly) nothing but background: no live
 * state, or fewer than one cell in 200 lit: above the bottom 5% of a scalar
 * field's range (an orbit's density after a few steps, say), or not
 * transparent in a colour field (a neural CA's lone seed). */
static gboolean
frame_is_blank (const CelFrame *frame)
{
  guint64 lit = 0, total = (guint64) frame->width * frame->height;
  float threshold = frame->vmin + 0.05f * (frame->vmax - frame->vmin);

  for (guint y = 0; y < frame->height; y++)
    {
      const guint8 *row = frame->data + (gsize) y * frame->stride;
      for (guint x = 0; x < frame->width; x++)
        switch (frame->format)
          {
          case CEL_FIELD_STATES:
            lit += row[x] != 0;
            break;
          case CEL_FIELD_RGBA:
            lit += row[4 * x + 3] != 0;
            break;
          case CEL_FIELD_SCALAR:
          default:
            lit += ((const float *) row)[x] > threshold;
            break;
          }
    }
  return frame->format == CEL_FIELD_STATES ? lit == 0 : lit * 200 < total;
}

GdkTexture *
cel_thumbnail_render (CelModel      *model,
                      guint          steps,
                      guint          width,
                      guint          height,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr (CelFrame) frame = NULL;
  const CelFieldInfo *info;

  g_return_val_if_fail (CEL_IS_MODEL (model), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (cel_model_get_n_fields (model) == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("The model “%s” has no field to show"), cel_model_get_id (model));
      return NULL;
    }
  seed_if_empty (model);
  if (steps > 0)
    {
      GError *step_error = NULL;

      cel_model_step (model, steps, cancellable, &step_error);
      if (step_error != NULL)
        {
          g_propagate_error (error, step_error);
          return NULL;
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  info = cel_model_get_field_info (model, 0);
  frame = cel_model_render_field (model, 0, NULL);
  if (frame == NULL || frame->width == 0 || frame->height == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("The model “%s” has an empty field"), cel_model_get_id (model));
      return NULL;
    }
  /* Models that draw slowly (an orbit's density, a diagram filled column
   * by column) get more steps, up to a bound, until the field shows
   * something. */
  for (guint round = 0; round < THUMBNAIL_EXTRA_ROUNDS && steps > 0 && frame_is_blank (frame); round++)
    {
      GError *step_error = NULL;

      if (cel_model_step (model, steps * 4, cancellable, &step_error) == 0 || step_error != NULL)
        {
          g_clear_error (&step_error);
          break;
        }
      g_clear_pointer (&frame, cel_frame_unref);
      frame = cel_model_render_field (model, 0, NULL);
    }
  /* Still blank (a neural CA that has not learnt to grow yet): the first
   * other field that shows something (its target). */
  for (guint f = 1; f < cel_model_get_n_fields (model) && frame_is_blank (frame); f++)
    {
      g_autoptr (CelFrame) other = cel_model_render_field (model, f, NULL);

      if (other != NULL && other->width > 0 && other->height > 0 && !frame_is_blank (other))
        {
          g_clear_pointer (&frame, cel_frame_unref);
          frame = g_steal_pointer (&other);
          info = cel_model_get_field_info (model, f);
        }
    }
  return frame_to_texture (frame, info->colormap, width, height);
}

typedef struct {
  CelModel *model;
  guint     steps, width, height;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->model);
  g_free (job);
}

static void
render_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GdkTexture *texture = cel_thumbnail_render (job->model, job->steps, job->width, job->height,
                                              cancellable, &error);

  if (texture != NULL)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
cel_thumbnail_render_async (CelModel            *model,
                            guint                steps,
                            guint                width,
                            guint                height,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (CEL_IS_MODEL (model));
  g_return_if_fail (width > 0 && height > 0);

  job = g_new0 (Job, 1);
  job->model = model;
  job->steps = steps;
  job->width = width;
  job->height = height;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cel_thumbnail_render_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, render_thread);
}

GdkTexture *
cel_thumbnail_render_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
