/* cel-stroke.h — brush strokes from the canvas (or the CLI, or a file).
 *
 * A stroke is a tool plus a polyline of grid points. cel_stroke_rasterize()
 * turns it into the list of cells it touches, clipped to the grid; the model
 * then decides what painting a cell means (a live cell, a seed, a stimulus…).
 */
#pragma once

#include <glib.h>
#include "cel-rng.h"

G_BEGIN_DECLS

typedef enum {
  CEL_TOOL_PENCIL,  /* freehand: a disc of `radius` along the polyline, value `value` */
  CEL_TOOL_ERASER,  /* like pencil, value 0 */
  CEL_TOOL_LINE,    /* straight segment between the first and last point */
  CEL_TOOL_RECT,    /* filled rectangle spanned by first and last point */
  CEL_TOOL_SPRAY,   /* disc along the polyline, each cell painted with probability `density` */
  CEL_TOOL_FILL,    /* rectangle spanned by first and last point, each cell with probability `density` */
} CelTool;

typedef struct {
  gint32 x, y;
  float  value;
} CelCell;

typedef struct {
  gint32 x, y;
} CelGridPoint;

typedef struct {
  CelTool       tool;
  float         value;     /* state or amount to paint */
  guint         radius;    /* brush radius in cells; 0 = single cell */
  double        density;   /* SPRAY/FILL probability, 0..1 */
  guint         n_points;
  CelGridPoint *points;
} CelStroke;

CelStroke *cel_stroke_new        (CelTool tool, float value, guint radius, double density);
CelStroke *cel_stroke_copy       (const CelStroke *stroke);
void       cel_stroke_free       (CelStroke *stroke);
void       cel_stroke_add_point  (CelStroke *stroke, gint32 x, gint32 y);

/* Appends the touched cells (each at most once per stroke, inside
 * 0 ≤ x < width, 0 ≤ y < height) to `cells` (a GArray of CelCell).
 * Random tools draw from rng. */
void       cel_stroke_rasterize  (const CelStroke *stroke,
                                  guint            width,
                                  guint            height,
                                  CelRng          *rng,
                                  GArray          *cells);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CelStroke, cel_stroke_free)

G_END_DECLS
