/* cel-canvas-gl.c — textures, programs and the draw call of the canvas.
 */
#include "cel-canvas-gl.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cel-error.h"
#include "cel-png.h"

#define N_FORMATS 3

typedef struct {
  GLint field, lut, thresholds, max_index;
  GLint origin, cell, bias, fb_height;
  GLint grid_start, grid_end, frame_size;
  GLint background, outside;
} Uniforms;

struct _CelCanvasGl
{
  GLuint     programs[N_FORMATS];  /* indexed by CelFieldFormat */
  Uniforms   uniforms[N_FORMATS];
  GLuint     vao;
  GLuint     field_texture;
  GLuint     lut_texture;
  GLuint     threshold_texture;
  guint      max_texture_size;

  /* What field_texture holds: the frame's first tex_width × tex_height
   * cells (less than the frame only past the texture size limit). */
  CelFrame  *uploaded;
  guint      tex_width, tex_height;

  /* What lut_texture and threshold_texture were made for. */
  gboolean        lut_valid;
  CelFieldFormat  lut_format;
  guint           lut_n_states;
  char           *lut_colormap;
  gboolean        thresholds_valid;
  float           thresholds_vmin, thresholds_vmax;
  guint           max_index;
};

static void
texture_formats (CelFieldFormat format, GLint *internal, GLenum *pixel_format, GLenum *type)
{
  switch (format)
    {
    case CEL_FIELD_SCALAR:
      *internal = GL_R32F, *pixel_format = GL_RED, *type = GL_FLOAT;
      break;
    case CEL_FIELD_RGBA:
      *internal = GL_RGBA8UI, *pixel_format = GL_RGBA_INTEGER, *type = GL_UNSIGNED_BYTE;
      break;
    case CEL_FIELD_STATES:
    default:
      *internal = GL_R8UI, *pixel_format = GL_RED_INTEGER, *type = GL_UNSIGNED_BYTE;
      break;
    }
}

static GLuint
new_texture (void)
{
  GLuint texture;

  glGenTextures (1, &texture);
  glBindTexture (GL_TEXTURE_2D, texture);
  /* Integer textures are only complete with nearest filtering. */
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
  return texture;
}

static GLuint
compile_shader (GLenum       kind,
                const char  *header,
                const char  *body,
                GError     **error)
{
  GLuint shader = glCreateShader (kind);
  const char *sources[2] = { header, body };
  GLint ok = GL_FALSE;

  glShaderSource (shader, 2, sources, NULL);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      GLint length = 0;
      g_autofree char *log = NULL;

      glGetShaderiv (shader, GL_INFO_LOG_LENGTH, &length);
      log = g_malloc0 (MAX (length, 1));
      glGetShaderInfoLog (shader, MAX (length, 1), NULL, log);
      if (kind == GL_VERTEX_SHADER)
        g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                     _("The canvas vertex shader does not compile: %s"), log);
      else
        g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                     _("The canvas fragment shader does not compile: %s"), log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static GLuint
link_program (const char  *header,
              const char  *vertex_source,
              const char  *fragment_source,
              GError     **error)
{
  GLuint vertex, fragment, program;
  GLint ok = GL_FALSE;

  vertex = compile_shader (GL_VERTEX_SHADER, header, vertex_source, error);
  if (vertex == 0)
    return 0;
  fragment = compile_shader (GL_FRAGMENT_SHADER, header, fragment_source, error);
  if (fragment == 0)
    {
      glDeleteShader (vertex);
      return 0;
    }

  program = glCreateProgram ();
  glAttachShader (program, vertex);
  glAttachShader (program, fragment);
  glLinkProgram (program);
  glDetachShader (program, vertex);
  glDetachShader (program, fragment);
  glDeleteShader (vertex);
  glDeleteShader (fragment);
  glGetProgramiv (program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      GLint length = 0;
      g_autofree char *log = NULL;

      glGetProgramiv (program, GL_INFO_LOG_LENGTH, &length);
      log = g_malloc0 (MAX (length, 1));
      glGetProgramInfoLog (program, MAX (length, 1), NULL, log);
      g_set_error (error, CEL_ERROR, CEL_ERROR_FAILED,
                   _("The canvas shaders do not link: %s"), log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}

static void
lookup_uniforms (GLuint program, Uniforms *u)
{
  u->field = glGetUniformLocation (program, "u_field");
  u->lut = glGetUniformLocation (program, "u_lut");
  u->thresholds = glGetUniformLocation (program, "u_thresholds");
  u->max_index = glGetUniformLocation (program, "u_max_index");
  u->origin = glGetUniformLocation (program, "u_origin");
  u->cell = glGetUniformLocation (program, "u_cell");
  u->bias = glGetUniformLocation (program, "u_bias");
  u->fb_height = glGetUniformLocation (program, "u_fb_height");
  u->grid_start = glGetUniformLocation (program, "u_grid_start");
  u->grid_end = glGetUniformLocation (program, "u_grid_end");
  u->frame_size = glGetUniformLocation (program, "u_frame_size");
  u->background = glGetUniformLocation (program, "u_background");
  u->outside = glGetUniformLocation (program, "u_outside");
}

CelCanvasGl *
cel_canvas_gl_new (const char  *vertex_source,
                   const char  *fragment_source,
                   gboolean     use_es,
                   GError     **error)
{
  CelCanvasGl *self;
  GLint max_size = 0;

  g_return_val_if_fail (vertex_source != NULL, NULL);
  g_return_val_if_fail (fragment_source != NULL, NULL);

  self = g_new0 (CelCanvasGl, 1);
  for (guint f = 0; f < N_FORMATS; f++)
    {
      g_autofree char *header = NULL;

      if (use_es)
        header = g_strdup_printf ("#version 300 es\n"
                                  "precision highp float;\n"
                                  "precision highp int;\n"
                                  "precision highp sampler2D;\n"
                                  "precision highp usampler2D;\n"
                                  "#define CEL_FORMAT %u\n", f);
      else
        header = g_strdup_printf ("#version 150\n"
                                  "#define CEL_FORMAT %u\n", f);
      self->programs[f] = link_program (header, vertex_source, fragment_source, error);
      if (self->programs[f] == 0)
        {
          cel_canvas_gl_free (self);
          return NULL;
        }
      lookup_uniforms (self->programs[f], &self->uniforms[f]);
    }

  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &max_size);
  self->max_texture_size = (guint) MAX (max_size, 64);
  glGenVertexArrays (1, &self->vao);
  self->field_texture = new_texture ();
  self->lut_texture = new_texture ();
  self->threshold_texture = new_texture ();
  glBindTexture (GL_TEXTURE_2D, 0);
  return self;
}

void
cel_canvas_gl_free (CelCanvasGl *self)
{
  if (self == NULL)
    return;
  for (guint f = 0; f < N_FORMATS; f++)
    if (self->programs[f])
      glDeleteProgram (self->programs[f]);
  if (self->vao)
    glDeleteVertexArrays (1, &self->vao);
  if (self->field_texture)
    glDeleteTextures (1, &self->field_texture);
  if (self->lut_texture)
    glDeleteTextures (1, &self->lut_texture);
  if (self->threshold_texture)
    glDeleteTextures (1, &self->threshold_texture);
  g_clear_pointer (&self->uploaded, cel_frame_unref);
  g_free (self->lut_colormap);
  g_free (self);
}

guint
cel_canvas_gl_get_max_texture_size (CelCanvasGl *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_texture_size;
}

static void
upload_rows (const CelFrame *frame, guint width, guint first, guint n_rows, gboolean allocate)
{
  GLint internal;
  GLenum pixel_format, type;
  gsize bpc = cel_frame_bytes_per_cell (frame->format);
  const guint8 *data = frame->data + (gsize) first * frame->stride;

  texture_formats (frame->format, &internal, &pixel_format, &type);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, (GLint) (frame->stride / bpc));
  if (allocate)
    glTexImage2D (GL_TEXTURE_2D, 0, internal, (GLsizei) width, (GLsizei) n_rows, 0,
                  pixel_format, type, data);
  else
    glTexSubImage2D (GL_TEXTURE_2D, 0, 0, (GLint) first, (GLsizei) width, (GLsizei) n_rows,
                     pixel_format, type, data);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
}

/* Brings field_texture up to date with frame: the whole texture when the
 * geometry or format changed, otherwise the band of rows that differ from
 * the frame uploaded last. */
static void
upload_field (CelCanvasGl *self, CelFrame *frame)
{
  const CelFrame *old = self->uploaded;
  guint width = MIN (frame->width, self->max_texture_size);
  guint height = MIN (frame->height, self->max_texture_size);
  gsize row_bytes = (gsize) width * cel_frame_bytes_per_cell (frame->format);

  if (frame == old)
    return;

  glBindTexture (GL_TEXTURE_2D, self->field_texture);
  if (old == NULL || old->format != frame->format
      || old->width != frame->width || old->height != frame->height
      || old->x != frame->x || old->y != frame->y)
    upload_rows (frame, width, 0, height, TRUE);
  else
    {
      guint first = 0, last = height;

      while (first < height
             && memcmp (old->data + (gsize) first * old->stride,
                        frame->data + (gsize) first * frame->stride, row_bytes) == 0)
        first++;
      while (last > first
             && memcmp (old->data + (gsize) (last - 1) * old->stride,
                        frame->data + (gsize) (last - 1) * frame->stride, row_bytes) == 0)
        last--;
      if (last > first)
        upload_rows (frame, width, first, last - first, FALSE);
    }

  g_clear_pointer (&self->uploaded, cel_frame_unref);
  self->uploaded = cel_frame_ref (frame);
  self->tex_width = width;
  self->tex_height = height;
}

static void
update_lookup (CelCanvasGl *self, const CelFrame *frame, const char *colormap)
{
  guint8 lut[256 * 4];

  if (frame->format == CEL_FIELD_RGBA)
    return;
  if (self->lut_valid && self->lut_format == frame->format
      && (frame->format == CEL_FIELD_STATES
          ? self->lut_n_states == frame->n_states
          : g_strcmp0 (self->lut_colormap, colormap) == 0))
    return;

  if (frame->format == CEL_FIELD_STATES)
    cel_canvas_state_palette (frame->n_states, lut);
  else
    {
      const guint8 *rgb = cel_colormap_lut (colormap);

      for (guint i = 0; i < 256; i++)
        {
          memcpy (lut + 4 * i, rgb + 3 * i, 3);
          lut[4 * i + 3] = 0xff;
        }
    }
  glBindTexture (GL_TEXTURE_2D, self->lut_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, lut);

  self->lut_valid = TRUE;
  self->lut_format = frame->format;
  self->lut_n_states = frame->n_states;
  g_free (self->lut_colormap);
  self->lut_colormap = g_strdup (colormap);
}

static void
update_thresholds (CelCanvasGl *self, const CelFrame *frame)
{
  float thresholds[256];

  if (frame->format != CEL_FIELD_SCALAR)
    return;
  if (self->thresholds_valid
      && memcmp (&self->thresholds_vmin, &frame->vmin, sizeof (float)) == 0
      && memcmp (&self->thresholds_vmax, &frame->vmax, sizeof (float)) == 0)
    return;

  self->max_index = cel_canvas_scalar_thresholds (frame->vmin, frame->vmax, thresholds);
  glBindTexture (GL_TEXTURE_2D, self->threshold_texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_R32F, 256, 1, 0, GL_RED, GL_FLOAT, thresholds);

  self->thresholds_valid = TRUE;
  self->thresholds_vmin = frame->vmin;
  self->thresholds_vmax = frame->vmax;
}

static void
color_uniform (GLint location, const guint8 rgba[4])
{
  glUniform4f (location, rgba[0] / 255.0f, rgba[1] / 255.0f, rgba[2] / 255.0f, rgba[3] / 255.0f);
}

void
cel_canvas_gl_render (CelCanvasGl         *self,
                      const CelFrame      *frame,
                      const char          *colormap,
                      guint                grid_width,
                      guint                grid_height,
                      const CelCanvasView *view,
                      int                  fb_width,
                      int                  fb_height)
{
  CelFieldFormat format = CEL_FIELD_STATES;
  const Uniforms *u;
  guint8 background[4];
  gboolean have_field = frame != NULL && frame->width > 0 && frame->height > 0;
  gint64 frame_x = have_field ? frame->x : 0;
  gint64 frame_y = have_field ? frame->y : 0;
  float origin_x, origin_y, cell;

  g_return_if_fail (self != NULL);
  g_return_if_fail (view != NULL);

  glViewport (0, 0, fb_width, fb_height);
  glDisable (GL_BLEND);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_SCISSOR_TEST);

  if (have_field)
    {
      format = frame->format;
      upload_field (self, (CelFrame *) frame);
      update_lookup (self, frame, colormap);
      update_thresholds (self, frame);
    }

  u = &self->uniforms[format];
  glUseProgram (self->programs[format]);

  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, self->field_texture);
  glActiveTexture (GL_TEXTURE1);
  glBindTexture (GL_TEXTURE_2D, self->lut_texture);
  glActiveTexture (GL_TEXTURE2);
  glBindTexture (GL_TEXTURE_2D, self->threshold_texture);
  glActiveTexture (GL_TEXTURE0);
  glUniform1i (u->field, 0);
  glUniform1i (u->lut, 1);
  glUniform1i (u->thresholds, 2);
  glUniform1i (u->max_index, (GLint) self->max_index);

  /* Cells are counted from the frame's corner, which keeps the numbers the
   * shader works with small even on a huge grid seen closely. */
  cel_canvas_view_axis (view, (int) frame_x, FALSE, &origin_x, &cell);
  cel_canvas_view_axis (view, (int) frame_y, TRUE, &origin_y, &cell);
  glUniform2f (u->origin, origin_x, origin_y);
  glUniform1f (u->cell, cell);
  glUniform1f (u->bias, (float) CEL_CANVAS_CELL_BIAS);
  glUniform1f (u->fb_height, (float) fb_height);
  glUniform2i (u->grid_start, (GLint) -frame_x, (GLint) -frame_y);
  glUniform2i (u->grid_end, (GLint) (grid_width - frame_x), (GLint) (grid_height - frame_y));
  glUniform2i (u->frame_size, have_field ? (GLint) self->tex_width : 0,
               have_field ? (GLint) self->tex_height : 0);
  cel_canvas_background_color (background);
  color_uniform (u->background, background);
  color_uniform (u->outside, cel_canvas_outside_color);

  glBindVertexArray (self->vao);
  glDrawArrays (GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray (0);
  glUseProgram (0);
}
