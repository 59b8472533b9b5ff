/* cel-nca-target.c — target images for the neural cellular automaton: PNG
 * files through Cairo's reader, emoji through Pango with the Noto Color
 * Emoji font, both scaled into the grid by Cairo. */
#include "cel-nca-target.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "cel-error.h"
#include "cel-i18n.h"

#define EMOJI_FONT "Noto Color Emoji"
/* Pixels per em the emoji is drawn at before it is scaled into the grid:
 * Noto Color Emoji's bitmaps are 136 pixels per em, so this keeps their
 * detail. */
#define EMOJI_PIXEL_SIZE 136
/* Longest emoji text, in bytes (several emoji in a sequence fit). */
#define EMOJI_MAX_BYTES 256

static gboolean
check_size (guint    width,
            guint    height,
            guint    padding,
            GError **error)
{
  if (width == 0 || height == 0 || width > CEL_NCA_TARGET_MAX_SIZE || height > CEL_NCA_TARGET_MAX_SIZE)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The target must be between 1 and %u cells wide and high, not %u × %u"),
                   CEL_NCA_TARGET_MAX_SIZE, width, height);
      return FALSE;
    }
  if ((guint64) padding * 2 >= width || (guint64) padding * 2 >= height)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("A padding of %u cells leaves no room for the image in a %u × %u grid"),
                   padding, width, height);
      return FALSE;
    }
  return TRUE;
}

/* Draws the rectangle (src_x, src_y, src_w, src_h) of source into a
 * width × height grid, scaled to fit inside the padding and centred, and
 * returns the grid as premultiplied RGBA floats. */
static float *
target_from_surface (cairo_surface_t *source,
                     double           src_x,
                     double           src_y,
                     double           src_w,
                     double           src_h,
                     guint            width,
                     guint            height,
                     guint            padding,
                     GError         **error)
{
  double avail_w = width - 2.0 * padding;
  double avail_h = height - 2.0 * padding;
  double scale = MIN (avail_w / src_w, avail_h / src_h);
  double dest_w = src_w * scale;
  double dest_h = src_h * scale;
  double dest_x = (width - dest_w) / 2.0;
  double dest_y = (height - dest_h) / 2.0;
  cairo_surface_t *dest;
  cairo_pattern_t *pattern;
  cairo_t *cr;
  const guint8 *data;
  int stride;
  float *rgba;

  dest = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  if (cairo_surface_status (dest) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("Cannot make a %u × %u target image: %s"),
                   width, height, cairo_status_to_string (cairo_surface_status (dest)));
      cairo_surface_destroy (dest);
      return NULL;
    }

  cr = cairo_create (dest);
  cairo_rectangle (cr, dest_x, dest_y, dest_w, dest_h);
  cairo_clip (cr);
  cairo_translate (cr, dest_x, dest_y);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, source, -src_x, -src_y);
  pattern = cairo_get_source (cr);
  /* GOOD averages over the covered source pixels when shrinking (Cairo
   * ≥ 1.14) and interpolates when enlarging; PAD keeps the picture's own
   * edge colours at the border of the rectangle instead of fading them. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_GOOD);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (dest);

  data = cairo_image_surface_get_data (dest);
  stride = cairo_image_surface_get_stride (dest);
  rgba = g_new (float, (gsize) width * height * 4);
  for (guint y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (guint x = 0; x < width; x++)
        {
          /* ARGB32: native-endian words, already premultiplied. */
          guint32 pixel = row[x];
          float *out = rgba + ((gsize) y * width + x) * 4;

          out[0] = ((pixel >> 16) & 0xff) / 255.0f;
          out[1] = ((pixel >> 8) & 0xff) / 255.0f;
          out[2] = (pixel & 0xff) / 255.0f;
          out[3] = (pixel >> 24) / 255.0f;
        }
    }
  cairo_surface_destroy (dest);
  return rgba;
}

/* Checks the PNG signature and the size in the IHDR chunk before Cairo
 * allocates anything, so that other files and absurd sizes get a clear
 * message. */
static gboolean
check_png_header (const char  *path,
                  GError     **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *display = g_filename_display_name (path);
  guint8 header[24];
  guint32 png_width, png_height;
  size_t got;
  FILE *file;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot open “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  got = fread (header, 1, sizeof header, file);
  fclose (file);

  if (got < sizeof header || memcmp (header, signature, sizeof signature) != 0
      || memcmp (header + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("“%s” is not a PNG image"), display);
      return FALSE;
    }

  png_width = (guint32) header[16] << 24 | (guint32) header[17] << 16 | (guint32) header[18] << 8 | header[19];
  png_height = (guint32) header[20] << 24 | (guint32) header[21] << 16 | (guint32) header[22] << 8 | header[23];
  if (png_width == 0 || png_height == 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("“%s” is an empty image"), display);
      return FALSE;
    }
  if (png_width > CEL_NCA_TARGET_MAX_PNG_SIZE || png_height > CEL_NCA_TARGET_MAX_PNG_SIZE)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("“%s” is too large (%u × %u pixels; at most %u on a side)"),
                   display, png_width, png_height, CEL_NCA_TARGET_MAX_PNG_SIZE);
      return FALSE;
    }
  return TRUE;
}

float *
cel_nca_target_from_png (const char  *path,
                         guint        width,
                         guint        height,
                         guint        padding,
                         GError     **error)
{
  cairo_surface_t *image;
  cairo_status_t status;
  float *rgba;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size (width, height, padding, error) || !check_png_header (path, error))
    return NULL;

  image = cairo_image_surface_create_from_png (path);
  status = cairo_surface_status (image);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, CEL_ERROR, CEL_ERROR_PARSE,
                   _("Cannot read the PNG image “%s”: %s"),
                   display, cairo_status_to_string (status));
      cairo_surface_destroy (image);
      return NULL;
    }

  rgba = target_from_surface (image, 0, 0,
                              cairo_image_surface_get_width (image),
                              cairo_image_surface_get_height (image),
                              width, height, padding, error);
  cairo_surface_destroy (image);
  return rgba;
}

static gboolean
font_map_has_family (PangoFontMap *map,
                     const char   *name)
{
  g_autofree PangoFontFamily **families = NULL;
  int n_families = 0;

  pango_font_map_list_families (map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    if (g_ascii_strcasecmp (pango_font_family_get_name (families[i]), name) == 0)
      return TRUE;
  return FALSE;
}

/* The smallest rectangle holding every pixel that is not fully
 * transparent; FALSE when there is none. */
static gboolean
surface_alpha_bounds (cairo_surface_t *surface,
                      int             *bounds_x,
                      int             *bounds_y,
                      int             *bounds_width,
                      int             *bounds_height)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int min_x = width, min_y = height, max_x = -1, max_y = -1;

  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0)
          {
            min_x = MIN (min_x, x);
            max_x = MAX (max_x, x);
            min_y = MIN (min_y, y);
            max_y = MAX (max_y, y);
          }
    }
  if (max_x < 0)
    return FALSE;
  *bounds_x = min_x;
  *bounds_y = min_y;
  *bounds_width = max_x - min_x + 1;
  *bounds_height = max_y - min_y + 1;
  return TRUE;
}

/* Draws the layout and finds the rectangle its pixels cover (Pango's ink
 * extents of a bitmap emoji are its whole cell); NULL with an error when it
 * draws nothing. */
static cairo_surface_t *
render_layout (PangoLayout  *layout,
               const char   *text,
               int          *bounds_x,
               int          *bounds_y,
               int          *bounds_width,
               int          *bounds_height,
               GError      **error)
{
  cairo_surface_t *surface;
  PangoRectangle ink;
  cairo_t *cr;

  pango_layout_get_pixel_extents (layout, &ink, NULL);
  if (ink.width <= 0 || ink.height <= 0)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("“%s” draws nothing"), text);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ink.width, ink.height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("Cannot draw “%s”: %s"), text,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  /* Glyphs without colour of their own (text that is not emoji) draw black. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, -ink.x, -ink.y);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (!surface_alpha_bounds (surface, bounds_x, bounds_y, bounds_width, bounds_height))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("“%s” draws nothing"), text);
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

float *
cel_nca_target_from_emoji (const char  *text,
                           guint        width,
                           guint        height,
                           guint        padding,
                           GError     **error)
{
  PangoFontDescription *font;
  cairo_surface_t *surface;
  PangoFontMap *map;
  PangoContext *context;
  PangoLayout *layout;
  int x, y, w, h;
  float *rgba;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_size (width, height, padding, error))
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_INVALID_PARAM,
                   _("The emoji text is not valid UTF-8"));
      return NULL;
    }
  if (strlen (text) > EMOJI_MAX_BYTES)
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_TOO_LARGE,
                   _("The emoji text is too long (at most %u bytes)"), EMOJI_MAX_BYTES);
      return NULL;
    }

  /* A font map of our own: this runs in worker threads. */
  map = pango_cairo_font_map_new ();
  if (!font_map_has_family (map, EMOJI_FONT))
    {
      g_set_error (error, CEL_ERROR, CEL_ERROR_UNSUPPORTED,
                   _("The font “%s” is not installed (Debian package fonts-noto-color-emoji)"),
                   EMOJI_FONT);
      g_object_unref (map);
      return NULL;
    }

  context = pango_font_map_create_context (map);
  layout = pango_layout_new (context);
  font = pango_font_description_new ();
  pango_font_description_set_family (font, EMOJI_FONT);
  pango_font_description_set_absolute_size (font, EMOJI_PIXEL_SIZE * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);

  surface = render_layout (layout, text, &x, &y, &w, &h, error);
  g_object_unref (layout);
  g_object_unref (context);
  g_object_unref (map);
  if (surface == NULL)
    return NULL;

  rgba = target_from_surface (surface, x, y, w, h, width, height, padding, error);
  cairo_surface_destroy (surface);
  return rgba;
}
