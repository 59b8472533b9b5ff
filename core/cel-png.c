/* cel-png.c — PNG writing (zlib through GIO's GZlibCompressor, CRC-32 of
 * our own), frame colouring and colormaps.
 *
 * The colormaps are 256-entry tables interpolated linearly in sRGB between
 * evenly spaced control points: viridis and magma at the ten stops that
 * the viridis family publishes for ten colours, twilight at seventeen
 * samples of matplotlib's table, greys a straight ramp from black to
 * white.
 */
#include "cel-png.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "cel-error.h"
#include "cel-i18n.h"

#define PNG_IDAT_CHUNK_MAX ((gsize) 1 << 20)

/* ---- Colormaps --------------------------------------------------------- */

typedef struct {
  const char   *name;
  const guint8 *stops;    /* n_stops RGB triplets, evenly spaced over [0, 1] */
  guint         n_stops;
} ColormapDef;

static const guint8 viridis_stops[] = {
  0x44, 0x01, 0x54,  0x48, 0x28, 0x78,  0x3e, 0x4a, 0x89,  0x31, 0x68, 0x8e,
  0x26, 0x82, 0x8e,  0x1f, 0x9e, 0x89,  0x35, 0xb7, 0x79,  0x6d, 0xcd, 0x59,
  0xb4, 0xde, 0x2c,  0xfd, 0xe7, 0x25,
};

static const guint8 magma_stops[] = {
  0x00, 0x00, 0x04,  0x18, 0x0f, 0x3e,  0x45, 0x10, 0x77,  0x72, 0x1f, 0x81,
  0x9f, 0x2f, 0x7f,  0xcd, 0x40, 0x71,  0xf1, 0x60, 0x5d,  0xfd, 0x95, 0x67,
  0xfe, 0xc9, 0x8d,  0xfc, 0xfd, 0xbf,
};

static const guint8 greys_stops[] = {
  0x00, 0x00, 0x00,  0xff, 0xff, 0xff,
};

/* Cyclic: the last stop equals the first. */
static const guint8 twilight_stops[] = {
  226, 217, 226,  194, 206, 212,  147, 180, 198,  113, 150, 193,
   98, 118, 186,   94,  81, 173,   89,  42, 143,   69,  19,  92,
   47,  20,  54,   73,  19,  65,  114,  29,  79,  151,  52,  80,
  177,  85,  82,  194, 123,  98,  204, 161, 134,  216, 197, 187,
  226, 217, 226,
};

static const ColormapDef colormaps[] = {
  { "viridis",  viridis_stops,  G_N_ELEMENTS (viridis_stops) / 3 },
  { "magma",    magma_stops,    G_N_ELEMENTS (magma_stops) / 3 },
  { "greys",    greys_stops,    G_N_ELEMENTS (greys_stops) / 3 },
  { "twilight", twilight_stops, G_N_ELEMENTS (twilight_stops) / 3 },
};

static const char *const colormap_names[] = {
  "viridis", "magma", "greys", "twilight", NULL,
};

static guint8 colormap_luts[G_N_ELEMENTS (colormaps)][256 * 3];

static void
build_lut (const ColormapDef *def, guint8 *lut)
{
  for (guint i = 0; i < 256; i++)
    {
      double t = (double) i / 255.0 * (def->n_stops - 1);
      guint k = MIN ((guint) t, def->n_stops - 2);
      double f = t - k;
      const guint8 *a = def->stops + 3 * k;
      const guint8 *b = a + 3;

      for (guint c = 0; c < 3; c++)
        lut[3 * i + c] = (guint8) lround (a[c] + (b[c] - a[c]) * f);
    }
}

const char *const *
cel_colormap_list (void)
{
  return colormap_names;
}

const guint8 *
cel_colormap_lut (const char *name)
{
  static gsize built = 0;
  guint index = 0;

  if (g_once_init_enter (&built))
    {
      for (guint i = 0; i < G_N_ELEMENTS (colormaps); i++)
        build_lut (&colormaps[i], colormap_luts[i]);
      g_once_init_leave (&built, 1);
    }

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (colormaps); i++)
    if (g_strcmp0 (name, colormaps[i].name) == 0)
      index = i;
  return colormap_luts[index];
}

/* ---- Frame colouring --------------------------------------------------- */

static const guint8 state_background[3] = { 0x12, 0x14, 0x1c };
static const guint8 state_alive[3]      = { 0xf4, 0xf1, 0xde };
/* Generations: the first dying state, then fading towards the last. */
static const guint8 state_dying_first[3] = { 0xf2, 0x9e, 0x3c };
static const guint8 state_dying_last[3]  = { 0x4a, 0x1e, 0x5c };

static void
state_color (guint state, guint n_states, guint8 rgba[4])
{
  const guint8 *c;

  rgba[3] = 0xff;
  if (state == 0)
    c = state_background;
  else if (state == 1)
    c = state_alive;
  else
    {
      guint last = MAX (n_states, state + 1) - 1;
      double t = last > 2 ? (double) (state - 2) / (last - 2) : 0.0;

      for (guint i = 0; i < 3; i++)
        rgba[i] = (guint8) lround (state_dying_first[i]
                                   + (state_dying_last[i] - state_dying_first[i]) * t);
      return;
    }
  memcpy (rgba, c, 3);
}

static void
scalar_color (float v, float vmin, float vmax, const guint8 *lut, guint8 rgba[4])
{
  double t;
  guint index;

  rgba[3] = 0xff;
  if (isnan (v))
    {
      memcpy (rgba, state_background, 3);
      return;
    }
  t = vmax > vmin ? ((double) v - vmin) / ((double) vmax - vmin) : 0.0;
  t = CLAMP (t, 0.0, 1.0);
  index = (guint) lround (t * 255.0);
  memcpy (rgba, lut + 3 * index, 3);
}

static void
rgba_over_background (const guint8 *src, guint8 rgba[4])
{
  guint a = src[3];

  for (guint i = 0; i < 3; i++)
    rgba[i] = (guint8) ((src[i] * a + state_background[i] * (255 - a) + 127) / 255);
  rgba[3] = 0xff;
}

/* Pixel size of the coloured frame; FALSE when it cannot be represented
 * (PNG allows at most 2^31 - 1 pixels a side). */
static gboolean
rgba_geometry (const CelFrame *frame, guint scale, gsize *stride, gsize *size)
{
  guint64 pw = (guint64) frame->width * scale;
  guint64 ph = (guint64) frame->height * scale;

  if (pw == 0 || ph == 0 || pw > G_MAXINT32 || ph > G_MAXINT32)
    return FALSE;
  return g_size_checked_mul (stride, (gsize) pw, 4)
         && g_size_checked_mul (size, *stride, (gsize) ph);
}

/* NULL for a frame without cells. */
guint8 *
cel_frame_to_rgba (const CelFrame *frame,
                   const char     *colormap,
                   guint           scale)
{
  const guint8 *lut;
  guint8 *out;
  gsize out_stride, size;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  if (frame->width == 0 || frame->height == 0)
    return NULL;
  g_return_val_if_fail (rgba_geometry (frame, scale, &out_stride, &size), NULL);

  lut = cel_colormap_lut (colormap);
  out = g_malloc (size);

  for (guint y = 0; y < frame->height; y++)
    {
      const guint8 *src = frame->data + (gsize) y * frame->stride;
      guint8 *dst = out + (gsize) y * scale * out_stride;

      for (guint x = 0; x < frame->width; x++)
        {
          guint8 rgba[4];

          switch (frame->format)
            {
            case CEL_FIELD_STATES:
              state_color (src[x], frame->n_states, rgba);
              break;
            case CEL_FIELD_SCALAR:
              {
                float v;

                memcpy (&v, src + (gsize) x * sizeof v, sizeof v);
                scalar_color (v, frame->vmin, frame->vmax, lut, rgba);
              }
              break;
            case CEL_FIELD_RGBA:
            default:
              rgba_over_background (src + (gsize) x * 4, rgba);
              break;
            }
          for (guint s = 0; s < scale; s++)
            memcpy (dst + ((gsize) x * scale + s) * 4, rgba, 4);
        }
      for (guint s = 1; s < scale; s++)
        memcpy (dst + s * out_stride, dst, out_stride);
    }
  return out;
}

gboolean
cel_frame_write_png (const CelFrame  *frame,
                     const char      *colormap,
                     guint            scale,
                     const char      *path,
                     GError         **error)
{
  g_autofree guint8 *rgba = NULL;
  gsize stride, size;

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (scale == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The image scale must be at least 1"));
      return FALSE;
    }
  if (frame->width == 0 || frame->height == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("Cannot write an image of an empty %u×%u field"),
                   frame->width, frame->height);
      return FALSE;
    }
  if (!rgba_geometry (frame, scale, &stride, &size))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("An image of %u×%u cells at scale %u is too large"),
                   frame->width, frame->height, scale);
      return FALSE;
    }

  rgba = cel_frame_to_rgba (frame, colormap, scale);
  return cel_png_write_rgba (path, rgba, frame->width * scale,
                             frame->height * scale, stride, error);
}

/* ---- PNG --------------------------------------------------------------- */

/* CRC-32 as PNG defines it (ISO 3309, reflected polynomial 0xedb88320). */
guint32
cel_png_crc32 (guint32 crc, const guint8 *data, gsize length)
{
  static guint32 table[256];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      g_once_init_leave (&ready, 1);
    }

  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void
store_be32 (guint8 *p, guint32 v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static void
append_be32 (GByteArray *out, guint32 v)
{
  guint8 b[4];

  store_be32 (b, v);
  g_byte_array_append (out, b, 4);
}

void
cel_png_append_chunk (GByteArray *out, const char *type, const guint8 *data, gsize length)
{
  guint32 crc;

  append_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    g_byte_array_append (out, data, (guint) length);
  crc = cel_png_crc32 (0, (const guint8 *) type, 4);
  crc = cel_png_crc32 (crc, data, length);
  append_be32 (out, crc);
}

/* Filters one row for the PNG: None, Sub or Up, whichever gives the
 * smallest sum of absolute signed bytes (the heuristic the PNG
 * specification recommends). scratch holds the three candidates, each a
 * filter type byte and row_bytes bytes; returns the chosen one. */
static const guint8 *
filter_row (const guint8 *row,
            const guint8 *prev,
            gsize         row_bytes,
            guint8       *scratch)
{
  guint8 *cand[3];
  guint64 cost[3] = { 0, 0, 0 };
  guint best = 0;

  for (guint f = 0; f < 3; f++)
    {
      cand[f] = scratch + f * (row_bytes + 1);
      cand[f][0] = (guint8) f;
    }
  for (gsize i = 0; i < row_bytes; i++)
    {
      guint8 left = i >= 4 ? row[i - 4] : 0;
      guint8 up = prev != NULL ? prev[i] : 0;
      guint8 v[3] = { row[i], (guint8) (row[i] - left), (guint8) (row[i] - up) };

      for (guint f = 0; f < 3; f++)
        {
          cand[f][i + 1] = v[f];
          cost[f] += (guint) ABS ((gint8) v[f]);
        }
    }
  for (guint f = 1; f < 3; f++)
    if (cost[f] < cost[best])
      best = f;
  return cand[best];
}

GBytes *
cel_png_deflate_rgba (const guint8  *rgba,
                      guint          width,
                      guint          height,
                      gsize          stride,
                      GError       **error)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) zstream = NULL;
  g_autofree guint8 *scratch = NULL;
  gsize row_bytes = (gsize) width * 4;

  g_return_val_if_fail (rgba != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= row_bytes, NULL);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  memory = g_memory_output_stream_new_resizable ();
  zstream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  scratch = g_malloc (3 * (row_bytes + 1));
  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = rgba + (gsize) y * stride;
      const guint8 *prev = y > 0 ? row - stride : NULL;
      const guint8 *filtered = filter_row (row, prev, row_bytes, scratch);

      if (!g_output_stream_write_all (zstream, filtered, row_bytes + 1, NULL, NULL, error))
        return NULL;
    }
  if (!g_output_stream_close (zstream, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

gboolean
cel_png_write_rgba (const char    *path,
                    const guint8  *rgba,
                    guint          width,
                    guint          height,
                    gsize          stride,
                    GError       **error)
{
  g_autoptr(GBytes) compressed = NULL;
  g_autoptr(GByteArray) png = NULL;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13];
  gsize zlen;
  const guint8 *zdata;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (rgba != NULL, FALSE);

  if (width == 0 || height == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("Cannot write a PNG image of %u×%u pixels"), width, height);
      return FALSE;
    }
  if (width > G_MAXINT32 || height > G_MAXINT32)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("A PNG image of %u×%u pixels is too large"), width, height);
      return FALSE;
    }
  g_return_val_if_fail (stride >= (gsize) width * 4, FALSE);

  compressed = cel_png_deflate_rgba (rgba, width, height, stride, error);
  if (compressed == NULL)
    return FALSE;
  zdata = g_bytes_get_data (compressed, &zlen);

  store_be32 (ihdr, width);
  store_be32 (ihdr + 4, height);
  ihdr[8] = 8;    /* bit depth */
  ihdr[9] = 6;    /* colour type: RGBA */
  ihdr[10] = 0;   /* deflate */
  ihdr[11] = 0;   /* adaptive filtering */
  ihdr[12] = 0;   /* not interlaced */

  png = g_byte_array_new ();
  g_byte_array_append (png, signature, sizeof signature);
  cel_png_append_chunk (png, "IHDR", ihdr, sizeof ihdr);
  for (gsize off = 0; off < zlen; off += PNG_IDAT_CHUNK_MAX)
    cel_png_append_chunk (png, "IDAT", zdata + off, MIN (PNG_IDAT_CHUNK_MAX, zlen - off));
  cel_png_append_chunk (png, "IEND", NULL, 0);

  return g_file_set_contents (path, (const char *) png->data, png->len, error);
}
