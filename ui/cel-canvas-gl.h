/* cel-canvas-gl.h — the canvas's OpenGL renderer (libepoxy; GL 3.2 core or
 * GLES 3.0), without GTK.
 *
 * The field is a texture read with texelFetch (nearest by construction):
 * STATES as R8UI, SCALAR as R32F, RGBA as RGBA8UI. A 256×1 lookup texture
 * holds the state palette or the colormap; for SCALAR fields a 256×1 table
 * of index thresholds (see cel-canvas-colors.h) makes the shader pick the
 * same colormap entry as core. Only rows that changed since the last frame
 * are uploaded.
 *
 * Every function needs the renderer's GL context current.
 */
#pragma once

#include "cel-canvas-colors.h"

G_BEGIN_DECLS

typedef struct _CelCanvasGl CelCanvasGl;

/* Compiles the programs from the GLSL bodies (the #version line and, for
 * GLES, precision statements are prepended here). */
CelCanvasGl *cel_canvas_gl_new                  (const char  *vertex_source,
                                                 const char  *fragment_source,
                                                 gboolean     use_es,
                                                 GError     **error);
void         cel_canvas_gl_free                 (CelCanvasGl *gl);

/* The largest texture side the context allows. */
guint        cel_canvas_gl_get_max_texture_size (CelCanvasGl *gl);

/* Draws the view into the current framebuffer of fb_width × fb_height
 * device pixels; frame may be NULL (an empty grid). */
void         cel_canvas_gl_render               (CelCanvasGl         *gl,
                                                 const CelFrame      *frame,
                                                 const char          *colormap,
                                                 guint                grid_width,
                                                 guint                grid_height,
                                                 const CelCanvasView *view,
                                                 int                  fb_width,
                                                 int                  fb_height);

G_END_DECLS
