/* cel-apng.c — APNG writing on top of the PNG writer's building blocks
 * (cel-png.h), and recordings of runs.
 *
 * Chunk layout (APNG 1.0): signature, IHDR, acTL, fcTL 0, IDAT…, then for
 * each further frame fcTL and fdAT…, and IEND. fcTL and fdAT chunks share
 * one sequence counter starting at 0.
 */
#include "cel-apng.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"
#include "cel-png.h"

/* Image data is split into chunks of at most this many bytes. */
#define APNG_DATA_CHUNK_MAX ((gsize) 1 << 20)
/* fcTL: sequence, width, height, x, y (4 bytes each), delay numerator and
 * denominator (2 each), dispose and blend operations (1 each). */
#define FCTL_LENGTH 26
#define APNG_DISPOSE_NONE 0
#define APNG_BLEND_SOURCE 0

struct _CelApngWriter
{
  GOutputStream *stream;
  GFile         *file;       /* new_for_path: the destination … */
  GFile         *temp;       /* … and the file written meanwhile */
  gboolean       finished;
  guint          width, height;
  guint          n_frames, written;
  guint16        delay_num, delay_den;
  guint32        sequence;   /* next fcTL/fdAT sequence number */
  guint8        *previous;   /* the last frame, rows width·4 bytes */
};

static void
store_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static void
store_be16 (guint8 *p, guint16 v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

static gboolean
write_bytes (CelApngWriter *self, GByteArray *bytes, GCancellable *cancellable, GError **error)
{
  return g_output_stream_write_all (self->stream, bytes->data, bytes->len, NULL,
                                    cancellable, error);
}

static gboolean
write_chunk (CelApngWriter *self,
             const char    *type,
             const guint8  *data,
             gsize          length,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GByteArray) chunk = g_byte_array_sized_new ((guint) length + 12);

  cel_png_append_chunk (chunk, type, data, length);
  return write_bytes (self, chunk, cancellable, error);
}

static gboolean
check_size (guint width, guint height, GError **error)
{
  if (width == 0 || height == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("Cannot write an animation of %u×%u pixels"), width, height);
      return FALSE;
    }
  if (width > G_MAXINT32 || height > G_MAXINT32
      || (guint64) width * height > CEL_APNG_MAX_PIXELS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("An animation of %u×%u pixels is too large"), width, height);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_header (CelApngWriter *self, GCancellable *cancellable, GError **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) head = g_byte_array_new ();
  guint8 ihdr[13], actl[8];

  store_be32 (ihdr, self->width);
  store_be32 (ihdr + 4, self->height);
  ihdr[8] = 8;    /* bit depth */
  ihdr[9] = 6;    /* colour type: RGBA */
  ihdr[10] = 0;   /* deflate */
  ihdr[11] = 0;   /* adaptive filtering */
  ihdr[12] = 0;   /* not interlaced */
  store_be32 (actl, self->n_frames);
  store_be32 (actl + 4, 0);   /* plays: 0 = forever */

  g_byte_array_append (head, signature, sizeof signature);
  cel_png_append_chunk (head, "IHDR", ihdr, sizeof ihdr);
  cel_png_append_chunk (head, "acTL", actl, sizeof actl);
  return write_bytes (self, head, cancellable, error);
}

static CelApngWriter *
writer_new (guint width, guint height, guint n_frames, guint16 delay_num, guint16 delay_den,
            GError **error)
{
  CelApngWriter *self;

  if (!check_size (width, height, error))
    return NULL;
  if (n_frames == 0 || n_frames > G_MAXINT32)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("An animation needs between 1 and %d frames, not %u"), G_MAXINT32, n_frames);
      return NULL;
    }
  self = g_new0 (CelApngWriter, 1);
  self->width = width;
  self->height = height;
  self->n_frames = n_frames;
  self->delay_num = delay_num;
  self->delay_den = delay_den;
  return self;
}

CelApngWriter *
cel_apng_writer_new (GOutputStream  *stream,
                     guint           width,
                     guint           height,
                     guint           n_frames,
                     guint16         delay_num,
                     guint16         delay_den,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(CelApngWriter) self = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = writer_new (width, height, n_frames, delay_num, delay_den, error);
  if (self == NULL)
    return NULL;
  self->stream = g_object_ref (stream);
  if (!write_header (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

CelApngWriter *
cel_apng_writer_new_for_path (const char     *path,
                              guint           width,
                              guint           height,
                              guint           n_frames,
                              guint16         delay_num,
                              guint16         delay_den,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(CelApngWriter) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = writer_new (width, height, n_frames, delay_num, delay_den, error);
  if (self == NULL)
    return NULL;
  self->file = g_file_new_for_path (path);

  /* A fresh name beside the destination, so that the rename is atomic. */
  for (guint attempt = 0; self->stream == NULL; attempt++)
    {
      g_autofree char *temp_path = g_strdup_printf ("%s.%08x.part", path, g_random_int ());
      g_autoptr(GError) local_error = NULL;

      g_clear_object (&self->temp);
      self->temp = g_file_new_for_path (temp_path);
      self->stream = G_OUTPUT_STREAM (g_file_create (self->temp, G_FILE_CREATE_NONE,
                                                     cancellable, &local_error));
      if (self->stream == NULL
          && (attempt >= 16 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS)))
        {
          g_clear_object (&self->temp);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (!write_header (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The smallest rectangle holding every pixel that differs from the
 * previous frame; FALSE when none does. */
static gboolean
changed_rect (CelApngWriter *self, const guint8 *rgba, gsize stride,
              guint *x0, guint *y0, guint *x1, guint *y1)
{
  gsize row_bytes = (gsize) self->width * 4;
  gboolean any = FALSE;

  *x0 = self->width;
  *x1 = 0;
  *y0 = self->height;
  *y1 = 0;
  for (guint y = 0; y < self->height; y++)
    {
      const guint8 *row = rgba + (gsize) y * stride;
      const guint8 *old = self->previous + (gsize) y * row_bytes;
      guint first = 0, last = self->width;

      if (memcmp (row, old, row_bytes) == 0)
        continue;
      while (memcmp (row + (gsize) first * 4, old + (gsize) first * 4, 4) == 0)
        first++;
      while (memcmp (row + (gsize) (last - 1) * 4, old + (gsize) (last - 1) * 4, 4) == 0)
        last--;
      *x0 = MIN (*x0, first);
      *x1 = MAX (*x1, last);
      *y0 = MIN (*y0, y);
      *y1 = y + 1;
      any = TRUE;
    }
  return any;
}

static gboolean
write_fctl (CelApngWriter *self, guint x, guint y, guint w, guint h,
            GCancellable *cancellable, GError **error)
{
  guint8 fctl[FCTL_LENGTH];

  store_be32 (fctl, self->sequence++);
  store_be32 (fctl + 4, w);
  store_be32 (fctl + 8, h);
  store_be32 (fctl + 12, x);
  store_be32 (fctl + 16, y);
  store_be16 (fctl + 20, self->delay_num);
  store_be16 (fctl + 22, self->delay_den);
  fctl[24] = APNG_DISPOSE_NONE;
  fctl[25] = APNG_BLEND_SOURCE;
  return write_chunk (self, "fcTL", fctl, sizeof fctl, cancellable, error);
}

gboolean
cel_apng_writer_add_frame (CelApngWriter  *self,
                           const guint8   *rgba,
                           gsize           stride,
                           GCancellable   *cancellable,
                           GError        **error)
{
  gsize row_bytes;
  guint x0 = 0, y0 = 0, x1, y1;
  g_autoptr(GBytes) compressed = NULL;
  const guint8 *zdata;
  gsize zlen;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rgba != NULL, FALSE);

  row_bytes = (gsize) self->width * 4;
  g_return_val_if_fail (stride >= row_bytes, FALSE);

  if (self->finished || self->written >= self->n_frames)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The animation already has its %u frames"), self->n_frames);
      return FALSE;
    }

  x1 = self->width;
  y1 = self->height;
  if (self->previous != NULL && !changed_rect (self, rgba, stride, &x0, &y0, &x1, &y1))
    {
      /* Nothing changed: one unchanged pixel keeps the frame's delay. */
      x0 = y0 = 0;
      x1 = 1;
      y1 = 1;
    }

  if (!write_fctl (self, x0, y0, x1 - x0, y1 - y0, cancellable, error))
    return FALSE;
  compressed = cel_png_deflate_rgba (rgba + (gsize) y0 * stride + (gsize) x0 * 4,
                                     x1 - x0, y1 - y0, stride, error);
  if (compressed == NULL)
    return FALSE;
  zdata = g_bytes_get_data (compressed, &zlen);
  for (gsize off = 0; off < zlen; off += APNG_DATA_CHUNK_MAX)
    {
      gsize n = MIN (APNG_DATA_CHUNK_MAX, zlen - off);

      if (self->written == 0)
        {
          if (!write_chunk (self, "IDAT", zdata + off, n, cancellable, error))
            return FALSE;
        }
      else
        {
          g_autofree guint8 *fdat = g_malloc (n + 4);

          store_be32 (fdat, self->sequence++);
          memcpy (fdat + 4, zdata + off, n);
          if (!write_chunk (self, "fdAT", fdat, n + 4, cancellable, error))
            return FALSE;
        }
    }

  if (self->previous == NULL)
    self->previous = g_malloc (row_bytes * self->height);
  for (guint y = y0; y < y1; y++)
    memcpy (self->previous + (gsize) y * row_bytes + (gsize) x0 * 4,
            rgba + (gsize) y * stride + (gsize) x0 * 4, (gsize) (x1 - x0) * 4);
  self->written++;
  return TRUE;
}

gboolean
cel_apng_writer_finish (CelApngWriter  *self,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->finished)
    return TRUE;
  if (self->written < self->n_frames)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The animation has %u of its %u frames"), self->written, self->n_frames);
      return FALSE;
    }
  if (!write_chunk (self, "IEND", NULL, 0, cancellable, error))
    return FALSE;
  if (self->temp != NULL)
    {
      if (!g_output_stream_close (self->stream, cancellable, error)
          || !g_file_move (self->temp, self->file,
                           G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                           cancellable, NULL, NULL, error))
        return FALSE;
      g_clear_object (&self->temp);
    }
  self->finished = TRUE;
  return TRUE;
}

void
cel_apng_writer_free (CelApngWriter *self)
{
  if (self == NULL)
    return;
  if (self->temp != NULL)
    {
      /* Unfinished (or failed to move into place): nothing remains. */
      if (self->stream != NULL)
        g_output_stream_close (self->stream, NULL, NULL);
      g_file_delete (self->temp, NULL, NULL);
      g_object_unref (self->temp);
    }
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_free (self->previous);
  g_free (self);
}

/* ---- Recordings --------------------------------------------------------- */

char *
cel_apng_sequence_name (guint index, guint n_frames)
{
  guint digits = 4;

  for (guint last = n_frames > 0 ? n_frames - 1 : 0; last >= 10000; last /= 10)
    digits++;
  return g_strdup_printf ("frame-%0*u.png", (int) digits, index);
}

static gboolean
check_recording (const CelApngRecording *recording, GError **error)
{
  if (recording->scale == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The image scale must be at least 1"));
      return FALSE;
    }
  if (recording->n_frames == 0 || recording->n_frames > G_MAXINT32)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A recording needs between 1 and %d frames, not %u"),
                   G_MAXINT32, recording->n_frames);
      return FALSE;
    }
  if (recording->steps_per_frame == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A recording needs at least one step per frame"));
      return FALSE;
    }
  if (!recording->sequence
      && (recording->frames_per_second == 0 || recording->frames_per_second > 1000))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The frame rate must be between 1 and 1000 frames per second, not %u"),
                   recording->frames_per_second);
      return FALSE;
    }
  return TRUE;
}

static CelFrame *
render (CelModel *model, guint field, GError **error)
{
  CelFrame *frame;

  if (field >= cel_model_get_n_fields (model))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("This model has no field %u to record"), field);
      return NULL;
    }
  frame = cel_model_render_field (model, field, NULL);
  if (frame == NULL || frame->width == 0 || frame->height == 0)
    {
      g_clear_pointer (&frame, cel_frame_unref);
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The field to record is empty"));
    }
  return frame;
}

/* Steps to the next frame; FALSE with error when cancelled or failed. */
static gboolean
advance (CelModel *model, guint64 steps, GCancellable *cancellable, GError **error)
{
  GError *local_error = NULL;
  guint64 done = cel_model_step (model, steps, cancellable, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (done < steps)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                     _("The model stopped after %llu of %llu steps"),
                     (unsigned long long) done, (unsigned long long) steps);
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_frames (CelModel               *model,
               const CelApngRecording *recording,
               const char             *path,
               GPtrArray              *written,
               CelProgressFunc         progress,
               gpointer                progress_data,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(CelApngWriter) writer = NULL;
  guint width = 0, height = 0;

  for (guint i = 0; i < recording->n_frames; i++)
    {
      g_autoptr(CelFrame) frame = NULL;
      g_autofree guint8 *rgba = NULL;
      guint64 pw, ph;

      if (i > 0 && !advance (model, recording->steps_per_frame, cancellable, error))
        return FALSE;
      frame = render (model, recording->field, error);
      if (frame == NULL)
        return FALSE;
      pw = (guint64) frame->width * recording->scale;
      ph = (guint64) frame->height * recording->scale;
      if (i == 0)
        {
          if (pw > G_MAXINT32 || ph > G_MAXINT32 || pw * ph > CEL_APNG_MAX_PIXELS)
            {
              g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                           _("An image of %u×%u cells at scale %u is too large"),
                           frame->width, frame->height, recording->scale);
              return FALSE;
            }
          width = (guint) pw;
          height = (guint) ph;
          if (!recording->sequence)
            {
              writer = cel_apng_writer_new_for_path (path, width, height, recording->n_frames,
                                                     1, (guint16) recording->frames_per_second,
                                                     cancellable, error);
              if (writer == NULL)
                return FALSE;
            }
        }
      else if (pw != width || ph != height)
        {
          g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                       _("The field changed size during the recording"));
          return FALSE;
        }

      rgba = cel_frame_to_rgba (frame, recording->colormap, recording->scale);
      if (recording->sequence)
        {
          g_autofree char *name = cel_apng_sequence_name (i, recording->n_frames);
          char *file = g_build_filename (path, name, NULL);

          if (!cel_png_write_rgba (file, rgba, width, height, (gsize) width * 4, error))
            {
              g_free (file);
              return FALSE;
            }
          g_ptr_array_add (written, file);
        }
      else if (!cel_apng_writer_add_frame (writer, rgba, (gsize) width * 4, cancellable, error))
        return FALSE;

      if (progress)
        progress ((double) (i + 1) / recording->n_frames, progress_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return writer == NULL || cel_apng_writer_finish (writer, cancellable, error);
}

gboolean
cel_apng_record (CelModel               *model,
                 const CelApngRecording *recording,
                 const char             *path,
                 CelProgressFunc         progress,
                 gpointer                progress_data,
                 GCancellable           *cancellable,
                 GError                **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CEL_IS_MODEL (model), FALSE);
  g_return_val_if_fail (recording != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_recording (recording, error))
    return FALSE;
  if (record_frames (model, recording, path, written, progress, progress_data,
                     cancellable, error))
    return TRUE;
  /* The files of a sequence cut short go; an APNG's temporary file went
   * with its writer. */
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));
  return FALSE;
}
