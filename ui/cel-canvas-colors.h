/* cel-canvas-colors.h — how the canvas colours cells, without GTK.
 *
 * Both canvas paths (the GL shader and the software fallback) and the PNG
 * export must show the same colour for the same cell. Everything here is
 * derived from core's cel_frame_to_rgba(), so the canvas cannot drift from
 * it: the state palette is read back from a coloured 256-cell frame, the
 * software path colours through cel_frame_to_rgba() itself, and the scalar
 * thresholds reproduce core's index computation exactly for every float.
 */
#pragma once

#include "cel-frame.h"

G_BEGIN_DECLS

/* Where the grid lies on the widget: cell (x, y) covers the widget
 * rectangle origin + (x, y) · zoom with sides zoom; scale is the number of
 * device pixels per widget pixel. */
typedef struct {
  double zoom;
  double origin_x, origin_y;
  int    scale;
} CelCanvasView;

/* Which cell a pixel shows is decided in device pixels relative to the
 * frame's corner, identically in the shader and in the software path:
 * cell = floor ((pixel centre - origin) / cell size + CEL_CANVAS_CELL_BIAS),
 * with origin and cell size rounded to float as the shader receives them.
 * The small bias (in cells, far above float error and an unlikely fraction)
 * moves ties away from the exact cell edges that round zooms produce, where
 * float and double arithmetic would disagree. */
#define CEL_CANVAS_CELL_BIAS (1.0 / 997.0)

/* The frame's corner and the cell size along one axis, in device pixels. */
void     cel_canvas_view_axis        (const CelCanvasView *view,
                                      int                  frame_start,
                                      gboolean             vertical,
                                      float               *origin,
                                      float               *cell);

/* The colour the canvas paints outside the grid (RGBA). */
extern const guint8 cel_canvas_outside_color[4];

/* 256 RGBA entries: the colour of each state of a STATES frame with
 * n_states states, exactly as cel_frame_to_rgba() gives it. */
void     cel_canvas_state_palette    (guint         n_states,
                                      guint8        palette[256 * 4]);

/* The background behind RGBA fields and under NaN scalars (RGBA). */
void     cel_canvas_background_color (guint8        rgba[4]);

/* The colormap index core uses for a finite or infinite v over
 * [vmin, vmax] (NaN is the background, not an index). */
guint    cel_canvas_scalar_index     (float         v,
                                      float         vmin,
                                      float         vmax);

/* thresholds[k] = the smallest float v with
 * cel_canvas_scalar_index (v, vmin, vmax) >= k, for 1 <= k <= the returned
 * largest index; thresholds[0] = -infinity, later entries +infinity. A
 * search over these reproduces the index bit for bit on the GPU. */
guint    cel_canvas_scalar_thresholds (float        vmin,
                                       float        vmax,
                                       float        thresholds[256]);

/* Colours the view of a frame into width × height device pixels (RGBA,
 * stride width · 4, nearest neighbour): pixel (i, j) shows the cell under
 * its centre; where STATES cells are smaller than pixels, the liveliest of
 * up to 4 × 4 cells it covers (as the shader does). Cells of the grid (grid_width × grid_height) that the frame
 * does not cover get the background, pixels off the grid the outside
 * colour. */
guint8  *cel_canvas_render_view      (const CelFrame      *frame,
                                      const char          *colormap,
                                      guint                grid_width,
                                      guint                grid_height,
                                      const CelCanvasView *view,
                                      guint                width,
                                      guint                height);

/* The cell (x, y) of the grid under the widget point (wx, wy). */
void     cel_canvas_view_to_cell     (const CelCanvasView *view,
                                      double               wx,
                                      double               wy,
                                      gint64              *x,
                                      gint64              *y);

/* "(x, y) value" for the status line, or "(x, y)" when the frame does not
 * cover the cell; translated. */
char    *cel_canvas_describe_cell    (const CelFrame      *frame,
                                      int                  x,
                                      int                  y);

G_END_DECLS
