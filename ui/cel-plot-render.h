/* cel-plot-render.h — drawing plot data with Cairo, without a toolkit.
 *
 * Line series are decimated per pixel column, so a path never has more than
 * a few vertices per column however many points the series holds, and the
 * drawn envelope equals the full data's: sparse lines keep the first,
 * lowest, highest and last point of each column in their original order
 * ("M4"); dense ones become one bar per column.
 *
 * Point sets and event rasters are rasterised into an ARGB32 image by
 * plain loops over the points (no Cairo paths), so that a million points
 * take milliseconds and the work can run on a worker thread: trails fade
 * from old (faint) to new (opaque), density maps shade each pixel by the
 * logarithm of its hit count, rasters draw each event as an opaque dash.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "cel-series.h"

G_BEGIN_DECLS

/* The points of a series as plots draw them: the stored points,
 * plus the latest appended point when decimation did not keep it. */
typedef struct {
  const CelPoint2 *stored;
  guint            n_stored;
  gboolean         has_latest;
  CelPoint2        latest;
} CelPlotPoints;

void  cel_plot_points_init (CelPlotPoints   *points,
                            const CelSeries *series);

static inline guint
cel_plot_points_len (const CelPlotPoints *points)
{
  return points->n_stored + (points->has_latest ? 1 : 0);
}

static inline CelPoint2
cel_plot_points_get (const CelPlotPoints *points, guint i)
{
  return i < points->n_stored ? points->stored[i] : points->latest;
}

/* A data window mapped onto a rectangle (in Cairo user units). */
typedef struct {
  double   x0, x1;    /* data x at the left and right edge; x0 < x1 */
  double   y0, y1;    /* data y at the bottom and top edge; y0 < y1 (> 0 when log_y) */
  gboolean log_y;
  double   left, top, width, height;
} CelPlotView;

double  cel_plot_view_px    (const CelPlotView *view, double x);
/* NAN when y cannot be shown (not finite, or not positive on a log axis). */
double  cel_plot_view_py    (const CelPlotView *view, double y);
/* Inverse of cel_plot_view_py. */
double  cel_plot_view_data_y (const CelPlotView *view, double py);

/* How to finish the path that cel_plot_render_line() built. */
typedef enum {
  CEL_PLOT_LINE_STROKE,   /* stroke with the line width, round caps and joins */
  CEL_PLOT_LINE_FILL,     /* fill (nonzero winding) */
} CelPlotLineStyle;

/* Appends `points` to cr's current path, broken at points that cannot be
 * shown. With at most two visible points per device-pixel column it is the
 * M4-decimated polyline (a lone point becomes a small circle that strokes
 * into a dot). Denser data becomes one bar per column, from
 * the column's lowest to its highest point including the join from the
 * previous column, at least line_width tall, with quads of line_width
 * bridging columns that are not adjacent: the same pixels a stroke would
 * cover, at a fraction of the cost of stroking thousands of overlapping
 * segments. `scale`: device pixels per unit. */
CelPlotLineStyle cel_plot_render_line (cairo_t             *cr,
                                       const CelPlotView   *view,
                                       const CelPlotPoints *points,
                                       double               scale,
                                       double               line_width);

typedef enum {
  CEL_PLOT_LAYER_TRAIL,
  CEL_PLOT_LAYER_DENSITY,
  CEL_PLOT_LAYER_RASTER,
} CelPlotLayerMode;

typedef struct {
  CelPlotView      view;      /* left/top are ignored: the image is the rectangle */
  double           scale;     /* device pixels per user unit */
  CelPlotLayerMode mode;
} CelPlotLayerSpec;

typedef struct {
  double red, green, blue;   /* 0…1 */
} CelPlotColour;

/* Renders the series (CelSeries*, read only) into a new image of
 * ceil(view.width × scale) × ceil(view.height × scale) pixels whose device
 * scale is `scale`, series i in colours[i]. Returns NULL when cancelled. */
cairo_surface_t *cel_plot_render_layer (const CelPlotLayerSpec *spec,
                                        GPtrArray              *series,
                                        const CelPlotColour    *colours,
                                        GCancellable           *cancellable);

G_END_DECLS
